import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp, testConfig } from '../test/fixtures.ts';
import { DEMO_PASSWORD } from './demo-data.ts';
import { seedDemoIfEmpty } from './demo-seed.ts';

const NOW = new Date('2026-11-25T03:00:00.000Z');

describe('demo seeding', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ now: NOW, users: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('never seeds with a production config', async () => {
    const production = { ...testConfig(), isProduction: true, seedDemo: true };
    expect(await seedDemoIfEmpty(t.db, production, NOW)).toBeUndefined();
    expect(await seedDemoIfEmpty(t.db, { ...testConfig(), seedDemo: false }, NOW)).toBeUndefined();
    const { rows } = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    expect(rows[0]?.n).toBe(0);
  });

  it('seeds the full demo set on an empty database, once', async () => {
    // Two instances starting at once on an empty database: exactly one seeds.
    const results = await Promise.all([
      seedDemoIfEmpty(t.db, { ...t.deps.config, seedDemo: true }, NOW),
      seedDemoIfEmpty(t.db, { ...t.deps.config, seedDemo: true }, NOW),
    ]);
    const seeded = results.filter((r) => r !== undefined);
    expect(seeded).toHaveLength(1);
    const counts = seeded[0];
    const { rows } = await t.db.pool.query<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM merchants) AS merchants, (SELECT count(*)::int FROM devices) AS devices,
              (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM case_events) AS events,
              (SELECT count(DISTINCT status)::int FROM devices) AS device_statuses,
              (SELECT count(*)::int FROM cases WHERE region IS NULL AND mid <> '') AS cases_without_region`,
    );
    const r = rows[0] ?? {};
    expect(r).toMatchObject({
      merchants: counts?.merchants,
      devices: counts?.devices,
      cases: counts?.cases,
      events: counts?.events,
      device_statuses: 4,
      cases_without_region: 0,
    });
    expect(r.merchants).toBeGreaterThanOrEqual(2000);
    expect(r.devices).toBeGreaterThanOrEqual(5000);
    expect(r.cases).toBeGreaterThan(100);
    // A restart (or several instances starting at once) finds merchants and leaves
    // everything alone.
    const again = await Promise.all([
      seedDemoIfEmpty(t.db, { ...t.deps.config, seedDemo: true }, NOW),
      seedDemoIfEmpty(t.db, { ...t.deps.config, seedDemo: true }, NOW),
    ]);
    expect(again).toEqual([undefined, undefined]);
    expect(await seedDemoIfEmpty(t.db, { ...t.deps.config, seedDemo: true }, NOW)).toBeUndefined();
  });

  it('creates the demo users of DESIGN section 4, who log in with the demo password', async () => {
    for (const username of ['tech1', 'tech2', 'tech3', 'merchant1', 'agent1', 'supervisor1', 'admin1']) {
      const res = await t.loginFull(username, DEMO_PASSWORD);
      expect(res.user.username).toBe(username);
    }
    const tech3 = await t.loginFull('tech3', DEMO_PASSWORD);
    expect(tech3.user).toMatchObject({ role: 'technician', regions: ['BDG'] });
    const merchant = await t.loginFull('merchant1', DEMO_PASSWORD);
    const { rows } = await t.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM devices WHERE mid = $1',
      [merchant.user.mid],
    );
    expect(rows[0]?.n).toBeGreaterThan(0);
  });

  it('case numbers continue after the seeded history', async () => {
    const { rows } = await t.db.pool.query<{ day: string; last: number; max: string | null }>(
      `SELECT c.day, c.last, (SELECT max(case_number) FROM cases WHERE case_number LIKE
         'CASE-' || to_char(c.day, 'YYYYMMDD') || '-%') AS max
       FROM case_number_counters c ORDER BY day DESC LIMIT 1`,
    );
    const latest = rows[0];
    // toBeDefined would pass on SQL NULL (no seeded case that day).
    expect(latest?.max).toMatch(/^CASE-\d{8}-\d{5}$/);
    expect(Number(latest?.max?.slice(-5))).toBeLessThanOrEqual(latest?.last ?? 0);
  });
});
