/**
 * Authentication middleware and role/scope guards.
 *
 * Security: a valid signature is not enough — the token's session must still be live
 * (not revoked by logout, admin or refresh-token reuse, user not disabled). Session state
 * is cached for a few seconds per process; revocations through this process evict the
 * entry at once, other instances see them within SESSION_CACHE_MS.
 */
import { AppError, backOfficeRoles, type Role, SYNC_BASE_PATH, SYNC_HEALTH_HEADERS } from '@edc/shared';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppDeps, AppEnv, AuthContext } from '../app-env.ts';
import { getSessionState, recordSyncHealth, touchSession } from '../db/sessions.ts';
import { verifyAccessToken } from '../services/auth.ts';

/** HttpOnly cookie that authenticates the SSE stream (EventSource cannot send headers). */
export const ACCESS_COOKIE = 'edc_at';

const SESSION_CACHE_MS = 3000;
// last_seen_at is for humans ("active 2 minutes ago"); one write a minute is plenty.
const TOUCH_INTERVAL_MS = 60_000;

export type SessionGuard = {
  /** Throws `unauthorized` unless the session is live. */
  check(sessionId: string, now: Date): Promise<void>;
  /** Forget cached state (call after revoking). */
  evict(sessionId: string): void;
  clear(): void;
};

export function createSessionGuard(deps: Pick<AppDeps, 'db'>): SessionGuard {
  const cache = new Map<string, { live: boolean; until: number }>();
  // Bumped by every eviction. A check whose read started before an eviction must not cache
  // what it read: the revocation may have committed after that read, and caching "live"
  // would let the revoked session through until the entry expires.
  let generation = 0;
  return {
    async check(sessionId, now) {
      const t = now.getTime();
      const hit = cache.get(sessionId);
      if (hit && hit.until > Date.now()) {
        if (!hit.live) throw new AppError('unauthorized');
        return;
      }
      const readAt = generation;
      const s = await getSessionState(deps.db.pool, sessionId);
      const live = !!s && !s.revokedAt && !s.userDisabled;
      if (cache.size > 10_000) cache.clear();
      if (readAt === generation) cache.set(sessionId, { live, until: Date.now() + SESSION_CACHE_MS });
      if (!live) throw new AppError('unauthorized');
      if (s && t - Date.parse(s.lastSeenAt) > TOUCH_INTERVAL_MS) {
        await touchSession(deps.db.pool, sessionId, now);
      }
    },
    evict(sessionId) {
      generation++;
      cache.delete(sessionId);
    },
    clear() {
      generation++;
      cache.clear();
    },
  };
}

/** The one route that may authenticate by the access cookie: a GET that changes nothing. */
const COOKIE_ROUTE = `${SYNC_BASE_PATH}/stream`;

/**
 * The access token of a request: the `Authorization: Bearer` header, or — on the SSE
 * stream only — the HttpOnly `edc_at` cookie, because `EventSource` cannot send headers.
 *
 * Security (issue 11): a cookie rides along with any request the browser makes, including
 * a form another site submits, so accepting it on state-changing routes was a CSRF hole.
 * The stream answers only pokes that carry no data. A token in the URL (the former
 * `?access_token=`) is not accepted either: URLs end up in logs, history and proxies.
 */
export function bearerToken(c: Context<AppEnv>): string | undefined {
  const header = c.req.header('authorization');
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return m?.[1];
  }
  if (c.req.method === 'GET' && c.req.path === COOKIE_ROUTE) return getCookie(c, ACCESS_COOKIE);
  return undefined;
}

/** Verifies the access token and sets `c.get('auth')`; 401 otherwise. */
export function authenticate(
  deps: Pick<AppDeps, 'db' | 'config' | 'clock'>,
  guard: SessionGuard,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c);
    if (!token) throw new AppError('unauthorized');
    const now = deps.clock();
    const auth = await verifyAccessToken(token, deps.config, now);
    await guard.check(auth.sessionId, now);
    c.set('auth', auth);
    if (c.req.path.startsWith(`${SYNC_BASE_PATH}/`)) await noteSyncHealth(deps, c, auth.sessionId, now);
    await next();
  };
}

/**
 * Records the outbox size/age a client reports with each pull/push (SYNC_HEALTH_HEADERS)
 * on its session, so the desk can tell "no case yet" from "case stuck on a phone".
 * Telemetry: malformed values are ignored and a failed write never fails the sync.
 */
async function noteSyncHealth(
  deps: Pick<AppDeps, 'db'>,
  c: Context<AppEnv>,
  sessionId: string,
  now: Date,
): Promise<void> {
  const countText = c.req.header(SYNC_HEALTH_HEADERS.outboxCount);
  if (countText === undefined) return;
  const count = /^\d{1,9}$/.test(countText) ? Number(countText) : null;
  const oldestText = c.req.header(SYNC_HEALTH_HEADERS.outboxOldestAt);
  const oldest =
    oldestText && !Number.isNaN(Date.parse(oldestText)) ? new Date(oldestText).toISOString() : null;
  try {
    await recordSyncHealth(
      deps.db.pool,
      sessionId,
      { outboxCount: count, outboxOldestAt: count ? oldest : null },
      now,
    );
  } catch (err) {
    console.error('[sync-health] not recorded:', err instanceof Error ? err.message : err);
  }
}

/** 403 unless the caller has one of `roles`. */
export function requireRole(...roles: readonly Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.get('auth');
    if (!auth) throw new AppError('unauthorized');
    if (!roles.includes(auth.role)) throw new AppError('forbidden');
    await next();
  };
}

const backOffice: ReadonlySet<Role> = new Set(backOfficeRoles);

/** Agents, supervisors and admins see every region and every MID. */
export function isBackOffice(auth: Pick<AuthContext, 'role'>): boolean {
  return backOffice.has(auth.role);
}
