/**
 * Owns `push_subscriptions` and `push_deliveries` (migration 040).
 *
 * Deliveries are queued by the trigger on `notifications` (migration 042): one pending row
 * per live subscription of the recipient, in the statement that writes the notification,
 * so a push is exactly as durable as its notification.
 * Claiming is a lease (`FOR UPDATE SKIP LOCKED`, attempts counted, `next_attempt_at`
 * pushed past the send timeout): several instances never send a row at the same time,
 * and a worker killed mid-send leaves its rows due again once the lease runs out.
 */
import type { PushUrgency } from '@edc/shared';
import { type FailedAttempt, markDeliveryFailed } from './delivery-attempts.ts';
import type { Queryable } from './pool.ts';

export type SubscriptionInput = {
  userId: string;
  sessionId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent: string | null;
  now: Date;
};

/**
 * Stores (or takes over) a subscription. The endpoint identifies the browser install, so
 * re-subscribing refreshes the keys, and another user signing in on the device owns it
 * from then on. Pending pushes of the previous owner are dropped with the keys.
 */
export async function upsertSubscription(q: Queryable, s: SubscriptionInput): Promise<{ created: boolean }> {
  const { rows } = await q.query<{ created: boolean }>(
    `WITH old AS (SELECT id, user_id FROM push_subscriptions WHERE endpoint = $3),
     gone AS (
       DELETE FROM push_deliveries WHERE subscription_id IN (SELECT id FROM old WHERE user_id <> $1)
     )
     INSERT INTO push_subscriptions (user_id, session_id, endpoint, p256dh, auth, user_agent, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, session_id = EXCLUDED.session_id,
       p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, user_agent = EXCLUDED.user_agent, updated_at = EXCLUDED.updated_at
     RETURNING (xmax = 0) AS created`,
    [s.userId, s.sessionId, s.endpoint, s.p256dh, s.auth, s.userAgent?.slice(0, 300) ?? null, s.now],
  );
  return rows[0] ?? { created: false };
}

/** Removes the caller's own subscription; false when there was none of theirs. */
export async function deleteSubscription(q: Queryable, userId: string, endpoint: string): Promise<boolean> {
  const { rowCount } = await q.query('DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint = $2', [
    userId,
    endpoint,
  ]);
  return (rowCount ?? 0) > 0;
}

/** The push service said 404/410: the subscription is dead (its deliveries go with it). */
export async function deleteSubscriptionById(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM push_subscriptions WHERE id = $1', [id]);
}

export type ClaimedPush = {
  id: string;
  subscriptionId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  /** The payload as stored (JSON text), encrypted as is. */
  body: string;
  urgency: PushUrgency;
  /** Seconds left before the message is stale (≥ 0). */
  ttlSeconds: number;
  attempts: number;
};

/**
 * Claims up to `limit` due deliveries for `leaseMs`. Rows already past `expires_at` are
 * marked `expired` in the same statement instead of being claimed.
 */
export async function claimDuePushes(
  q: Queryable,
  now: Date,
  limit: number,
  leaseMs: number,
): Promise<ClaimedPush[]> {
  await q.query(
    `UPDATE push_deliveries SET status = 'expired'
     WHERE id IN (SELECT id FROM push_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 AND expires_at <= $1
                  LIMIT 1000 FOR UPDATE SKIP LOCKED)`,
    [now],
  );
  const { rows } = await q.query<ClaimedPush>(
    `WITH due AS (
       SELECT id FROM push_deliveries
       WHERE status = 'pending' AND next_attempt_at <= $1 AND expires_at > $1
       ORDER BY next_attempt_at, id
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     )
     UPDATE push_deliveries d
     SET attempts = d.attempts + 1, next_attempt_at = $1::timestamptz + make_interval(secs => $3::float8 / 1000)
     FROM due, push_subscriptions s
     WHERE d.id = due.id AND s.id = d.subscription_id
     RETURNING d.id, s.id AS "subscriptionId", s.endpoint, s.p256dh, s.auth, d.payload::text AS body, d.urgency,
               greatest(0, floor(extract(epoch FROM d.expires_at - $1::timestamptz)))::int AS "ttlSeconds", d.attempts`,
    [now, limit, leaseMs],
  );
  return rows;
}

export type SentPush = { id: string; statusCode: number; sentAt: Date };

/** Marks deliveries sent, many in one statement (the worker groups what finished meanwhile). */
export async function markPushesSent(q: Queryable, sent: readonly SentPush[]): Promise<void> {
  if (sent.length === 0) return;
  await q.query(
    `UPDATE push_deliveries d SET status = 'sent', last_status_code = s.code, last_error = NULL, sent_at = s.at
     FROM unnest($1::uuid[], $2::int[], $3::timestamptz[]) AS s(id, code, at)
     WHERE d.id = s.id`,
    [sent.map((s) => s.id), sent.map((s) => s.statusCode), sent.map((s) => s.sentAt)],
  );
}

/** A failed attempt: retried at `retryAt`, or `failed` for good when it is null. */
export function markPushFailed(q: Queryable, id: string, f: FailedAttempt): Promise<void> {
  return markDeliveryFailed(q, 'push_deliveries', id, f);
}

export type PushDeliveryCounts = Record<'pending' | 'sent' | 'failed' | 'expired', number>;

/** Delivery counts per status (tests, benchmarks, the desk's health view). */
export async function pushDeliveryCounts(q: Queryable): Promise<PushDeliveryCounts> {
  const { rows } = await q.query<{ status: keyof PushDeliveryCounts; n: number }>(
    'SELECT status, count(*)::int AS n FROM push_deliveries GROUP BY status',
  );
  const counts: PushDeliveryCounts = { pending: 0, sent: 0, failed: 0, expired: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** The user's explicit push choices per notification type (absent = the default). */
export async function listPushPreferences(q: Queryable, userId: string): Promise<Map<string, boolean>> {
  const { rows } = await q.query<{ type: string; push: boolean }>(
    'SELECT type, push FROM notification_preferences WHERE user_id = $1',
    [userId],
  );
  return new Map(rows.map((r) => [r.type, r.push]));
}

export async function savePushPreferences(
  q: Queryable,
  userId: string,
  prefs: readonly { type: string; push: boolean }[],
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO notification_preferences (user_id, type, push, updated_at)
     SELECT $1, p.type, p.push, $3 FROM jsonb_to_recordset($2::jsonb) AS p(type text, push boolean)
     ON CONFLICT (user_id, type) DO UPDATE SET push = EXCLUDED.push, updated_at = EXCLUDED.updated_at`,
    [userId, JSON.stringify(prefs), now],
  );
}
