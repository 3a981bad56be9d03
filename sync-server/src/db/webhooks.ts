/**
 * Owns `webhook_endpoints` and `webhook_deliveries` (migration 020). Deliveries are
 * enqueued by the `case_events` trigger in the transaction of the case change; this module
 * only manages endpoints and moves deliveries through pending → delivered | failed.
 *
 * Claiming is a lease: one statement picks due rows `FOR UPDATE SKIP LOCKED`, counts the
 * attempt and pushes `next_attempt_at` past the HTTP timeout. Another instance never sees
 * a claimed row as due, and a worker that dies mid-delivery leaves the row to be retried
 * when the lease runs out, so nothing is lost and nothing is sent twice concurrently.
 */
import { type FailedAttempt, markDeliveryFailed } from './delivery-attempts.ts';
import type { Queryable } from './pool.ts';

export type WebhookEndpointRow = {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  description: string;
  createdBy: string;
  createdAt: string;
};

const ENDPOINT_COLUMNS = `id, url, events, active, description, created_by AS "createdBy", created_at AS "createdAt"`;

export async function insertEndpoint(
  q: Queryable,
  e: {
    url: string;
    secret: string;
    events: readonly string[];
    active: boolean;
    description: string;
    createdBy: string;
    now: Date;
  },
): Promise<WebhookEndpointRow> {
  const { rows } = await q.query<WebhookEndpointRow>(
    `INSERT INTO webhook_endpoints (url, secret, events, active, description, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${ENDPOINT_COLUMNS}`,
    [e.url, e.secret, e.events, e.active, e.description, e.createdBy, e.now],
  );
  return rows[0]!;
}

export async function listEndpoints(q: Queryable): Promise<WebhookEndpointRow[]> {
  const { rows } = await q.query<WebhookEndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE deleted_at IS NULL ORDER BY created_at, id`,
  );
  return rows;
}

export async function getEndpoint(q: Queryable, id: string): Promise<WebhookEndpointRow | null> {
  const { rows } = await q.query<WebhookEndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1 AND deleted_at IS NULL`,
    [id],
  );
  return rows[0] ?? null;
}

/** Soft delete: stops new deliveries, fails pending ones, keeps the log readable. */
export async function deleteEndpoint(q: Queryable, id: string, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE webhook_endpoints SET deleted_at = $2, active = false WHERE id = $1 AND deleted_at IS NULL',
    [id, now],
  );
  if (rowCount !== 1) return false;
  await q.query(
    `UPDATE webhook_deliveries SET status = 'failed', last_error = 'endpoint deleted'
     WHERE endpoint_id = $1 AND status = 'pending'`,
    [id],
  );
  return true;
}

export type DeliveryLogRow = {
  id: string;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  payload: Record<string, unknown>;
};

export async function listDeliveries(
  q: Queryable,
  endpointId: string,
  limit: number,
): Promise<DeliveryLogRow[]> {
  const { rows } = await q.query<DeliveryLogRow>(
    `SELECT id, event, status, attempts, next_attempt_at AS "nextAttemptAt", last_status_code AS "lastStatusCode",
            last_error AS "lastError", created_at AS "createdAt", delivered_at AS "deliveredAt", payload
     FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
    [endpointId, limit],
  );
  return rows;
}

export type ClaimedDelivery = {
  id: string;
  event: string;
  /** The payload exactly as stored, serialized once so the signature covers these bytes. */
  body: string;
  attempts: number;
  url: string;
  secret: string;
  endpointLive: boolean;
};

/** Claims up to `limit` due deliveries for `leaseMs` (see the module comment). */
export async function claimDueDeliveries(
  q: Queryable,
  now: Date,
  limit: number,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  const { rows } = await q.query<ClaimedDelivery>(
    `WITH due AS (
       SELECT id FROM webhook_deliveries
       WHERE status = 'pending' AND next_attempt_at <= $1
       ORDER BY next_attempt_at, id
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     )
     UPDATE webhook_deliveries d
     SET attempts = d.attempts + 1, next_attempt_at = $1::timestamptz + make_interval(secs => $3::float8 / 1000)
     FROM due, webhook_endpoints e
     WHERE d.id = due.id AND e.id = d.endpoint_id
     RETURNING d.id, d.event, d.payload::text AS body, d.attempts, e.url, e.secret,
               (e.active AND e.deleted_at IS NULL) AS "endpointLive"`,
    [now, limit, leaseMs],
  );
  return rows;
}

export async function markDelivered(q: Queryable, id: string, statusCode: number, now: Date): Promise<void> {
  await q.query(
    `UPDATE webhook_deliveries SET status = 'delivered', last_status_code = $2, last_error = NULL, delivered_at = $3
     WHERE id = $1`,
    [id, statusCode, now],
  );
}

/** A failed attempt: retried at `retryAt`, or `failed` for good when it is null. */
export function markAttemptFailed(q: Queryable, id: string, f: FailedAttempt): Promise<void> {
  return markDeliveryFailed(q, 'webhook_deliveries', id, f);
}

/** Endpoints whose secret is still stored in plain text (before migration to sealed secrets). */
export async function plainSecretEndpoints(q: Queryable): Promise<{ id: string; secret: string }[]> {
  const { rows } = await q.query<{ id: string; secret: string }>(
    `SELECT id, secret FROM webhook_endpoints WHERE secret NOT LIKE 'v1:%'`,
  );
  return rows;
}

/** Replaces a plain secret by its sealed form, unless someone sealed it meanwhile. */
export async function replacePlainSecret(
  q: Queryable,
  id: string,
  plain: string,
  sealed: string,
): Promise<void> {
  await q.query('UPDATE webhook_endpoints SET secret = $3 WHERE id = $1 AND secret = $2', [
    id,
    plain,
    sealed,
  ]);
}
