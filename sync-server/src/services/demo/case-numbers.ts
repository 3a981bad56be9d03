/**
 * Official numbers of the demo cases: `CASE-YYYYMMDD-NNNNN` in acceptance order per
 * Jakarta day (the order the server's per-day sequence would have given them), written
 * into the cases, the rejections that name their blocker, and the `accepted`/`rejected`
 * events. Also the last number per day, for `case_number_counters`.
 */
import type { Case, CaseEvent } from '@edc/shared';
import { formatCaseNumber, jakartaDateOf } from '@edc/shared/domain';

/** Numbers `cases` in place (and their events); returns the last sequence per day, by day. */
export function numberCases(
  cases: readonly Case[],
  events: readonly CaseEvent[],
  blockers: ReadonlyMap<Case, Case>,
): { day: string; last: number }[] {
  const accepted = cases.filter((c) => c.acceptedAt !== undefined);
  accepted.sort((a, b) => (a.acceptedAt ?? '').localeCompare(b.acceptedAt ?? '') || a.id.localeCompare(b.id));
  const counters = new Map<string, number>();
  for (const c of accepted) {
    const at = new Date(c.acceptedAt ?? 0);
    const dayKey = jakartaDateOf(at);
    const seq = (counters.get(dayKey) ?? 0) + 1;
    counters.set(dayKey, seq);
    c.caseNumber = formatCaseNumber(at, seq);
  }
  for (const [rejected, blocker] of blockers) {
    if (blocker.caseNumber) rejected.blockingCaseNumber = blocker.caseNumber;
  }
  const byId = new Map(cases.map((c) => [c.id, c]));
  for (const e of events) {
    const c = byId.get(e.caseId);
    if (e.type === 'accepted' && c?.caseNumber) e.data = { caseNumber: c.caseNumber };
    if (e.type === 'rejected' && c?.blockingCaseNumber)
      e.data = { ...e.data, blockingCaseNumber: c.blockingCaseNumber };
  }
  return [...counters].map(([d, last]) => ({ day: d, last })).sort((a, b) => a.day.localeCompare(b.day));
}
