/**
 * The demo's case history: six months (by default) of cases filed day by day at a
 * realistic rate and hour, each through the shared `acceptCase` (so SLA dates, case type
 * and unit come from the catalogue), with the occasional rejection (unknown serial,
 * terminal not in operation, TID/MID still open) and the life of each accepted case
 * (case-life.ts). Terminals stay blocked while their case is live, as rule 2 demands.
 */
import type { Case, CaseEvent, CaseSubmission, Category, Channel, Merchant, Role } from '@edc/shared';
import {
  acceptCase,
  DEFAULT_BUSINESS_CALENDARS,
  DEFAULT_SLA_CATALOGUE,
  findSlaRule,
  holidayDateSet,
  INDONESIAN_HOLIDAYS_2025_2027,
  isBlockingStatus,
  jakartaDateOf,
  jakartaInstant,
  type TransitionActor,
} from '@edc/shared/domain';
import { liveCaseLife, planCaseLife } from './case-life.ts';
import { numberCases } from './case-numbers.ts';
import {
  AGENTS,
  CATEGORY_WEIGHTS,
  DESCRIPTIONS,
  FIELD_CATEGORIES,
  MODELS,
  MS_DAY,
  MS_HOUR,
  MS_MIN,
  REGIONS,
  type RegionCode,
  regionOf,
  TECHNICIANS,
} from './catalogue.ts';
import type { DeviceState } from './master-data.ts';
import type { Rng } from './rng.ts';

export type CaseHistoryInput = {
  /** The simulation's present (ms); nothing at or after it has happened. */
  now: number;
  months: number;
  /** Drives the daily case rate (about 7% of terminals a month). */
  deviceCount: number;
  merchants: readonly Merchant[];
  states: readonly DeviceState[];
  /** `merchant1`'s MID: its history must leave it without a blocking case. */
  demoMid: string | undefined;
  /**
   * When set, field cases are dispatched to their region's technicians (DESIGN section 9),
   * drawn from this separate stream so the rest of the demo stays the same rows.
   */
  dispatch?: Rng | undefined;
};

/** Share of field cases the desk dispatches to a technician instead of handling remotely. */
const DISPATCHED_SHARE = 0.7;

/**
 * The technician a field case in `region` goes to. The demo's sign-in technician of each
 * region (first in the list) carries a larger share, so the demo shows a real work loop.
 */
function dispatchTechnician(dispatch: Rng, region: RegionCode): string {
  const [first, ...others] = TECHNICIANS[region];
  if (first === undefined) throw new RangeError(`no technician in ${region}`);
  return others.length === 0 || dispatch.chance(0.7) ? first : dispatch.pick(others);
}

export type CaseHistory = {
  cases: Case[];
  events: CaseEvent[];
  /** Last case-number sequence used per Jakarta day. */
  caseNumberCounters: { day: string; last: number }[];
};

export function generateCaseHistory(rng: Rng, input: CaseHistoryInput): CaseHistory {
  const { now, months, deviceCount, merchants, states, demoMid } = input;
  const holidays = holidayDateSet(INDONESIAN_HOLIDAYS_2025_2027);
  const operational = states.filter((s) => s.device.status === 'on_operation');
  const notOperational = states.filter((s) => s.device.status !== 'on_operation');
  const cases: Case[] = [];
  const events: CaseEvent[] = [];
  /** Rejected `tid_mid_open` cases point at their blocker; numbers are given at the end. */
  const blockers = new Map<Case, Case>();

  const startDay = jakartaDateOf(new Date(now - months * 30.44 * MS_DAY));
  const today = jakartaDateOf(new Date(now));
  // About 7% of terminals raise a case per month; a slow upward trend over the window.
  const perMonth = deviceCount * 0.07;
  let day = startDay;
  let dayIndex = 0;
  const totalDays =
    Math.round((jakartaInstant(today).getTime() - jakartaInstant(startDay).getTime()) / MS_DAY) + 1;
  while (day <= today) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const dayFactor = weekday === 0 ? 0.45 : weekday === 6 ? 0.7 : holidays.has(day) ? 0.5 : 1.12;
    const trend = 0.85 + 0.3 * (dayIndex / Math.max(1, totalDays));
    const n = rng.poisson((perMonth / 30.44) * dayFactor * trend);
    const times: number[] = [];
    for (let k = 0; k < n; k++) {
      // Reports cluster in shop hours, 07:00–21:00 Jakarta time.
      const hour = rng.weighted([
        [7, 3],
        [8, 6],
        [9, 9],
        [10, 10],
        [11, 10],
        [12, 7],
        [13, 8],
        [14, 9],
        [15, 8],
        [16, 7],
        [17, 6],
        [18, 5],
        [19, 4],
        [20, 3],
      ] as const);
      times.push(jakartaInstant(day, hour * MS_HOUR + rng.int(60) * MS_MIN + rng.int(60) * 1000).getTime());
    }
    times.sort((a, b) => a - b);
    for (const t of times) {
      if (t >= now) continue;
      generateCase(t);
    }
    day = nextDay(day);
    dayIndex++;
  }

  function nextDay(d: string): string {
    return new Date(new Date(`${d}T00:00:00Z`).getTime() + MS_DAY).toISOString().slice(0, 10);
  }

  function pushEvent(
    c: Case,
    type: CaseEvent['type'],
    at: number,
    actor: string,
    extra: Partial<CaseEvent> = {},
  ) {
    events.push({
      id: rng.uuidV7(at),
      caseId: c.id,
      type,
      at: new Date(at).toISOString(),
      actor,
      _deleted: false,
      ...extra,
    });
  }

  function generateCase(reported: number): void {
    const category = rng.weighted(CATEGORY_WEIGHTS);
    const subcases = DEFAULT_SLA_CATALOGUE.filter((r) => r.category === category);
    // Earlier catalogue entries are the common ones (dead terminal, paper out).
    const rule = rng.weighted(subcases.map((r, i) => [r, subcases.length - i] as const));
    const field = FIELD_CATEGORIES.has(category);

    // Who files it, through which channel, and about which terminal.
    const channel: Channel = field
      ? rng.weighted([
          ['technician_app', 70],
          ['merchant_app', 18],
          ['phone', 8],
          ['whatsapp', 4],
        ] as const)
      : rng.weighted([
          ['merchant_app', 45],
          ['phone', 25],
          ['whatsapp', 15],
          ['email', 10],
          ['walk_in', 5],
        ] as const);
    const withDevice = field || rng.chance(0.5);

    // A few rejections, as in real life: unknown serials and terminals not in operation.
    if (channel === 'technician_app' && rng.chance(0.025)) {
      rejectedCase(reported, category, rule.subcase, 'device_not_found', null);
      return;
    }
    if (channel === 'technician_app' && rng.chance(0.02) && notOperational.length > 0) {
      rejectedCase(reported, category, rule.subcase, 'device_not_operational', rng.pick(notOperational));
      return;
    }

    let state: DeviceState | null = null;
    let merchant: Merchant;
    if (withDevice) {
      // Look for a terminal without a blocking case; a technician who picks a blocked one
      // gets `tid_mid_open` (Table 2 rows 20/22), which the history shows now and then.
      for (let attempt = 0; attempt < 8 && state === null; attempt++) {
        const s = rng.pick(operational);
        if (s.blockedUntil <= reported) state = s;
        else if (channel === 'technician_app' && s.blockingCase && rng.chance(0.35)) {
          rejectedCase(reported, category, rule.subcase, 'tid_mid_open', s);
          return;
        }
      }
      if (state === null) return;
      merchant = state.merchant;
    } else {
      merchant = rng.pick(merchants);
    }
    const region = regionOf(merchant);

    const createdBy =
      channel === 'technician_app'
        ? rng.pick(TECHNICIANS[region])
        : channel === 'merchant_app'
          ? merchantUsername(merchant.mid)
          : rng.pick(AGENTS).username;
    const role: Role =
      channel === 'technician_app' ? 'technician' : channel === 'merchant_app' ? 'merchant' : 'agent';

    // Technicians are often offline: the case reaches the server minutes to hours later.
    const delay =
      channel === 'technician_app' && rng.chance(0.3)
        ? rng.between(10 * MS_MIN, 6 * MS_HOUR)
        : rng.between(5_000, 4 * MS_MIN);
    const accepted = reported + delay;
    if (accepted >= now) return; // still in a phone's outbox

    const id = rng.uuidV7(reported);
    const city = REGIONS[region].cities.find(([name]) => name === merchant.city) ?? REGIONS[region].cities[0];
    const submission: CaseSubmission = {
      id,
      clientRev: rng.uuidV7(reported),
      status: 'submitted',
      category,
      subcase: rule.subcase,
      description: rng.pick(DESCRIPTIONS[rule.subcase] ?? [rule.label]),
      channel,
      mid: merchant.mid,
      attachmentIds: [],
      reportedAt: new Date(reported).toISOString(),
    };
    if (state) submission.serialNumber = state.device.serialNumber;
    if (channel === 'technician_app') {
      submission.location = {
        lat: Number(((city?.[1] ?? -6.2) + rng.between(-0.04, 0.04)).toFixed(5)),
        lng: Number(((city?.[2] ?? 106.8) + rng.between(-0.04, 0.04)).toFixed(5)),
        accuracyM: Math.round(rng.between(4, 60)),
      };
    }

    const result = acceptCase({
      submission,
      device: state?.device ?? null,
      rule: findSlaRule(DEFAULT_SLA_CATALOGUE, category, rule.subcase),
      now: new Date(accepted),
      holidays,
      // The calendars a fresh database starts with (migration 063).
      calendars: DEFAULT_BUSINESS_CALENDARS,
      seq: 1, // renumbered in acceptance order at the end
      createdBy,
      role,
      userMid: merchant.mid,
      regions: [region],
    });
    if (result.kind !== 'accepted') return;
    const { status: _submitted, ...fromSubmission } = submission;
    let c: Case = {
      ...fromSubmission,
      ...result.fields,
      status: 'open',
      serverRev: 1,
      createdBy,
      escalationLevel: 0,
      updatedAt: result.fields.acceptedAt,
      _deleted: false,
    };
    const mark = events.length;
    pushEvent(c, 'submitted', reported, createdBy);
    pushEvent(c, 'accepted', accepted, 'system');

    const merchantActor: TransitionActor = {
      role: 'merchant',
      username: merchantUsername(merchant.mid),
      mid: merchant.mid,
    };
    const technician =
      input.dispatch && FIELD_CATEGORIES.has(c.category) && input.dispatch.chance(DISPATCHED_SHARE)
        ? dispatchTechnician(input.dispatch, region)
        : undefined;
    const steps = planCaseLife(rng, c, { accepted, now, merchantActor, technician });
    c = liveCaseLife(rng, c, steps, { accepted, now }, pushEvent);

    // merchant1 must end with no blocking case: drop a history line that would leave one.
    if (c.mid === demoMid && isBlockingStatus(c.status)) {
      events.length = mark;
      return;
    }
    cases.push(c);
    if (state) {
      const endStep = steps.find((s) => s.action === 'close' || s.action === 'cancel');
      const ends =
        endStep && endStep.at < now && !isBlockingStatus(c.status) ? endStep.at : Number.POSITIVE_INFINITY;
      state.blockedUntil = ends;
      state.blockingCase = c;
    }
  }

  function rejectedCase(
    reported: number,
    category: Category,
    subcase: string,
    reason: 'device_not_found' | 'device_not_operational' | 'tid_mid_open',
    state: DeviceState | null,
  ): void {
    const region: RegionCode = state ? regionOf(state.device) : rng.chance(0.65) ? 'JKT' : 'BDG';
    const createdBy = rng.pick(TECHNICIANS[region]);
    const at = Math.floor(reported + rng.between(5_000, 3 * MS_MIN));
    if (at >= now) return;
    const c: Case = {
      id: rng.uuidV7(reported),
      clientRev: rng.uuidV7(reported),
      serverRev: 1,
      status: 'rejected',
      rejectReason: reason,
      category,
      subcase,
      description: rng.pick(DESCRIPTIONS[subcase] ?? ['EDC bermasalah.']),
      channel: 'technician_app',
      serialNumber: state ? state.device.serialNumber : `${rng.pick(MODELS).prefix}${rng.digits(8)}`,
      mid: state ? state.device.mid : '',
      attachmentIds: [],
      reportedAt: new Date(reported).toISOString(),
      createdBy,
      escalationLevel: 0,
      updatedAt: new Date(at).toISOString(),
      _deleted: false,
    };
    if (state) c.tid = state.device.tid;
    if (reason === 'tid_mid_open' && state?.blockingCase) blockers.set(c, state.blockingCase);
    cases.push(c);
    pushEvent(c, 'submitted', reported, createdBy);
    pushEvent(c, 'rejected', at, 'system', { data: { reason } });
  }

  function merchantUsername(mid: string): string {
    return mid === demoMid ? 'merchant1' : `merchant.${mid}`;
  }

  const caseNumberCounters = numberCases(cases, events, blockers);
  return { cases, events, caseNumberCounters };
}
