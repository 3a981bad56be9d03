/**
 * Replication protocol version, the `v1` in `/api/sync/v1/...`.
 *
 * History:
 * - 1: RxDB HTTP replication with `(txid xid8, id)` checkpoints served below
 *      `pg_snapshot_xmin`, `clientRev` idempotency, `serverRev` stale-write detection,
 *      rejection as data. Adds the pull-only `holidays` collection.
 */
export const PROTOCOL_VERSION = 1;
export const SYNC_BASE_PATH = `/api/sync/v${PROTOCOL_VERSION}`;
