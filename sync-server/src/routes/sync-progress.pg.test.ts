/**
 * First-sync progress: `x-sync-count: 1` on a pull → `x-sync-remaining` = the documents
 * the caller's scope still holds after the checkpoint (this page included). The body is
 * the DESIGN section 5 shape either way, and without the request header nothing is counted.
 */
import { pullResponseSchema, SYNC_BASE_PATH, SYNC_PROGRESS_HEADERS } from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeTestApp, seedDevice, type TestApp } from '../test/fixtures.ts';

let t: TestApp;
let tech: string;
let merchant: string;
const S = SYNC_BASE_PATH;
const page = pullResponseSchema(z.object({ id: z.string() }).passthrough());

beforeAll(async () => {
  t = await makeTestApp();
  // 7 devices in tech1's region (JKT), 3 elsewhere, 2 of merchant1's MID among the JKT ones.
  for (let i = 0; i < 7; i++) {
    await seedDevice(t.db, {
      serialNumber: `PRG-J-${i}`,
      tid: `J${String(i).padStart(7, '0')}`,
      mid: i < 2 ? '000000000000001' : `0000000000001${String(i).padStart(2, '0')}`,
    });
  }
  for (let i = 0; i < 3; i++) {
    await seedDevice(t.db, {
      serialNumber: `PRG-B-${i}`,
      tid: `B${String(i).padStart(7, '0')}`,
      mid: `0000000000002${String(i).padStart(2, '0')}`,
      region: 'BDG',
    });
  }
  tech = await t.login('tech1');
  merchant = await t.login('merchant1');
});

afterAll(async () => {
  await t?.close();
});

const pull = (token: string, query: string, count: boolean) =>
  t.request(`${S}/devices/pull?${query}`, {
    token,
    headers: count ? { [SYNC_PROGRESS_HEADERS.request]: '1' } : {},
  });

describe('pull progress header', () => {
  it('counts the whole scope on the first pull and what is left after a checkpoint', async () => {
    const first = await pull(tech, 'limit=3', true);
    expect(first.status).toBe(200);
    expect(first.headers.get(SYNC_PROGRESS_HEADERS.remaining)).toBe('7');
    const body = page.parse(await first.json());
    expect(body.documents).toHaveLength(3);
    const cp = body.checkpoint;
    if (!cp) throw new Error('no checkpoint');

    const next = await pull(tech, `limit=3&txid=${cp.txid}&id=${encodeURIComponent(cp.id)}`, true);
    expect(next.headers.get(SYNC_PROGRESS_HEADERS.remaining)).toBe('4');
  });

  it('is scoped like the pull itself (a merchant counts only their MID)', async () => {
    const res = await pull(merchant, 'limit=100', true);
    expect(res.headers.get(SYNC_PROGRESS_HEADERS.remaining)).toBe('2');
    expect(page.parse(await res.json()).documents).toHaveLength(2);
  });

  it('is absent unless asked for', async () => {
    const res = await pull(tech, 'limit=3', false);
    expect(res.status).toBe(200);
    expect(res.headers.get(SYNC_PROGRESS_HEADERS.remaining)).toBeNull();
  });
});
