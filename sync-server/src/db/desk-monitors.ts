/**
 * Owns the read-only queries behind the desk's live monitors (issue 4): open cases whose
 * SLA needs attention now, and each technician's sync health (last sync, outbox left on
 * the phone, last accepted case). Nothing here writes.
 */
import type { Queryable } from './pool.ts';

export type SlaCandidateRow = {
  id: string;
  case_number: string;
  status: string;
  category: string;
  priority: string | null;
  mid: string;
  tid: string | null;
  responsible_unit: string | null;
  escalation_level: number;
  accepted_at: string;
  response_due_at: string | null;
  due_at: string;
  first_response_at: string | null;
};

/**
 * Live (open/in-progress) cases whose SLA may need attention at `now`: at least
 * `atRiskShare` of acceptedAt → dueAt used, or the first response overdue. The caller
 * decides the final state with the shared `slaState` rule; this only narrows the scan.
 */
export async function slaCandidates(
  db: Queryable,
  {
    now,
    atRiskShare,
    includeOnTrack,
    limit,
  }: { now: Date; atRiskShare: number; includeOnTrack: boolean; limit: number },
): Promise<SlaCandidateRow[]> {
  // Without the narrowing filter only the limit is a parameter ($1 unused would be untyped).
  const filter = includeOnTrack
    ? ''
    : `AND (c.accepted_at + (c.due_at - c.accepted_at) * $3::float8 <= $2::timestamptz
            OR (c.first_response_at IS NULL AND c.response_due_at < $2::timestamptz))`;
  const { rows } = await db.query<SlaCandidateRow>(
    `SELECT c.id, c.case_number, c.status, c.category, c.priority, c.mid, c.tid, c.responsible_unit,
            c.escalation_level, c.accepted_at, c.response_due_at, c.due_at, c.first_response_at
     FROM cases c
     WHERE NOT c.deleted AND c.status IN ('open', 'in_progress')
       AND c.due_at IS NOT NULL AND c.accepted_at IS NOT NULL AND c.case_number IS NOT NULL
       ${filter}
     ORDER BY c.due_at, c.id
     LIMIT $1`,
    includeOnTrack ? [limit] : [limit, now, atRiskShare],
  );
  return rows;
}

export type SyncHealthDbRow = {
  user_id: string;
  username: string;
  display_name: string;
  regions: string[];
  last_sync_at: string | null;
  outbox_count: number;
  outbox_oldest_at: string | null;
  last_accepted_case_at: string | null;
};

/**
 * Per technician: last successful sync over all their sessions; outbox size and oldest
 * entry summed/minimised over live sessions (a logout or re-login leaves the old session's
 * last report behind, which would otherwise read as work stuck forever); the last case of
 * theirs the server accepted.
 */
export async function syncHealth(db: Queryable): Promise<SyncHealthDbRow[]> {
  const { rows } = await db.query<SyncHealthDbRow>(
    `SELECT u.id::text AS user_id, u.username, u.display_name, u.regions,
            s.last_sync_at, coalesce(s.outbox_count, 0)::int AS outbox_count, s.outbox_oldest_at,
            (SELECT max(c.accepted_at) FROM cases c WHERE c.created_by = u.username AND NOT c.deleted) AS last_accepted_case_at
     FROM users u
     LEFT JOIN LATERAL (
       SELECT max(last_sync_at) AS last_sync_at,
              sum(outbox_count) FILTER (WHERE outbox_count > 0 AND revoked_at IS NULL) AS outbox_count,
              min(outbox_oldest_at) FILTER (WHERE outbox_count > 0 AND revoked_at IS NULL) AS outbox_oldest_at
       FROM sessions WHERE user_id = u.id
     ) s ON true
     WHERE u.role = 'technician' AND NOT u.disabled
     ORDER BY u.username`,
  );
  return rows;
}
