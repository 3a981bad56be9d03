/**
 * Bulk actions of the desk queue (issue 15) over HTTP: change team, close duplicates,
 * assign and internal note, each case answered on its own.
 */
import { bulkResultSchema, type Case, caseEventSchema, caseSchema, SYNC_BASE_PATH } from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newCase, pushCasesHttp } from '../services/case-acceptance-fixtures.ts';
import { makeTestApp, seedDevice, type TestApp } from '../test/fixtures.ts';

const MID_A = '000000000000001'; // merchant1
const CC = 'Customer Care - CC';
let t: TestApp;
const tokens: Record<string, string> = {};
let serial = 0;

/** A fresh device and an accepted case on it (replace_device / layar_rusak: major, MEM). */
async function openCase(): Promise<Case> {
  serial++;
  const sn = `SN-BULK-${serial}`;
  await seedDevice(t.db, { serialNumber: sn, tid: `TIDB${String(serial).padStart(4, '0')}`, mid: MID_A });
  const [c] = await pushCasesHttp(t, tokens.tech1!, [
    newCase({ serialNumber: sn, subcase: 'layar_rusak', reportedAt: t.clock().toISOString() }),
  ]);
  expect(c!.status).toBe('open');
  return c!;
}

async function bulk(body: unknown, token = tokens.agent1!) {
  const res = await t.request('/api/desk/cases/bulk', { token, json: body });
  return { status: res.status, body: await res.json() };
}

async function caseOf(id: string): Promise<Case> {
  const res = await t.request(`/api/cases/${id}`, { token: tokens.agent1 });
  expect(res.status).toBe(200);
  return caseSchema.parse(await res.json());
}

async function eventsOf(token: string, caseId: string) {
  const res = await t.request(`${SYNC_BASE_PATH}/case_events/pull?limit=1000`, { token });
  const docs = z.object({ documents: z.array(caseEventSchema) }).parse(await res.json()).documents;
  return docs.filter((e) => e.caseId === caseId);
}

beforeAll(async () => {
  t = await makeTestApp({ now: '2026-11-25T03:00:00.000Z' }); // Wednesday 10:00 WIB
  for (const u of ['tech1', 'merchant1', 'agent1', 'admin1']) tokens[u] = await t.login(u);
});
afterAll(async () => {
  await t?.close();
});

describe('bulk change team', () => {
  it('re-routes each open case with a recategorized event; a finished case is answered on its own', async () => {
    const [a, b, done] = [await openCase(), await openCase(), await openCase()];
    await t.request(`/api/cases/${done.id}/transition`, { token: tokens.agent1, json: { action: 'cancel' } });
    const { status, body } = await bulk({ action: 'team', ids: [a.id, b.id, done.id], team: CC });
    expect(status).toBe(200);
    expect(bulkResultSchema.parse(body)).toEqual({
      results: [
        { id: a.id, caseNumber: a.caseNumber, ok: true },
        { id: b.id, caseNumber: b.caseNumber, ok: true },
        { id: done.id, caseNumber: done.caseNumber, ok: false, reason: 'not_open' },
      ],
      ok: 2,
      failed: 1,
    });
    const moved = await caseOf(a.id);
    // The team changes; category, priority and deadlines stay (same rule, same acceptance).
    expect(moved).toMatchObject({
      responsibleUnit: CC,
      category: a.category,
      priority: a.priority,
      dueAt: a.dueAt,
    });
    const ev = (await eventsOf(tokens.agent1!, a.id)).find((e) => e.type === 'recategorized');
    expect(ev?.data).toMatchObject({
      from: { responsibleUnit: 'Merchant Operation - MEM' },
      to: { responsibleUnit: CC },
    });
  });

  it('refuses a unit that is no team, per case, and changes nothing', async () => {
    const a = await openCase();
    const { body } = await bulk({ action: 'team', ids: [a.id], team: 'Tim Fiktif' });
    expect(bulkResultSchema.parse(body).results).toEqual([
      { id: a.id, caseNumber: a.caseNumber, ok: false, reason: 'invalid_team' },
    ]);
    expect((await caseOf(a.id)).responsibleUnit).toBe(a.responsibleUnit);
  });
});

describe('bulk close duplicates', () => {
  it('cancels the duplicates with a note and a link to the survivor, refuses the survivor itself', async () => {
    const [survivor, d1, d2] = [await openCase(), await openCase(), await openCase()];
    const { status, body } = await bulk({
      action: 'close_duplicates',
      ids: [d1.id, survivor.id, d2.id, d1.id],
      survivorId: survivor.id,
    });
    expect(status).toBe(200);
    expect(bulkResultSchema.parse(body)).toEqual({
      results: [
        { id: d1.id, caseNumber: d1.caseNumber, ok: true },
        { id: survivor.id, caseNumber: survivor.caseNumber, ok: false, reason: 'is_survivor' },
        { id: d2.id, caseNumber: d2.caseNumber, ok: true },
      ],
      ok: 2,
      failed: 1,
    });
    expect((await caseOf(d1.id)).status).toBe('cancelled');
    expect((await caseOf(survivor.id)).status).toBe('open');
    // The merchant of the duplicate sees where it went (public note, link in data).
    const cancelled = (await eventsOf(tokens.merchant1!, d1.id)).find((e) => e.type === 'cancelled');
    expect(cancelled).toMatchObject({
      note: expect.stringContaining(survivor.caseNumber!),
      data: { duplicateOf: survivor.id, duplicateOfNumber: survivor.caseNumber },
    });
    // The survivor gets one internal note listing them, which the merchant never pulls.
    const agentNotes = (await eventsOf(tokens.agent1!, survivor.id)).filter((e) => e.type === 'comment');
    expect(agentNotes).toHaveLength(1);
    expect(agentNotes[0]).toMatchObject({ data: { internal: true } });
    expect(agentNotes[0]!.note).toContain(d1.caseNumber!);
    expect(agentNotes[0]!.note).toContain(d2.caseNumber!);
    expect((await eventsOf(tokens.merchant1!, survivor.id)).some((e) => e.type === 'comment')).toBe(false);
  });

  it.each([
    ['an unknown survivor', () => '00000000-0000-4000-8000-000000000000', 404],
    [
      'a finished survivor',
      async () => {
        const s = await openCase();
        await t.request(`/api/cases/${s.id}/transition`, {
          token: tokens.agent1,
          json: { action: 'cancel' },
        });
        return s.id;
      },
      409,
    ],
  ])('refuses %s as a whole (%s)', async (_name, survivorId, expected) => {
    const d = await openCase();
    const { status } = await bulk({
      action: 'close_duplicates',
      ids: [d.id],
      survivorId: await survivorId(),
    });
    expect(status).toBe(expected);
    expect((await caseOf(d.id)).status).toBe('open');
  });
});

describe('bulk assign and note; who may', () => {
  it('assigns each case and answers an unknown assignee per case', async () => {
    const a = await openCase();
    const ok = bulkResultSchema.parse(
      (await bulk({ action: 'assign', ids: [a.id], assignee: 'tech1' })).body,
    );
    expect(ok.ok).toBe(1);
    expect((await caseOf(a.id)).assignee).toBe('tech1');
    const bad = bulkResultSchema.parse(
      (await bulk({ action: 'assign', ids: [a.id], assignee: 'nobody' })).body,
    );
    expect(bad.results[0]).toMatchObject({ ok: false, reason: 'invalid_assignee' });
  });

  it('answers a case out of sight as not found and never names it', async () => {
    const { body } = await bulk({ action: 'note', ids: ['00000000-0000-4000-8000-00000000000a'], note: 'x' });
    expect(bulkResultSchema.parse(body).results).toEqual([
      { id: '00000000-0000-4000-8000-00000000000a', ok: false, reason: 'not_found' },
    ]);
  });

  it.each([
    ['a merchant', 'merchant1', 403],
    ['a technician', 'tech1', 403],
  ])('refuses %s', async (_name, user, expected) => {
    const a = await openCase();
    expect((await bulk({ action: 'note', ids: [a.id], note: 'x' }, tokens[user])).status).toBe(expected);
  });

  it.each([
    ['no ids', { action: 'note', ids: [], note: 'x' }],
    ['an unknown action', { action: 'delete', ids: ['00000000-0000-4000-8000-000000000000'] }],
    [
      'close duplicates without a survivor',
      { action: 'close_duplicates', ids: ['00000000-0000-4000-8000-000000000000'] },
    ],
  ])('refuses %s (400)', async (_name, body) => {
    expect((await bulk(body)).status).toBe(400);
  });
});
