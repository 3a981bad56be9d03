/**
 * The periodic refresh's staging (issue 13): the service worker script itself
 * (public/push-sw.js, run in a VM) pulls from the cursor the page mirrored, against a real
 * local HTTP server, and stages pages; the page side takes a page only for exactly the
 * request it answers (checkpoint and page size), drops the rest of a collection on a
 * mismatch, and logout wipes everything of the user, also against a worker run in flight.
 */
import 'fake-indexeddb/auto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Checkpoint } from '@edc/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadWorkerScript, readStore, type WorkerScript } from '../test/service-worker.ts';
import { loadSession, saveSession } from './session-store.ts';
import {
  mirrorPullCursor,
  type PullCursor,
  stagedCollections,
  takeStagedPage,
  wipeRefreshStaging,
} from './sw-refresh.ts';

type Row = { txid: string; doc: { id: string } };
let server: Server;
let worker: WorkerScript;
/** The server's rows per collection, in checkpoint order. */
let rows: Record<string, Row[]>;
/** Every pull as it reached the server: path and query, and the bearer token. */
let pulls: { path: string; token: string }[];
let refreshes: number;
/** Runs before a pull is answered (a logout or the app's own pull racing the worker). */
let beforePull: () => Promise<void>;

const row = (txid: number, id: string): Row => ({ txid: String(txid), doc: { id } });
const at = (r: Row | undefined): Checkpoint => ({ txid: r?.txid ?? '', id: r?.doc.id ?? '' });

function answer(req: IncomingMessage): { status: number; body: unknown } {
  const url = new URL(req.url ?? '', 'http://x');
  if (url.pathname === '/api/auth/refresh') {
    refreshes++;
    return { status: 200, body: { accessToken: 'access-2', refreshToken: 'refresh-2' } };
  }
  const pull = /^\/api\/sync\/v1\/(\w+)\/pull$/.exec(url.pathname);
  if (!pull?.[1]) return { status: 404, body: {} };
  const token = (req.headers.authorization ?? '').replace('Bearer ', '');
  pulls.push({ path: `${url.pathname}?${url.searchParams}`, token });
  // The access token the session started with has expired.
  if (token !== 'access-2') return { status: 401, body: { status: 'error', reason: 'unauthorized' } };
  const txid = url.searchParams.get('txid');
  const id = url.searchParams.get('id') ?? '';
  const after = (r: Row) =>
    txid === null || BigInt(r.txid) > BigInt(txid) || (r.txid === txid && r.doc.id > id);
  const page = (rows[pull[1]] ?? []).filter(after).slice(0, Number(url.searchParams.get('limit')));
  const last = page.at(-1);
  return { status: 200, body: { documents: page.map((r) => r.doc), checkpoint: last ? at(last) : null } };
}

beforeEach(async () => {
  rows = {};
  pulls = [];
  refreshes = 0;
  beforePull = async () => undefined;
  server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      if (req.url?.includes('/pull')) await beforePull();
      const { status, body } = answer(req);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  worker = loadWorkerScript(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  await signIn('u1');
});

afterEach(async () => {
  await wipeRefreshStaging('u1');
  await wipeRefreshStaging('u2');
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function signIn(userId: string): Promise<void> {
  return saveSession({
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    user: { id: userId, username: 'tech1', role: 'technician', displayName: 'Teknisi', regions: ['JKT'] },
    loggedInAt: '2026-12-05T03:00:00.000Z',
  });
}

describe('periodic refresh: the worker stages pull pages', () => {
  it('pulls from the mirrored cursor exactly as the engine does, refreshing an expired token; each page answers its own request, once', async () => {
    rows.cases = [row(1, 'c1'), row(2, 'c2'), row(3, 'c3'), row(4, 'c4')];
    rows.notifications = [row(7, 'n1')];
    const c1 = at(rows.cases[0]);
    await mirrorPullCursor('u1', 'cases', c1, 2);
    await mirrorPullCursor('u1', 'notifications', null, 2);

    expect(await worker.refresh()).toBe('staged 4');
    // The engine's request: same path and parameters (limit, then txid and id when any).
    expect(pulls.filter((p) => p.token === 'access-2').map((p) => p.path)).toEqual([
      '/api/sync/v1/cases/pull?limit=2&txid=1&id=c1',
      '/api/sync/v1/cases/pull?limit=2&txid=3&id=c3',
      '/api/sync/v1/notifications/pull?limit=2',
    ]);
    // One refresh, its pair stored where the app reads it at the next open.
    expect(refreshes).toBe(1);
    expect(await loadSession()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });

    // RxDB's requests, in order: each takes the page starting at its checkpoint.
    const first = await takeStagedPage('u1', 'cases', c1, 2);
    expect(first).toMatchObject({ documents: [{ id: 'c2' }, { id: 'c3' }], checkpoint: at(rows.cases[2]) });
    const second = await takeStagedPage('u1', 'cases', at(rows.cases[2]), 2);
    expect(second).toMatchObject({ documents: [{ id: 'c4' }], checkpoint: at(rows.cases[3]) });
    // Taken once: the same request again finds nothing.
    expect(await takeStagedPage('u1', 'cases', c1, 2)).toBeNull();
    // No checkpoint yet (nothing pulled before): the page from the start.
    expect(await takeStagedPage('u1', 'notifications', undefined, 2)).toMatchObject({
      documents: [{ id: 'n1' }],
      checkpoint: at(rows.notifications[0]),
    });
    expect(await stagedCollections('u1')).toEqual([]);
  });

  it('a page that does not start at the checkpoint RxDB asks for (or was pulled for another page size) is dropped with the rest of its collection', async () => {
    rows.cases = [row(1, 'c1'), row(2, 'c2'), row(3, 'c3'), row(4, 'c4')];
    rows.notifications = [row(7, 'n1')];
    const c1 = at(rows.cases[0]);
    await mirrorPullCursor('u1', 'cases', c1, 2);
    await mirrorPullCursor('u1', 'notifications', null, 2);
    await worker.stagePulls();
    // Another user of the phone, with pages of their own.
    await signIn('u2');
    await mirrorPullCursor('u2', 'cases', null, 2);
    await worker.stagePulls();

    // RxDB is elsewhere (the app pulled from the network meanwhile): stale, all dropped.
    expect(await takeStagedPage('u1', 'cases', at(rows.cases[1]), 2)).toBeNull();
    expect(await takeStagedPage('u1', 'cases', c1, 2)).toBeNull();
    expect(await takeStagedPage('u1', 'cases', at(rows.cases[2]), 2)).toBeNull();
    // Another page size: a short page would end RxDB's pull early.
    expect(await takeStagedPage('u1', 'notifications', undefined, 1000)).toBeNull();
    expect(await takeStagedPage('u1', 'notifications', undefined, 2)).toBeNull();
    expect(await stagedCollections('u1')).toEqual([]);
    expect(await stagedCollections('u2')).toEqual(['cases']);
  });

  it('logout wipes cursors and pages; a run that was pulling across the logout stages nothing', async () => {
    rows.cases = [row(1, 'c1'), row(2, 'c2')];
    await mirrorPullCursor('u1', 'cases', null, 2);
    await worker.stagePulls();
    expect(await stagedCollections('u1')).toEqual(['cases']);
    await wipeRefreshStaging('u1');
    expect(await stagedCollections('u1')).toEqual([]);
    expect(await readStore<PullCursor>('edc-sw-refresh', 'cursors')).toEqual([]);
    // No cursor: nothing to pull.
    pulls = [];
    expect(await worker.stagePulls()).toBe('staged 0');
    expect(pulls).toEqual([]);

    // The user signs in again and the app mirrors a cursor; the worker's pull is in flight
    // when the user logs out.
    await mirrorPullCursor('u1', 'cases', null, 2);
    beforePull = () => wipeRefreshStaging('u1');
    expect(await worker.stagePulls()).toBe('staged 0');
    expect(pulls.length).toBeGreaterThan(0);
    expect(await stagedCollections('u1')).toEqual([]);
  });

  it('the app pulling while the worker runs (its cursor moved) stops the run', async () => {
    const cases = [row(1, 'c1'), row(2, 'c2'), row(3, 'c3'), row(4, 'c4')];
    rows.cases = cases;
    await mirrorPullCursor('u1', 'cases', null, 2);
    beforePull = () => mirrorPullCursor('u1', 'cases', at(cases[3]), 2);
    expect(await worker.stagePulls()).toBe('staged 0');
    expect(await stagedCollections('u1')).toEqual([]);
  });

  it('server unreachable: the run fails (the browser tries again later), nothing is staged, the cursor stays', async () => {
    await mirrorPullCursor('u1', 'cases', null, 2);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.listen(0, '127.0.0.1'); // afterEach closes it again
    await expect(worker.refresh()).rejects.toThrow();
    expect(await stagedCollections('u1')).toEqual([]);
    expect(await readStore<PullCursor>('edc-sw-refresh', 'cursors')).toEqual([
      expect.objectContaining({ key: 'u1|cases', checkpoint: null }),
    ]);
  });
});
