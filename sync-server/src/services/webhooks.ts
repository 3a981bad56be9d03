/**
 * Outbound webhook delivery (issue 4): signs each payload with HMAC-SHA256
 * (`x-edc-signature: t=<unix>,v1=<hex>` over `${t}.${body}`, the receiver contract in
 * shared/schemas/webhooks.ts), POSTs it with a timeout, and retries failures with
 * exponential backoff plus jitter until `maxAttempts`, then marks the delivery `failed`.
 * Several instances may run the worker: claims are leases (db/webhooks.ts). The schedule
 * is jobs/background-jobs.ts.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { WEBHOOK_SIGNATURE_HEADER } from '@edc/shared';
import type { Db } from '../db/pool.ts';
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  markAttemptFailed,
  markDelivered,
  plainSecretEndpoints,
  replacePlainSecret,
} from '../db/webhooks.ts';
import { openSecret, sealSecret } from './secret-box.ts';
import { type AddressPolicy, createAddressPolicy } from './webhook-address.ts';

export type WebhookWorkerOptions = {
  /** Per-request timeout. */
  timeoutMs: number;
  /** Attempts before a delivery is `failed` for good. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Deliveries claimed per pass. */
  batch: number;
  /** Which addresses may be called (SSRF, services/webhook-address.ts); default: public only. */
  policy?: AddressPolicy;
  /** Key that opens the stored secrets (services/secret-box.ts); required to sign. */
  secretKey?: Buffer;
  /** 0 ≤ random() < 1, for jitter; injectable so tests can pin it. */
  random?: () => number;
};

export const DEFAULT_WEBHOOK_OPTIONS: WebhookWorkerOptions = {
  timeoutMs: 10_000,
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 6 * 3_600_000,
  batch: 50,
};

/** `t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>`. */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * Receiver-side check of a signature (used by tests and documented for integrators):
 * constant-time compare, and a timestamp within `toleranceSeconds` against replays.
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | null | undefined,
  nowUnix: number,
  toleranceSeconds = 300,
): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowUnix - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).slice(`t=${t},v1=`.length), 'hex');
  const given = Buffer.from(m[2]!, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Delay before the retry after attempt `attempt` (1-based): `base · 2^(attempt−1)`, capped,
 * with "equal jitter" (half fixed, half random) so a receiver that comes back up is not
 * hit by every queued delivery at the same instant, yet the delay never collapses to 0.
 */
export function retryDelayMs(
  attempt: number,
  o: Pick<WebhookWorkerOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: number,
): number {
  const exp = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random);
}

/** A fresh signing secret for an endpoint whose admin did not bring one. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

export type DeliveryOutcome = {
  id: string;
  ok: boolean;
  statusCode: number | null;
  error?: string;
  final: boolean;
};

/**
 * What the delivery log may say about a failed attempt. Security (issue 11): only the
 * outcome class, never the network error — "connection refused" vs "timed out" told an
 * admin which ports of an internal host were open.
 */
export type DeliveryError = 'http_status' | 'no_response' | 'address_not_allowed' | 'secret_unreadable';

/** One signed POST through node:http(s), connecting only to addresses `policy` allows. */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  policy: AddressPolicy,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      // node:http never follows redirects, so a 3xx is an answer (a failed one), not a hop
      // to wherever the receiver points.
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: policy.lookup,
        timeout: timeoutMs,
      },
      (res) => {
        // Drain the body so the socket is freed; its content is not trusted or stored.
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

async function attempt(
  d: ClaimedDelivery,
  now: Date,
  o: WebhookWorkerOptions,
  policy: AddressPolicy,
): Promise<{ ok: boolean; statusCode: number | null; error?: DeliveryError }> {
  let secret: string;
  try {
    if (!o.secretKey) throw new Error('no key');
    secret = openSecret(d.secret, o.secretKey);
  } catch {
    return { ok: false, statusCode: null, error: 'secret_unreadable' };
  }
  // Checked again at every delivery: the name may resolve elsewhere since registration.
  const target = await policy.checkUrl(d.url);
  if (!target.ok) return { ok: false, statusCode: null, error: 'address_not_allowed' };
  try {
    const status = await post(
      new URL(d.url),
      {
        'content-type': 'application/json',
        'user-agent': 'edc-sync-server-webhooks/1',
        'x-edc-event': d.event,
        'x-edc-delivery': d.id,
        [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, d.body, Math.floor(now.getTime() / 1000)),
      },
      d.body,
      policy,
      o.timeoutMs,
    );
    if (status >= 200 && status < 300) return { ok: true, statusCode: status };
    return { ok: false, statusCode: status, error: 'http_status' };
  } catch (err) {
    const refused =
      typeof err === 'object' && err !== null && 'code' in err && err.code === 'EADDRNOTALLOWED';
    return { ok: false, statusCode: null, error: refused ? 'address_not_allowed' : 'no_response' };
  }
}

/**
 * One pass: claims due deliveries at `now` and attempts each once (in parallel). Returns
 * what happened, for logs and tests.
 */
export async function deliverDueWebhooks(
  db: Db,
  now: Date,
  options: Partial<WebhookWorkerOptions> = {},
): Promise<DeliveryOutcome[]> {
  const o = { ...DEFAULT_WEBHOOK_OPTIONS, ...options };
  const random = o.random ?? Math.random;
  const policy = o.policy ?? createAddressPolicy();
  // The lease outlives the request timeout, so a row is never claimed twice while in flight.
  const claimed = await claimDueDeliveries(db.pool, now, o.batch, o.timeoutMs + 60_000);
  return Promise.all(
    claimed.map(async (d): Promise<DeliveryOutcome> => {
      if (!d.endpointLive) {
        await markAttemptFailed(db.pool, d.id, {
          statusCode: null,
          error: 'endpoint disabled',
          retryAt: null,
        });
        return { id: d.id, ok: false, statusCode: null, error: 'endpoint disabled', final: true };
      }
      const r = await attempt(d, now, o, policy);
      if (r.ok) {
        await markDelivered(db.pool, d.id, r.statusCode ?? 200, now);
        return { id: d.id, ok: true, statusCode: r.statusCode, final: true };
      }
      const final = d.attempts >= o.maxAttempts;
      const retryAt = final ? null : new Date(now.getTime() + retryDelayMs(d.attempts, o, random()));
      await markAttemptFailed(db.pool, d.id, {
        statusCode: r.statusCode,
        error: r.error ?? 'failed',
        retryAt,
      });
      return { id: d.id, ok: false, statusCode: r.statusCode, error: r.error ?? 'failed', final };
    }),
  );
}

/**
 * Seals secrets stored before they were encrypted (run at start; idempotent, and safe with
 * several instances starting at once). Returns how many were sealed.
 */
export async function sealLegacyWebhookSecrets(db: Db, key: Buffer): Promise<number> {
  const plain = await plainSecretEndpoints(db.pool);
  for (const e of plain) await replacePlainSecret(db.pool, e.id, e.secret, sealSecret(e.secret, key));
  return plain.length;
}
