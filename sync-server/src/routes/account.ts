/**
 * `POST /api/auth/password` (every signed-in user): change one's own password. The current
 * password is required (a borrowed unlocked phone cannot take the account over); the new
 * one passes the same strength check as an admin's. Wrong current passwords are throttled
 * like logins (growing delay per account + IP, 429 with Retry-After). Every other session of the user is
 * revoked, the one making the change stays signed in. The audit log records it (as
 * "password changed", never the hash).
 */
import { AppError, changePasswordRequestSchema } from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { withActor } from '../db/audit.ts';
import { revokeOtherSessions } from '../db/sessions.ts';
import { getUser, updateUser } from '../db/users.ts';
import type { SessionGuard } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';
import { hashPassword, verifyCurrentPassword } from '../services/auth.ts';
import { checkPassword } from '../services/password-policy.ts';
import { clientIp } from './client-ip.ts';

export function accountRoutes(
  deps: Pick<AppDeps, 'db' | 'config' | 'clock'>,
  guard: SessionGuard,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/password', zValidator('json', changePasswordRequestSchema, zodHook), async (c) => {
    const auth = c.get('auth');
    const body = c.req.valid('json');
    const user = await getUser(deps.db.pool, auth.userId);
    if (!user || user.disabled) throw new AppError('unauthorized');
    // Throttled like a login of this account from this IP (429 + Retry-After).
    const ip = clientIp(c, deps.config.trustProxy);
    if (!(await verifyCurrentPassword(deps, user, body.currentPassword, ip))) {
      throw new AppError('wrong_password', 'the current password is not correct');
    }
    if (body.newPassword === body.currentPassword) {
      throw new AppError('invalid_body', 'the new password must differ from the current one', [
        { path: 'newPassword', message: 'same_as_current' },
      ]);
    }
    const verdict = await checkPassword(body.newPassword, [user.username, user.displayName]);
    if (!verdict.ok) {
      throw new AppError('weak_password', verdict.warning, {
        warning: verdict.warning,
        suggestions: verdict.suggestions,
        score: verdict.score,
      });
    }
    const passwordHash = await hashPassword(body.newPassword, deps.config);
    const now = deps.clock();
    const revoked = await withActor(deps.db, auth.username, async (client) => {
      await updateUser(client, auth.userId, { passwordHash }, now);
      return revokeOtherSessions(client, auth.userId, auth.sessionId, 'user_changed', now);
    });
    for (const sid of revoked) guard.evict(sid);
    return c.json({ ok: true as const, revokedSessions: revoked.length }, 200);
  });
  return app;
}
