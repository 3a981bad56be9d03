/**
 * Owns the `notifications` table (DESIGN section 9): inserting rendered rows and marking
 * them read. Texts are rendered by services/notifications.ts in BOTH languages; the
 * insert picks the recipient's (`users.locale`) in the same statement, so a caller never
 * needs a round trip to learn it. Pulls are in db/sync.ts.
 *
 * Issue 13 (Web Push) hooks delivery onto the rows this module inserts (an AFTER INSERT
 * trigger on `notifications`, or a CTE beside {@link notificationInsertSql}): every
 * notification of every path goes through that one SQL text.
 */
import type { PushUrgency, Role } from '@edc/shared';
import type { Queryable } from './pool.ts';
import { notificationDocSql } from './sync.ts';

/** A notification rendered in both UI languages, for one recipient (by username). */
export type NotificationRow = {
  id: string;
  recipient: string;
  type: string;
  case_id: string | null;
  title_id: string;
  title_en: string;
  body_id: string;
  body_en: string;
  url: string;
  created_at: string;
  /** Push urgency of this row when not its type's (an outage announcement: `high`). */
  push_urgency?: PushUrgency | null;
};

const RECORD = `n(id uuid, recipient text, type text, case_id uuid, title_id text, title_en text,
  body_id text, body_en text, url text, created_at timestamptz, push_urgency text)`;

/**
 * The INSERT of rendered rows from the JSON array in parameter `$param`. Recipients that
 * do not exist or are disabled get nothing. `join` may narrow the source further (the
 * cases push joins its inserted cases, `ins`), and `placeholder` replaces `{caseNumber}`
 * in titles and bodies with a SQL expression (the number the same statement drew).
 */
export function notificationInsertSql(param: string, join = '', placeholder?: string): string {
  const text = (col: string) =>
    placeholder ? `replace(${col}, '{caseNumber}', coalesce(${placeholder}, ''))` : col;
  return `INSERT INTO notifications (id, recipient, type, case_id, title, body, url, created_at, updated_at, push_urgency)
     SELECT n.id, u.username, n.type, n.case_id,
            ${text("CASE WHEN u.locale = 'en' THEN n.title_en ELSE n.title_id END")},
            ${text("CASE WHEN u.locale = 'en' THEN n.body_en ELSE n.body_id END")},
            n.url, n.created_at, n.created_at, n.push_urgency
       FROM jsonb_to_recordset(${param}::jsonb) AS ${RECORD}
       ${join}
       JOIN users u ON lower(u.username) = lower(n.recipient) AND NOT u.disabled
     ON CONFLICT (id) DO NOTHING`;
}

/** Inserts rendered notifications (inside the caller's transaction). */
export async function insertNotifications(q: Queryable, rows: readonly NotificationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(notificationInsertSql('$1'), [JSON.stringify(rows)]);
}

/**
 * Marks the recipient's own notifications read (others' ids are ignored: scope) and
 * returns the updated documents. Already-read rows are left alone, so a repeat is a no-op
 * that does not replicate again.
 */
export async function markNotificationsRead(
  q: Queryable,
  recipient: string,
  ids: readonly string[],
  now: Date,
): Promise<string[]> {
  const { rows } = await q.query<{ d: string }>(
    `UPDATE notifications SET read_at = $3, updated_at = $3
      WHERE id = ANY($2::uuid[]) AND lower(recipient) = lower($1) AND read_at IS NULL AND NOT deleted
      RETURNING json_strip_nulls(${notificationDocSql('deleted')})::text AS d`,
    [recipient, ids, now.toISOString()],
  );
  return rows.map((r) => r.d);
}

/** Active merchant users bound to `mid` (they follow that MID's cases). */
export async function merchantUsernames(q: Queryable, mid: string): Promise<string[]> {
  const { rows } = await q.query<{ username: string }>(
    "SELECT username FROM users WHERE role = 'merchant' AND mid = $1 AND NOT disabled ORDER BY username",
    [mid],
  );
  return rows.map((r) => r.username);
}

/** A notification recipient: username and role (the role picks the deep link). */
export type Recipient = { username: string; role: Role };

/**
 * Who follows a case at work (issue 13: "merchant reopened", "new merchant message"): its
 * assignee (technician or desk) and the named person its last escalation went to; when
 * neither is a back-office user, the agents and supervisors of the case's team (its
 * responsible unit), so a message on an unowned case still reaches the desk that owns it.
 */
export async function caseFollowers(q: Queryable, caseId: string): Promise<Recipient[]> {
  const { rows } = await q.query<Recipient>(
    `WITH c AS (SELECT assignee, escalated_to, responsible_unit FROM cases WHERE id = $1),
     named AS (
       SELECT u.username, u.role FROM users u, c
        WHERE NOT u.disabled AND u.role IN ('technician', 'agent', 'supervisor', 'admin')
          AND lower(u.username) IN (lower(c.assignee), lower(c.escalated_to)))
     SELECT username, role FROM named
     UNION
     SELECT u.username, u.role FROM users u, c
      WHERE NOT EXISTS (SELECT 1 FROM named WHERE role <> 'technician') AND NOT u.disabled
        AND u.role IN ('agent', 'supervisor') AND u.team = c.responsible_unit
     ORDER BY username`,
    [caseId],
  );
  return rows;
}

/**
 * Who hears about an escalation (the escalate action, an SLA breach): the named person it
 * went to (`escalatedTo`, seed 003 section 6), the case's assignee, and the supervisors of
 * the case's team ("escalated to me / my team"). When that reaches nobody at the desk
 * (no rung holder, no team, a technician's case), every supervisor: an escalation is
 * never silent.
 */
export async function escalationRecipients(
  q: Queryable,
  caseId: string,
  escalatedTo: string | undefined,
): Promise<Recipient[]> {
  const { rows } = await q.query<Recipient>(
    `WITH c AS (SELECT assignee, responsible_unit FROM cases WHERE id = $1),
     picked AS (
       SELECT u.username, u.role FROM users u, c
        WHERE NOT u.disabled AND (
          lower(u.username) = lower($2)
          OR (lower(u.username) = lower(c.assignee) AND u.role IN ('technician', 'agent', 'supervisor'))
          OR (u.role = 'supervisor' AND u.team = c.responsible_unit)))
     SELECT username, role FROM picked
     UNION
     SELECT username, role FROM users
      WHERE NOT EXISTS (SELECT 1 FROM picked WHERE role <> 'technician') AND NOT disabled AND role = 'supervisor'
     ORDER BY username`,
    [caseId, escalatedTo ?? null],
  );
  return rows;
}
