import { adminSessionSchema, SYNC_BASE_PATH, SYNC_HEALTH_HEADERS } from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeTestApp, type TestApp } from '../test/fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ now: '2026-11-25T03:00:00.000Z' });
});
afterAll(async () => {
  await t.close();
});

async function sessionOf(userId: string) {
  const admin = await t.login('admin1');
  const res = await t.request(`/api/admin/sessions?userId=${userId}`, { token: admin });
  return z.array(adminSessionSchema).parse(await res.json())[0];
}

describe('sync health headers', () => {
  it('a pull with x-outbox-* headers records the outbox on the session', async () => {
    const tech = await t.loginFull('tech1');
    const before = await sessionOf(tech.user.id);
    expect(before?.lastSyncAt).toBeUndefined();

    t.clock.advance(60_000);
    const res = await t.request(`${SYNC_BASE_PATH}/holidays/pull?limit=1`, {
      token: tech.accessToken,
      headers: {
        [SYNC_HEALTH_HEADERS.outboxCount]: '3',
        [SYNC_HEALTH_HEADERS.outboxOldestAt]: '2026-11-25T01:30:00.000Z',
      },
    });
    expect(res.status).toBe(200);
    const after = await sessionOf(tech.user.id);
    expect(after).toMatchObject({
      outboxCount: 3,
      outboxOldestAt: '2026-11-25T01:30:00.000Z',
      lastSyncAt: '2026-11-25T03:01:00.000Z',
    });

    // Drained outbox: count 0, no oldest entry.
    await t.request(`${SYNC_BASE_PATH}/holidays/pull?limit=1`, {
      token: tech.accessToken,
      headers: { [SYNC_HEALTH_HEADERS.outboxCount]: '0' },
    });
    const drained = await sessionOf(tech.user.id);
    expect(drained?.outboxCount).toBe(0);
    expect(drained?.outboxOldestAt).toBeUndefined();
  });

  it('garbage header values are ignored, never an error', async () => {
    const tech = await t.loginFull('tech2');
    const res = await t.request(`${SYNC_BASE_PATH}/holidays/pull?limit=1`, {
      token: tech.accessToken,
      headers: {
        [SYNC_HEALTH_HEADERS.outboxCount]: '-5; DROP',
        [SYNC_HEALTH_HEADERS.outboxOldestAt]: 'yesterday',
      },
    });
    expect(res.status).toBe(200);
    const s = await sessionOf(tech.user.id);
    expect(s?.outboxCount).toBeUndefined();
    // The pull itself still counts as a sync, stamped with the server clock.
    expect(s?.lastSyncAt).toBe(t.clock().toISOString());
  });
});
