/**
 * Owns `announcements` and `announcement_reads` (migration 041). The audience rule is
 * `announcementReaches` of shared/domain, written once in SQL here (`reachesSql`) for
 * the recipient counts and the start-time fan-out.
 */
import type { AnnouncementAudience, AnnouncementSeverity, AnnouncementStats } from '@edc/shared';
import type { Queryable } from './pool.ts';

const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** SQL of `announcementReaches` for announcement alias `a`, user `u`, the user's merchant `m`. */
export const reachesSql = `(a.audience = 'all'
  OR (a.audience = 'merchants' AND u.role = 'merchant')
  OR (a.audience = 'technicians' AND u.role = 'technician')
  OR (a.audience LIKE 'region:%' AND (
        (u.role = 'technician' AND substr(a.audience, 8) = ANY (u.regions))
     OR (u.role = 'merchant' AND m.region = substr(a.audience, 8)))))`;

/** The announcement document (pull and create answers) as JSON text. */
export function announcementDocSql(deleted = 'deleted', alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `json_build_object(
      'id', ${a}id, 'title', ${a}title, 'body', ${a}body, 'severity', ${a}severity, 'audience', ${a}audience,
      'startsAt', ${iso(`${a}starts_at`)}, 'endsAt', ${iso(`${a}ends_at`)}, 'createdBy', ${a}created_by,
      'updatedAt', ${iso(`${a}updated_at`)}, '_deleted', ${deleted})`;
}

export async function insertAnnouncement(
  q: Queryable,
  a: {
    title: string;
    body: string;
    severity: AnnouncementSeverity;
    audience: AnnouncementAudience;
    startsAt: Date;
    endsAt: Date | null;
    createdBy: string;
    now: Date;
  },
): Promise<{ id: string; doc: string }> {
  const { rows } = await q.query<{ id: string; doc: string }>(
    `INSERT INTO announcements (title, body, severity, audience, starts_at, ends_at, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
     RETURNING id, json_strip_nulls(${announcementDocSql()})::text AS doc`,
    [a.title, a.body, a.severity, a.audience, a.startsAt, a.endsAt, a.createdBy, a.now],
  );
  return rows[0]!;
}

/** Withdraws an announcement (replicated as `_deleted: true`). */
export async function withdrawAnnouncement(q: Queryable, id: string, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE announcements SET deleted = true, updated_at = $2 WHERE id = $1 AND NOT deleted',
    [id, now],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * Records that `userId` read (dismissed) the announcement. Only an announcement that
 * reaches the user counts (anything else is `false`, the caller answers 404).
 */
export async function markAnnouncementRead(
  q: Queryable,
  id: string,
  userId: string,
  now: Date,
): Promise<boolean> {
  const { rows } = await q.query<{ ok: boolean }>(
    `WITH target AS (
       SELECT a.id FROM announcements a, users u LEFT JOIN merchants m ON m.id = u.mid
       WHERE a.id = $1 AND u.id = $2 AND NOT a.deleted AND ${reachesSql}
     ), ins AS (
       INSERT INTO announcement_reads (announcement_id, user_id, read_at)
       SELECT id, $2, $3 FROM target ON CONFLICT DO NOTHING
     )
     SELECT EXISTS (SELECT 1 FROM target) AS ok`,
    [id, userId, now],
  );
  return rows[0]?.ok === true;
}

/** The desk's list, newest first, with recipients (active users reached) and reads. */
export async function listAnnouncementStats(q: Queryable, limit: number): Promise<AnnouncementStats[]> {
  const { rows } = await q.query<{ doc: AnnouncementStats }>(
    `SELECT json_strip_nulls(json_build_object(
       'id', a.id, 'title', a.title, 'body', a.body, 'severity', a.severity, 'audience', a.audience,
       'startsAt', ${iso('a.starts_at')}, 'endsAt', ${iso('a.ends_at')}, 'createdBy', a.created_by,
       'updatedAt', ${iso('a.updated_at')}, 'notifiedAt', ${iso('a.notified_at')}, 'withdrawn', a.deleted,
       'recipients', (SELECT count(*) FROM users u LEFT JOIN merchants m ON m.id = u.mid
                      WHERE NOT u.disabled AND ${reachesSql})::int,
       'reads', (SELECT count(*) FROM announcement_reads r WHERE r.announcement_id = a.id)::int)) AS doc
     FROM announcements a ORDER BY a.starts_at DESC, a.id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.doc);
}

export type DueAnnouncement = {
  id: string;
  title: string;
  body: string;
  severity: AnnouncementSeverity;
  /** Usernames of the active users it reaches. */
  recipients: string[];
};

/**
 * Claims the announcements whose start time has come and whose audience was not yet
 * notified, and marks them notified, inside the caller's transaction (SKIP LOCKED: one
 * instance takes each). An announcement that already ended is marked without a notice.
 */
export async function claimDueAnnouncements(
  q: Queryable,
  now: Date,
  limit: number,
): Promise<DueAnnouncement[]> {
  const { rows } = await q.query<DueAnnouncement>(
    `WITH due AS (
       SELECT id FROM announcements
       WHERE notified_at IS NULL AND NOT deleted AND starts_at <= $1
       ORDER BY starts_at, id LIMIT $2
       FOR UPDATE SKIP LOCKED
     ), marked AS (
       UPDATE announcements a SET notified_at = $1 FROM due WHERE a.id = due.id
       RETURNING a.id, a.title, a.body, a.severity, a.audience, a.ends_at
     )
     SELECT a.id, a.title, a.body, a.severity,
            coalesce((SELECT array_agg(u.username ORDER BY u.username) FROM users u LEFT JOIN merchants m ON m.id = u.mid
                      WHERE NOT u.disabled AND ${reachesSql}), '{}') AS recipients
     FROM marked a WHERE a.ends_at IS NULL OR a.ends_at > $1`,
    [now, limit],
  );
  return rows;
}
