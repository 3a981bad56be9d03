/**
 * `/api/intake/cases` (back office): record a complaint received by phone, e-mail,
 * WhatsApp or walk-in; `/api/classify`: the classifier's suggestion for the desk's form
 * while online (the client also runs the same model offline).
 */
import {
  backOfficeRoles,
  classifyRequestSchema,
  intakeRequestSchema,
  openCasesQuerySchema,
} from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { openCasesFor } from '../db/intake.ts';
import { requireRole } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';
import { intakeCase, suggestCategory } from '../services/intake.ts';

export function intakeRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole(...backOfficeRoles));

  // Rejection is data (DESIGN section 5): a refused intake is stored as `rejected` with
  // its reason, and answered 201 like an accepted one; the desk reads `case.status`.
  // Duplicate guard (issue 15): what is already open for this merchant / terminal.
  app.get('/open-cases', zValidator('query', openCasesQuerySchema, zodHook), async (c) => {
    const { mid, serialNumber } = c.req.valid('query');
    return c.json({ cases: await openCasesFor(deps.db.pool, mid, serialNumber) }, 200);
  });

  app.post('/cases', zValidator('json', intakeRequestSchema, zodHook), async (c) => {
    const result = await intakeCase(deps, c.get('auth'), c.req.valid('json'));
    return c.json(result, 201);
  });

  return app;
}

/** Mounted at `/api/classify`; every signed-in role may ask (merchants file complaints too). */
export function classifyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/', zValidator('json', classifyRequestSchema, zodHook), async (c) => {
    return c.json(await suggestCategory(c.req.valid('json').text), 200);
  });
  return app;
}
