/**
 * `POST /api/desk/cases/bulk` (issue 15, back office): one action over many cases —
 * `assign`, `team` (re-route), `note` (internal), `close_duplicates` (into a surviving case).
 * Answers 200 `{results: [{id, caseNumber?, ok, reason?}], ok, failed}`: one answer per case,
 * in the order sent (duplicated ids once). Refused as a whole only when the request is
 * malformed (400) or the surviving case is unknown (404) or finished (409).
 */
import { backOfficeRoles, bulkRequestSchema } from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { requireRole } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';
import { bulkCases } from '../services/desk-bulk.ts';

export function deskBulkRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post(
    '/cases/bulk',
    requireRole(...backOfficeRoles),
    zValidator('json', bulkRequestSchema, zodHook),
    async (c) => c.json(await bulkCases(deps, c.get('auth'), c.req.valid('json')), 200),
  );
  return app;
}
