/**
 * SLA monitor (issue 4, seed 003 section 6): one pass escalates live cases whose response
 * or resolution deadline has passed by one level of the ladder (agent → supervisor →
 * customer service manager → director), with an `escalated` timeline event by actor
 * `system` (`data: {reason: 'sla_breach', level, breach}`) and an `escalated` notification
 * (services/notifications.ts) in the same transaction.
 *
 * Idempotent and multi-instance safe: each breach (case, kind, deadline) is recorded in
 * `sla_escalations` under its primary key, candidate cases are locked FOR UPDATE SKIP
 * LOCKED, and a breach already recorded is never escalated again. A case already at the
 * top of the ladder has its breach recorded but its level left alone. The schedule is
 * jobs/background-jobs.ts.
 */
import { escalationLadder, maxEscalationLevel } from '@edc/shared';
import { escalateCase, lockBreachCandidates, recordBreach } from '../db/monitor.ts';
import { escalationRecipients } from '../db/notifications.ts';
import { type Db, withTransaction } from '../db/pool.ts';
import { escalateToNamedPerson } from './escalation.ts';
import { draftsFor, notify } from './notifications.ts';

const BATCH = 200;

export type SlaMonitorRun = {
  /** Cases whose level went up. */
  escalated: {
    caseId: string;
    caseNumber: string | null;
    kind: 'response' | 'resolution';
    level: number;
    /** The named person of the ladder it went to (seed 003 section 6), if the rung is held. */
    escalatedTo?: string;
  }[];
  /** Breaches recorded without a level change (already at the top of the ladder). */
  atTop: number;
};

/** One pass of the monitor at `now`; loops over batches until no breach is pending. */
export async function runSlaMonitor(db: Db, now: Date): Promise<SlaMonitorRun> {
  const run: SlaMonitorRun = { escalated: [], atTop: 0 };
  for (;;) {
    const handled = await withTransaction(db, async (client) => {
      const candidates = await lockBreachCandidates(client, now, BATCH);
      for (const c of candidates) {
        const level = Math.min(c.escalation_level + 1, maxEscalationLevel);
        const recorded = await recordBreach(client, {
          caseId: c.id,
          kind: c.kind,
          dueAt: c.breached_due,
          level,
          at: now,
        });
        if (!recorded) continue;
        if (level === c.escalation_level) {
          run.atTop++;
          continue;
        }
        const to = await escalateToNamedPerson(client, c.id, level, c.responsible_unit ?? undefined);
        await escalateCase(client, {
          caseId: c.id,
          level,
          at: now,
          mid: c.mid,
          region: c.region,
          note: `SLA ${c.kind === 'response' ? 'respon' : 'penyelesaian'} terlampaui: eskalasi ke ${to ?? escalationLadder[level]}`,
          // The note names staff and the ladder: internal (DESIGN section 9).
          data: {
            reason: 'sla_breach',
            level,
            breach: c.kind,
            internal: true,
            ...(to ? { escalatedTo: to } : {}),
          },
        });
        // "SLA breach on my cases" (issue 13): the person it went to, the assignee, the team.
        await notify(
          client,
          draftsFor(await escalationRecipients(client, c.id, to), 'escalated', c.id, {
            caseNumber: c.case_number ?? undefined,
            level,
            cause: c.kind === 'response' ? 'sla_response' : 'sla_resolution',
          }),
          now,
        );
        run.escalated.push({
          caseId: c.id,
          caseNumber: c.case_number,
          kind: c.kind,
          level,
          ...(to ? { escalatedTo: to } : {}),
        });
      }
      return candidates.length;
    });
    // Fewer than a batch: nothing left (rows skipped as locked are another run's job).
    if (handled < BATCH) return run;
  }
}
