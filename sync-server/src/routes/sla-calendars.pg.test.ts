import {
  caseSchema,
  intakeResponseSchema,
  SYNC_BASE_PATH,
  slaCalendarsSchema,
  slaRuleSchema,
} from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeTestApp, seedMerchant, type TestApp } from '../test/fixtures.ts';

/** Jakarta wall-clock time → ISO instant (WIB is UTC+7 all year). */
const wib = (local: string) => new Date(`${local}+07:00`).toISOString();
const pullPage = z.object({ documents: z.array(z.unknown()) });

describe('SLA calendars (issue 15, real Postgres)', () => {
  let t: TestApp;
  let admin: string;
  let agent: string;
  let supervisor: string;

  beforeAll(async () => {
    // Monday 30 November 2026, 18:00 WIB: after office hours.
    t = await makeTestApp({ now: wib('2026-11-30T18:00') });
    [admin, agent, supervisor] = await Promise.all([
      t.login('admin1'),
      t.login('agent1'),
      t.login('supervisor1'),
    ]);
    for (const mid of ['730000000000001', '730000000000002', '730000000000003'])
      await seedMerchant(t.db, { mid });
  });
  afterAll(async () => {
    await t?.close();
  });

  const intake = async (mid: string) => {
    const res = await t.request('/api/intake/cases', {
      token: agent,
      json: {
        channel: 'phone',
        mid,
        description: 'Tanya cara cetak ulang struk',
        category: 'other',
        subcase: 'pertanyaan',
      },
    });
    expect(res.status).toBe(201);
    return intakeResponseSchema.parse(await res.json()).case;
  };
  const pulledRules = async () => {
    const res = await t.request(`${SYNC_BASE_PATH}/sla_rules/pull?limit=1000`, { token: agent });
    expect(res.status).toBe(200);
    return z.array(slaRuleSchema).parse(pullPage.parse(await res.json()).documents);
  };

  it('defaults: critical 24×7, major and minor 08:00–17:00; every back-office role reads them', async () => {
    const res = await t.request('/api/admin/sla-calendars', { token: agent });
    expect(res.status).toBe(200);
    expect(slaCalendarsSchema.parse(await res.json())).toEqual({
      critical: { mode: '24x7' },
      major: { mode: 'business_hours', startMinute: 480, endMinute: 1020 },
      minor: { mode: 'business_hours', startMinute: 480, endMinute: 1020 },
    });
    const merchant = await t.login('merchant1');
    expect((await t.request('/api/admin/sla-calendars', { token: merchant })).status).toBe(403);
  });

  it('the phone gets each rule with its priority’s calendar', async () => {
    const rules = await pulledRules();
    expect(rules.find((r) => r.id === 'other:pertanyaan')?.businessHours).toEqual({
      mode: 'business_hours',
      startMinute: 480,
      endMinute: 1020,
    });
    expect(rules.find((r) => r.priority === 'critical')?.businessHours).toEqual({ mode: '24x7' });
  });

  it('a minor case accepted after hours: both clocks start at the next opening', async () => {
    const c = await intake('730000000000001');
    expect(c).toMatchObject({ status: 'open', priority: 'minor' });
    expect(c.responseDueAt).toBe(wib('2026-12-01T10:00'));
    expect(c.dueAt).toBe(wib('2026-12-01T17:00'));
  });

  it('re-categorise recomputes with the new priority’s calendar, from acceptance', async () => {
    const c = await intake('730000000000003');
    const res = await t.request(`/api/cases/${c.id}/transition`, {
      token: supervisor,
      json: { action: 'recategorize', category: 'other', subcase: 'pertanyaan', priority: 'major' },
    });
    expect(res.status).toBe(200);
    const updated = caseSchema.parse(await res.json());
    // Major: 60 working minutes, 2 working days of 9 hours from Tuesday 08:00.
    expect(updated.responseDueAt).toBe(wib('2026-12-01T09:00'));
    expect(updated.dueAt).toBe(wib('2026-12-02T17:00'));
  });

  it.each([
    ['start after end', { mode: 'business_hours', startMinute: 1020, endMinute: 480 }],
    ['a window on 24×7', { mode: '24x7', startMinute: 480, endMinute: 1020 }],
    ['no window', { mode: 'business_hours' }],
    ['an unknown mode', { mode: 'weekdays' }],
  ])('refuses %s (400) and changes nothing', async (_name, minor) => {
    const res = await t.request('/api/admin/sla-calendars', {
      token: admin,
      method: 'PUT',
      json: { minor, major: { mode: '24x7' }, critical: { mode: '24x7' } },
    });
    expect(res.status).toBe(400);
    const now = slaCalendarsSchema.parse(
      await (await t.request('/api/admin/sla-calendars', { token: agent })).json(),
    );
    expect(now.minor.mode).toBe('business_hours');
  });

  it('only an admin changes them', async () => {
    const body = { minor: { mode: '24x7' }, major: { mode: '24x7' }, critical: { mode: '24x7' } };
    const res = await t.request('/api/admin/sla-calendars', { token: supervisor, method: 'PUT', json: body });
    expect(res.status).toBe(403);
  });

  it('switched to 24×7 (the behaviour before calendars): new cases, re-pulled rules', async () => {
    const before = await pulledRules();
    const res = await t.request('/api/admin/sla-calendars', {
      token: admin,
      method: 'PUT',
      json: { minor: { mode: '24x7' }, major: { mode: '24x7' }, critical: { mode: '24x7' } },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ changed: ['minor', 'major'] });
    const after = await pulledRules();
    const minorAfter = after.find((r) => r.id === 'other:pertanyaan');
    expect(minorAfter?.businessHours).toEqual({ mode: '24x7' });
    // Stamped again, so a phone past its old checkpoint pulls it.
    expect(minorAfter?.updatedAt).not.toBe(before.find((r) => r.id === 'other:pertanyaan')?.updatedAt);

    const c = await intake('730000000000002');
    expect(c.responseDueAt).toBe(wib('2026-11-30T20:00'));
    expect(c.dueAt).toBe(wib('2026-12-01T18:00'));
  });
});
