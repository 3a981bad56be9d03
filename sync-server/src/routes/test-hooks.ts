/**
 * Test-only hooks, mounted at `/api/test` ONLY when the configuration says `TEST_HOOKS=true`
 * (refused with NODE_ENV=production by config.ts), and then only for admins:
 *   POST /api/test/auto-close {now, caseIds} → {closed}
 * runs one auto-close pass with an injected clock over the given cases, so an end-to-end
 * journey can show a resolution closing itself after AUTO_CLOSE_HOURS without waiting
 * three days, and without moving the clock of the whole server under other tests.
 *   POST /api/test/job-clock {aheadMs} → {aheadMs}
 * moves the clock of the background jobs (job-clock.ts) `aheadMs` ahead of the server
 * clock (0 puts it back), so a journey sees the scheduled SLA monitor escalate an overdue
 * case without waiting for the deadline in real time. Requests keep the server clock.
 */
import { AppError, isoDateTime, uuidSchema } from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { requireRole } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';
import { runAutoClose } from '../services/auto-close.ts';

/** At most a week ahead: enough for any SLA target a journey sets, and no more. */
const jobClockRequest = z
  .object({
    aheadMs: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3_600_000),
  })
  .strict();
const autoCloseRequest = z.object({ now: isoDateTime, caseIds: z.array(uuidSchema).min(1).max(50) }).strict();

export function testHookRoutes(deps: Pick<AppDeps, 'db' | 'config' | 'jobClock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireRole('admin'));
  app.post('/auto-close', zValidator('json', autoCloseRequest, zodHook), async (c) => {
    const { now, caseIds } = c.req.valid('json');
    const run = await runAutoClose(deps.db, new Date(now), {
      hours: deps.config.autoCloseHours,
      onlyIds: caseIds,
    });
    return c.json(run, 200);
  });
  app.post('/job-clock', zValidator('json', jobClockRequest, zodHook), (c) => {
    // A server started without its jobs' clock (tests' createApp) has nothing to move.
    if (!deps.jobClock) throw new AppError('not_found');
    const { aheadMs } = c.req.valid('json');
    deps.jobClock.setAhead(aheadMs);
    return c.json({ aheadMs }, 200);
  });
  return app;
}
