/**
 * Announcements (DESIGN section 9):
 *   POST   /api/admin/announcements        (supervisor, admin) → 201 <announcement>
 *   GET    /api/admin/announcements        (back office) → AnnouncementStats[] (recipients, reads)
 *   DELETE /api/admin/announcements/{id}   (supervisor, admin) → withdrawn (`_deleted` replicates)
 *   POST   /api/announcements/{id}/read    (anyone it reaches) → the banner was dismissed
 * The documents themselves reach phones through the pull-only `announcements` collection;
 * the audience is notified at the start time by the due-announcements job.
 */
import { AppError, backOfficeRoles, createAnnouncementRequestSchema } from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../app-env.ts';
import {
  insertAnnouncement,
  listAnnouncementStats,
  markAnnouncementRead,
  withdrawAnnouncement,
} from '../db/announcements.ts';
import { requireRole } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';

const idParam = z.object({ id: z.uuid() });
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export function announcementAdminRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', requireRole(...backOfficeRoles), zValidator('query', listQuery, zodHook), async (c) => {
    return c.json(await listAnnouncementStats(deps.db.pool, c.req.valid('query').limit), 200);
  });

  app.post(
    '/',
    requireRole('supervisor', 'admin'),
    zValidator('json', createAnnouncementRequestSchema, zodHook),
    async (c) => {
      const body = c.req.valid('json');
      const now = deps.clock();
      const startsAt = body.startsAt ? new Date(body.startsAt) : now;
      const endsAt = body.endsAt ? new Date(body.endsAt) : null;
      if (endsAt && endsAt <= startsAt) {
        throw new AppError('invalid_body', undefined, [
          { path: 'endsAt', message: 'endsAt must be after startsAt' },
        ]);
      }
      const { doc } = await insertAnnouncement(deps.db.pool, {
        title: body.title,
        body: body.body,
        severity: body.severity,
        audience: body.audience,
        startsAt,
        endsAt,
        createdBy: c.get('auth').username,
        now,
      });
      return c.body(doc, 201, { 'content-type': 'application/json; charset=utf-8' });
    },
  );

  app.delete('/:id', requireRole('supervisor', 'admin'), zValidator('param', idParam, zodHook), async (c) => {
    const ok = await withdrawAnnouncement(deps.db.pool, c.req.valid('param').id, deps.clock());
    if (!ok) throw new AppError('not_found');
    return c.json({ ok: true as const }, 200);
  });

  return app;
}

export function announcementRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/:id/read', zValidator('param', idParam, zodHook), async (c) => {
    const ok = await markAnnouncementRead(
      deps.db.pool,
      c.req.valid('param').id,
      c.get('auth').userId,
      deps.clock(),
    );
    // Not found, withdrawn, or not addressed to the caller: all the same to them.
    if (!ok) throw new AppError('not_found');
    return c.json({ ok: true as const }, 200);
  });
  return app;
}
