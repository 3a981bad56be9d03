import { holidaySchema, slaRuleSchema } from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeTestApp, type TestApp } from '../test/fixtures.ts';

async function txidOf(t: TestApp, table: 'sla_rules' | 'holidays', id: string): Promise<bigint> {
  const { rows } = await t.db.pool.query<{ txid: string }>(`SELECT txid::text FROM ${table} WHERE id = $1`, [
    id,
  ]);
  return BigInt(rows[0]!.txid);
}

describe('admin master data: SLA catalogue and holidays (real Postgres)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-03-02T03:00:00Z' });
    admin = await t.login('admin1');
  });
  afterAll(async () => {
    await t?.close();
  });

  const newRule = {
    category: 'transaction_settlement',
    subcase: 'qris_refund_uji',
    label: 'Refund QRIS (uji)',
    caseType: 'complaint',
    responsibleUnit: 'Settlement Unit',
    priority: 'major',
    responseMinutes: 45,
    businessDays: 2,
  };

  it('lists the seeded catalogue', async () => {
    const res = await t.request('/api/admin/sla-rules', { token: admin });
    expect(res.status).toBe(200);
    const rules = z.array(slaRuleSchema).parse(await res.json());
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((r) => !r._deleted)).toBe(true);
  });

  it('creates, updates and soft-deletes a rule; every write re-stamps the txid so it replicates', async () => {
    const created = await t.request('/api/admin/sla-rules', { token: admin, json: newRule });
    expect(created.status).toBe(201);
    const rule = slaRuleSchema.parse(await created.json());
    expect(rule).toMatchObject({
      ...newRule,
      id: 'transaction_settlement:qris_refund_uji',
      active: true,
      _deleted: false,
    });
    expect((await t.request('/api/admin/sla-rules', { token: admin, json: newRule })).status).toBe(409);
    const tx1 = await txidOf(t, 'sla_rules', rule.id);

    const put = await t.request(`/api/admin/sla-rules/${rule.id}`, {
      token: admin,
      method: 'PUT',
      json: {
        label: 'Refund QRIS',
        caseType: 'complaint',
        responsibleUnit: 'Settlement Unit',
        priority: 'critical',
        responseMinutes: 30,
        hours: 8,
      },
    });
    expect(put.status).toBe(200);
    const updated = slaRuleSchema.parse(await put.json());
    expect(updated).toMatchObject({ priority: 'critical', hours: 8, responseMinutes: 30 });
    expect(updated.businessDays).toBeUndefined();
    const tx2 = await txidOf(t, 'sla_rules', rule.id);
    expect(tx2).toBeGreaterThan(tx1);

    expect(
      (await t.request(`/api/admin/sla-rules/${rule.id}`, { token: admin, method: 'DELETE' })).status,
    ).toBe(200);
    expect(
      (await t.request(`/api/admin/sla-rules/${rule.id}`, { token: admin, method: 'DELETE' })).status,
    ).toBe(404);
    const after = slaRuleSchema.parse(
      await (await t.request(`/api/admin/sla-rules/${rule.id}`, { token: admin })).json(),
    );
    expect(after).toMatchObject({ _deleted: true, active: false });
    expect(await txidOf(t, 'sla_rules', rule.id)).toBeGreaterThan(tx2);
    const live = z
      .array(slaRuleSchema)
      .parse(await (await t.request('/api/admin/sla-rules', { token: admin })).json());
    expect(live.find((r) => r.id === rule.id)).toBeUndefined();

    // Creating the same key again revives it.
    const revived = await t.request('/api/admin/sla-rules', { token: admin, json: newRule });
    expect(revived.status).toBe(201);
    expect(slaRuleSchema.parse(await revived.json())._deleted).toBe(false);
  });

  it.each([
    ['both targets', { ...newRule, subcase: 'x1', hours: 4 }],
    ['no target', { ...newRule, subcase: 'x2', businessDays: undefined }],
    ['unknown category', { ...newRule, category: 'coffee' }],
    ['zero response minutes', { ...newRule, subcase: 'x3', responseMinutes: 0 }],
  ])('rejects a rule with %s (400)', async (_name, body) => {
    expect((await t.request('/api/admin/sla-rules', { token: admin, json: body })).status).toBe(400);
  });

  it('PUT of an unknown rule is 404', async () => {
    const res = await t.request('/api/admin/sla-rules/other:nope', {
      token: admin,
      method: 'PUT',
      json: { caseType: 'x', responsibleUnit: 'y', priority: 'minor', responseMinutes: 10, businessDays: 1 },
    });
    expect(res.status).toBe(404);
  });

  it('holidays: add, rename, list by year, soft delete', async () => {
    const add = await t.request('/api/admin/holidays', {
      token: admin,
      json: { date: '2027-12-24', name: 'Cuti Bersama Natal' },
    });
    expect(add.status).toBe(201);
    expect(holidaySchema.parse(await add.json())).toMatchObject({
      id: '2027-12-24',
      date: '2027-12-24',
      _deleted: false,
    });
    const tx1 = await txidOf(t, 'holidays', '2027-12-24');
    const rename = await t.request('/api/admin/holidays', {
      token: admin,
      json: { date: '2027-12-24', name: 'Cuti Bersama' },
    });
    expect(rename.status).toBe(200);
    expect(await txidOf(t, 'holidays', '2027-12-24')).toBeGreaterThan(tx1);

    const list = z
      .array(holidaySchema)
      .parse(await (await t.request('/api/admin/holidays?year=2027', { token: admin })).json());
    expect(list.every((h) => h.date.startsWith('2027-'))).toBe(true);
    expect(list.find((h) => h.id === '2027-12-24')?.name).toBe('Cuti Bersama');

    expect(
      (await t.request('/api/admin/holidays/2027-12-24', { token: admin, method: 'DELETE' })).status,
    ).toBe(200);
    expect(
      (await t.request('/api/admin/holidays/2027-12-24', { token: admin, method: 'DELETE' })).status,
    ).toBe(404);
    const again = z
      .array(holidaySchema)
      .parse(await (await t.request('/api/admin/holidays?year=2027', { token: admin })).json());
    expect(again.find((h) => h.id === '2027-12-24')).toBeUndefined();
    expect(
      (await t.request('/api/admin/holidays', { token: admin, json: { date: '2027-02-30', name: 'x' } }))
        .status,
    ).toBe(400);
  });

  it.each(['agent1', 'supervisor1', 'tech1', 'merchant1'])(
    '%s may not edit master data (403)',
    async (username) => {
      const token = await t.login(username);
      expect((await t.request('/api/admin/sla-rules', { token })).status).toBe(403);
      expect(
        (await t.request('/api/admin/holidays', { token, json: { date: '2027-01-02', name: 'x' } })).status,
      ).toBe(403);
    },
  );
});
