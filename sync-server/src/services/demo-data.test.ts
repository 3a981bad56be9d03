import {
  caseEventSchema,
  caseSchema,
  deviceSchema,
  deviceStatuses,
  merchantSchema,
  publicUserSchema,
} from '@edc/shared';
import {
  computeSlaDates,
  DEFAULT_BUSINESS_CALENDARS,
  DEFAULT_SLA_CATALOGUE,
  findSlaRule,
  holidayDateSet,
  INDONESIAN_HOLIDAYS_2025_2027,
  isBlockingStatus,
  jakartaDateOf,
} from '@edc/shared/domain';
import { describe, expect, it } from 'vitest';
import { generateDemoData } from './demo-data.ts';

const NOW = new Date('2026-11-25T05:00:00.000Z');
const full = generateDemoData({ now: NOW });
const small = { now: NOW, seed: 7, merchants: 200, devices: 500, months: 3 };

const countBy = <T>(items: readonly T[], key: (t: T) => string): Map<string, number> => {
  const m = new Map<string, number>();
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1);
  return m;
};

describe('generateDemoData', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateDemoData(small)).toEqual(generateDemoData(small));
    expect(generateDemoData({ ...small, seed: 8 }).cases).not.toEqual(generateDemoData(small).cases);
  });

  it.each([
    [undefined, undefined, 2000, 5000],
    [200, 500, 200, 500],
    [50, 20, 50, 50], // at least one terminal per merchant
  ])('makes %s merchants / %s devices → %i / %i', (merchants, devices, m, d) => {
    const data =
      merchants === undefined ? full : generateDemoData({ now: NOW, seed: 3, merchants, devices, months: 1 });
    expect(data.merchants).toHaveLength(m);
    expect(data.devices).toHaveLength(d);
  });

  it('every document passes the shared schema, with unique keys', () => {
    for (const m of full.merchants) merchantSchema.parse(m);
    for (const d of full.devices) deviceSchema.parse(d);
    for (const c of full.cases) caseSchema.parse(c);
    for (const e of full.events) caseEventSchema.parse(e);
    const unique = (xs: readonly (string | undefined)[]) => new Set(xs).size === xs.length;
    expect(unique(full.merchants.map((m) => m.mid))).toBe(true);
    expect(unique(full.devices.map((d) => d.serialNumber))).toBe(true);
    expect(unique(full.devices.map((d) => d.tid))).toBe(true);
    expect(unique(full.devices.flatMap((d) => (d.samSerial ? [d.samSerial] : [])))).toBe(true);
    expect(unique(full.devices.flatMap((d) => (d.simSerial ? [d.simSerial] : [])))).toBe(true);
    expect(unique(full.cases.map((c) => c.id))).toBe(true);
    expect(unique(full.cases.flatMap((c) => (c.caseNumber ? [c.caseNumber] : [])))).toBe(true);
    expect(unique(full.events.map((e) => e.id))).toBe(true);
  });

  it('gives every shop coordinates near its city, so the desk can show the visit distance', () => {
    // Jakarta and Bandung lie within 5.9–7.2° S, 106.4–108.0° E.
    for (const m of full.merchants) {
      expect(m.lat).toBeGreaterThan(-7.2);
      expect(m.lat).toBeLessThan(-5.9);
      expect(m.lng).toBeGreaterThan(106.4);
      expect(m.lng).toBeLessThan(108);
    }
    expect(new Set(full.merchants.map((m) => `${m.lat},${m.lng}`)).size).toBe(full.merchants.length);
  });

  it('makes realistic identifiers', () => {
    const regionOf = new Map(full.merchants.map((m) => [m.mid, m.region]));
    for (const d of full.devices) {
      expect(d.tid).toMatch(/^(JK|BD)\d{6}$/);
      expect(d.serialNumber).toMatch(/^(V2T|VX5|M25|D35|A92|S90)\d{8}$/);
      if (d.simSerial) expect(d.simSerial).toMatch(/^8962\d{15,16}$/);
      expect(regionOf.get(d.mid)).toBe(d.region);
    }
    for (const c of full.cases)
      expect(c.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(full.merchants.map((m) => m.region))).toEqual(new Set(['JKT', 'BDG']));
  });

  it('has devices in every status, mostly in operation', () => {
    const byStatus = countBy(full.devices, (d) => d.status);
    for (const s of deviceStatuses) expect(byStatus.get(s) ?? 0).toBeGreaterThan(0);
    expect(byStatus.get('on_operation') ?? 0).toBeGreaterThan(full.devices.length * 0.75);
  });

  it.each([
    ['full', full],
    ['small', generateDemoData(small)],
    ['other seed', generateDemoData({ ...small, seed: 99, months: 6 })],
  ])('%s: at most one blocking case per TID/MID (case rule 2)', (_what, data) => {
    const blocking = data.cases.filter((c) => c.tid !== undefined && isBlockingStatus(c.status));
    const perKey = countBy(blocking, (c) => `${c.tid}/${c.mid}`);
    expect(Math.max(0, ...perKey.values())).toBeLessThanOrEqual(1);
    expect(blocking.length).toBeGreaterThan(0);
  });

  it('has the demo users of DESIGN section 4; merchant1 can file a case right away', () => {
    const byName = new Map(full.users.map((u) => [u.username, u]));
    expect([...byName.keys()].sort()).toEqual(
      [
        'admin1',
        'agent1',
        'merchant1',
        'supervisor1',
        'tech1',
        'tech2',
        'tech3',
        // Issue 15: a second team's agent and the escalation ladder of seed 003 section 6.
        'agent2',
        'supervisor2',
        'manager1',
        'director1',
      ].sort(),
    );
    expect(byName.get('manager1')).toMatchObject({
      role: 'supervisor',
      ladderTitle: 'customer_service_manager',
    });
    expect(byName.get('director1')).toMatchObject({ role: 'supervisor', ladderTitle: 'director' });
    for (const u of full.users) publicUserSchema.parse({ id: u.username, ...u });
    expect(byName.get('tech1')?.regions).toEqual(['JKT']);
    expect(byName.get('tech2')?.regions).toEqual(['JKT']);
    expect(byName.get('tech3')?.regions).toEqual(['BDG']);
    const mid = byName.get('merchant1')?.mid;
    expect(mid).toBeDefined();
    expect(full.devices.filter((d) => d.mid === mid && d.status === 'on_operation').length).toBeGreaterThan(
      0,
    );
    expect(full.cases.filter((c) => c.mid === mid && isBlockingStatus(c.status))).toEqual([]);
  });

  it('spreads six months of cases with the field categories on top', () => {
    const months = countBy(
      full.cases.filter((c) => c.acceptedAt),
      (c) => jakartaDateOf(new Date(c.acceptedAt ?? '')).slice(0, 7),
    );
    // Whole months of the window (the first and current month are partial).
    for (const m of ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10']) {
      expect(months.get(m) ?? 0).toBeGreaterThan(150);
      expect(months.get(m) ?? 0).toBeLessThan(700);
    }
    const cats = [...countBy(full.cases, (c) => c.category)].sort((a, b) => b[1] - a[1]).map(([c]) => c);
    expect(new Set(cats.slice(0, 3))).toEqual(
      new Set(['replace_device', 'paper_supply', 'replace_network_card']),
    );
    expect(cats).toHaveLength(7);
  });

  it('has mostly closed history, some active cases, ratings and SLA breaches', () => {
    const byStatus = countBy(full.cases, (c) => c.status);
    expect(byStatus.get('closed') ?? 0).toBeGreaterThan(full.cases.length * 0.7);
    for (const s of ['open', 'in_progress', 'resolved', 'rejected', 'cancelled']) {
      expect(byStatus.get(s) ?? 0, s).toBeGreaterThan(0);
    }
    const oldCutoff = new Date(NOW.getTime() - 30 * 86_400_000).toISOString();
    const old = full.cases.filter((c) => c.reportedAt < oldCutoff);
    expect(old.filter((c) => !isBlockingStatus(c.status)).length / old.length).toBeGreaterThan(0.97);
    const rated = full.cases.filter((c) => c.satisfaction !== undefined);
    expect(rated.length).toBeGreaterThan(50);
    const resolved = full.cases.filter((c) => c.resolvedAt && c.dueAt);
    const late = resolved.filter((c) => (c.resolvedAt ?? '') > (c.dueAt ?? ''));
    expect(late.length / resolved.length).toBeGreaterThan(0.05);
    expect(late.length / resolved.length).toBeLessThan(0.4);
    expect(countBy(full.cases, (c) => c.rejectReason ?? '-').get('tid_mid_open') ?? 0).toBeGreaterThan(0);
  });

  it('stamps SLA dates with the domain rules and nothing after now', () => {
    const holidays = holidayDateSet(INDONESIAN_HOLIDAYS_2025_2027);
    const nowIso = NOW.toISOString();
    for (const c of full.cases) {
      expect(c.reportedAt <= nowIso && c.updatedAt <= nowIso).toBe(true);
      if (!c.acceptedAt) continue;
      const rule = findSlaRule(DEFAULT_SLA_CATALOGUE, c.category, c.subcase);
      const sla = computeSlaDates({
        acceptedAt: new Date(c.acceptedAt),
        rule,
        holidays,
        priority: rule.priority,
        calendars: DEFAULT_BUSINESS_CALENDARS,
      });
      expect([c.responseDueAt, c.dueAt, c.caseType, c.responsibleUnit, c.priority]).toEqual([
        sla.responseDueAt.toISOString(),
        sla.dueAt.toISOString(),
        rule.caseType,
        rule.responsibleUnit,
        rule.priority,
      ]);
      expect(c.caseNumber?.slice(5, 13)).toBe(jakartaDateOf(new Date(c.acceptedAt)).replaceAll('-', ''));
    }
    for (const e of full.events) expect(e.at <= nowIso).toBe(true);
  });

  it('numbers cases per Jakarta day in acceptance order and reports the counters', () => {
    const perDay = countBy(
      full.cases.filter((c) => c.caseNumber),
      (c) => c.caseNumber?.slice(5, 13) ?? '',
    );
    for (const { day, last } of full.caseNumberCounters) {
      expect(perDay.get(day.replaceAll('-', ''))).toBe(last);
    }
    expect(full.caseNumberCounters.reduce((s, c) => s + c.last, 0)).toBe(
      full.cases.filter((c) => c.caseNumber).length,
    );
  });

  it('dispatches field cases to technicians of their region, so tech1 has work in the demo', () => {
    const technicians = new Map(
      full.users.filter((u) => u.role === 'technician').map((u) => [u.username, u.regions ?? []]),
    );
    const dispatched = full.cases.filter((c) => c.assignee !== undefined && technicians.has(c.assignee));
    expect(dispatched.length).toBeGreaterThan(50);
    const field = new Set(['replace_device', 'replace_sam_card', 'replace_network_card', 'paper_supply']);
    const regionOfMid = new Map(full.merchants.map((m) => [m.mid, m.region]));
    for (const c of dispatched) {
      expect(field.has(c.category), c.category).toBe(true);
      expect(technicians.get(c.assignee ?? '')).toContain(regionOfMid.get(c.mid ?? ''));
    }
    // The sign-in technician opens the demo to a Tugas list with work in it.
    const tech1Open = dispatched.filter(
      (c) => c.assignee === 'tech1' && (c.status === 'open' || c.status === 'in_progress'),
    );
    expect(tech1Open.length).toBeGreaterThanOrEqual(3);
    // Work on a dispatched case is the technician's: they start it, as on their phone.
    const ids = new Set(dispatched.map((c) => c.id));
    const starts = full.events.filter((e) => e.type === 'started' && ids.has(e.caseId));
    expect(starts.length).toBeGreaterThan(0);
    for (const e of starts) expect(technicians.has(e.actor), e.actor).toBe(true);
  });

  it('dispatching changes who works the field cases, not the master data or the case volume', () => {
    const withDispatch = generateDemoData(small);
    const without = generateDemoData({ ...small, dispatch: false });
    expect(withDispatch.merchants).toEqual(without.merchants);
    expect(withDispatch.devices).toEqual(without.devices);
    expect(withDispatch.users).toEqual(without.users);
    expect(Math.abs(withDispatch.cases.length - without.cases.length)).toBeLessThan(
      without.cases.length * 0.02,
    );
    const byTechnician = (d: typeof full) =>
      d.cases.filter((c) => c.assignee !== undefined && /^tech|^teknisi/.test(c.assignee)).length;
    expect(byTechnician(without)).toBe(0);
    expect(byTechnician(withDispatch)).toBeGreaterThan(0);
  });

  it('gives every case a timeline matching its status', () => {
    const eventsByCase = new Map<string, typeof full.events>();
    for (const e of full.events) eventsByCase.set(e.caseId, [...(eventsByCase.get(e.caseId) ?? []), e]);
    const lastStatusEvent: Record<string, string> = {
      open: 'accepted|reopened|assigned|escalated',
      in_progress: 'started|assigned|escalated',
      resolved: 'resolved',
      closed: 'closed|confirmed',
      cancelled: 'cancelled',
      rejected: 'rejected',
    };
    for (const c of full.cases) {
      const evs = (eventsByCase.get(c.id) ?? []).filter((e) => e.type !== 'comment');
      expect(evs[0]?.type).toBe('submitted');
      const last = evs.at(-1)?.type ?? '';
      expect(lastStatusEvent[c.status]?.split('|')).toContain(last);
      if (c.acceptedAt)
        expect(evs[1]).toMatchObject({ type: 'accepted', data: { caseNumber: c.caseNumber } });
      if (c.rejectReason === 'tid_mid_open') expect(c.blockingCaseNumber).toMatch(/^CASE-\d{8}-\d{5,}$/);
    }
  });
});
