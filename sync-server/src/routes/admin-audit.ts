/**
 * `GET /api/admin/audit` (admin only): the audit log of master-data and user changes
 * (who, when, before/after), newest first; filter by entity or actor, page with `before`.
 */
import { auditQuerySchema } from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { listAudit } from '../db/audit.ts';
import { requireRole } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';

export function adminAuditRoutes(deps: Pick<AppDeps, 'db'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  app.get('/', zValidator('query', auditQuerySchema, zodHook), async (c) =>
    c.json(await listAudit(deps.db.pool, c.req.valid('query')), 200),
  );
  return app;
}
