/**
 * The confirmation loop and satisfaction measures (DESIGN section 9, seeds 001 and 003).
 * Pure: the server's jobs and the phone pass `now`.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Default of `AUTO_CLOSE_HOURS`: a resolution not confirmed within 72 h is closed by `system`. */
export const DEFAULT_AUTO_CLOSE_HOURS = 72;
/** Seed 003 step 5: the merchant is asked to confirm within 24 h of the repair; a reminder follows. */
export const CONFIRMATION_REMINDER_HOURS = 24;
/** NPS is asked at most once per this many days per merchant (MID). */
export const NPS_INTERVAL_DAYS = 90;

/** True when a case resolved at `resolvedAt` is due to be closed automatically at `now`. */
export function isAutoCloseDue(resolvedAt: Date, now: Date, autoCloseHours: number): boolean {
  return now.getTime() - resolvedAt.getTime() >= autoCloseHours * HOUR_MS;
}

/** The instant a resolution is closed automatically when nobody confirms it. */
export function autoCloseAt(resolvedAt: Date, autoCloseHours: number): Date {
  return new Date(resolvedAt.getTime() + autoCloseHours * HOUR_MS);
}

/** True when the merchant should get the "please confirm" reminder (once, after 24 h). */
export function isReminderDue(resolvedAt: Date, now: Date, alreadyReminded: boolean): boolean {
  return !alreadyReminded && now.getTime() - resolvedAt.getTime() >= CONFIRMATION_REMINDER_HOURS * HOUR_MS;
}

/** True when the merchant may be asked NPS again: never answered, or last answer ≥ 90 days ago. */
export function isNpsDue(lastAnsweredAt: Date | undefined, now: Date): boolean {
  if (lastAnsweredAt === undefined) return true;
  return now.getTime() - lastAnsweredAt.getTime() >= NPS_INTERVAL_DAYS * DAY_MS;
}

export type NpsClass = 'promoter' | 'passive' | 'detractor';

/** 9–10 promoter, 7–8 passive, 0–6 detractor (the standard NPS bands). */
export function npsClass(score: number): NpsClass {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export type NpsSummary = {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters − % detractors, rounded to one decimal; null without answers. */
  score: number | null;
};

export function summarizeNps(scores: readonly number[]): NpsSummary {
  const out: NpsSummary = { responses: scores.length, promoters: 0, passives: 0, detractors: 0, score: null };
  for (const s of scores) out[`${npsClass(s)}s`]++;
  if (scores.length > 0) {
    out.score = Math.round(((out.promoters - out.detractors) / scores.length) * 1000) / 10;
  }
  return out;
}

/** Share of problems solved by the FAQ: solved / (solved + complaints sent); null when both are 0. */
export function deflectionRate(solved: number, complaints: number): number | null {
  const total = solved + complaints;
  return total === 0 ? null : Math.round((solved / total) * 1000) / 1000;
}

/** True when `now` is inside a survey window [startsAt, endsAt). */
export function isSurveyOpen(window: { startsAt: string; endsAt: string }, now: Date): boolean {
  const t = now.getTime();
  return t >= new Date(window.startsAt).getTime() && t < new Date(window.endsAt).getTime();
}
