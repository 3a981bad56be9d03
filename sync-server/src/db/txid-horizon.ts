/**
 * Checks that no replicated row carries a transaction id this Postgres cluster has not
 * reached yet. It never happens in one cluster's history (a row's txid is the id of the
 * transaction that wrote it), but it does after a logical backup (pg_dump) is restored
 * into ANOTHER cluster: the rows keep the old cluster's txids (pg_restore loads data before
 * it creates the stamping triggers) while the new cluster counts from its own, lower start.
 * A pull serves rows below pg_snapshot_xmin only, so those rows would be invisible until
 * the new cluster caught up, and every write after the restore would sort BELOW the
 * checkpoints phones hold: they would silently never receive it. The server refuses to
 * start instead, naming the fix: move the new cluster's xid epoch past the old one
 * (`pg_resetwal -e`, on the stopped cluster; docs/deploy.md, "Restore").
 */
import type { Queryable } from './pool.ts';

export type TxidHorizon =
  | { ok: true }
  | {
      ok: false;
      /** Highest stamped txid (xid8, decimal) and its table. */
      maxTxid: string;
      table: string;
      /** The cluster's next transaction id (xid8, decimal). */
      next: string;
      /** Smallest epoch (`pg_resetwal -e`) that puts every new txid above `maxTxid`. */
      epoch: string;
    };

export async function checkTxidHorizon(q: Queryable): Promise<TxidHorizon> {
  // Every table with the stamping trigger (migration 001's edc_make_replicated), so tables
  // added later are covered without a list to keep in step.
  const { rows: tables } = await q.query<{ tbl: string }>(
    `SELECT DISTINCT tgrelid::regclass::text AS tbl FROM pg_trigger
      WHERE tgfoid = 'edc_stamp_row'::regproc AND NOT tgisinternal ORDER BY 1`,
  );
  if (tables.length === 0) return { ok: true };
  // Read-only: pg_snapshot_xmax is the next id to be assigned, without taking one.
  const union = tables
    .map((t, i) => `SELECT $${i + 1}::text AS tbl, max(txid) AS m FROM ${t.tbl}`)
    .join(' UNION ALL ');
  const { rows } = await q.query<{ tbl: string; m: string; next: string }>(
    `SELECT r.tbl, r.m::text AS m, pg_snapshot_xmax(pg_current_snapshot())::text AS next
       FROM (${union}) r WHERE r.m IS NOT NULL ORDER BY r.m DESC LIMIT 1`,
    tables.map((t) => t.tbl),
  );
  const top = rows[0];
  if (!top || BigInt(top.m) < BigInt(top.next)) return { ok: true };
  return {
    ok: false,
    maxTxid: top.m,
    table: top.tbl,
    next: top.next,
    epoch: String((BigInt(top.m) >> 32n) + 1n),
  };
}

/** The operator's message for a failed check. */
export function describeTxidHorizon(h: Extract<TxidHorizon, { ok: false }>): string {
  return (
    `Database rows carry transaction ids this Postgres cluster has not reached (${h.table}: txid ${h.maxTxid}, ` +
    `next ${h.next}): it was restored from pg_dump into another cluster. Phones' checkpoints would skip ` +
    `every write from now on. Stop Postgres, run \`pg_resetwal -e ${h.epoch} <data dir>\` as its owner, ` +
    'start it and this server again (docs/deploy.md, "Restore").'
  );
}
