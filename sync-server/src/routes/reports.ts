/**
 * `/api/reports/*` (back office only, DESIGN section 6): KPI summary, case CSV export and
 * the monthly management summary. Dates are Asia/Jakarta calendar dates, both ends
 * inclusive; no range means the last 30 days.
 */
import { backOfficeRoles, dateRangeQuerySchema, isoMonth } from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { requireRole } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';
import { buildMonthlyReport, buildSummary, caseCsvStream, reportRange } from '../services/reports.ts';

const monthQuery = z.object({ month: isoMonth });

export function reportRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Security: reports span every region and MID, so only the back office may read them.
  app.use('*', requireRole(...backOfficeRoles));

  app.get('/summary', zValidator('query', dateRangeQuerySchema, zodHook), async (c) => {
    const now = deps.clock();
    const range = reportRange(c.req.valid('query'), now);
    return c.json(await buildSummary(deps.db, range, now), 200);
  });

  app.get('/cases.csv', zValidator('query', dateRangeQuerySchema, zodHook), (c) => {
    const range = reportRange(c.req.valid('query'), deps.clock());
    return new Response(caseCsvStream(deps.db, range), {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="cases-${range.from}_${range.to}.csv"`,
        'cache-control': 'no-store',
      },
    });
  });

  app.get('/monthly', zValidator('query', monthQuery, zodHook), async (c) => {
    const { month } = c.req.valid('query');
    return c.json(await buildMonthlyReport(deps.db, month, deps.clock()), 200);
  });

  return app;
}
