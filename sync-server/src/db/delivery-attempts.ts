/**
 * The retry bookkeeping both outgoing queues share (webhook deliveries, Web Push
 * deliveries): same columns, same states, so one statement serves both tables.
 */
import type { Queryable } from './pool.ts';

export type DeliveryTable = 'webhook_deliveries' | 'push_deliveries';

export type FailedAttempt = { statusCode: number | null; error: string; retryAt: Date | null };

/** A failed attempt: retried at `retryAt`, or `failed` for good when it is null. */
export async function markDeliveryFailed(
  q: Queryable,
  table: DeliveryTable,
  id: string,
  f: FailedAttempt,
): Promise<void> {
  // `table` is one of two literals (the type allows nothing else), never caller text.
  await q.query(
    `UPDATE ${table}
     SET status = CASE WHEN $4::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
         next_attempt_at = coalesce($4::timestamptz, next_attempt_at),
         last_status_code = $2, last_error = $3
     WHERE id = $1`,
    [id, f.statusCode, f.error.slice(0, 500), f.retryAt],
  );
}
