/**
 * SLA date arithmetic in the business time zone (Asia/Jakarta). Pure: no clock, no I/O —
 * the caller passes the instant and the holiday calendar.
 *
 * Semantics (the same on the server, which stores the dates, and on the device, which
 * previews them offline):
 * - Response target: `responseDueAt = acceptedAt + responseMinutes`, plain wall-clock
 *   minutes (seed 003 measures first response in hours, not business hours).
 * - Hour targets (`rule.hours`, critical cases): `dueAt = acceptedAt + hours`, wall-clock;
 *   crossing midnight, weekends and holidays does not pause the clock.
 * - Business-day targets (`rule.businessDays`): a business day is Monday–Friday and not in
 *   the holiday set. Days are whole 24-hour Jakarta days; there are no office hours.
 *   - Accepted on a business day at Jakarta time T: due at time T on the business day that
 *     is N business days later (Mon 10:00 + 1 → Tue 10:00; Fri 10:00 + 1 → Mon 10:00).
 *   - Accepted on a weekend or holiday: the clock starts at 00:00 of the next business
 *     day S and the case is due at the END of the N-th business day counting S as day 1,
 *     i.e. 23:59:59.999 Jakarta time (Sat → S = Mon; + 1 → Mon 23:59:59.999). This is the
 *     limit of the first rule for an acceptance at S 00:00 when the next day is a business
 *     day, but it never pushes the deadline past a following weekend/holiday, which is
 *     what a merchant reading "due Monday" expects.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** Asia/Jakarta is UTC+07:00 all year (no DST since 1964); kept in one place on purpose. */
const JAKARTA_OFFSET_MINUTES = 7 * 60;
const END_OF_DAY_MS = MS_PER_DAY - 1;

/**
 * Calendar date (`YYYY-MM-DD`) of an instant in Asia/Jakarta: the UTC date of the instant
 * shifted by the fixed offset. Intl's `formatToParts` gives the same answer (the tests
 * compare the two) at about a hundred times the cost, and the server computes this for
 * every case it accepts.
 */
export function jakartaDateOf(instant: Date): string {
  return new Date(instant.getTime() + JAKARTA_OFFSET_MINUTES * MS_PER_MINUTE).toISOString().slice(0, 10);
}

/** Milliseconds elapsed since 00:00 Jakarta time on the instant's Jakarta date. */
export function jakartaTimeOfDayMs(instant: Date): number {
  const shifted = instant.getTime() + JAKARTA_OFFSET_MINUTES * MS_PER_MINUTE;
  return ((shifted % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
}

/** The instant at `timeOfDayMs` after 00:00 Jakarta time on `date` (`YYYY-MM-DD`). */
export function jakartaInstant(date: string, timeOfDayMs = 0): Date {
  return new Date(utcMidnight(date) - JAKARTA_OFFSET_MINUTES * MS_PER_MINUTE + timeOfDayMs);
}

/** Epoch ms of `YYYY-MM-DD` 00:00 UTC; throws on a malformed or impossible date. */
function utcMidnight(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  // Date.UTC silently rolls 2026-02-30 over to March; a calendar date must round-trip.
  const back = new Date(ms);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1) throw new RangeError(`no such date: ${date}`);
  return ms;
}

/** `date` plus `days` calendar days (negative allowed), as `YYYY-MM-DD`. */
export function addCalendarDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(utcMidnight(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** True when `date` is Monday–Friday and not in the holiday set. */
export function isBusinessDay(date: string, holidays: ReadonlySet<string>): boolean {
  return isoWeekday(date) <= 5 && !holidays.has(date);
}

/** The first business day on or after `date`. */
export function nextBusinessDayOnOrAfter(date: string, holidays: ReadonlySet<string>): string {
  let d = date;
  // A holiday table can't hold more than a few consecutive days off, but guard anyway so a
  // corrupt calendar (every date a holiday) fails loudly instead of looping forever.
  for (let i = 0; i < 3660; i++) {
    if (isBusinessDay(d, holidays)) return d;
    d = addCalendarDays(d, 1);
  }
  throw new RangeError(`no business day within ten years of ${date}`);
}

/**
 * The date `n` business days after `date` (before it when `n` is negative). Only the
 * landing days are counted, so the start itself need not be a business day:
 * Sat + 1 → Mon, Fri + 1 → Mon, and `n = 0` returns `date` unchanged.
 */
export function addBusinessDays(date: string, n: number, holidays: ReadonlySet<string>): string {
  if (!Number.isInteger(n)) throw new RangeError(`business days must be an integer: ${n}`);
  const step = n < 0 ? -1 : 1;
  let d = date;
  let remaining = Math.abs(n);
  let guard = 0;
  while (remaining > 0) {
    d = addCalendarDays(d, step);
    if (isBusinessDay(d, holidays)) remaining--;
    if (++guard > 3660 + Math.abs(n) * 7) throw new RangeError(`no business days around ${date}`);
  }
  return d;
}

/** Resolution target of an SLA rule; exactly one of `businessDays`/`hours` is expected. */
export type SlaTarget = {
  responseMinutes: number;
  businessDays?: number | undefined;
  hours?: number | undefined;
};

/**
 * Business hours of one priority class (issue 15, "SLA calendars"):
 * - `24x7`: the clocks never pause (the semantics of the module comment: wall-clock
 *   minutes and hours, whole Jakarta business days). This is the behaviour before
 *   calendars existed, kept as a setting.
 * - `business_hours`: the clocks run only from `startMinute` to `endMinute` (minutes after
 *   00:00 Jakarta time) on business days (Monday–Friday, not a holiday). A business-day
 *   target of N days is N × (endMinute − startMinute) working minutes, so "1 hari kerja"
 *   accepted Monday 10:00 is due Tuesday 10:00, and accepted Monday 18:00 it is due
 *   Tuesday 17:00 (the clock starts Tuesday 08:00).
 */
export type BusinessHours =
  | { mode: '24x7' }
  | { mode: 'business_hours'; startMinute: number; endMinute: number };

/** Calendar per priority; a priority without one runs 24×7. */
export type BusinessCalendars = Partial<Record<'minor' | 'major' | 'critical', BusinessHours>>;

/** Default of issue 15: critical 24×7; major and minor on working days 08:00–17:00 WIB. */
export const DEFAULT_BUSINESS_CALENDARS = {
  critical: { mode: '24x7' },
  major: { mode: 'business_hours', startMinute: 8 * 60, endMinute: 17 * 60 },
  minor: { mode: 'business_hours', startMinute: 8 * 60, endMinute: 17 * 60 },
} as const satisfies BusinessCalendars;

/** Today's behaviour before calendars: every priority 24×7. */
export const ROUND_THE_CLOCK_CALENDARS = {
  critical: { mode: '24x7' },
  major: { mode: '24x7' },
  minor: { mode: '24x7' },
} as const satisfies BusinessCalendars;

/** A calendar as stored and replicated (flat: `sla_calendars` rows, `SlaRule.businessHours`). */
export type BusinessHoursSetting = {
  mode: '24x7' | 'business_hours';
  startMinute?: number | undefined;
  endMinute?: number | undefined;
};

/** A stored setting as a calendar; a missing or unusable one runs 24×7 (never blocks acceptance). */
export function businessHoursOf(setting: BusinessHoursSetting | undefined): BusinessHours {
  if (setting?.mode !== 'business_hours') return { mode: '24x7' };
  const { startMinute, endMinute } = setting;
  if (startMinute === undefined || endMinute === undefined) return { mode: '24x7' };
  const hours: BusinessHours = { mode: 'business_hours', startMinute, endMinute };
  return isValidBusinessHours(hours) ? hours : { mode: '24x7' };
}

/** Calendars per priority from stored settings (server: the `sla_calendars` table). */
export function calendarsOf(
  settings: Partial<Record<'minor' | 'major' | 'critical', BusinessHoursSetting>>,
): BusinessCalendars {
  const out: BusinessCalendars = {};
  for (const p of ['minor', 'major', 'critical'] as const) {
    const s = settings[p];
    if (s) out[p] = businessHoursOf(s);
  }
  return out;
}

/**
 * The calendars a replicated catalogue rule carries (its priority's, `businessHours`): what a
 * phone passes to {@link computeSlaDates} for its offline preview. A rule from a server
 * without calendars carries none: 24×7, as that server stamps.
 */
export function ruleCalendars(rule: {
  priority: 'minor' | 'major' | 'critical';
  businessHours?: BusinessHoursSetting | undefined;
}): BusinessCalendars {
  return rule.businessHours ? { [rule.priority]: businessHoursOf(rule.businessHours) } : {};
}

/** Inputs of {@link computeSlaDates}. */
export type SlaInput = {
  acceptedAt: Date;
  rule: SlaTarget;
  holidays: ReadonlySet<string>;
  /** Priority class of the case; selects its calendar. */
  priority?: 'minor' | 'major' | 'critical' | undefined;
  /** Calendars per priority; absent (or no entry for the priority) = 24×7. */
  calendars?: BusinessCalendars | undefined;
};
/** Deadlines stamped on a case at acceptance. */
export type SlaDates = { responseDueAt: Date; dueAt: Date };

/** Minutes after midnight as `HH:MM` (a calendar's opening and closing time). */
export function minuteClock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The calendar that applies to a case of `priority`, 24×7 when none is configured. */
export function calendarFor(
  calendars: BusinessCalendars | undefined,
  priority: 'minor' | 'major' | 'critical' | undefined,
): BusinessHours {
  return (priority && calendars?.[priority]) || { mode: '24x7' };
}

/** True for a usable working window (start before end, both within one day). */
export function isValidBusinessHours(h: BusinessHours): boolean {
  if (h.mode === '24x7') return true;
  return (
    Number.isInteger(h.startMinute) &&
    Number.isInteger(h.endMinute) &&
    h.startMinute >= 0 &&
    h.endMinute <= 24 * 60 &&
    h.startMinute < h.endMinute
  );
}

/**
 * The instant `minutes` working minutes after `from`, counting only `startMinute`–
 * `endMinute` Jakarta time on business days. Work that ends exactly at closing time is due
 * at closing time (not at the next opening). Walks day by day: a target is at most a few
 * days, and holidays need a per-day check anyway.
 */
export function addBusinessMinutes(
  from: Date,
  minutes: number,
  hours: { startMinute: number; endMinute: number },
  holidays: ReadonlySet<string>,
): Date {
  if (!(minutes >= 0)) throw new RangeError(`working minutes must be ≥ 0: ${minutes}`);
  const open = hours.startMinute * MS_PER_MINUTE;
  const close = hours.endMinute * MS_PER_MINUTE;
  let remaining = minutes * MS_PER_MINUTE;
  let date = jakartaDateOf(from);
  let cursor = Math.max(jakartaTimeOfDayMs(from), 0);
  for (let guard = 0; guard < 3660 + minutes; guard++) {
    if (isBusinessDay(date, holidays)) {
      const begin = Math.max(cursor, open);
      if (begin < close) {
        const available = close - begin;
        if (remaining <= available) return jakartaInstant(date, begin + remaining);
        remaining -= available;
      }
    }
    date = addCalendarDays(date, 1);
    cursor = 0;
  }
  throw new RangeError(`no working time within ten years of ${from.toISOString()}`);
}

/**
 * Response and resolution deadlines of a case accepted at `acceptedAt`. With a
 * `business_hours` calendar for the case's priority both clocks count working minutes
 * (see {@link BusinessHours}); otherwise the 24×7 semantics of the module comment apply.
 * `hours` wins when a malformed rule sets both targets; a rule with neither falls back to
 * one business day (the mildest class of seed 003).
 */
export function computeSlaDates(input: SlaInput): SlaDates {
  const calendar = calendarFor(input.calendars, input.priority);
  if (calendar.mode === 'business_hours' && isValidBusinessHours(calendar)) {
    const { acceptedAt, rule, holidays } = input;
    const day = calendar.endMinute - calendar.startMinute;
    const resolutionMinutes = rule.hours !== undefined ? rule.hours * 60 : (rule.businessDays ?? 1) * day;
    return {
      responseDueAt: addBusinessMinutes(acceptedAt, rule.responseMinutes, calendar, holidays),
      dueAt: addBusinessMinutes(acceptedAt, resolutionMinutes, calendar, holidays),
    };
  }
  return computeRoundTheClock(input);
}

function computeRoundTheClock({ acceptedAt, rule, holidays }: SlaInput): SlaDates {
  const start = acceptedAt.getTime();
  const responseDueAt = new Date(start + rule.responseMinutes * MS_PER_MINUTE);
  if (rule.hours !== undefined) {
    return { responseDueAt, dueAt: new Date(start + rule.hours * 60 * MS_PER_MINUTE) };
  }
  const days = rule.businessDays ?? 1;
  const acceptedDate = jakartaDateOf(acceptedAt);
  if (isBusinessDay(acceptedDate, holidays)) {
    const dueDate = addBusinessDays(acceptedDate, days, holidays);
    return { responseDueAt, dueAt: jakartaInstant(dueDate, jakartaTimeOfDayMs(acceptedAt)) };
  }
  const clockStart = nextBusinessDayOnOrAfter(acceptedDate, holidays);
  const dueDate = addBusinessDays(clockStart, days - 1, holidays);
  return { responseDueAt, dueAt: jakartaInstant(dueDate, END_OF_DAY_MS) };
}

/** SLA health of a case: open cases are on track/at risk/breached, resolved ones met/breached. */
export type SlaState = 'on_track' | 'at_risk' | 'breached' | 'met';

/**
 * SLA state at `now`. A resolved case is `met` when resolved at or before `dueAt`. An
 * unresolved case is `breached` strictly after `dueAt`, `at_risk` once `atRiskShare` of
 * the target duration (acceptedAt → dueAt) is used, else `on_track`.
 */
export function slaState({
  now,
  acceptedAt,
  dueAt,
  resolvedAt,
  atRiskShare = 0.8,
}: {
  now: Date;
  acceptedAt: Date;
  dueAt: Date;
  resolvedAt?: Date | undefined;
  atRiskShare?: number;
}): SlaState {
  if (resolvedAt) return resolvedAt.getTime() <= dueAt.getTime() ? 'met' : 'breached';
  if (now.getTime() > dueAt.getTime()) return 'breached';
  const total = dueAt.getTime() - acceptedAt.getTime();
  const used = now.getTime() - acceptedAt.getTime();
  return used >= atRiskShare * total ? 'at_risk' : 'on_track';
}

/** Set of holiday dates for the business-day functions, from any `{date}` list. */
export function holidayDateSet(holidays: Iterable<{ date: string }>): ReadonlySet<string> {
  const set = new Set<string>();
  for (const h of holidays) set.add(h.date);
  return set;
}
