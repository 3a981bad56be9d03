/**
 * `/api/admin/sla-calendars` (issue 15): business hours per priority class. Every back-office
 * role may read them (the desk shows them beside the catalogue); only an admin changes them.
 * `PUT` replaces all three; setting each to `{mode: "24x7"}` restores the behaviour before
 * calendars. Phones get the calendars with the catalogue (`sla_rules[].businessHours`).
 */
import { backOfficeRoles, slaCalendarsSchema } from '@edc/shared';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { readSlaCalendars, writeSlaCalendars } from '../db/sla-calendars.ts';
import { requireRole } from '../middleware/auth.ts';
import { zodHook } from '../middleware/validate.ts';

export function slaCalendarRoutes(deps: Pick<AppDeps, 'db' | 'clock'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', requireRole(...backOfficeRoles), async (c) =>
    c.json(await readSlaCalendars(deps.db.pool), 200),
  );
  app.put('/', requireRole('admin'), zValidator('json', slaCalendarsSchema, zodHook), async (c) => {
    const changed = await writeSlaCalendars(
      deps.db,
      c.req.valid('json'),
      c.get('auth').username,
      deps.clock(),
    );
    return c.json({ calendars: await readSlaCalendars(deps.db.pool), changed }, 200);
  });
  return app;
}
