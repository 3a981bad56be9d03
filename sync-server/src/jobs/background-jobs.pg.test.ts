/**
 * The background jobs against real Postgres: the SLA monitor job escalates a case once
 * its deadline has passed on the (test) clock; an interval of 0 turns a job off; the
 * confirmation reminder goes out once per resolution, after 24 h, in each merchant's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCase, pushCasesHttp } from '../services/case-acceptance-fixtures.ts';
import { runConfirmationReminders } from '../services/confirmation-reminder.ts';
import { makeTestApp, STANDARD_USERS, seedDevice, type TestApp } from '../test/fixtures.ts';
import { startBackgroundJobs } from './background-jobs.ts';

describe('startBackgroundJobs (real Postgres)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await makeTestApp({
      now: '2026-03-02T04:00:00Z',
      // A second user of merchant1's MID who reads English.
      users: [...STANDARD_USERS, { username: 'merchant1en', role: 'merchant', mid: '000000000000001' }],
    });
    await t.db.pool.query(`UPDATE users SET locale = 'en' WHERE username = 'merchant1en'`);
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
        jobs: { slaMonitorIntervalMs: 60_000, webhookIntervalMs: 0, autoCloseIntervalMs: 0 },
        webhooks: t.deps.config.webhooks,
        autoCloseHours: 72,
      },
      { info: () => {}, error: () => {} },
    );
    try {
      expect(jobs.handles.webhooks).toBeUndefined();
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

  it("the confirmation reminder: once per resolution after 24 h, in each merchant's language, safe with parallel passes", async () => {
    const HOUR = 3_600_000;
    const fileAndResolve = async (serial: string, tid: string) => {
      // Fresh tokens: the test clock jumps by days.
      const tech = await t.login('tech1');
      const agent = await t.login('agent1');
      await seedDevice(t.db, { serialNumber: serial, tid, mid: '000000000000001', region: 'JKT' });
      const [c] = await pushCasesHttp(t, tech, [
        newCase({ serialNumber: serial, reportedAt: t.clock().toISOString() }),
      ]);
      for (const body of [
        { action: 'assign', assignee: 'agent1' },
        { action: 'start' },
        { action: 'resolve', rca: 'Adaptor', capa: 'Ganti' },
      ]) {
        expect((await t.request(`/api/cases/${c!.id}/transition`, { token: agent, json: body })).status).toBe(
          200,
        );
      }
      return c!;
    };
    const reminders = async (caseId: string) =>
      (
        await t.db.pool.query<{ recipient: string; title: string; url: string }>(
          `SELECT recipient, title, url FROM notifications WHERE case_id = $1 AND type = 'reminder' ORDER BY recipient`,
          [caseId],
        )
      ).rows;

    const t0 = t.clock().getTime();
    const a = await fileAndResolve('SN-JOB-2', 'TIDJOB02');
    const jobs = startBackgroundJobs(
      { db: t.db, clock: t.clock },
      {
        jobs: { slaMonitorIntervalMs: 0, webhookIntervalMs: 0, autoCloseIntervalMs: HOUR },
        webhooks: t.deps.config.webhooks,
        autoCloseHours: 72,
      },
      { info: () => {}, error: () => {} },
    );
    try {
      // 23 h after the resolution: too early.
      t.clock.set(new Date(t0 + 23 * HOUR));
      expect((await jobs.handles.confirmationReminder?.runNow())?.reminded).not.toContain(a.id);
      expect(await reminders(a.id)).toEqual([]);

      // Past 24 h, two instances' passes at once: ONE reminder per merchant user, each in their language.
      t.clock.set(new Date(t0 + 24 * HOUR + 60_000));
      const passes = await Promise.all(
        [0, 1].map(() => runConfirmationReminders(t.db, t.clock(), { autoCloseHours: 72 })),
      );
      expect(passes.flatMap((p) => p.reminded).filter((id) => id === a.id)).toHaveLength(1);
      expect(await reminders(a.id)).toEqual([
        {
          recipient: 'merchant1',
          title: `Mohon konfirmasi: ${a.caseNumber}`,
          url: `/merchant/cases/${a.id}`,
        },
        {
          recipient: 'merchant1en',
          title: `Please confirm: ${a.caseNumber}`,
          url: `/merchant/cases/${a.id}`,
        },
      ]);
      // Later passes leave it alone.
      t.clock.set(new Date(t0 + 48 * HOUR));
      expect((await jobs.handles.confirmationReminder?.runNow())?.reminded).not.toContain(a.id);
      expect(await reminders(a.id)).toHaveLength(2);

      // A resolution already due for auto-close (the server was down) gets no reminder: it is closed instead.
      const b = await fileAndResolve('SN-JOB-3', 'TIDJOB03');
      t.clock.set(new Date(t.clock().getTime() + 73 * HOUR));
      expect((await jobs.handles.confirmationReminder?.runNow())?.reminded).not.toContain(b.id);
      expect(await reminders(b.id)).toEqual([]);
      expect((await jobs.handles.autoClose?.runNow())?.closed).toContain(b.id);
    } finally {
      await jobs.stop();
    }
  });
});
