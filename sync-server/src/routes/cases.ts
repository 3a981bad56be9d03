/**
 * Case commands (DESIGN section 6), mounted at `/api/cases`:
 *   GET  /{id}                       → case document (scoped; 404 otherwise)
 *   GET  /by-number/{caseNumber}     → case document (scoped; 404 otherwise)
 *   POST /{id}/transition            → 200 case | 403 | 404 | 409
 *   POST /{id}/comments {note, internal?} → 201 comment event (internal: data.internal true)
 */
import { AppError, commentRequestSchema, transitionRequestSchema, uuidSchema } from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { getVisibleCase } from '../db/cases.ts';
import { zodHook } from '../middleware/validate.ts';
import { commentCase, transitionCase } from '../services/transitions.ts';

const CASE_NUMBER = /^CASE-\d{8}-\d{5,}$/;

/** Security: a malformed id is answered like a missing case (404), not a 400 that confirms the route shape matters. */
function caseId(value: string | undefined): string {
  const parsed = uuidSchema.safeParse(value);
  if (!parsed.success) throw new AppError('not_found');
  return parsed.data;
}

export function caseRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const json = (body: string, status: 200 | 201 = 200) =>
    new Response(body, { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

  app.get('/by-number/:caseNumber', async (c) => {
    const number = c.req.param('caseNumber');
    if (!CASE_NUMBER.test(number)) throw new AppError('not_found');
    // Security: out of scope and missing are the same 404.
    const found = await getVisibleCase(deps.db.pool, c.get('auth'), { caseNumber: number });
    if (!found) throw new AppError('not_found');
    return json(found.json);
  });

  app.get('/:id', async (c) => {
    const found = await getVisibleCase(deps.db.pool, c.get('auth'), { id: caseId(c.req.param('id')) });
    if (!found) throw new AppError('not_found');
    return json(found.json);
  });

  app.post('/:id/transition', zValidator('json', transitionRequestSchema, zodHook), async (c) => {
    const id = caseId(c.req.param('id'));
    return json(await transitionCase(deps, c.get('auth'), id, c.req.valid('json')));
  });

  app.post('/:id/comments', zValidator('json', commentRequestSchema, zodHook), async (c) => {
    const id = caseId(c.req.param('id'));
    const body = c.req.valid('json');
    const event = await commentCase(deps, c.get('auth'), id, body.note, body.internal ?? false);
    return c.json(event, 201);
  });

  return app;
}
