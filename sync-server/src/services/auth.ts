/**
 * Authentication: argon2id passwords, short-lived JWT access tokens (HS256 via jose),
 * rotating opaque refresh tokens per device session, and login throttling.
 *
 * Security ordering of a login (each step before the next):
 *   1. per-IP failure window → 429 (cheap, stops spraying across accounts);
 *   2. growing delay per username + IP → 429 with the remaining wait (even for the right
 *      password). Keyed on the name as typed, never on the user row, so an unknown name
 *      is throttled exactly like a known one and the 429 tells nothing (issue 11); and
 *      per IP, so nobody can lock a user out from elsewhere, as the former 15-minute
 *      account lock let anyone do;
 *   3. password verify — also for unknown users (dummy hash), so timing and body are the
 *      same and usernames cannot be enumerated;
 *   4. disabled users fail like a wrong password.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { AppError, type LoginResponse, type PublicUser, type Role, roleSchema } from '@edc/shared';
import { hash, verify } from '@node-rs/argon2';
import { type CryptoKey as JoseCryptoKey, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { AuthContext } from '../auth-context.ts';
import type { Config } from '../config.ts';
import { type Db, withTransaction } from '../db/pool.ts';
import { insertSession, lockRefreshToken, revokeSession, rotateRefreshToken } from '../db/sessions.ts';
import {
  findUserByUsername,
  insertLoginAttempt,
  ipFailures,
  pairFailures,
  pruneLoginAttempts,
  type UserRow,
} from '../db/users.ts';
import { openSecret, sealSecret } from './secret-box.ts';

/** What login, refresh and logout need: the database, the configuration and the server clock. */
export type AuthDeps = { db: Db; config: Config; clock: () => Date };

const ISSUER = 'edc-sync-server';
const AUDIENCE = 'edc-pwa';

// ---- passwords -------------------------------------------------------------------------

export async function hashPassword(password: string, config: Pick<Config, 'argon2'>): Promise<string> {
  return hash(password, {
    memoryCost: config.argon2.memoryCost,
    timeCost: config.argon2.timeCost,
    parallelism: 1,
  });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // malformed hash: never a match
  }
}

const dummyHashes = new Map<string, Promise<string>>();
/** A real hash with the configured cost, verified for unknown users (equal timing). */
function dummyHash(config: Pick<Config, 'argon2'>): Promise<string> {
  const key = `${config.argon2.memoryCost}:${config.argon2.timeCost}`;
  let h = dummyHashes.get(key);
  if (!h) {
    h = hashPassword(randomBytes(16).toString('hex'), config);
    dummyHashes.set(key, h);
  }
  return h;
}

// ---- tokens ----------------------------------------------------------------------------

const claimsSchema = z.object({
  sub: z.string(),
  username: z.string(),
  role: roleSchema,
  regions: z.array(z.string()),
  mid: z.string().optional(),
  sid: z.string(),
});

// jose imports a raw Uint8Array secret into a WebCrypto key on EVERY sign/verify, which
// showed up as ~10% of server CPU under the push benchmark; import once per secret.
const hmacKeys = new Map<string, Promise<JoseCryptoKey>>();
function secretKey(config: Pick<Config, 'jwtSecret'>): Promise<JoseCryptoKey> {
  let key = hmacKeys.get(config.jwtSecret);
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(config.jwtSecret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    hmacKeys.set(config.jwtSecret, key);
  }
  return key;
}

export async function signAccessToken(auth: AuthContext, config: Config, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    username: auth.username,
    role: auth.role,
    regions: auth.regions,
    ...(auth.mid ? { mid: auth.mid } : {}),
    sid: auth.sessionId,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(auth.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + config.accessTokenTtlSeconds)
    .sign(await secretKey(config));
}

// Every sync request carries the same access token for its whole life (minutes), and an
// HMAC verify through WebCrypto was ~5% of server CPU under the push benchmark. A token
// that verified once with a secret verifies again with it; only time-dependent claims can
// change the outcome, so a hit re-checks exactly what jose checks against the clock
// (exp; nbf is never issued, such tokens are simply not cached). Session liveness is a
// separate check on every request (middleware/auth.ts), so revocation is unaffected.
type VerifiedToken = { secret: string; exp: number; auth: AuthContext };
const verifiedTokens = new Map<string, VerifiedToken>();
const VERIFIED_TOKENS_MAX = 10_000;

/** Verifies signature, issuer, audience and expiry (against the injected clock). */
export async function verifyAccessToken(token: string, config: Config, now: Date): Promise<AuthContext> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const hit = verifiedTokens.get(token);
  if (hit && hit.secret === config.jwtSecret) {
    // Same rule as jose: expired when exp <= now (seconds, no tolerance).
    if (hit.exp <= nowSeconds) throw new AppError('token_expired');
    // A copy: callers own their AuthContext, a shared one must never leak a mutation.
    return { ...hit.auth, regions: [...hit.auth.regions] };
  }
  try {
    const { payload } = await jwtVerify(token, await secretKey(config), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      currentDate: now,
      // Security (issue 11): jose checks `exp` only when present, so a token signed with our
      // key but without one would never expire. Every token we issue has both.
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    const c = claimsSchema.parse(payload);
    const auth: AuthContext = {
      userId: c.sub,
      username: c.username,
      role: c.role,
      regions: c.regions,
      ...(c.mid ? { mid: c.mid } : {}),
      sessionId: c.sid,
    };
    if (typeof payload.exp === 'number' && payload.nbf === undefined) {
      if (verifiedTokens.size >= VERIFIED_TOKENS_MAX) verifiedTokens.clear();
      verifiedTokens.set(token, {
        secret: config.jwtSecret,
        exp: payload.exp,
        auth: { ...auth, regions: [...auth.regions] },
      });
    }
    return auth;
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new AppError('token_expired');
    throw new AppError('unauthorized');
  }
}

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

// ---- login / refresh / logout ----------------------------------------------------------

export function toPublicUser(
  u: Pick<UserRow, 'id' | 'username' | 'role' | 'displayName' | 'mid' | 'regions'> &
    Partial<Pick<UserRow, 'team' | 'ladderTitle'>>,
): PublicUser {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    displayName: u.displayName,
    ...(u.mid ? { mid: u.mid } : {}),
    ...(u.regions.length ? { regions: u.regions } : {}),
    ...(u.team ? { team: u.team } : {}),
    ...(u.ladderTitle ? { ladderTitle: u.ladderTitle } : {}),
  };
}

function toAuth(
  u: { id: string; username: string; role: Role; regions: string[]; mid: string | null },
  sessionId: string,
): AuthContext {
  return {
    userId: u.id,
    username: u.username,
    role: u.role,
    regions: u.regions,
    ...(u.mid ? { mid: u.mid } : {}),
    sessionId,
  };
}

function refreshExpiry(config: Config, now: Date): Date {
  return new Date(now.getTime() + config.refreshTokenTtlDays * 86_400_000);
}

function tooManyRequests(retryAfterSeconds: number): AppError {
  return new AppError('too_many_requests', 'too many login attempts', {
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)),
  });
}

/** 429 while the growing delay of this username + IP runs (step 2 of a login). */
async function assertPairDelayOver(deps: AuthDeps, username: string, ip: string, now: Date): Promise<void> {
  const limits = deps.config.login;
  const pair = await pairFailures(
    deps.db.pool,
    username,
    ip,
    new Date(now.getTime() - limits.pairWindowSeconds * 1000),
  );
  const delay = loginDelaySeconds(pair.count, limits);
  if (delay > 0 && pair.lastAt) {
    const wait = Date.parse(pair.lastAt) + delay * 1000 - now.getTime();
    if (wait > 0) throw tooManyRequests(wait / 1000);
  }
}

/**
 * The current password of "change my password" (issue 15), throttled exactly like a login
 * of that account from that IP (same attempts, same growing delay, 429 with Retry-After),
 * so a signed-in session — a borrowed unlocked phone — is no unthrottled password oracle.
 * Failures and successes count for login too: guessing here or there is guessing.
 */
export async function verifyCurrentPassword(
  deps: AuthDeps,
  user: Pick<UserRow, 'username' | 'passwordHash'>,
  password: string,
  ip: string,
): Promise<boolean> {
  const now = deps.clock();
  await assertPairDelayOver(deps, user.username, ip, now);
  const ok = await verifyPassword(user.passwordHash, password);
  await insertLoginAttempt(deps.db.pool, { ip, username: user.username, success: ok }, now);
  return ok;
}

/**
 * Seconds to wait after the last failure, given `failures` consecutive failures of one
 * username from one IP: none for the first `freeFailures` (typos), then `base · 2^k`,
 * capped at `max`. Pure, so the schedule is a table test.
 */
export function loginDelaySeconds(failures: number, policy: Config['login']): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** doublings);
}

export type LoginInput = { username: string; password: string; deviceLabel?: string | undefined };
export type RequestMeta = { ip: string; userAgent: string | null };

export async function login(deps: AuthDeps, input: LoginInput, meta: RequestMeta): Promise<LoginResponse> {
  const { db, config } = deps;
  const now = deps.clock();
  const limits = config.login;

  // 1. Per-IP window.
  const windowStart = new Date(now.getTime() - limits.ipWindowSeconds * 1000);
  const ipState = await ipFailures(db.pool, meta.ip, windowStart);
  if (ipState.count >= limits.maxIpFailures) {
    const oldest = ipState.oldestAt ? Date.parse(ipState.oldestAt) : now.getTime();
    throw tooManyRequests((oldest + limits.ipWindowSeconds * 1000 - now.getTime()) / 1000);
  }

  // 2. Growing delay per username + IP.
  await assertPairDelayOver(deps, input.username, meta.ip, now);

  const user = await findUserByUsername(db.pool, input.username);

  // 3. Verify (dummy for unknown users).
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash(config)), input.password);
  if (!user || !ok || user.disabled) {
    await insertLoginAttempt(db.pool, { ip: meta.ip, username: input.username, success: false }, now);
    // Occasional housekeeping; the throttle only needs the last day.
    if (Math.random() < 0.01) {
      await pruneLoginAttempts(
        db.pool,
        new Date(now.getTime() - limits.pairWindowSeconds * 1000 - 3_600_000),
      );
    }
    throw new AppError('invalid_credentials');
  }

  await insertLoginAttempt(db.pool, { ip: meta.ip, username: user.username, success: true }, now);
  const refreshToken = newRefreshToken();
  const sessionId = await insertSession(
    db.pool,
    {
      userId: user.id,
      label: input.deviceLabel ?? '',
      ip: meta.ip,
      userAgent: meta.userAgent,
      expiresAt: refreshExpiry(config, now),
      tokenHash: hashRefreshToken(refreshToken),
    },
    now,
  );
  const accessToken = await signAccessToken(toAuth(user, sessionId), config, now);
  return { accessToken, refreshToken, user: toPublicUser(user) };
}

/**
 * Key sealing a rotated token's successor for the grace window: derived from the JWT
 * secret (whoever holds that can mint sessions anyway), so no new secret to manage.
 */
function successorKey(config: Pick<Config, 'jwtSecret'>): Buffer {
  return createHmac('sha256', config.jwtSecret).update('edc refresh successor v1').digest();
}

function openSuccessor(sealed: string | null, config: Pick<Config, 'jwtSecret'>): string | null {
  if (!sealed) return null;
  try {
    return openSecret(sealed, successorKey(config));
  } catch {
    // Sealed under an earlier JWT secret: no grace, treated as reuse.
    return null;
  }
}

/**
 * Rotates a refresh token. Presenting a token that was already rotated out means two
 * parties hold the family (one of them stole it): the whole session is revoked, so the
 * newest token and every access token of the session stop working too — unless it comes
 * within the grace window while the successor is unused (see below).
 */
export async function refresh(
  deps: AuthDeps,
  refreshToken: string,
): Promise<LoginResponse & { sessionId: string }> {
  const { db, config } = deps;
  const now = deps.clock();
  const oldHash = hashRefreshToken(refreshToken);
  const outcome = await withTransaction(db, async (client) => {
    const found = await lockRefreshToken(client, oldHash);
    if (!found) return { kind: 'unknown' as const };
    if (found.revokedAt) return { kind: 'revoked' as const };
    if (found.usedAt) {
      // Sessions across tabs (issue 11): the same token again within the grace window,
      // while its successor is still unused, is a second tab or a retry whose answer was
      // lost, not a thief: it gets the same new token. Later, or once the successor was
      // used, it is reuse and the whole session dies.
      const graceEnds = Date.parse(found.usedAt) + config.refreshGraceSeconds * 1000;
      const successor = now.getTime() < graceEnds ? openSuccessor(found.successorSealed, config) : null;
      if (successor && !found.user.disabled) return { kind: 'ok' as const, found, next: successor };
      await revokeSession(client, found.sessionId, 'refresh_token_reused', now);
      return { kind: 'reused' as const, sessionId: found.sessionId };
    }
    if (Date.parse(found.expiresAt) <= now.getTime()) {
      await revokeSession(client, found.sessionId, 'expired', now);
      return { kind: 'revoked' as const };
    }
    if (found.user.disabled) return { kind: 'revoked' as const };
    const next = newRefreshToken();
    await rotateRefreshToken(
      client,
      found.sessionId,
      oldHash,
      { hash: hashRefreshToken(next), sealed: sealSecret(next, successorKey(config)) },
      now,
      refreshExpiry(config, now),
    );
    return { kind: 'ok' as const, found, next };
  });
  if (outcome.kind === 'reused')
    throw new AppError('refresh_token_reused', undefined, { sessionId: outcome.sessionId });
  if (outcome.kind !== 'ok') throw new AppError('unauthorized');
  const { found, next } = outcome;
  const accessToken = await signAccessToken(toAuth(found.user, found.sessionId), config, now);
  return {
    accessToken,
    refreshToken: next,
    user: toPublicUser(found.user),
    sessionId: found.sessionId,
  };
}

/** Revokes the session of a refresh token; returns its id (undefined if unknown). */
export async function logoutByRefreshToken(
  deps: Pick<AuthDeps, 'db' | 'clock'>,
  refreshToken: string,
): Promise<string | undefined> {
  const now = deps.clock();
  return withTransaction(deps.db, async (client) => {
    const found = await lockRefreshToken(client, hashRefreshToken(refreshToken));
    if (!found) return undefined;
    await revokeSession(client, found.sessionId, 'logout', now);
    return found.sessionId;
  });
}
