/**
 * Owns `confirmation_reminders` (migration 043): which resolutions the merchant was
 * reminded to confirm (DESIGN section 9, confirmation loop). The pass itself is
 * services/confirmation-reminders.ts.
 */
import type { Queryable } from './pool.ts';

export type ReminderCandidate = {
  id: string;
  case_number: string | null;
  mid: string;
  /** ISO text (the pool’s timestamptz parser). */
  resolved_at: string;
};

/**
 * Resolved cases whose resolution (`resolved_at`, so a case resolved again after a reopen
 * counts anew) is at least `cutoff` old and was not reminded yet, oldest first, locked
 * FOR UPDATE SKIP LOCKED: another instance's pass, or a merchant confirming right now,
 * holds the row and this pass leaves it alone.
 */
export async function lockReminderCandidates(
  q: Queryable,
  cutoff: Date,
  limit: number,
  onlyIds?: readonly string[],
): Promise<ReminderCandidate[]> {
  const { rows } = await q.query<ReminderCandidate>(
    `SELECT c.id, c.case_number, c.mid, c.resolved_at FROM cases c
      WHERE c.status = 'resolved' AND NOT c.deleted AND c.resolved_at <= $1
        AND NOT EXISTS (SELECT 1 FROM confirmation_reminders r
                         WHERE r.case_id = c.id AND r.resolved_at = c.resolved_at)
        AND ($3::uuid[] IS NULL OR c.id = ANY($3::uuid[]))
      ORDER BY c.resolved_at, c.id
      LIMIT $2
      FOR UPDATE OF c SKIP LOCKED`,
    [cutoff, limit, onlyIds ? [...onlyIds] : null],
  );
  return rows;
}

/** Records the cases' current resolutions as reminded (taken from the rows, to the microsecond). */
export async function recordReminders(q: Queryable, caseIds: readonly string[], at: Date): Promise<void> {
  if (caseIds.length === 0) return;
  await q.query(
    `INSERT INTO confirmation_reminders (case_id, resolved_at, reminded_at)
     SELECT id, resolved_at, $2 FROM cases WHERE id = ANY($1::uuid[])
     ON CONFLICT DO NOTHING`,
    [[...caseIds], at],
  );
}
