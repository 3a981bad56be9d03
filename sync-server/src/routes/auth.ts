/**
 * `/api/auth`: login, refresh (rotating), logout, me. Login/refresh/logout are public
 * (no access token needed); `me` is behind the auth middleware.
 */
import { AppError, loginRequestSchema, logoutRequestSchema, refreshRequestSchema } from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { type Context, Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { revokeSession } from '../db/sessions.ts';
import { getUser } from '../db/users.ts';
import { ACCESS_COOKIE, bearerToken, type SessionGuard } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';
import { login, logoutByRefreshToken, refresh, toPublicUser, verifyAccessToken } from '../services/auth.ts';
import { clientIp } from './client-ip.ts';

function setAccessCookie(c: Context<AppEnv>, deps: Pick<AppDeps, 'config'>, token: string): void {
  setCookie(c, ACCESS_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: deps.config.isProduction,
    path: '/api',
    maxAge: deps.config.accessTokenTtlSeconds,
  });
}

export function authRoutes(
  deps: Pick<AppDeps, 'db' | 'config' | 'clock'>,
  guard: SessionGuard,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/login', zValidator('json', loginRequestSchema, zodHook), async (c) => {
    const body = c.req.valid('json');
    const result = await login(deps, body, {
      ip: clientIp(c, deps.config.trustProxy),
      userAgent: c.req.header('user-agent') ?? null,
    });
    setAccessCookie(c, deps, result.accessToken);
    c.header('Cache-Control', 'no-store');
    return c.json(result, 200);
  });

  app.post('/refresh', zValidator('json', refreshRequestSchema, zodHook), async (c) => {
    const { refreshToken } = c.req.valid('json');
    try {
      const { sessionId: _sessionId, ...result } = await refresh(deps, refreshToken);
      setAccessCookie(c, deps, result.accessToken);
      c.header('Cache-Control', 'no-store');
      return c.json(result, 200);
    } catch (err) {
      if (err instanceof AppError && err.code === 'refresh_token_reused') {
        const details = err.details;
        if (typeof details === 'object' && details !== null && 'sessionId' in details) {
          guard.evict(String(details.sessionId));
        }
        // The session id is ours to know; the caller only learns that the family is dead.
        throw new AppError('refresh_token_reused');
      }
      throw err;
    }
  });

  // Logout accepts the access token (header/cookie) or the refresh token in the body, so
  // a client whose access token expired offline can still end its session.
  app.post('/logout', zValidator('json', logoutRequestSchema, zodHook), async (c) => {
    const { refreshToken } = c.req.valid('json');
    const now = deps.clock();
    let sessionId: string | undefined;
    if (refreshToken) {
      sessionId = await logoutByRefreshToken(deps, refreshToken);
    } else {
      const token = bearerToken(c);
      if (token) {
        const auth = await verifyAccessToken(token, deps.config, now);
        await revokeSession(deps.db.pool, auth.sessionId, 'logout', now);
        sessionId = auth.sessionId;
      }
    }
    deleteCookie(c, ACCESS_COOKIE, { path: '/api' });
    if (!sessionId) throw new AppError('unauthorized');
    guard.evict(sessionId);
    return c.json({ ok: true }, 200);
  });

  return app;
}

/** `GET /api/auth/me` (authenticated). */
export function meRoutes(deps: Pick<AppDeps, 'db'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/me', async (c) => {
    const auth = c.get('auth');
    const user = await getUser(deps.db.pool, auth.userId);
    if (!user) throw new AppError('unauthorized');
    return c.json(toPublicUser(user), 200);
  });
  return app;
}
