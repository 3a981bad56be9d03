/**
 * `/api/admin/sla-rules` and `/api/admin/holidays` (admin only): the SLA catalogue and
 * holiday editor. Changes replicate to phones and desks through the normal `sla_rules` /
 * `holidays` collections; they apply to cases accepted afterwards (stored due dates of
 * existing cases are not recomputed, so a merchant's promised date never moves).
 */
import {
  AppError,
  createHolidayRequestSchema,
  createSlaRuleRequestSchema,
  holidaysQuerySchema,
  isoDate,
  safeText,
  updateSlaRuleRequestSchema,
} from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { withActor } from '../db/audit.ts';
import {
  getSlaRule,
  insertSlaRule,
  listHolidays,
  listSlaRules,
  softDeleteHoliday,
  softDeleteSlaRule,
  updateSlaRule,
  upsertHoliday,
} from '../db/master-data.ts';
import { requireRole } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';

const ruleIdParam = z.object({ id: safeText().min(3).max(200) });
const rulesQuery = z.object({ includeDeleted: z.enum(['true', 'false']).optional() });
const dateParam = z.object({ date: isoDate });

export function slaRuleAdminRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));

  app.get('/', zValidator('query', rulesQuery, zodHook), async (c) =>
    c.json(await listSlaRules(deps.db.pool, c.req.valid('query').includeDeleted === 'true'), 200),
  );

  app.get('/:id', zValidator('param', ruleIdParam, zodHook), async (c) => {
    const rule = await getSlaRule(deps.db.pool, c.req.valid('param').id);
    if (!rule) throw new AppError('not_found');
    return c.json(rule, 200);
  });

  app.post('/', zValidator('json', createSlaRuleRequestSchema, zodHook), async (c) => {
    const body = c.req.valid('json');
    const rule = await withActor(deps.db, c.get('auth').username, (db) =>
      insertSlaRule(db, body, deps.clock()),
    );
    if (!rule) throw new AppError('conflict', 'a rule with this category and subcase exists');
    return c.json(rule, 201);
  });

  app.put(
    '/:id',
    zValidator('param', ruleIdParam, zodHook),
    zValidator('json', updateSlaRuleRequestSchema, zodHook),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const rule = await withActor(deps.db, c.get('auth').username, (db) =>
        updateSlaRule(db, id, body, deps.clock()),
      );
      if (!rule) throw new AppError('not_found');
      return c.json(rule, 200);
    },
  );

  app.delete('/:id', zValidator('param', ruleIdParam, zodHook), async (c) => {
    const { id } = c.req.valid('param');
    if (!(await withActor(deps.db, c.get('auth').username, (db) => softDeleteSlaRule(db, id, deps.clock()))))
      throw new AppError('not_found');
    return c.json({ ok: true }, 200);
  });

  return app;
}

export function holidayAdminRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));

  app.get('/', zValidator('query', holidaysQuerySchema, zodHook), async (c) =>
    c.json(await listHolidays(deps.db.pool, c.req.valid('query').year), 200),
  );

  app.post('/', zValidator('json', createHolidayRequestSchema, zodHook), async (c) => {
    const body = c.req.valid('json');
    const { holiday, created } = await withActor(deps.db, c.get('auth').username, (db) =>
      upsertHoliday(db, body, deps.clock()),
    );
    return c.json(holiday, created ? 201 : 200);
  });

  app.delete('/:date', zValidator('param', dateParam, zodHook), async (c) => {
    const { date } = c.req.valid('param');
    if (
      !(await withActor(deps.db, c.get('auth').username, (db) => softDeleteHoliday(db, date, deps.clock())))
    )
      throw new AppError('not_found');
    return c.json({ ok: true }, 200);
  });

  return app;
}
