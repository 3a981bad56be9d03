/**
 * The background jobs against real Postgres: the SLA monitor job escalates a case once
 * its deadline has passed on the (test) clock; an interval of 0 turns a job off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCase, pushCasesHttp } from '../services/case-acceptance-fixtures.ts';
import { makeTestApp, seedDevice, type TestApp } from '../test/fixtures.ts';
import { startBackgroundJobs } from './background-jobs.ts';

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

    const jobs = startBackgroundJobs(
      { db: t.db, clock: t.clock },
      {
        jobs: {
          slaMonitorIntervalMs: 60_000,
          webhookIntervalMs: 0,
          autoCloseIntervalMs: 0,
          pushIntervalMs: 1000,
          announcementIntervalMs: 0,
        },
        webhooks: t.deps.config.webhooks,
        autoCloseHours: 72,
        push: { vapid: null, allowedHosts: [] },
      },
      { info: () => {}, error: () => {} },
    );
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
