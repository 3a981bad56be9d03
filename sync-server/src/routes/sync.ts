/**
 * Replication endpoints (DESIGN section 5), mounted at `/api/sync/v1`:
 *   GET  /{collection}/pull?txid=&id=&limit=   → {documents, checkpoint}
 *   POST /{collection}/push  [{assumedMasterState?, newDocumentState}] → Doc[]
 *   GET  /stream                                → SSE pokes + heartbeats
 *
 * Scope always comes from the token (`c.get('auth')`). Bodies are assembled from JSON
 * text produced by Postgres (db/sync.ts), not re-serialized objects. Sync health
 * (x-outbox-* headers) is recorded for every sync request by the auth middleware.
 */
import {
  AppError,
  type Checkpoint,
  MAX_PUSH_ROWS,
  type PushRow,
  pullQuerySchema,
  pushBodySchema,
  SYNC_PROGRESS_HEADERS,
  type SyncCollection,
  syncCollectionSchema,
  uuidSchema,
} from '@edc/shared';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppDeps, AppEnv } from '../app-env.ts';
import {
  collectionIdType,
  countRemaining,
  hasHeldBackRows,
  pullPage,
  renotify,
  snapshotHorizon,
} from '../db/sync.ts';
import { zodHook } from '../middleware/validate.ts';
import { pushCases } from '../services/case-acceptance.ts';
import { pushCaseEvents } from '../services/transitions.ts';

export type SyncRouteOptions = {
  /** Heartbeat period of the SSE stream (default 15 s; tests shorten it). */
  heartbeatMs?: number;
  /** At most one poke per collection per this period per stream (default 100 ms). */
  coalesceMs?: number;
  /** Delay of the second poke for rows held back by an older transaction (default 1 s). */
  renotifyMs?: number;
};

const PULL_ONLY: ReadonlySet<SyncCollection> = new Set([
  'devices',
  'merchants',
  'sla_rules',
  'holidays',
  'faq_articles',
  'announcements',
]);

function collectionParam(value: string | undefined): SyncCollection {
  const parsed = syncCollectionSchema.safeParse(value);
  if (!parsed.success) throw new AppError('unknown_collection', undefined, { collection: value ?? '' });
  return parsed.data;
}

// ---- routes ---------------------------------------------------------------------------

export function syncRoutes(
  deps: Pick<AppDeps, 'db' | 'clock' | 'notifier'>,
  options: SyncRouteOptions = {},
): Hono<AppEnv> {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const coalesceMs = options.coalesceMs ?? 100;
  const renotifyMs = options.renotifyMs ?? 1000;
  const app = new Hono<AppEnv>();

  // At most one pending re-notice per collection per instance; each poke it causes leads to
  // a pull that schedules the next one only while rows are still held back.
  const pendingRenotify = new Set<SyncCollection>();
  const scheduleRenotify = (collection: SyncCollection) => {
    if (pendingRenotify.has(collection)) return;
    pendingRenotify.add(collection);
    const timer = setTimeout(() => {
      pendingRenotify.delete(collection);
      renotify(deps.db.pool, collection).catch((err: unknown) => {
        console.error('[sync] renotify failed:', err instanceof Error ? err.message : err);
      });
    }, renotifyMs);
    timer.unref();
  };

  app.get('/stream', (c) => {
    // Every role may see every collection (each in its own scope), so every poke goes to
    // every stream; a poke says only "something changed in X", never what.
    // nginx holds a proxied answer in its buffers unless told otherwise; a poke must reach
    // the phone when it is written (docs/deploy.md configures this too).
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      const lastSent = new Map<string, number>();
      const pending = new Map<string, NodeJS.Timeout>();
      const send = (collection: string) => {
        lastSent.set(collection, Date.now());
        stream.writeSSE({ data: JSON.stringify({ collection }) }).catch(() => stream.abort());
      };
      // Coalescing: a burst of commits (a 200-row push, an import) becomes at most one
      // poke per collection per coalesceMs; the trailing poke is never dropped.
      const onNotice = (collection: string) => {
        if (pending.has(collection)) return;
        const wait = (lastSent.get(collection) ?? 0) + coalesceMs - Date.now();
        if (wait <= 0) return send(collection);
        const t = setTimeout(() => {
          pending.delete(collection);
          send(collection);
        }, wait);
        pending.set(collection, t);
      };
      const unsubscribe = deps.notifier.subscribe(onNotice);
      const heartbeat = setInterval(() => {
        stream.writeSSE({ data: '{"collection":"*"}' }).catch(() => stream.abort());
      }, heartbeatMs);
      const done = new Promise<void>((resolve) => {
        stream.onAbort(() => resolve());
      });
      try {
        // A first heartbeat at once: the client knows the stream is live, and proxies flush.
        await stream.writeSSE({ data: '{"collection":"*"}' });
        await done;
      } finally {
        unsubscribe();
        clearInterval(heartbeat);
        for (const t of pending.values()) clearTimeout(t);
        pending.clear();
      }
    });
  });

  app.get('/:collection/pull', async (c) => {
    const collection = collectionParam(c.req.param('collection'));
    const parsed = pullQuerySchema.safeParse(c.req.query());
    if (!parsed.success) {
      zodHook({ success: false, target: 'query', error: parsed.error });
      throw new AppError('invalid_query');
    }
    const q = parsed.data;
    let checkpoint: Checkpoint | null = null;
    if (q.txid !== undefined && q.id !== undefined) {
      if (collectionIdType(collection) === 'uuid' && !uuidSchema.safeParse(q.id).success) {
        throw new AppError('invalid_query', undefined, [
          { path: 'id', message: 'checkpoint id must be a UUID' },
        ]);
      }
      // xid8 is unsigned 64-bit: a larger decimal would make the cast fail (a 5xx).
      if (BigInt(q.txid) > 18_446_744_073_709_551_615n) {
        throw new AppError('invalid_query', undefined, [{ path: 'txid', message: 'txid out of range' }]);
      }
      checkpoint = { txid: q.txid, id: q.id };
    }
    const auth = c.get('auth');
    // Progress for a first sync (x-sync-count: 1): counted before the page, so the count
    // includes it; both read below the same kind of snapshot horizon.
    const wantsCount = c.req.header(SYNC_PROGRESS_HEADERS.request) === '1';
    // Taken before the page: what the page may have held back is judged against its horizon.
    const horizon = await snapshotHorizon(deps.db.pool);
    const [remaining, page] = await Promise.all([
      wantsCount ? countRemaining(deps.db.pool, collection, auth, checkpoint) : Promise.resolve(null),
      pullPage(deps.db.pool, collection, auth, checkpoint, q.limit),
    ]);
    const next = page.last ?? checkpoint;
    // A short page tells the client it is caught up; if rows are only held back by an older
    // running transaction, poke again shortly so the client pulls them once it ends.
    if (page.docs.length < q.limit && (await hasHeldBackRows(deps.db.pool, collection, next, horizon))) {
      scheduleRenotify(collection);
    }
    const body = `{"documents":[${page.docs.join(',')}],"checkpoint":${next ? JSON.stringify(next) : 'null'}}`;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (remaining !== null) headers[SYNC_PROGRESS_HEADERS.remaining] = String(remaining);
    return c.body(body, 200, headers);
  });

  app.post('/:collection/push', async (c) => {
    const collection = collectionParam(c.req.param('collection'));
    const auth = c.get('auth');
    // Master data is edited through imports and admin screens, never through replication.
    if (PULL_ONLY.has(collection)) throw new AppError('forbidden', 'pull-only collection');
    // Notifications are written by the server only (DESIGN section 9).
    if (collection === 'notifications') throw new AppError('forbidden', 'pull-only collection');
    let raw: unknown;
    try {
      raw = JSON.parse(await c.req.text());
    } catch {
      throw new AppError('invalid_body', 'body is not JSON');
    }
    if (Array.isArray(raw) && raw.length > MAX_PUSH_ROWS) {
      throw new AppError('payload_too_large', 'too many rows in one push', { maxRows: MAX_PUSH_ROWS });
    }
    const parsed = pushBodySchema.safeParse(raw);
    if (!parsed.success) {
      zodHook({ success: false, target: 'json', error: parsed.error });
      throw new AppError('invalid_body');
    }
    const rows: PushRow[] = parsed.data;
    const docs =
      collection === 'cases' ? await pushCases(deps, auth, rows) : await pushCaseEvents(deps, auth, rows);
    return c.body(`[${docs.join(',')}]`, 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  return app;
}
