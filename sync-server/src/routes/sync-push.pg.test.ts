/**
 * Contract tests of the `cases` push and the pull scope (DESIGN section 5) through HTTP,
 * on a real Postgres.
 */

import { randomUUID } from 'node:crypto';
import { SYNC_BASE_PATH } from '@edc/shared';
import {
  computeSlaDates,
  DEFAULT_BUSINESS_CALENDARS,
  findSlaRule,
  holidayDateSet,
  jakartaDateOf,
} from '@edc/shared/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSlaRules, softDeleteHoliday, upsertHoliday } from '../db/master-data.ts';
import { newCase, pullAllHttp, pushCasesHttp } from '../services/case-acceptance-fixtures.ts';
import { makeTestApp, seedDevice, type TestApp } from '../test/fixtures.ts';

const NOW = '2026-11-25T03:00:00.000Z'; // Wednesday 10:00 in Jakarta
const MID_A = '000000000000001'; // merchant1
const MID_B = '000000000000002'; // merchant2

let t: TestApp;
let tokens: Record<string, string>;

const push = (token: string, docs: Record<string, unknown>[]) => pushCasesHttp(t, token, docs);
const pullAll = (token: string, collection: string) => pullAllHttp(t, token, collection);

beforeAll(async () => {
  t = await makeTestApp({ now: NOW });
  await seedDevice(t.db, {
    serialNumber: 'SN-A-1',
    tid: 'TIDA0001',
    mid: MID_A,
    samSerial: 'SAM-A-1',
    simSerial: '8962000000000000001',
  });
  await seedDevice(t.db, { serialNumber: 'SN-A-2', tid: 'TIDA0002', mid: MID_A });
  await seedDevice(t.db, { serialNumber: 'SN-A-3', tid: 'TIDA0003', mid: MID_A });
  await seedDevice(t.db, { serialNumber: 'SN-A-WH', tid: 'TIDA0009', mid: MID_A, status: 'in_warehouse' });
  await seedDevice(t.db, { serialNumber: 'SN-B-1', tid: 'TIDB0001', mid: MID_B, region: 'BDG' });
  tokens = {};
  for (const u of ['tech1', 'tech2', 'tech3', 'merchant1', 'merchant2', 'agent1'])
    tokens[u] = await t.login(u);
});

afterAll(async () => {
  await t?.close();
});

describe('cases push', () => {
  it('accepts a case with an official number and SLA dates, ignoring server-owned fields', async () => {
    const doc = newCase({
      serialNumber: 'sn-a-1 ', // normalized lookup
      // Mass assignment attempts: all ignored.
      status: 'closed',
      caseNumber: 'CASE-19990101-99999',
      serverRev: 42,
      createdBy: 'admin1',
      dueAt: '2030-01-01T00:00:00.000Z',
      acceptedAt: '2030-01-01T00:00:00.000Z',
      responsibleUnit: 'Hacker Unit',
      escalationLevel: 3,
      mid: MID_B,
      tid: 'TIDB0001',
    });
    doc.status = 'submitted';
    const [got] = await push(tokens.tech1!, [doc]);
    expect(got).toBeDefined();
    expect(got!.status).toBe('open');
    expect(got!.caseNumber).toMatch(/^CASE-20261125-\d{5}$/);
    expect(got!.serverRev).toBe(1);
    expect(got!.createdBy).toBe('tech1');
    expect(got!.escalationLevel).toBe(0);
    expect(got!.tid).toBe('TIDA0001');
    expect(got!.mid).toBe(MID_A);
    expect(got!.acceptedAt).toBe(NOW);
    const { rows } = await t.db.pool.query(`SELECT date FROM holidays`);
    const rule = findSlaRule([], 'replace_device', undefined);
    const due = computeSlaDates({
      acceptedAt: new Date(NOW),
      rule,
      holidays: holidayDateSet(rows),
      priority: rule.priority,
      calendars: DEFAULT_BUSINESS_CALENDARS,
    });
    expect(got!.responseDueAt).toBe(due.responseDueAt.toISOString());
    expect(got!.dueAt).toBe(due.dueAt.toISOString());
    expect(got!.responsibleUnit).not.toBe('Hacker Unit');
    expect(got!.caseType).toBeDefined();

    // Re-sent push: same answer, no second row or event.
    const [again] = await push(tokens.tech1!, [doc]);
    expect(again).toEqual(got);
    const counts = await t.db.pool.query<{ cases: string; events: string }>(
      `SELECT (SELECT count(*) FROM cases WHERE id = $1)::text AS cases,
              (SELECT count(*) FROM case_events WHERE case_id = $1)::text AS events`,
      [doc.id],
    );
    expect(counts.rows[0]).toEqual({ cases: '1', events: '2' });
    const accepted = await t.db.pool.query<{ data: unknown; actor: string }>(
      `SELECT data, actor FROM case_events WHERE case_id = $1 AND type = 'accepted'`,
      [doc.id],
    );
    expect(accepted.rows).toEqual([{ data: { caseNumber: got!.caseNumber }, actor: 'system' }]);

    // A different clientRev for the same id is a conflict: server doc unchanged.
    const [conflict] = await push(tokens.tech1!, [
      { ...doc, clientRev: randomUUID(), description: 'edited' },
    ]);
    expect(conflict).toEqual(got);
  });

  it('rejects a second case for a TID/MID with a blocking case, naming it, and keeps it rejected', async () => {
    const first = (await push(tokens.tech1!, [newCase({ serialNumber: 'SN-A-2' })]))[0]!;
    expect(first.status).toBe('open');
    // By SAM serial this time: same device, same TID/MID.
    const second = (await push(tokens.tech2!, [newCase({ serialNumber: 'SAM-A-1' })]))[0]!;
    const third = (await push(tokens.tech2!, [newCase({ serialNumber: 'SN-A-2' })]))[0]!;
    expect(third.status).toBe('rejected');
    expect(third.rejectReason).toBe('tid_mid_open');
    expect(third.blockingCaseNumber).toBe(first.caseNumber);
    expect(second.status).toBe('rejected');
    expect(second.rejectReason).toBe('tid_mid_open');

    const pulled = await pullAll(tokens.tech2!, 'cases');
    const again = pulled.find((d) => d.id === third.id);
    expect(again).toMatchObject({
      status: 'rejected',
      rejectReason: 'tid_mid_open',
      blockingCaseNumber: first.caseNumber,
    });
    const events = await pullAll(tokens.tech2!, 'case_events');
    expect(
      events
        .filter((e) => e.caseId === third.id)
        .map((e) => e.type)
        .sort(),
    ).toEqual(['rejected', 'submitted']);
  });

  it.each([
    ['unknown serial', 'tech1', 'SN-NOPE', 'device_not_found', undefined, ''],
    [
      'device not on operation (Table 2 rows 19/21), its TID/MID shown in the own region',
      'tech1',
      'SN-A-WH',
      'device_not_operational',
      'TIDA0009',
      MID_A,
    ],
    ['device of another region, nothing of it shown', 'tech1', 'SN-B-1', 'not_authorized', undefined, ''],
    [
      'another merchant’s terminal as not found, without its TID',
      'merchant1',
      'SN-B-1',
      'device_not_found',
      undefined,
      MID_A,
    ],
  ])('rejects %s', async (_label, user, serial, reason, tid, mid) => {
    const [got] = await push(tokens[user]!, [newCase({ serialNumber: serial, subcase: 'layar_rusak' })]);
    expect(got).toMatchObject({ status: 'rejected', rejectReason: reason, mid });
    expect(got!.tid).toBe(tid);
    expect(got!.caseNumber).toBeUndefined();
  });

  it('stores an invalid document with a UUID id as rejected/invalid', async () => {
    const [got] = await push(tokens.tech1!, [newCase({ category: 'nonsense', reportedAt: 'yesterday' })]);
    expect(got).toMatchObject({ status: 'rejected', rejectReason: 'invalid', createdBy: 'tech1' });
  });

  it('closing the blocking case lets a new case for that TID/MID through', async () => {
    const open = (await push(tokens.tech1!, [newCase({ serialNumber: 'SN-A-3' })]))[0]!;
    const blocked = (await push(tokens.tech1!, [newCase({ serialNumber: 'SN-A-3' })]))[0]!;
    expect(blocked.blockingCaseNumber).toBe(open.caseNumber);
    for (const [action, extra] of [
      ['start', {}],
      ['resolve', { rca: 'Adaptor rusak', capa: 'Ganti adaptor' }],
      ['close', {}],
    ] as const) {
      const res = await t.request(`/api/cases/${open.id}/transition`, {
        token: tokens.agent1!,
        json: { action, ...extra },
      });
      expect(res.status).toBe(200);
    }
    const next = (await push(tokens.tech1!, [newCase({ serialNumber: 'SN-A-3' })]))[0]!;
    expect(next.status).toBe('open');
    expect(next.caseNumber).not.toBe(open.caseNumber);
  });

  it('20 simultaneous pushes for one TID/MID: exactly one open, 19 rejected naming it', async () => {
    await seedDevice(t.db, { serialNumber: 'SN-RACE', tid: 'TIDRACE1', mid: MID_A });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        push(i % 2 ? tokens.tech1! : tokens.tech2!, [newCase({ serialNumber: 'SN-RACE' })]),
      ),
    );
    const all = results.flat();
    const open = all.filter((c) => c.status === 'open');
    expect(open).toHaveLength(1);
    const rejected = all.filter((c) => c.status === 'rejected');
    expect(rejected).toHaveLength(19);
    for (const r of rejected) {
      expect(r.rejectReason).toBe('tid_mid_open');
      expect(r.blockingCaseNumber).toBe(open[0]!.caseNumber);
    }
    const numbers = await t.db.pool.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM cases WHERE case_number IS NOT NULL GROUP BY case_number HAVING count(*) > 1',
    );
    expect(numbers.rows).toEqual([]);
  });

  it('gives each case of one push the deadlines of its own SLA rule', async () => {
    const subcases = ['edc_mati', 'serial_tidak_sesuai', 'layar_rusak', 'edc_mati'];
    const docs = subcases.map((subcase, i) => newCase({ serialNumber: `SN-MIX-${i}`, subcase }));
    for (let i = 0; i < subcases.length; i++) {
      await seedDevice(t.db, { serialNumber: `SN-MIX-${i}`, tid: `TIDMIX0${i}`, mid: MID_A });
    }
    const got = await push(tokens.tech1!, docs);
    const rules = await listSlaRules(t.db.pool, true);
    const { rows } = await t.db.pool.query(`SELECT date FROM holidays WHERE NOT deleted`);
    const expected = subcases.map((subcase) => {
      const rule = findSlaRule(rules, 'replace_device', subcase);
      const due = computeSlaDates({
        acceptedAt: new Date(NOW),
        rule,
        holidays: holidayDateSet(rows),
        priority: rule.priority,
        calendars: DEFAULT_BUSINESS_CALENDARS,
      });
      return [due.responseDueAt.toISOString(), due.dueAt.toISOString()];
    });
    expect(got.map((c) => [c.responseDueAt, c.dueAt])).toEqual(expected);
    // Three different rules (critical, minor, major): three different resolution targets.
    expect(new Set(expected.map((e) => e[1])).size).toBe(3);
  });

  it('applies SLA catalogue and holiday changes from the very next push (the cached catalogue is re-validated)', async () => {
    const expectedDue = async () => {
      const rules = await listSlaRules(t.db.pool, true);
      const { rows } = await t.db.pool.query(`SELECT date FROM holidays WHERE NOT deleted`);
      const rule = findSlaRule(rules, 'replace_device', 'layar_rusak');
      expect(rule).toHaveProperty('id'); // a catalogue row, not the built-in fallback
      return computeSlaDates({
        acceptedAt: new Date(NOW),
        rule,
        holidays: holidayDateSet(rows),
        priority: rule.priority,
        calendars: DEFAULT_BUSINESS_CALENDARS,
      }).dueAt.toISOString();
    };
    const pushFor = async (serial: string, tid: string) => {
      await seedDevice(t.db, { serialNumber: serial, tid, mid: MID_A });
      const [got] = await push(tokens.tech1!, [newCase({ serialNumber: serial, subcase: 'layar_rusak' })]);
      expect(got!.status).toBe('open');
      return got!.dueAt;
    };
    const first = await pushFor('SN-REF-1', 'TIDREF01');
    expect(first).toBe(await expectedDue());

    // A longer resolution target, written straight to the table (as an import or another
    // server instance would): the next push uses it.
    await t.db.pool.query(
      `UPDATE sla_rules SET business_days = business_days + 3 WHERE category = 'replace_device' AND subcase = 'layar_rusak' AND business_days IS NOT NULL`,
    );
    await t.db.pool.query(
      `UPDATE sla_rules SET hours = hours + 30 WHERE category = 'replace_device' AND subcase = 'layar_rusak' AND hours IS NOT NULL`,
    );
    const second = await pushFor('SN-REF-2', 'TIDREF02');
    expect(second).not.toBe(first);
    expect(second).toBe(await expectedDue());

    // A new holiday on the due date moves the due date again.
    const dueDay = jakartaDateOf(new Date(second!));
    await upsertHoliday(t.db.pool, { date: dueDay, name: 'Libur uji' }, new Date(NOW));
    const third = await pushFor('SN-REF-3', 'TIDREF03');
    expect(third).not.toBe(second);
    expect(third).toBe(await expectedDue());

    // Put the catalogue back for the other tests of this file.
    await softDeleteHoliday(t.db.pool, dueDay, new Date(NOW));
    await t.db.pool.query(
      `UPDATE sla_rules SET business_days = business_days - 3 WHERE category = 'replace_device' AND subcase = 'layar_rusak' AND business_days IS NOT NULL`,
    );
    await t.db.pool.query(
      `UPDATE sla_rules SET hours = hours - 30 WHERE category = 'replace_device' AND subcase = 'layar_rusak' AND hours IS NOT NULL`,
    );
    expect(await pushFor('SN-REF-4', 'TIDREF04')).toBe(first);
  });
});

describe('pull scope', () => {
  it('a merchant never receives another MID’s case or event', async () => {
    const bCase = (
      await push(tokens.agent1!, [
        newCase({ serialNumber: 'SN-B-1', channel: 'phone', category: 'paper_supply' }),
      ])
    )[0]!;
    expect(bCase.status).toBe('open');
    const m1Cases = await pullAll(tokens.merchant1!, 'cases');
    expect(m1Cases.length).toBeGreaterThan(0);
    expect(m1Cases.every((d) => d.mid === MID_A)).toBe(true);
    const m1Events = await pullAll(tokens.merchant1!, 'case_events');
    const m1Ids = new Set(m1Cases.map((d) => d.id));
    expect(m1Events.every((e) => m1Ids.has(String(e.caseId)))).toBe(true);
    expect(m1Events.some((e) => e.caseId === bCase.id)).toBe(false);
    const m2Cases = await pullAll(tokens.merchant2!, 'cases');
    expect(m2Cases.map((d) => d.id)).toEqual([bCase.id]);
    const m1Devices = await pullAll(tokens.merchant1!, 'devices');
    expect(m1Devices.every((d) => d.mid === MID_A)).toBe(true);
    const m1Merchants = await pullAll(tokens.merchant1!, 'merchants');
    expect(m1Merchants.map((m) => m.id)).toEqual([MID_A]);
  });

  it('technicians see their regions’ devices and blocking cases, plus their own', async () => {
    const jkt = await pullAll(tokens.tech1!, 'devices');
    expect(jkt.length).toBeGreaterThan(0);
    expect(jkt.every((d) => d.region === 'JKT')).toBe(true);
    const bdg = await pullAll(tokens.tech3!, 'devices');
    expect(bdg.map((d) => d.id)).toEqual(['SN-B-1']);
    // tech3 (BDG) sees the blocking BDG case filed by agent1, none of JKT's.
    const tech3Cases = await pullAll(tokens.tech3!, 'cases');
    expect(tech3Cases.length).toBeGreaterThan(0);
    expect(tech3Cases.every((c) => c.mid === MID_B)).toBe(true);
    const tech3Events = await pullAll(tokens.tech3!, 'case_events');
    const tech3Ids = new Set(tech3Cases.map((c) => c.id));
    expect(tech3Events.length).toBeGreaterThan(0);
    expect(tech3Events.every((e) => tech3Ids.has(String(e.caseId)))).toBe(true);
    // tech2 sees tech1's open JKT cases (blocking) but not tech1's rejected ones.
    const tech2Cases = await pullAll(tokens.tech2!, 'cases');
    const foreign = tech2Cases.filter((c) => c.createdBy !== 'tech2' && c._deleted === false);
    expect(foreign.length).toBeGreaterThan(0);
    expect(
      foreign.every((c) => c.status === 'open' || c.status === 'in_progress' || c.status === 'resolved'),
    ).toBe(true);
    const everything = await pullAll(tokens.agent1!, 'cases');
    expect(everything.length).toBeGreaterThan(tech2Cases.length);
    const holidays = await pullAll(tokens.merchant1!, 'holidays');
    expect(holidays.length).toBeGreaterThan(10);
  });

  it('a region case that stops blocking reaches other technicians as _deleted', async () => {
    await seedDevice(t.db, { serialNumber: 'SN-TOMB', tid: 'TIDTOMB1', mid: MID_A });
    const c = (await push(tokens.tech1!, [newCase({ serialNumber: 'SN-TOMB' })]))[0]!;
    // tech2 syncs to the end and holds the open case.
    const res = await t.request(`${SYNC_BASE_PATH}/cases/pull?limit=1000`, { token: tokens.tech2! });
    const first = (await res.json()) as {
      documents: { id: string; _deleted: boolean }[];
      checkpoint: { txid: string; id: string };
    };
    expect(first.documents.find((d) => d.id === c.id)?._deleted).toBe(false);
    const cancel = await t.request(`/api/cases/${c.id}/transition`, {
      token: tokens.agent1!,
      json: { action: 'cancel' },
    });
    expect(cancel.status).toBe(200);
    const next = await t.request(
      `${SYNC_BASE_PATH}/cases/pull?limit=1000&txid=${first.checkpoint.txid}&id=${first.checkpoint.id}`,
      { token: tokens.tech2! },
    );
    const later = (await next.json()) as { documents: { id: string; _deleted: boolean; status: string }[] };
    expect(later.documents.find((d) => d.id === c.id)).toMatchObject({ _deleted: true, status: 'cancelled' });
    // Its creator keeps seeing it, not deleted.
    const own = await pullAll(tokens.tech1!, 'cases');
    expect(own.find((d) => d.id === c.id)).toMatchObject({ _deleted: false, status: 'cancelled' });
  });
});
