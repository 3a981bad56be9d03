/**
 * The escalation ladder of seed 003 section 6 reaching a named person (issue 15): used by
 * the escalate action (services/transitions.ts) and the SLA monitor (services/sla-monitor.ts).
 */
import { escalationLadder, type LadderTitle, ladderTitles, type Role } from '@edc/shared';
import { findAssignee } from '../db/dispatch.ts';
import { ladderHolder, setEscalatedTo } from '../db/helpdesk.ts';
import { activeUsernames } from '../db/notifications.ts';
import type { DbClient } from '../db/pool.ts';
import { findUserByUsername } from '../db/users.ts';
import type { NotificationDraft } from './notifications.ts';

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

/**
 * Who hears about an escalation to `level` (notifications, issue 12 with issue 15's ladder):
 * the named person of the rung when someone holds it, every active supervisor only when
 * nobody does (somebody must hear of it), and the case's assignee. The caller filters out
 * the actor and `notify` drops duplicates.
 */
export async function escalationNotices(
  client: DbClient,
  c: { caseId: string; caseNumber?: string | undefined; assignee?: string | null | undefined },
  params: { actor: string; level: number; note?: string | undefined },
  escalatedTo: string | undefined,
): Promise<NotificationDraft[]> {
  const named = escalatedTo ? await findUserByUsername(client, escalatedTo) : undefined;
  const recipients: { recipient: string; recipientRole: Role }[] =
    named && !named.disabled
      ? [{ recipient: named.username, recipientRole: named.role }]
      : (await activeUsernames(client, 'supervisor')).map((u) => ({
          recipient: u,
          recipientRole: 'supervisor',
        }));
  if (c.assignee) {
    const a = await findAssignee(client, c.assignee);
    if (a) recipients.push({ recipient: a.username, recipientRole: a.role });
  }
  const p = { caseNumber: c.caseNumber, ...params };
  return recipients.map((r) => ({ ...r, type: 'escalated', caseId: c.caseId, params: p }));
}
