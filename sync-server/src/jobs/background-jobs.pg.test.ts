/**
 * The background jobs against real Postgres: the SLA monitor job escalates a case once
 * its deadline has passed on the (test) clock; an interval of 0 turns a job off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCase, pushCasesHttp } from '../services/case-acceptance-fixtures.ts';
import { makeTestApp, seedDevice, type TestApp } from '../test/fixtures.ts';
import { startBackgroundJobs } from './background-jobs.ts';

/** The jobs on `clock` with the given intervals (every other job off: interval 0), Web Push without VAPID keys. */
function startJobs(
  t: TestApp,
  clock: () => Date,
  intervals: { slaMonitorIntervalMs: number; pushIntervalMs?: number },
): ReturnType<typeof startBackgroundJobs> {
  return startBackgroundJobs(
    { db: t.db, clock },
    {
      jobs: {
        webhookIntervalMs: 0,
        autoCloseIntervalMs: 0,
        pushIntervalMs: 0,
        announcementIntervalMs: 0,
        ...intervals,
      },
      webhooks: t.deps.config.webhooks,
      autoCloseHours: 72,
      push: { vapid: null, allowedHosts: [] },
    },
    { info: () => {}, error: () => {} },
  );
}

describe('startBackgroundJobs (real Postgres)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-03-02T04:00:00Z' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the SLA monitor passes run on the server clock; webhooks off at interval 0', async () => {
    await seedDevice(t.db, {
      serialNumber: 'SN-JOB-1',
      tid: 'TIDJOB01',
      mid: '000000000000001',
      region: 'JKT',
    });
    const tech = await t.login('tech1');
    const [c] = await pushCasesHttp(t, tech, [
      newCase({ serialNumber: 'SN-JOB-1', reportedAt: t.clock().toISOString() }),
    ]);
    expect(c?.status).toBe('open');

    const jobs = startJobs(t, t.clock, { slaMonitorIntervalMs: 60_000, pushIntervalMs: 1000 });
    try {
      expect(jobs.handles.webhooks).toBeUndefined();
      // Web Push is off without VAPID keys, whatever its interval.
      expect(jobs.handles.push).toBeUndefined();
      expect(jobs.handles.announcements).toBeUndefined();
      // Before the deadline: nothing to escalate.
      expect((await jobs.handles.slaMonitor?.runNow())?.escalated).toEqual([]);
      // Past the response deadline (nobody responded): one escalation, on the server clock.
      t.clock.set(new Date(Date.parse(c!.responseDueAt!) + 60_000));
      const run = await jobs.handles.slaMonitor?.runNow();
      expect(run?.escalated.map((e) => [e.caseId, e.kind, e.level])).toEqual([[c!.id, 'response', 1]]);
    } finally {
      await jobs.stop();
    }
    expect(await jobs.handles.slaMonitor?.runNow()).toBeUndefined();
  });
});

describe("the jobs' clock moved by the test hook (TEST_HOOKS)", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-03-02T04:00:00Z', env: { TEST_HOOKS: 'true' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the scheduled SLA monitor escalates once the hook moves its clock past the deadline; requests keep the server clock', async () => {
    await seedDevice(t.db, {
      serialNumber: 'SN-JOB-2',
      tid: 'TIDJOB02',
      mid: '000000000000002',
      region: 'JKT',
    });
    const [tech, agent, admin] = [await t.login('tech1'), await t.login('agent1'), await t.login('admin1')];
    const [c] = await pushCasesHttp(t, tech, [
      newCase({ serialNumber: 'SN-JOB-2', reportedAt: t.clock().toISOString() }),
    ]);
    expect(c?.status).toBe('open');
    const clock = t.deps.jobClock;
    if (!c?.responseDueAt || !clock) throw new Error('no response deadline or no job clock');
    const level = async () =>
      (
        (await (await t.request(`/api/cases/${c.id}`, { token: agent })).json()) as {
          escalationLevel: number;
        }
      ).escalationLevel;
    const move = (token: string, aheadMs: number) =>
      t.request('/api/test/job-clock', { token, json: { aheadMs } });

    const jobs = startJobs(t, clock.now, { slaMonitorIntervalMs: 20 });
    try {
      // In step with the server: the deadline is ahead, a pass leaves the case alone.
      expect((await jobs.handles.slaMonitor?.runNow())?.escalated).toEqual([]);
      expect(await level()).toBe(0);
      // Admins only; no moving back before the server clock.
      expect((await move(agent, 1)).status).toBe(403);
      expect((await move(admin, -1)).status).toBe(400);

      const aheadMs = Date.parse(c.responseDueAt) + 1_000 - t.clock().getTime();
      const moved = await move(admin, aheadMs);
      expect(moved.status).toBe(200);
      expect(await moved.json()).toEqual({ aheadMs });
      expect(clock.now().getTime() - t.clock().getTime()).toBe(aheadMs);
      // The schedule's next pass (no runNow here) finds the breach on the jobs' clock.
      await expect.poll(level).toBe(1);
      // The server's own clock did not move: the case is still inside its deadline there.
      expect(t.clock().getTime()).toBeLessThan(Date.parse(c.responseDueAt));

      expect(await (await move(admin, 0)).json()).toEqual({ aheadMs: 0 });
      expect(clock.now().getTime()).toBe(t.clock().getTime());
    } finally {
      await jobs.stop();
    }
  });
});
