/**
 * `/api/push` (any signed-in user, DESIGN section 9): the VAPID public key the browser
 * subscribes with, the caller's own subscriptions, and their push preferences per
 * notification type (`GET/PUT /preferences`). Endpoints must be an allowed push
 * service (`PUSH_ALLOWED_HOSTS`), else 422: the server POSTs to them.
 */
import {
  AppError,
  notificationTypes,
  type PushPreference,
  pushPreferencesUpdateSchema,
  pushSubscriptionRequestSchema,
  pushUnsubscribeRequestSchema,
  type VapidPublicKeyResponse,
} from '@edc/shared';
import { checkPushEndpoint, pushByDefault } from '@edc/shared/domain';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-env.ts';
import {
  deleteSubscription,
  listPushPreferences,
  savePushPreferences,
  upsertSubscription,
} from '../db/push.ts';
import { zodHook } from '../middleware/validate.ts';

export function pushRoutes(deps: Pick<AppDeps, 'db' | 'config' | 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/vapid-public-key', (c) => {
    const vapid = deps.config.push.vapid;
    if (!vapid) throw new AppError('not_found', 'Web Push is not configured on this server');
    return c.json({ publicKey: vapid.publicKey } satisfies VapidPublicKeyResponse, 200);
  });

  app.post('/subscriptions', zValidator('json', pushSubscriptionRequestSchema, zodHook), async (c) => {
    const body = c.req.valid('json');
    const check = checkPushEndpoint(body.endpoint, deps.config.push.allowedHosts);
    if (!check.ok) throw new AppError('push_endpoint_not_allowed', undefined, { reason: check.reason });
    const auth = c.get('auth');
    await upsertSubscription(deps.db.pool, {
      userId: auth.userId,
      sessionId: auth.sessionId,
      endpoint: body.endpoint,
      p256dh: body.keys.p256dh,
      auth: body.keys.auth,
      userAgent: c.req.header('user-agent') ?? null,
      now: deps.clock(),
    });
    return c.json({ ok: true as const }, 201);
  });

  app.delete('/subscriptions', zValidator('json', pushUnsubscribeRequestSchema, zodHook), async (c) => {
    const { endpoint } = c.req.valid('json');
    // Only the caller's own: another user's endpoint is simply not found.
    const deleted = await deleteSubscription(deps.db.pool, c.get('auth').userId, endpoint);
    return c.json({ ok: true as const, deleted }, 200);
  });

  const preferences = async (userId: string): Promise<PushPreference[]> => {
    const chosen = await listPushPreferences(deps.db.pool, userId);
    return notificationTypes.map((type) => {
      const push = chosen.get(type);
      return { type, push: push ?? pushByDefault(type), isDefault: push === undefined };
    });
  };

  app.get('/preferences', async (c) => c.json(await preferences(c.get('auth').userId), 200));

  app.put('/preferences', zValidator('json', pushPreferencesUpdateSchema, zodHook), async (c) => {
    const userId = c.get('auth').userId;
    await savePushPreferences(deps.db.pool, userId, c.req.valid('json').preferences, deps.clock());
    return c.json(await preferences(userId), 200);
  });

  return app;
}
