/**
 * SSE fan-out across server instances (DESIGN sections 2 and 5): two real HTTP servers on
 * one database, each with its own LISTEN connection. A push through instance 1 must poke
 * an SSE client of instance 2.
 */
import type { AddressInfo } from 'node:net';
import { SYNC_BASE_PATH } from '@edc/shared';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import type { AppDeps } from '../app-env.ts';
import { terminateSyncListeners } from '../db/sync-listen.ts';
import { newCase } from '../services/case-acceptance-fixtures.ts';
import { createPgNotifier, type PgNotifier } from '../services/notify.ts';
import { makeTestApp, seedDevice, type TestApp } from '../test/fixtures.ts';
import { waitFor } from '../test/wait-for.ts';

type Instance = { url: string; notifier: PgNotifier; close(): Promise<void> };

let t: TestApp;
const instances: Instance[] = [];

async function startInstance(base: AppDeps): Promise<Instance> {
  const notifier = createPgNotifier({ source: base.db.pool });
  await notifier.ready();
  const app = createApp({ ...base, notifier, sse: { heartbeatMs: 150, coalesceMs: 50 } });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    notifier,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await notifier.close();
    },
  };
}

/** Reads SSE `data:` lines into `seen` until aborted. */
function openStream(url: string, init: RequestInit = {}) {
  const seen: string[] = [];
  const controller = new AbortController();
  const done = (async () => {
    const res = await fetch(url, { ...init, signal: controller.signal });
    if (res.status !== 200 || !res.body) throw new Error(`stream: ${res.status}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let i = buffer.indexOf('\n\n');
      while (i >= 0) {
        const event = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        for (const line of event.split('\n')) if (line.startsWith('data:')) seen.push(line.slice(5).trim());
        i = buffer.indexOf('\n\n');
      }
    }
  })().catch((err: unknown) => {
    if (!controller.signal.aborted) throw err;
  });
  return { seen, close: () => controller.abort(), done };
}

beforeAll(async () => {
  t = await makeTestApp();
  await seedDevice(t.db, { serialNumber: 'SN-FAN-1', tid: 'TIDFAN01', mid: '000000000000001' });
  instances.push(await startInstance(t.deps), await startInstance(t.deps));
});

afterAll(async () => {
  for (const i of instances) await i.close();
  await t?.close();
});

describe('SSE stream', () => {
  it('a push through instance 1 pokes an SSE client of instance 2', async () => {
    const [one, two] = instances as [Instance, Instance];
    const token = await t.login('tech1');
    // EventSource cannot send headers: the stream takes the HttpOnly access cookie.
    const stream = openStream(`${two.url}${SYNC_BASE_PATH}/stream`, {
      headers: { cookie: `edc_at=${token}` },
    });
    await waitFor(() => stream.seen.includes('{"collection":"*"}'));
    const before = stream.seen.length;

    const res = await fetch(`${one.url}${SYNC_BASE_PATH}/cases/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        { newDocumentState: newCase({ serialNumber: 'SN-FAN-1', reportedAt: new Date().toISOString() }) },
      ]),
    });
    expect(res.status).toBe(200);
    await waitFor(() => stream.seen.slice(before).includes('{"collection":"cases"}'));
    expect(stream.seen.slice(before)).toContain('{"collection":"case_events"}');

    // Heartbeats keep coming.
    const beats = stream.seen.filter((s) => s === '{"collection":"*"}').length;
    await waitFor(() => stream.seen.filter((s) => s === '{"collection":"*"}').length > beats);

    // Disconnect cleans up the subscription.
    const listeners = two.notifier.listenerCount();
    stream.close();
    await stream.done;
    await waitFor(() => two.notifier.listenerCount() === listeners - 1);
  });

  it('tells a proxy not to buffer the stream', async () => {
    const [one] = instances as [Instance];
    const token = await t.login('tech1');
    const controller = new AbortController();
    const res = await fetch(`${one.url}${SYNC_BASE_PATH}/stream`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    controller.abort();
  });

  it('refuses a stream without a token, a token in the URL, and the cookie anywhere but the stream', async () => {
    const [one] = instances as [Instance];
    const token = await t.login('tech1');
    const cookie = { headers: { cookie: `edc_at=${token}` } };
    expect((await fetch(`${one.url}${SYNC_BASE_PATH}/stream`)).status).toBe(401);
    // Issue 11: a token in the URL ends up in logs and history; no longer accepted at all.
    expect((await fetch(`${one.url}${SYNC_BASE_PATH}/stream?access_token=${token}`)).status).toBe(401);
    expect((await fetch(`${one.url}${SYNC_BASE_PATH}/devices/pull?access_token=${token}`)).status).toBe(401);
    // The cookie rides along with cross-site requests (CSRF): only the stream takes it.
    expect((await fetch(`${one.url}${SYNC_BASE_PATH}/devices/pull`, cookie)).status).toBe(401);
    expect((await fetch(`${one.url}/api/auth/me`, cookie)).status).toBe(401);
  });

  it('coalesces a burst of notices into few pokes', async () => {
    const [one] = instances as [Instance];
    const token = await t.login('agent1');
    const stream = openStream(`${one.url}${SYNC_BASE_PATH}/stream`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await waitFor(() => stream.seen.length > 0);
    const before = stream.seen.length;
    // 30 separate commits on one collection in a burst.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.db.pool.query(
          `INSERT INTO holidays (id, date, name) VALUES ($1::text, $1::date, 'Uji') ON CONFLICT (id) DO UPDATE SET name = 'Uji2'`,
          [`2031-01-${String(i + 1).padStart(2, '0')}`],
        ),
      ),
    );
    await waitFor(() => stream.seen.slice(before).includes('{"collection":"holidays"}'));
    // A trailing poke may follow the first one (within coalesceMs); two heartbeats later
    // (2 × 150 ms) every poke of the burst has been written.
    const first = stream.seen.indexOf('{"collection":"holidays"}', before);
    await waitFor(() => stream.seen.slice(first).filter((s) => s === '{"collection":"*"}').length >= 2);
    const pokes = stream.seen.slice(before).filter((s) => s === '{"collection":"holidays"}').length;
    expect(pokes).toBeLessThan(30);
    stream.close();
    await stream.done;
  });

  it('re-LISTENs after the connection drops and pokes everyone', async () => {
    const [one, two] = instances as [Instance, Instance];
    const token = await t.login('tech1');
    const stream = openStream(`${two.url}${SYNC_BASE_PATH}/stream`, {
      headers: { cookie: `edc_at=${token}` },
    });
    await waitFor(() => stream.seen.length > 0);
    const before = stream.seen.length;
    expect(await terminateSyncListeners(t.db.pool)).toBeGreaterThanOrEqual(2);
    // The reconnect pokes every collection (notices during the gap are lost).
    await waitFor(() => stream.seen.slice(before).includes('{"collection":"devices"}'));
    const after = stream.seen.length;
    await fetch(`${one.url}${SYNC_BASE_PATH}/cases/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        { newDocumentState: newCase({ serialNumber: 'SN-NOPE', reportedAt: new Date().toISOString() }) },
      ]),
    });
    await waitFor(() => stream.seen.slice(after).includes('{"collection":"cases"}'));
    stream.close();
    await stream.done;
  });
});
