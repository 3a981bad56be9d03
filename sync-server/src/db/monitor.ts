/**
 * Owns the SLA monitor's writes (services/sla-monitor.ts): finding live cases with an
 * unhandled SLA breach, recording the breach in `sla_escalations`, raising the case's
 * escalation level and writing the `escalated` timeline event. Writes go through the
 * normal replicated tables, so the txid stamp and NOTIFY poke the back office live.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from './pool.ts';

export type BreachKind = 'response' | 'resolution';

export type BreachCandidate = {
  id: string;
  case_number: string | null;
  escalation_level: number;
  mid: string;
  region: string | null;
  responsible_unit: string | null;
  /** The deadline of the unhandled breach this run takes (response first). */
  kind: BreachKind;
  /** Postgres text of that deadline, microseconds intact. */
  breached_due: string;
};

/**
 * Live cases with a passed deadline that has no `sla_escalations` row yet, locked
 * `FOR UPDATE SKIP LOCKED` so concurrent monitor runs (several instances) take disjoint
 * cases and never wait on a desk agent's transition. A case with both deadlines passed
 * and unhandled yields its response breach now and the resolution breach on the next run:
 * one level per breach, never two in one step.
 */
export async function lockBreachCandidates(
  q: Queryable,
  now: Date,
  limit: number,
): Promise<BreachCandidate[]> {
  const { rows } = await q.query<BreachCandidate>(
    `WITH pending AS (
       SELECT c.id,
              (c.first_response_at IS NULL AND c.response_due_at < $1
                AND NOT EXISTS (SELECT 1 FROM sla_escalations s
                                WHERE s.case_id = c.id AND s.kind = 'response' AND s.due_at = c.response_due_at)) AS response,
              (c.due_at < $1
                AND NOT EXISTS (SELECT 1 FROM sla_escalations s
                                WHERE s.case_id = c.id AND s.kind = 'resolution' AND s.due_at = c.due_at)) AS resolution
       FROM cases c
       WHERE NOT c.deleted AND c.status IN ('open', 'in_progress')
         AND (c.due_at < $1 OR (c.first_response_at IS NULL AND c.response_due_at < $1))
     )
     SELECT c.id, c.case_number, c.escalation_level, c.mid, c.region, c.responsible_unit,
            CASE WHEN p.response THEN 'response' ELSE 'resolution' END AS kind,
            -- As text: the exact microseconds go back into the ledger key (the pool's ISO
            -- strings are ms-precision, and a truncated key would never match again).
            (CASE WHEN p.response THEN c.response_due_at ELSE c.due_at END)::text AS breached_due
     FROM pending p JOIN cases c ON c.id = p.id
     WHERE p.response OR p.resolution
     ORDER BY CASE WHEN p.response THEN c.response_due_at ELSE c.due_at END, c.id
     LIMIT $2
     FOR UPDATE OF c SKIP LOCKED`,
    [now, limit],
  );
  return rows;
}

/**
 * Records one breach; false when it was already recorded (another instance got there
 * first between our read and this insert), in which case the caller must not escalate.
 */
export async function recordBreach(
  q: Queryable,
  b: { caseId: string; kind: BreachKind; dueAt: string; level: number; at: Date },
): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO sla_escalations (case_id, kind, due_at, level, escalated_at) VALUES ($1, $2, $3::timestamptz, $4, $5)
     ON CONFLICT DO NOTHING`,
    [b.caseId, b.kind, b.dueAt, b.level, b.at],
  );
  return rowCount === 1;
}

/** Raises the level (server_rev + 1, so clients holding the old copy see it is stale). */
export async function escalateCase(
  q: Queryable,
  e: {
    caseId: string;
    level: number;
    at: Date;
    mid: string;
    region: string | null;
    note: string;
    data: Record<string, unknown>;
  },
): Promise<string> {
  await q.query(
    `UPDATE cases SET escalation_level = $2, server_rev = server_rev + 1, updated_at = $3 WHERE id = $1`,
    [e.caseId, e.level, e.at],
  );
  const eventId = randomUUID();
  await q.query(
    `INSERT INTO case_events (id, case_id, type, at, actor, note, data, mid, region)
     VALUES ($1, $2, 'escalated', $3, 'system', $4, $5, $6, $7)`,
    [eventId, e.caseId, e.at, e.note, JSON.stringify(e.data), e.mid, e.region],
  );
  return eventId;
}
