/**
 * The escalation ladder of seed 003 section 6 reaching a named person (issue 15): used by
 * the escalate action (services/transitions.ts) and the SLA monitor (services/sla-monitor.ts).
 */
import { escalationLadder, type LadderTitle, ladderTitles } from '@edc/shared';
import { ladderHolder, setEscalatedTo } from '../db/helpdesk.ts';
import type { DbClient } from '../db/pool.ts';

/**
 * Seed 003 section 6: escalation level N goes to the holder of rung `escalationLadder[N]`
 * in the case's unit (or a unit-less holder), recorded in `cases.escalated_to`. Returns the
 * username, or undefined when nobody holds that rung (the level still rises).
 */
export async function escalateToNamedPerson(
  client: DbClient,
  caseId: string,
  level: number,
  unit: string | undefined,
): Promise<string | undefined> {
  const rung = escalationLadder[level];
  const title = ladderTitles.find((t): t is LadderTitle => t === rung);
  if (!title) return undefined;
  const to = await ladderHolder(client, title, unit ?? null);
  if (to) await setEscalatedTo(client, caseId, to);
  return to;
}
