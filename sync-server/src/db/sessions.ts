/**
 * Owns `sessions` (device sessions) and `refresh_tokens` (each session's rotating token
 * family). Tokens are stored as hashes only; this module never sees a raw token.
 */
import type { Role } from '@edc/shared';
import type { DbClient, Queryable } from './pool.ts';

export type SessionState = {
  id: string;
  userId: string;
  revokedAt: string | null;
  expiresAt: string;
  lastSeenAt: string;
  userDisabled: boolean;
};

export type RevokeReason = 'logout' | 'admin' | 'refresh_token_reused' | 'user_changed' | 'expired';

export async function insertSession(
  q: Queryable,
  s: {
    userId: string;
    label: string;
    ip: string | null;
    userAgent: string | null;
    expiresAt: Date;
    tokenHash: string;
  },
  now: Date,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `WITH s AS (
       INSERT INTO sessions (user_id, label, ip, user_agent, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id
     ), t AS (
       INSERT INTO refresh_tokens (token_hash, session_id, created_at) SELECT $7, id, $5 FROM s
     )
     SELECT id FROM s`,
    [
      s.userId,
      s.label.slice(0, 200),
      s.ip,
      s.userAgent?.slice(0, 300) ?? null,
      now,
      s.expiresAt,
      s.tokenHash,
    ],
  );
  return rows[0]!.id;
}

export async function getSessionState(q: Queryable, sessionId: string): Promise<SessionState | undefined> {
  const { rows } = await q.query<SessionState>(
    `SELECT s.id, s.user_id AS "userId", s.revoked_at AS "revokedAt", s.expires_at AS "expiresAt",
            s.last_seen_at AS "lastSeenAt", u.disabled AS "userDisabled"
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
    [sessionId],
  );
  return rows[0];
}

export type RefreshLookup = {
  sessionId: string;
  usedAt: string | null;
  /** The token that replaced this one, sealed, while it is itself still unused. */
  successorSealed: string | null;
  revokedAt: string | null;
  expiresAt: string;
  user: {
    id: string;
    username: string;
    displayName: string;
    role: Role;
    regions: string[];
    mid: string | null;
    disabled: boolean;
  };
};

/** The token's row, its session and user, locking the session row for the rotation. */
export async function lockRefreshToken(
  client: DbClient,
  tokenHash: string,
): Promise<RefreshLookup | undefined> {
  const { rows } = await client.query<{
    sessionId: string;
    usedAt: string | null;
    successorSealed: string | null;
    revokedAt: string | null;
    expiresAt: string;
    id: string;
    username: string;
    displayName: string;
    role: Role;
    regions: string[];
    mid: string | null;
    disabled: boolean;
  }>(
    `SELECT t.session_id AS "sessionId", t.used_at AS "usedAt",
            CASE WHEN n.used_at IS NULL THEN t.successor_sealed END AS "successorSealed",
            s.revoked_at AS "revokedAt",
            s.expires_at AS "expiresAt", u.id, u.username, u.display_name AS "displayName", u.role,
            u.regions, u.mid, u.disabled
     FROM refresh_tokens t
     JOIN sessions s ON s.id = t.session_id
     JOIN users u ON u.id = s.user_id
     LEFT JOIN refresh_tokens n ON n.token_hash = t.successor_hash
     WHERE t.token_hash = $1
     FOR UPDATE OF s`,
    [tokenHash],
  );
  const r = rows[0];
  if (!r) return undefined;
  const { sessionId, usedAt, successorSealed, revokedAt, expiresAt, ...user } = r;
  return { sessionId, usedAt, successorSealed, revokedAt, expiresAt, user };
}

/**
 * Marks `oldHash` used and stores `newHash` as the session's current token. The old row
 * keeps the new token sealed for the grace window; older rows of the session forget theirs.
 */
export async function rotateRefreshToken(
  client: DbClient,
  sessionId: string,
  oldHash: string,
  next: { hash: string; sealed: string },
  now: Date,
  expiresAt: Date,
): Promise<void> {
  const newHash = next.hash;
  await client.query(
    `UPDATE refresh_tokens SET successor_sealed = NULL
     WHERE session_id = $1 AND successor_sealed IS NOT NULL AND token_hash <> $2`,
    [sessionId, oldHash],
  );
  await client.query(
    'UPDATE refresh_tokens SET used_at = $2, successor_hash = $3, successor_sealed = $4 WHERE token_hash = $1',
    [oldHash, now, newHash, next.sealed],
  );
  await client.query('INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES ($1, $2, $3)', [
    newHash,
    sessionId,
    now,
  ]);
  await client.query('UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1', [
    sessionId,
    now,
    expiresAt,
  ]);
}

/** Revokes one session (idempotent: the first reason wins). Returns whether it existed. */
export async function revokeSession(
  q: Queryable,
  sessionId: string,
  reason: RevokeReason,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE sessions SET revoked_at = COALESCE(revoked_at, $2), revoked_reason = COALESCE(revoked_reason, $3)
     WHERE id = $1`,
    [sessionId, now, reason],
  );
  return (rowCount ?? 0) > 0;
}

/** Revokes every live session of a user (disabled, role or password changed). */
export async function revokeUserSessions(
  q: Queryable,
  userId: string,
  reason: RevokeReason,
  now: Date,
): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE sessions SET revoked_at = $2, revoked_reason = $3
     WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
    [userId, now, reason],
  );
  return rows.map((r) => r.id);
}

/** Revokes every live session of a user except `keep` (the caller's own, after a password change). */
export async function revokeOtherSessions(
  q: Queryable,
  userId: string,
  keep: string,
  reason: RevokeReason,
  now: Date,
): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE sessions SET revoked_at = $3, revoked_reason = $4
     WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id`,
    [userId, keep, now, reason],
  );
  return rows.map((r) => r.id);
}

export async function touchSession(q: Queryable, sessionId: string, now: Date): Promise<void> {
  await q.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2', [
    sessionId,
    now,
  ]);
}

export type SessionListRow = {
  id: string;
  userId: string;
  username: string;
  label: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedReason: RevokeReason | null;
  lastSyncAt: string | null;
  outboxCount: number | null;
  outboxOldestAt: string | null;
};

export async function listSessions(
  q: Queryable,
  filter: { userId?: string | undefined; activeOnly?: boolean | undefined },
): Promise<SessionListRow[]> {
  const { rows } = await q.query<SessionListRow>(
    `SELECT s.id, s.user_id AS "userId", u.username, s.label, s.ip, s.user_agent AS "userAgent",
            s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt",
            s.revoked_at AS "revokedAt", s.revoked_reason AS "revokedReason", s.last_sync_at AS "lastSyncAt",
            s.outbox_count AS "outboxCount", s.outbox_oldest_at AS "outboxOldestAt"
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE ($1::uuid IS NULL OR s.user_id = $1) AND (NOT $2 OR s.revoked_at IS NULL)
     ORDER BY s.last_seen_at DESC
     LIMIT 1000`,
    [filter.userId ?? null, filter.activeOnly ?? false],
  );
  return rows;
}

/** Records the sync-health headers a client sends with each pull/push. */
export async function recordSyncHealth(
  q: Queryable,
  sessionId: string,
  health: { outboxCount: number | null; outboxOldestAt: string | null },
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE sessions SET last_sync_at = $2, last_seen_at = GREATEST(last_seen_at, $2),
       outbox_count = $3, outbox_oldest_at = $4 WHERE id = $1`,
    [sessionId, now, health.outboxCount, health.outboxOldestAt],
  );
}
