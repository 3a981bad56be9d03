/**
 * `/api/desk/*` (back office only): SLA monitor, sync health per technician and problem
 * candidates (ITIL problem management, seed 001).
 */
import {
  backOfficeRoles,
  type DispatchTechnician,
  problemsQuerySchema,
  slaMonitorQuerySchema,
} from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { technicianLoad } from '../db/dispatch.ts';
import { requireRole } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';
import { listProblems, listSlaMonitor, listSyncHealth } from '../services/reports.ts';

export function deskRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole(...backOfficeRoles));

  app.get('/sla', zValidator('query', slaMonitorQuerySchema, zodHook), async (c) => {
    const now = deps.clock();
    const rows = await listSlaMonitor(deps.db, c.req.valid('query'), now);
    return c.json({ generatedAt: now.toISOString(), rows }, 200);
  });

  app.get('/sync-health', async (c) => {
    const now = deps.clock();
    return c.json({ generatedAt: now.toISOString(), rows: await listSyncHealth(deps.db, now) }, 200);
  });

  // Dispatch picker (DESIGN section 9): technicians with region, open jobs and last sync.
  app.get('/technicians', async (c) => {
    const rows = await technicianLoad(deps.db.pool);
    return c.json(
      {
        technicians: rows.map(
          (r): DispatchTechnician => ({
            username: r.username,
            displayName: r.display_name,
            regions: r.regions,
            openJobs: r.open_jobs,
            lastSyncAt: r.last_sync_at,
          }),
        ),
      },
      200,
    );
  });

  app.get('/problems', zValidator('query', problemsQuerySchema, zodHook), async (c) => {
    const q = c.req.valid('query');
    return c.json({ ...q, candidates: await listProblems(deps.db, q, deps.clock()) }, 200);
  });

  return app;
}
