import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../test/pg-harness.ts';
import { checkTxidHorizon, describeTxidHorizon } from './txid-horizon.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

/**
 * Writes a holiday stamped as if by another cluster's transaction `txid`: with the stamping
 * trigger off, as pg_restore loads data before it creates the triggers.
 */
async function rowFromAnotherCluster(txid: string) {
  await t.db.pool.query('ALTER TABLE holidays DISABLE TRIGGER holidays_stamp_insert');
  try {
    await t.db.pool.query(
      `INSERT INTO holidays (id, date, name, txid) VALUES ('2099-01-01', '2099-01-01', 'restored', $1::xid8)`,
      [txid],
    );
  } finally {
    await t.db.pool.query('ALTER TABLE holidays ENABLE TRIGGER holidays_stamp_insert');
  }
}

describe('checkTxidHorizon', () => {
  it('passes on a database written by its own cluster', async () => {
    await t.db.pool.query(`INSERT INTO holidays (id, date, name) VALUES ('2098-01-01', '2098-01-01', 'own')`);
    expect(await checkTxidHorizon(t.db.pool)).toEqual({ ok: true });
  });

  it.each([
    // An older cluster that had simply run longer than this one.
    ['ahead in the same epoch', (next: bigint) => next + 100_000n, '1'],
    ['in a later epoch', () => (5n << 32n) + 7n, '6'],
  ])(
    'flags rows restored from another cluster (%s) and names the epoch that clears them',
    async (_l, at, epoch) => {
      await t.db.pool.query(`DELETE FROM holidays WHERE id = '2099-01-01'`);
      const { rows } = await t.db.pool.query<{ next: string }>(
        'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next',
      );
      const txid = at(BigInt(rows[0]?.next ?? '0'));
      await rowFromAnotherCluster(String(txid));
      const h = await checkTxidHorizon(t.db.pool);
      expect(h).toMatchObject({ ok: false, table: 'holidays', maxTxid: String(txid), epoch });
      if (!h.ok) expect(describeTxidHorizon(h)).toContain(`pg_resetwal -e ${epoch}`);
    },
  );
});
