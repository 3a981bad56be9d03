/**
 * `/api/desk/*` management routes (issue 15, seed 001), back office only:
 *   GET    /figures?from=&to=                  → per-agent / per-team figures, complaints per day
 *   GET    /problem-records                    → problem records (newest activity first per status)
 *   POST   /problem-records {title, kind, key, caseNumbers} → 201 detail   (supervisor, admin)
 *   GET    /problem-records/{id}               → detail with the linked cases
 *   PATCH  /problem-records/{id} {title?, status?, rca?, workaround?} → detail (supervisor, admin)
 *   POST   /problem-records/{id}/cases {caseNumbers} → detail              (supervisor, admin)
 *   DELETE /problem-records/{id}/cases/{caseId} → 204                      (supervisor, admin)
 * Unknown case numbers refuse the whole request (400, `details.unknownCaseNumbers`), so a
 * typo never links half a list.
 */
import {
  AppError,
  backOfficeRoles,
  createProblemRequestSchema,
  dateRangeQuerySchema,
  linkCasesRequestSchema,
  MAX_FIGURE_DAYS,
  type ManagementFiguresResponse,
  type ProblemRecordDetail,
  updateProblemRequestSchema,
  uuidSchema,
} from '@edc/shared';
import { managementFigures } from '@edc/shared/domain';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../app-env.ts';
import {
  casesByNumber,
  figureCases,
  getProblem,
  insertProblem,
  linkCases,
  listProblems,
  problemCases,
  unlinkCase,
  updateProblem,
} from '../db/management.ts';
import { type Queryable, uniqueViolation, withTransaction } from '../db/pool.ts';
import { findUserByUsername } from '../db/users.ts';
import { requireRole } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';
import { reportRange } from '../services/reports.ts';

const idParam = z.object({ id: uuidSchema });
const linkParam = z.object({ id: uuidSchema, caseId: uuidSchema });

async function detail(db: Queryable, id: string): Promise<ProblemRecordDetail> {
  const p = await getProblem(db, id);
  if (!p) throw new AppError('not_found');
  return { ...p, cases: await problemCases(db, id) };
}

async function caseIdsOf(db: Queryable, numbers: readonly string[]): Promise<string[]> {
  const { ids, unknown } = await casesByNumber(db, numbers);
  if (unknown.length > 0)
    throw new AppError('invalid_body', 'unknown case numbers', { unknownCaseNumbers: unknown });
  return ids;
}

export function deskManagementRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/figures', requireRole(...backOfficeRoles));
  app.use('/problem-records', requireRole(...backOfficeRoles));
  app.use('/problem-records/*', requireRole(...backOfficeRoles));
  const supervisors = requireRole('supervisor', 'admin');

  app.get('/figures', zValidator('query', dateRangeQuerySchema, zodHook), async (c) => {
    const now = deps.clock();
    const range = reportRange(c.req.valid('query'), now);
    if (range.end.getTime() - range.start.getTime() > MAX_FIGURE_DAYS * 86_400_000)
      throw new AppError('invalid_query', 'range_too_long', [{ path: 'from', message: 'range_too_long' }]);
    const all = managementFigures(await figureCases(deps.db.pool, range.start, range.end), range, now);
    const auth = c.get('auth');
    // Security: an agent sees their own row and their own team's, not their colleagues'.
    const own = auth.role === 'agent';
    const team = own ? ((await findUserByUsername(deps.db.pool, auth.username))?.team ?? null) : null;
    const body: ManagementFiguresResponse = {
      range: { from: range.from, to: range.to },
      generatedAt: now.toISOString(),
      scope: own ? 'own' : 'all',
      agents: own ? all.agents.filter((r) => r.key === auth.username) : all.agents,
      teams: own ? all.teams.filter((r) => team !== null && r.key === team) : all.teams,
      complaintsPerDay: all.complaintsPerDay,
      complaintsMeanPerDay: all.complaintsMeanPerDay,
    };
    return c.json(body, 200);
  });

  app.get('/problem-records', async (c) => c.json(await listProblems(deps.db.pool), 200));

  app.post(
    '/problem-records',
    supervisors,
    zValidator('json', createProblemRequestSchema, zodHook),
    async (c) => {
      const body = c.req.valid('json');
      const by = c.get('auth').username;
      const now = deps.clock();
      try {
        const record = await withTransaction(deps.db, async (client) => {
          const ids = await caseIdsOf(client, body.caseNumbers);
          const id = await insertProblem(
            client,
            { title: body.title, kind: body.kind, key: body.key, createdBy: by },
            now,
          );
          await linkCases(client, id, ids, by, now);
          return detail(client, id);
        });
        return c.json(record, 201);
      } catch (err) {
        if (uniqueViolation(err) !== undefined)
          throw new AppError('conflict', 'an open problem record exists for this candidate', {
            field: 'key',
          });
        throw err;
      }
    },
  );

  app.get('/problem-records/:id', zValidator('param', idParam, zodHook), async (c) =>
    c.json(await detail(deps.db.pool, c.req.valid('param').id), 200),
  );

  app.patch(
    '/problem-records/:id',
    supervisors,
    zValidator('param', idParam, zodHook),
    zValidator('json', updateProblemRequestSchema, zodHook),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await updateProblem(deps.db.pool, id, c.req.valid('json'), deps.clock())))
        throw new AppError('not_found');
      return c.json(await detail(deps.db.pool, id), 200);
    },
  );

  app.post(
    '/problem-records/:id/cases',
    supervisors,
    zValidator('param', idParam, zodHook),
    zValidator('json', linkCasesRequestSchema, zodHook),
    async (c) => {
      const { id } = c.req.valid('param');
      const record = await withTransaction(deps.db, async (client) => {
        if (!(await getProblem(client, id))) throw new AppError('not_found');
        const ids = await caseIdsOf(client, c.req.valid('json').caseNumbers);
        await linkCases(client, id, ids, c.get('auth').username, deps.clock());
        return detail(client, id);
      });
      return c.json(record, 200);
    },
  );

  app.delete(
    '/problem-records/:id/cases/:caseId',
    supervisors,
    zValidator('param', linkParam, zodHook),
    async (c) => {
      const { id, caseId } = c.req.valid('param');
      if (!(await unlinkCase(deps.db.pool, id, caseId, deps.clock()))) throw new AppError('not_found');
      return c.body(null, 204);
    },
  );

  return app;
}
