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
};

const RECORD = `n(id uuid, recipient text, type text, case_id uuid, title_id text, title_en text,
  body_id text, body_en text, url text, created_at timestamptz)`;

/**
 * The INSERT of rendered rows from the JSON array in parameter `$param`. Recipients that
 * do not exist or are disabled get nothing. `join` may narrow the source further (the
 * cases push joins its inserted cases, `ins`), and `placeholder` replaces `{caseNumber}`
 * in titles and bodies with a SQL expression (the number the same statement drew).
 */
export function notificationInsertSql(param: string, join = '', placeholder?: string): string {
  const text = (col: string) =>
    placeholder ? `replace(${col}, '{caseNumber}', coalesce(${placeholder}, ''))` : col;
  return `INSERT INTO notifications (id, recipient, type, case_id, title, body, url, created_at, updated_at)
     SELECT n.id, u.username, n.type, n.case_id,
            ${text("CASE WHEN u.locale = 'en' THEN n.title_en ELSE n.title_id END")},
            ${text("CASE WHEN u.locale = 'en' THEN n.body_en ELSE n.body_id END")},
            n.url, n.created_at, n.created_at
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

/** Usernames of active users of `role` (e.g. supervisors to tell about an escalation). */
export async function activeUsernames(q: Queryable, role: string): Promise<string[]> {
  const { rows } = await q.query<{ username: string }>(
    'SELECT username FROM users WHERE role = $1 AND NOT disabled ORDER BY username',
    [role],
  );
  return rows.map((r) => r.username);
}

/** Active merchant users bound to `mid` (they follow that MID's cases). */
export async function merchantUsernames(q: Queryable, mid: string): Promise<string[]> {
  const { rows } = await q.query<{ username: string }>(
    "SELECT username FROM users WHERE role = 'merchant' AND mid = $1 AND NOT disabled ORDER BY username",
    [mid],
  );
  return rows.map((r) => r.username);
}
