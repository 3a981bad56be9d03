/**
 * Web Push (DESIGN section 9, RFC 8030/8291/8292).
 *
 * Queueing: every INSERT into `notifications` queues the row's pushes in the same
 * statement (trigger of migration 042), so a push exists exactly when its notification
 * commits, whichever path wrote it. `sendDuePushes` is one pass of the
 * worker (jobs/background-jobs.ts): it claims due deliveries (db/push.ts leases, safe in
 * several instances), encrypts each payload for its subscription (aes128gcm) and signs a
 * VAPID JWT with the `web-push` library, and POSTs it with fetch (plain `http` only
 * reaches a loopback stand-in, which `checkPushEndpoint` allows in tests alone).
 * 404/410 deletes the subscription; 429/5xx/network errors retry with backoff until the
 * message's TTL runs out.
 *
 * Throughput of a big fan-out (an announcement to every merchant): the lanes never wait for
 * the database. The next batch is claimed while the current one is still being sent (so no
 * lane idles at a batch boundary), and the `sent` marks of messages that finished meanwhile
 * go out as one UPDATE (group commit: one statement in flight, the next takes everything
 * that finished while it ran). A crash between a send and its mark re-sends that message
 * after its lease (at least once; the service worker shows one notification per id, `tag`).
 */
import { classifyPushResponse } from '@edc/shared/domain';
import webpush from 'web-push';
import type { Config } from '../config.ts';
import type { Db } from '../db/pool.ts';
import {
  type ClaimedPush,
  claimDuePushes,
  deleteSubscriptionById,
  markPushesSent,
  markPushFailed,
  type SentPush,
} from '../db/push.ts';
import { retryDelayMs } from './webhooks.ts';

export type PushWorkerOptions = {
  timeoutMs: number;
  /** Attempts before a delivery is `failed` for good (the TTL may end it sooner). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Deliveries claimed per batch. */
  batch: number;
  /** Batches per pass at most (a big fan-out drains without waiting for the next pass). */
  maxBatches: number;
  /** Parallel requests within a batch. */
  concurrency: number;
  /**
   * How long a claimed row stays invisible to other workers; must outlive `timeoutMs`, so
   * a row is never sent twice concurrently. Default: the timeout plus 30 s.
   */
  leaseMs?: number;
  fetch?: typeof fetch;
  random?: () => number;
};

export const DEFAULT_PUSH_OPTIONS: PushWorkerOptions = {
  timeoutMs: 10_000,
  maxAttempts: 10,
  baseDelayMs: 10_000,
  maxDelayMs: 3_600_000,
  batch: 200,
  maxBatches: 50,
  concurrency: 32,
};

export type PushOutcome = {
  id: string;
  result: 'sent' | 'gone' | 'retry' | 'drop' | 'failed';
  statusCode: number | null;
};

export type PushDeps = { db: Db; clock: () => Date; config: Pick<Config, 'push'> };

/**
 * VAPID `Authorization` headers per push-service origin, valid 12 h and reused for the first 6
 * (RFC 8292 allows up to 24 h): signing an ES256 JWT per message costs as much as the
 * message's encryption.
 */
const vapidHeaderCache = new Map<string, { header: string; renewAt: number }>();
const VAPID_JWT_SECONDS = 12 * 3600;

function vapidAuthorization(endpoint: string, vapid: NonNullable<Config['push']['vapid']>): string {
  const audience = new URL(endpoint).origin;
  const key = `${audience}|${vapid.publicKey}|${vapid.subject}`;
  const now = Date.now();
  const cached = vapidHeaderCache.get(key);
  if (cached && cached.renewAt > now) return cached.header;
  const exp = Math.floor(now / 1000) + VAPID_JWT_SECONDS;
  const { Authorization } = webpush.getVapidHeaders(
    audience,
    vapid.subject,
    vapid.publicKey,
    vapid.privateKey,
    'aes128gcm',
    exp,
  );
  const header = String(Authorization);
  vapidHeaderCache.set(key, { header, renewAt: now + (VAPID_JWT_SECONDS / 2) * 1000 });
  return header;
}

async function sendOne(
  d: ClaimedPush,
  vapid: NonNullable<Config['push']['vapid']>,
  o: PushWorkerOptions,
): Promise<{ statusCode: number | null; error?: string }> {
  const details = webpush.generateRequestDetails(
    { endpoint: d.endpoint, keys: { p256dh: d.p256dh, auth: d.auth } },
    d.body,
    {
      // No vapidDetails: the JWT comes from the cache above; the library only encrypts.
      headers: { Authorization: vapidAuthorization(d.endpoint, vapid) },
      TTL: d.ttlSeconds,
      urgency: d.urgency,
      contentEncoding: 'aes128gcm',
    },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(details.headers)) headers[k] = String(v);
  try {
    const res = await (o.fetch ?? fetch)(d.endpoint, {
      method: 'POST',
      headers,
      body: details.body,
      // Security: a redirect could send the message anywhere; treat it as a failure.
      redirect: 'manual',
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return { statusCode: res.status, ...(res.ok ? {} : { error: `HTTP ${res.status}` }) };
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    return {
      statusCode: null,
      error: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network error',
    };
  }
}

/**
 * Group commit of `sent` marks: one UPDATE in flight at a time, the next one carries every
 * mark added while it ran. `add` resolves when the mark is stored.
 */
function sentMarks(db: Db) {
  let pending: { row: SentPush; done: () => void; fail: (e: unknown) => void }[] = [];
  let flushing = false;
  const flush = async () => {
    flushing = true;
    while (pending.length > 0) {
      const group = pending;
      pending = [];
      try {
        await markPushesSent(
          db.pool,
          group.map((g) => g.row),
        );
        for (const g of group) g.done();
      } catch (err) {
        for (const g of group) g.fail(err);
      }
    }
    flushing = false;
  };
  return {
    add(row: SentPush): Promise<void> {
      return new Promise<void>((done, fail) => {
        pending.push({ row, done, fail });
        if (!flushing) void flush();
      });
    },
  };
}

async function settle(
  db: Db,
  marks: ReturnType<typeof sentMarks>,
  d: ClaimedPush,
  now: Date,
  o: PushWorkerOptions,
  random: () => number,
  r: { statusCode: number | null; error?: string },
): Promise<PushOutcome> {
  const kind = classifyPushResponse(r.statusCode);
  if (kind === 'sent') {
    await marks.add({ id: d.id, statusCode: r.statusCode ?? 201, sentAt: now });
    return { id: d.id, result: 'sent', statusCode: r.statusCode };
  }
  if (kind === 'gone') {
    await deleteSubscriptionById(db.pool, d.subscriptionId);
    return { id: d.id, result: 'gone', statusCode: r.statusCode };
  }
  const error = r.error ?? `HTTP ${r.statusCode}`;
  if (kind === 'drop') {
    await markPushFailed(db.pool, d.id, { statusCode: r.statusCode, error, retryAt: null });
    return { id: d.id, result: 'drop', statusCode: r.statusCode };
  }
  const retryAt = new Date(now.getTime() + retryDelayMs(d.attempts, o, random()));
  const final = d.attempts >= o.maxAttempts || retryAt.getTime() >= now.getTime() + d.ttlSeconds * 1000;
  await markPushFailed(db.pool, d.id, { statusCode: r.statusCode, error, retryAt: final ? null : retryAt });
  return { id: d.id, result: final ? 'failed' : 'retry', statusCode: r.statusCode };
}

/**
 * One pass of the push worker: claims due deliveries batch after batch (until a short
 * batch or `maxBatches`) and sends each once, `concurrency` at a time. The next batch is
 * claimed as soon as fewer than `concurrency` claimed rows wait, so the lanes run on
 * across batch boundaries. Does nothing when Web Push is off.
 */
export async function sendDuePushes(
  deps: PushDeps,
  options: Partial<PushWorkerOptions> = {},
): Promise<PushOutcome[]> {
  const vapid = deps.config.push.vapid;
  if (!vapid) return [];
  const o = { ...DEFAULT_PUSH_OPTIONS, ...options };
  const random = o.random ?? Math.random;
  // The lease outlives the request timeout, so a row is never claimed twice while in flight.
  const lease = Math.max(o.leaseMs ?? o.timeoutMs + 30_000, o.timeoutMs + 1000);
  const marks = sentMarks(deps.db);
  const outcomes: PushOutcome[] = [];
  const queue: ClaimedPush[] = [];
  let batches = 0;
  let more = true;
  let claiming: Promise<void> | null = null;
  let failure: { error: unknown } | null = null;
  /** Claims the next batch unless one is being claimed or the queue ran dry for this pass. */
  const claim = (): Promise<void> | null => {
    if (claiming) return claiming;
    if (!more || failure || batches >= o.maxBatches) return null;
    batches++;
    claiming = claimDuePushes(deps.db.pool, deps.clock(), o.batch, lease)
      .then(
        (rows) => {
          queue.push(...rows);
          if (rows.length < o.batch) more = false;
        },
        (error: unknown) => {
          failure = { error };
        },
      )
      .finally(() => {
        claiming = null;
      });
    return claiming;
  };
  const lane = async () => {
    while (!failure) {
      if (queue.length < o.concurrency) void claim();
      const d = queue.shift();
      if (!d) {
        const pendingClaim = claim();
        if (!pendingClaim) return;
        await pendingClaim;
        continue;
      }
      try {
        outcomes.push(await settle(deps.db, marks, d, deps.clock(), o, random, await sendOne(d, vapid, o)));
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, lane));
  // A failed claim or write ends the pass (logged by the job); unsent rows come back after their lease.
  if (failure) throw (failure as { error: unknown }).error;
  return outcomes;
}
