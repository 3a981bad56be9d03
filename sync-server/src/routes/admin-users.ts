/**
 * `/api/admin/users` and `/api/admin/sessions` (admin only): user management and
 * device-session revocation. Changing who a user is (role, regions, MID, password,
 * disabled) revokes their sessions, because access tokens carry those claims.
 */
import {
  type AdminSession,
  type AdminUser,
  AppError,
  createUserRequestSchema,
  sessionsQuerySchema,
  updateUserRequestSchema,
  uuidSchema,
} from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { withActor } from '../db/audit.ts';
import { uniqueViolation } from '../db/pool.ts';
import { listSessions, revokeSession, revokeUserSessions, type SessionListRow } from '../db/sessions.ts';
import { findUserByUsername, getUser, insertUser, listUsers, type UserRow, updateUser } from '../db/users.ts';
import { requireRole, type SessionGuard } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';
import { hashPassword } from '../services/auth.ts';
import { checkPassword } from '../services/password-policy.ts';

function toAdminUser(u: UserRow): AdminUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    regions: u.regions,
    ...(u.mid ? { mid: u.mid } : {}),
    ...(u.team ? { team: u.team } : {}),
    ...(u.ladderTitle ? { ladderTitle: u.ladderTitle } : {}),
    disabled: u.disabled,
    ...(u.lockedUntil ? { lockedUntil: u.lockedUntil } : {}),
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

function toAdminSession(s: SessionListRow): AdminSession {
  return {
    id: s.id,
    userId: s.userId,
    username: s.username,
    label: s.label,
    ...(s.ip ? { ip: s.ip } : {}),
    ...(s.userAgent ? { userAgent: s.userAgent } : {}),
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    expiresAt: s.expiresAt,
    ...(s.revokedAt ? { revokedAt: s.revokedAt } : {}),
    ...(s.revokedReason ? { revokedReason: s.revokedReason } : {}),
    ...(s.lastSyncAt ? { lastSyncAt: s.lastSyncAt } : {}),
    ...(s.outboxCount !== null ? { outboxCount: s.outboxCount } : {}),
    ...(s.outboxOldestAt ? { outboxOldestAt: s.outboxOldestAt } : {}),
  };
}

const idParam = z.object({ id: uuidSchema });

/** 422 `weak_password` with zxcvbn's reason unless `password` is hard to guess for this account. */
async function requireStrongPassword(password: string, context: readonly string[]): Promise<void> {
  const verdict = await checkPassword(password, context);
  if (!verdict.ok) {
    throw new AppError('weak_password', verdict.warning, {
      warning: verdict.warning,
      suggestions: verdict.suggestions,
      score: verdict.score,
    });
  }
}

export function adminUserRoutes(
  deps: Pick<AppDeps, 'db' | 'config' | 'clock'>,
  guard: SessionGuard,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/users/*', requireRole('admin'));
  app.use('/users', requireRole('admin'));
  app.use('/sessions/*', requireRole('admin'));
  app.use('/sessions', requireRole('admin'));

  app.get('/users', async (c) => {
    const users = await listUsers(deps.db.pool);
    return c.json(users.map(toAdminUser), 200);
  });

  app.post('/users', zValidator('json', createUserRequestSchema, zodHook), async (c) => {
    const body = c.req.valid('json');
    if (await findUserByUsername(deps.db.pool, body.username)) {
      throw new AppError('conflict', 'username taken', { field: 'username' });
    }
    await requireStrongPassword(body.password, [body.username, body.displayName]);
    const passwordHash = await hashPassword(body.password, deps.config);
    try {
      const user = await withActor(deps.db, c.get('auth').username, (db) =>
        insertUser(
          db,
          {
            username: body.username,
            displayName: body.displayName,
            passwordHash,
            role: body.role,
            regions: body.regions,
            mid: body.role === 'merchant' ? body.mid : undefined,
            team: body.team,
            ladderTitle: body.ladderTitle,
          },
          deps.clock(),
        ),
      );
      return c.json(toAdminUser(user), 201);
    } catch (err) {
      if (uniqueViolation(err) !== undefined)
        throw new AppError('conflict', 'username taken', { field: 'username' });
      throw err;
    }
  });

  app.patch(
    '/users/:id',
    zValidator('param', idParam, zodHook),
    zValidator('json', updateUserRequestSchema, zodHook),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const now = deps.clock();
      if (body.password) {
        const target = await getUser(deps.db.pool, id);
        if (!target) throw new AppError('not_found');
        await requireStrongPassword(body.password, [target.username, body.displayName ?? target.displayName]);
      }
      const passwordHash = body.password ? await hashPassword(body.password, deps.config) : undefined;
      const { user, revoked } = await withActor(deps.db, c.get('auth').username, async (client) => {
        const before = await getUser(client, id);
        if (!before) throw new AppError('not_found');
        const role = body.role ?? before.role;
        const mid = body.mid === undefined ? before.mid : body.mid;
        if (role === 'merchant' && !mid) throw new AppError('invalid_body', 'a merchant user needs a mid');
        // Security: an admin cannot lock themselves out by demoting or disabling their
        // own account (there may be no other admin).
        if (id === c.get('auth').userId && ((body.role && body.role !== 'admin') || body.disabled === true)) {
          throw new AppError('conflict', 'cannot demote or disable yourself');
        }
        const after = await updateUser(
          client,
          id,
          {
            displayName: body.displayName,
            role: body.role,
            regions: body.regions,
            mid: body.mid,
            team: body.team,
            ladderTitle: body.ladderTitle,
            disabled: body.disabled,
            passwordHash,
          },
          now,
        );
        const changedIdentity =
          body.role !== undefined ||
          body.regions !== undefined ||
          body.mid !== undefined ||
          body.disabled === true ||
          passwordHash !== undefined;
        const revokedIds = changedIdentity ? await revokeUserSessions(client, id, 'user_changed', now) : [];
        return { user: after, revoked: revokedIds };
      });
      for (const sid of revoked) guard.evict(sid);
      if (!user) throw new AppError('not_found');
      return c.json(toAdminUser(user), 200);
    },
  );

  app.get('/sessions', zValidator('query', sessionsQuerySchema, zodHook), async (c) => {
    const q = c.req.valid('query');
    const rows = await listSessions(deps.db.pool, { userId: q.userId, activeOnly: q.active === 'true' });
    return c.json(rows.map(toAdminSession), 200);
  });

  app.post('/sessions/:id/revoke', zValidator('param', idParam, zodHook), async (c) => {
    const { id } = c.req.valid('param');
    const found = await revokeSession(deps.db.pool, id, 'admin', deps.clock());
    guard.evict(id);
    if (!found) throw new AppError('not_found');
    return c.json({ ok: true }, 200);
  });

  return app;
}
