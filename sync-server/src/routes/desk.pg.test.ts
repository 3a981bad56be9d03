import { randomUUID } from 'node:crypto';
import {
  problemsResponseSchema,
  SYNC_BASE_PATH,
  SYNC_HEALTH_HEADERS,
  syncHealthResponseSchema,
} from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, seedDevice, type TestApp } from '../test/fixtures.ts';

const H = 3_600_000;
const NOW = new Date('2026-03-02T04:00:00Z');
const ago = (h: number) => new Date(NOW.getTime() - h * H).toISOString();

let seq = 0;
async function seedAcceptedCase(
  t: TestApp,
  c: {
    serial?: string | null;
    tid: string;
    mid: string;
    acceptedAgoH: number;
    createdBy?: string;
    status?: string;
  },
) {
  seq++;
  await t.db.pool.query(
    `INSERT INTO cases (id, client_rev, status, case_number, category, description, channel, serial_number, tid, mid,
       reported_at, created_by, accepted_at, due_at, region)
     VALUES ($1, $2, $3, $4, 'replace_device', 'x', 'technician_app', $5, $6, $7, $8, $9, $8, $8, 'JKT')`,
    [
      randomUUID(),
      randomUUID(),
      c.status ?? 'closed',
      `CASE-20260301-${String(seq).padStart(5, '0')}`,
      c.serial ?? null,
      c.tid,
      c.mid,
      ago(c.acceptedAgoH),
      c.createdBy ?? 'tech2',
    ],
  );
  return `CASE-20260301-${String(seq).padStart(5, '0')}`;
}

describe('desk: sync health and problem candidates (real Postgres)', () => {
  let t: TestApp;
  let agent: string;

  beforeAll(async () => {
    t = await makeTestApp({ now: NOW });
    agent = await t.login('agent1');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sync health tells "no case yet" from "case stuck on a phone"', async () => {
    // Each login is a device session; the sync routes record the outbox headers on them.
    await t.login('tech1');
    await t.login('tech2');
    await t.db.pool.query(
      `UPDATE sessions s SET last_sync_at = $2, outbox_count = 2, outbox_oldest_at = $3
       FROM users u WHERE u.id = s.user_id AND u.username = $1`,
      ['tech1', ago(0.5), ago(5)],
    );
    await t.db.pool.query(
      `UPDATE sessions s SET last_sync_at = $2, outbox_count = 0, outbox_oldest_at = NULL
       FROM users u WHERE u.id = s.user_id AND u.username = $1`,
      ['tech2', ago(0.2)],
    );
    await seedDevice(t.db, { serialNumber: 'SN-H-1', tid: 'TIDH0001', mid: '500000000000001' });
    await seedAcceptedCase(t, {
      serial: 'SN-H-1',
      tid: 'TIDH0001',
      mid: '500000000000001',
      acceptedAgoH: 1,
      createdBy: 'tech2',
    });

    const res = await t.request('/api/desk/sync-health', { token: agent });
    expect(res.status).toBe(200);
    const body = syncHealthResponseSchema.parse(await res.json());
    const by = new Map(body.rows.map((r) => [r.username, r]));
    expect([...by.keys()]).toEqual(['tech1', 'tech2', 'tech3']);
    expect(by.get('tech1')).toMatchObject({
      state: 'stuck',
      outboxCount: 2,
      outboxOldestAt: ago(5),
      outboxOldestAgeMinutes: 300,
      lastSyncAt: ago(0.5),
    });
    expect(by.get('tech1')?.lastAcceptedCaseAt).toBeUndefined();
    expect(by.get('tech2')).toMatchObject({ state: 'ok', outboxCount: 0, lastAcceptedCaseAt: ago(1) });
    expect(by.get('tech3')).toMatchObject({ state: 'never', outboxCount: 0 });
    expect(by.get('tech3')?.lastSyncAt).toBeUndefined();
  });

  it('sync health follows what a phone reports in its x-outbox-* headers on a real pull', async () => {
    const tech3 = await t.login('tech3');
    const pull = (headers: Record<string, string>) =>
      t.request(`${SYNC_BASE_PATH}/holidays/pull?limit=1`, { token: tech3, headers });
    const tech3Row = async () => {
      const body = syncHealthResponseSchema.parse(
        await (await t.request('/api/desk/sync-health', { token: agent })).json(),
      );
      return body.rows.find((r) => r.username === 'tech3');
    };

    expect(
      (await pull({ [SYNC_HEALTH_HEADERS.outboxCount]: '4', [SYNC_HEALTH_HEADERS.outboxOldestAt]: ago(2) }))
        .status,
    ).toBe(200);
    expect(await tech3Row()).toMatchObject({
      state: 'stuck',
      outboxCount: 4,
      outboxOldestAt: ago(2),
      lastSyncAt: NOW.toISOString(),
    });

    // The phone gets signal, pushes, and reports an empty outbox.
    expect((await pull({ [SYNC_HEALTH_HEADERS.outboxCount]: '0' })).status).toBe(200);
    const drained = await tech3Row();
    expect(drained).toMatchObject({ state: 'ok', outboxCount: 0 });
    expect(drained?.outboxOldestAt).toBeUndefined();
  });

  it('problem candidates: terminals, merchants, models and areas with >= min cases in the window', async () => {
    const mid = '600000000000001';
    await seedDevice(t.db, { serialNumber: 'SN-P-1', tid: 'TIDP0001', mid, model: 'Model Rawan' });
    await seedDevice(t.db, { serialNumber: 'SN-P-2', tid: 'TIDP0002', mid, model: 'Model Rawan' });
    const recent: string[] = [];
    // SN-P-1: three recent cases (one a merchant complaint found by TID/MID), one too old.
    recent.push(await seedAcceptedCase(t, { serial: 'SN-P-1', tid: 'TIDP0001', mid, acceptedAgoH: 24 * 80 }));
    recent.push(await seedAcceptedCase(t, { serial: 'SN-P-1', tid: 'TIDP0001', mid, acceptedAgoH: 24 * 40 }));
    recent.push(await seedAcceptedCase(t, { serial: null, tid: 'TIDP0001', mid, acceptedAgoH: 24 * 2 }));
    await seedAcceptedCase(t, { serial: 'SN-P-1', tid: 'TIDP0001', mid, acceptedAgoH: 24 * 100 });
    // SN-P-2: two cases; below the terminal threshold but counts for merchant and model.
    recent.push(await seedAcceptedCase(t, { serial: 'SN-P-2', tid: 'TIDP0002', mid, acceptedAgoH: 24 * 10 }));
    recent.push(
      await seedAcceptedCase(t, {
        serial: 'SN-P-2',
        tid: 'TIDP0002',
        mid,
        acceptedAgoH: 24 * 5,
        status: 'open',
      }),
    );

    const res = await t.request('/api/desk/problems?days=90&min=3', { token: agent });
    expect(res.status).toBe(200);
    const body = problemsResponseSchema.parse(await res.json());
    const find = (kind: string, key: string) => body.candidates.find((c) => c.kind === kind && c.key === key);

    expect(find('terminal', 'SN-P-1')).toMatchObject({ count: 3, label: 'SN-P-1 / TID TIDP0001' });
    expect(find('terminal', 'SN-P-1')?.latestCaseNumbers).toEqual([recent[2], recent[1], recent[0]]);
    expect(find('terminal', 'SN-P-2')).toBeUndefined();
    expect(find('merchant', mid)?.count).toBe(5);
    expect(find('model', 'Model Rawan')?.count).toBe(5);
    expect(find('area', 'Jakarta (JKT)')?.count).toBeGreaterThanOrEqual(5);
    // Latest first, at most five.
    expect(find('merchant', mid)?.latestCaseNumbers).toEqual([
      recent[2],
      recent[4],
      recent[3],
      recent[1],
      recent[0],
    ]);

    // A longer window brings the old case in; a higher threshold drops the terminal.
    const wide = problemsResponseSchema.parse(
      await (await t.request('/api/desk/problems?days=120', { token: agent })).json(),
    );
    expect(wide.candidates.find((c) => c.kind === 'terminal' && c.key === 'SN-P-1')?.count).toBe(4);
    const strict = problemsResponseSchema.parse(
      await (await t.request('/api/desk/problems?min=4', { token: agent })).json(),
    );
    expect(strict.candidates.find((c) => c.kind === 'terminal' && c.key === 'SN-P-1')).toBeUndefined();
    expect((await t.request('/api/desk/problems?min=1', { token: agent })).status).toBe(400);
  });
});
