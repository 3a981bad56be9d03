/**
 * Pure helpers of the back-office reports (issue 4): report ranges in Asia/Jakarta
 * calendar dates, backlog ageing buckets, and small statistics. No clock: pass `now`.
 */
import type { AgeingBucket } from '../schemas/reports.ts';
import { addCalendarDays, jakartaDateOf, jakartaInstant } from './sla.ts';

/** Default report window when the caller gives neither end: the last 30 days. */
export const DEFAULT_REPORT_DAYS = 30;
/** Longest range a report accepts; a CSV export of ten years is still bounded. */
export const MAX_REPORT_DAYS = 3660;
/**
 * Earliest and latest dates a report may name. Date arithmetic beyond year 9999 throws
 * (`toISOString` has no 5-digit year in this format), and no case exists outside these.
 */
export const MIN_REPORT_DATE = '2000-01-01';
export const MAX_REPORT_DATE = '2099-12-31';

export type ReportRange = {
  /** Inclusive Jakarta calendar dates. */
  from: string;
  to: string;
  /** `from` 00:00 Jakarta. */
  start: Date;
  /** The day after `to`, 00:00 Jakarta: the exclusive upper bound of the range. */
  end: Date;
};

/**
 * Resolves an optional `{from, to}` (inclusive `YYYY-MM-DD` Jakarta dates) against `now`:
 * missing `to` = today, missing `from` = 29 days before `to` (30 days in all). Returns an
 * error code when `from > to`, the range is longer than {@link MAX_REPORT_DAYS}, or a date
 * lies outside [{@link MIN_REPORT_DATE}, {@link MAX_REPORT_DATE}].
 */
export function resolveReportRange(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date,
):
  | { ok: true; range: ReportRange }
  | { ok: false; reason: 'from_after_to' | 'range_too_long' | 'date_out_of_range' } {
  const outside = (d: string | undefined) => d !== undefined && (d < MIN_REPORT_DATE || d > MAX_REPORT_DATE);
  if (outside(query.from) || outside(query.to)) return { ok: false, reason: 'date_out_of_range' };
  const to = query.to ?? (query.from ? maxDate(query.from, jakartaDateOf(now)) : jakartaDateOf(now));
  const from = query.from ?? addCalendarDays(to, -(DEFAULT_REPORT_DAYS - 1));
  if (from > to) return { ok: false, reason: 'from_after_to' };
  const start = jakartaInstant(from);
  const end = jakartaInstant(addCalendarDays(to, 1));
  if (end.getTime() - start.getTime() > MAX_REPORT_DAYS * 86_400_000)
    return { ok: false, reason: 'range_too_long' };
  return { ok: true, range: { from, to, start, end } };
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** First and last calendar date of a `YYYY-MM` month. */
export function monthBounds(month: string): { from: string; to: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new RangeError(`not a YYYY-MM month: ${month}`);
  const [y, mo] = [Number(m[1]), Number(m[2])];
  if (mo < 1 || mo > 12) throw new RangeError(`no such month: ${month}`);
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The month before a `YYYY-MM` month. */
export function previousMonth(month: string): string {
  const { from } = monthBounds(month);
  return addCalendarDays(from, -1).slice(0, 7);
}

/** Every `YYYY-MM` month touched by an inclusive date range, in order. */
export function monthsInRange(from: string, to: string): string[] {
  const months: string[] = [];
  let m = from.slice(0, 7);
  const last = to.slice(0, 7);
  while (m <= last) {
    months.push(m);
    m = addCalendarDays(monthBounds(m).to, 1).slice(0, 7);
  }
  return months;
}

const HOUR_MS = 3_600_000;
/** Lower bounds of the ageing buckets after the first, in hours (for SQL width_bucket). */
export const AGEING_LIMIT_HOURS = [24, 72, 168] as const;
/** Upper bounds (exclusive) of the ageing buckets, in hours; the last is open-ended. */
const AGEING_LIMITS: readonly [AgeingBucket, number][] = [
  ['0-1d', 24],
  ['1-3d', 72],
  ['3-7d', 168],
];

/** Backlog ageing bucket of a case open for `ageMs` (0–1 d, 1–3 d, 3–7 d, > 7 d). */
export function ageingBucket(ageMs: number): AgeingBucket {
  for (const [bucket, hours] of AGEING_LIMITS) if (ageMs < hours * HOUR_MS) return bucket;
  return '>7d';
}

/** Median of a sample (mean of the middle two for an even size); `null` when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Arithmetic mean; `null` when empty. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** `numerator / denominator`, or `null` when there is nothing to divide by. */
export function ratio(
  numerator: number,
  denominator: number,
): { numerator: number; denominator: number; share: number | null } {
  return { numerator, denominator, share: denominator === 0 ? null : numerator / denominator };
}
