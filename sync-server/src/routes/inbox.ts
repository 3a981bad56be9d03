/**
 * The notification inbox (DESIGN section 9), mounted at `/api/notifications`:
 *   POST /read {ids} → 200 {updated: Notification[]}: the caller's own, now read.
 * The rows themselves replicate through the pull-only `notifications` collection.
 */
import { notificationsReadRequestSchema } from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { markNotificationsRead } from '../db/notifications.ts';
import { zodHook } from '../middleware/validate.ts';

export function inboxRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/read', zValidator('json', notificationsReadRequestSchema, zodHook), async (c) => {
    const auth = c.get('auth');
    // Scope: only the caller's own rows change; anyone else's ids are silently ignored.
    const docs = await markNotificationsRead(
      deps.db.pool,
      auth.username,
      c.req.valid('json').ids,
      deps.clock(),
    );
    return c.body(`{"updated":[${docs.join(',')}]}`, 200, {
      'content-type': 'application/json; charset=utf-8',
    });
  });
  return app;
}
