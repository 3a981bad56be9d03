/**
 * `/api/desk/*` helpdesk extensions (issue 15), back office only:
 *   GET    /search?q=&limit=     → {q, hits: [{id, caseNumber}]} (full text, newest first)
 *   GET    /teams                → [{unit, members}] (responsible units of the catalogue)
 *   GET    /views                → the caller's saved views
 *   POST   /views {name, query}  → 201 saved view (same name replaces)
 *   DELETE /views/{id}           → 204 (own views only; 404 otherwise)
 *   GET    /macros               → canned replies
 *   POST   /macros, PUT /macros/{id}, DELETE /macros/{id} → supervisor, admin
 */
import {
  AppError,
  backOfficeRoles,
  deskSearchQuerySchema,
  macroRequestSchema,
  savedViewRequestSchema,
  searchTerms,
  uuidSchema,
} from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../app-env.ts';
import {
  deleteMacro,
  deleteView,
  insertMacro,
  listMacros,
  listSavedViews,
  listTeams,
  saveView,
  searchCases,
  updateMacro,
} from '../db/helpdesk.ts';
import { requireRole } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';

const idParam = z.object({ id: uuidSchema });

export function deskHelpdeskRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole(...backOfficeRoles));
  const supervisors = requireRole('supervisor', 'admin');

  app.get('/search', zValidator('query', deskSearchQuerySchema, zodHook), async (c) => {
    const { q, limit } = c.req.valid('query');
    return c.json({ q, hits: await searchCases(deps.db.pool, searchTerms(q), limit) }, 200);
  });

  app.get('/teams', async (c) => c.json(await listTeams(deps.db.pool), 200));

  app.get('/views', async (c) => c.json(await listSavedViews(deps.db.pool, c.get('auth').username), 200));
  app.post('/views', zValidator('json', savedViewRequestSchema, zodHook), async (c) => {
    return c.json(await saveView(deps.db.pool, c.get('auth').username, c.req.valid('json')), 201);
  });
  app.delete('/views/:id', zValidator('param', idParam, zodHook), async (c) => {
    if (!(await deleteView(deps.db.pool, c.get('auth').username, c.req.valid('param').id))) {
      throw new AppError('not_found');
    }
    return c.body(null, 204);
  });

  app.get('/macros', async (c) => c.json(await listMacros(deps.db.pool), 200));
  app.post('/macros', supervisors, zValidator('json', macroRequestSchema, zodHook), async (c) => {
    const body = c.req.valid('json');
    return c.json(await insertMacro(deps.db.pool, { ...body, createdBy: c.get('auth').username }), 201);
  });
  app.put(
    '/macros/:id',
    supervisors,
    zValidator('param', idParam, zodHook),
    zValidator('json', macroRequestSchema, zodHook),
    async (c) => {
      const found = await updateMacro(
        deps.db.pool,
        c.req.valid('param').id,
        c.req.valid('json'),
        deps.clock(),
      );
      if (!found) throw new AppError('not_found');
      return c.json(found, 200);
    },
  );
  app.delete('/macros/:id', supervisors, zValidator('param', idParam, zodHook), async (c) => {
    if (!(await deleteMacro(deps.db.pool, c.req.valid('param').id, deps.clock())))
      throw new AppError('not_found');
    return c.body(null, 204);
  });

  return app;
}
