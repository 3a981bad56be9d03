import { classifySuggestionSchema, intakeResponseSchema, openCasesResponseSchema } from '@edc/shared';
import { computeSlaDates, DEFAULT_BUSINESS_CALENDARS, findSlaRule, holidayDateSet } from '@edc/shared/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHolidays, listSlaRules } from '../db/master-data.ts';
import { makeTestApp, seedDevice, seedMerchant, type TestApp } from '../test/fixtures.ts';

const MID = '700000000000001';

describe('intake and classify (real Postgres)', () => {
  let t: TestApp;
  let agent: string;

  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-03-03T03:00:00Z' }); // Tuesday 10:00 Jakarta
    agent = await t.login('agent1');
    await seedDevice(t.db, { serialNumber: 'SN-INT-1', tid: 'TIDI0001', mid: MID });
    await seedMerchant(t.db, { mid: '700000000000002' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const intake = (json: unknown, token = agent) => t.request('/api/intake/cases', { token, json });

  it('creates a case through the acceptance path: number, SLA dates, TID/MID from the device', async () => {
    const res = await intake({
      channel: 'phone',
      mid: MID,
      serialNumber: 'SN-INT-1',
      description: 'Layar EDC mati total sejak pagi',
      category: 'replace_device',
    });
    expect(res.status).toBe(201);
    const body = intakeResponseSchema.parse(await res.json());
    expect(body.suggestion).toBeUndefined();
    expect(body.case).toMatchObject({
      status: 'open',
      channel: 'phone',
      mid: MID,
      tid: 'TIDI0001',
      serialNumber: 'SN-INT-1',
      category: 'replace_device',
      createdBy: 'agent1',
      acceptedAt: '2026-03-03T03:00:00.000Z',
    });
    expect(body.case.caseNumber).toMatch(/^CASE-20260303-\d{5}$/);
    // The dates follow the catalogue rule of the case and the holiday table in the database
    // (the shared SLA function itself is table-tested in shared/src/domain/sla.test.ts).
    const rule = findSlaRule(
      await listSlaRules(t.db.pool, false),
      'replace_device',
      body.case.subcase,
      body.case.priority,
    );
    const sla = computeSlaDates({
      acceptedAt: new Date('2026-03-03T03:00:00.000Z'),
      rule,
      holidays: holidayDateSet(await listHolidays(t.db.pool, undefined)),
      priority: rule.priority,
      calendars: DEFAULT_BUSINESS_CALENDARS,
    });
    expect(body.case.responseDueAt).toBe(sla.responseDueAt.toISOString());
    expect(body.case.dueAt).toBe(sla.dueAt.toISOString());
    const { rows } = await t.db.pool.query<{ type: string }>(
      'SELECT type FROM case_events WHERE case_id = $1 ORDER BY type',
      [body.case.id],
    );
    expect(rows.map((r) => r.type)).toEqual(['accepted', 'submitted']);
  });

  it('a second complaint for the same terminal is rejected with the blocking case number (rule 2)', async () => {
    const res = await intake({
      channel: 'whatsapp',
      mid: MID,
      serialNumber: 'SN-INT-1',
      description: 'masih mati',
      category: 'replace_device',
    });
    expect(res.status).toBe(201);
    const body = intakeResponseSchema.parse(await res.json());
    expect(body.case).toMatchObject({ status: 'rejected', rejectReason: 'tid_mid_open' });
    expect(body.case.blockingCaseNumber).toMatch(/^CASE-20260303-/);
  });

  it('without a category the classifier suggests one and the case uses it', async () => {
    const res = await intake({
      channel: 'email',
      mid: '700000000000002',
      description: 'Dana settlement kemarin belum masuk ke rekening',
    });
    expect(res.status).toBe(201);
    const body = intakeResponseSchema.parse(await res.json());
    expect(body.suggestion).toBeDefined();
    expect(body.case.category).toBe(body.suggestion?.category);
    expect(body.case.priority).toBe(body.suggestion?.urgency);
    expect(body.case.status).toBe('open');
  });

  it('validates the request: intake channels only, a real MID, a description', async () => {
    expect((await intake({ channel: 'technician_app', mid: MID, description: 'x' })).status).toBe(400);
    expect((await intake({ channel: 'phone', mid: '123', description: 'x' })).status).toBe(400);
    expect((await intake({ channel: 'phone', mid: MID, description: '   ' })).status).toBe(400);
  });

  it('POST /api/classify answers a suggestion in the classify CLI shape', async () => {
    const res = await t.request('/api/classify', {
      token: agent,
      json: { text: 'kertas struk habis, minta kirim roll baru' },
    });
    expect(res.status).toBe(200);
    const s = classifySuggestionSchema.parse(await res.json());
    expect(s.confidence).toBeGreaterThanOrEqual(0);
    expect((await t.request('/api/classify', { token: agent, json: { text: '' } })).status).toBe(400);
  });

  it.each(['tech1', 'merchant1'])('%s may not use back-office intake (403)', async (username) => {
    const token = await t.login(username);
    expect(
      (await intake({ channel: 'phone', mid: MID, description: 'x', category: 'other' }, token)).status,
    ).toBe(403);
  });

  it('records the caller on the submitted event; a malformed caller is a 400 and stores nothing', async () => {
    const mid = '700000000000003';
    await seedMerchant(t.db, { mid });
    const bad = await intake({
      channel: 'phone',
      mid,
      description: 'Settlement gagal',
      category: 'transaction_settlement',
      callerName: 'Sari',
      callerPhone: 'nomor saya',
    });
    expect(bad.status).toBe(400);
    const none = await t.db.pool.query('SELECT 1 FROM cases WHERE mid = $1', [mid]);
    expect(none.rowCount).toBe(0);

    const res = await intake({
      channel: 'phone',
      mid,
      description: 'Settlement gagal',
      category: 'transaction_settlement',
      callerName: 'Sari Wulandari',
      callerPhone: '0812-3456-7890',
    });
    expect(res.status).toBe(201);
    const { case: c } = intakeResponseSchema.parse(await res.json());
    const { rows } = await t.db.pool.query<{ data: unknown }>(
      "SELECT data FROM case_events WHERE case_id = $1 AND type = 'submitted'",
      [c.id],
    );
    expect(rows[0]?.data).toEqual({ caller: { name: 'Sari Wulandari', phone: '+6281234567890' } });
  });

  it('duplicate guard: lists the open cases of the merchant, the same terminal first', async () => {
    const open = async (query: string, token = agent) =>
      t.request(`/api/intake/open-cases?${query}`, { token });
    const res = await open(`mid=${MID}&serialNumber=sn-int-1`);
    expect(res.status).toBe(200);
    const { cases } = openCasesResponseSchema.parse(await res.json());
    // The first test's case on SN-INT-1 is open (the second intake for it was rejected).
    expect(cases[0]).toMatchObject({
      tid: 'TIDI0001',
      serialNumber: 'SN-INT-1',
      sameTerminal: true,
      status: 'open',
    });
    expect(cases.every((c) => c.status !== 'rejected')).toBe(true);
    const other = openCasesResponseSchema.parse(await (await open('mid=700000000000009')).json());
    expect(other.cases).toEqual([]);
    expect((await open('mid=123')).status).toBe(400);
    expect((await open(`mid=${MID}`, await t.login('tech1'))).status).toBe(403);
  });
});
