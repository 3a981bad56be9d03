/**
 * The checkpoint invariant of db/sync.ts under concurrency: writers whose transactions
 * commit in a different order than they started (random sleeps before COMMIT), and a
 * puller running throughout. After draining, the puller must hold every committed row.
 * A checkpoint on updated_at or on a sequence loses rows here; (txid, id) below
 * pg_snapshot_xmin does not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../test/pg-harness.ts';
import { type PullScope, pullPage } from './sync.ts';

let tdb: TestDb;
const admin: PullScope = { role: 'admin', username: 'admin1', regions: [] };

beforeAll(async () => {
  tdb = await createTestDb();
});

afterAll(async () => {
  await tdb?.drop();
});

describe('pull checkpoints', () => {
  it('never skips a row committed late by a concurrent transaction', async () => {
    const WRITERS = 10;
    const ROWS = 50;
    const committed = new Set<string>();
    let writing = true;

    const writer = async (w: number) => {
      for (let i = 0; i < ROWS; i++) {
        const client = await tdb.db.pool.connect();
        try {
          const mid = String(w * 1000 + i + 100_000_000_000_000);
          await client.query('BEGIN');
          await client.query(
            `INSERT INTO merchants (id, mid, name, region) VALUES ($1::text, $1::text, 'Toko', 'JKT')`,
            [mid],
          );
          // Random delay between the write (txid stamped) and COMMIT: later txids often
          // commit before earlier ones.
          await client.query('SELECT pg_sleep($1)', [Math.random() * 0.02]);
          await client.query('COMMIT');
          committed.add(mid);
        } finally {
          client.release();
        }
      }
    };

    const pulled = new Set<string>();
    let checkpoint: { txid: string; id: string } | null = null;
    const pullOnce = async () => {
      const page = await pullPage(tdb.db.pool, 'merchants', admin, checkpoint, 7);
      for (const d of page.docs) {
        const doc = JSON.parse(d) as { id: string };
        pulled.add(doc.id);
      }
      checkpoint = page.last ?? checkpoint;
      return page.docs.length;
    };
    const puller = (async () => {
      let pages = 0;
      while (writing) {
        await pullOnce();
        pages++;
      }
      return pages;
    })();

    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    writing = false;
    const pagesDuringWrites = await puller;
    // Drain.
    while ((await pullOnce()) > 0) {}

    expect(pagesDuringWrites).toBeGreaterThan(10); // the puller really ran concurrently
    expect(committed.size).toBe(WRITERS * ROWS);
    const missed = [...committed].filter((id) => !pulled.has(id));
    expect(missed).toEqual([]);
  });

  it('serves nothing of a transaction still open, then all of it', async () => {
    const client = await tdb.db.pool.connect();
    try {
      const start = await pullPage(tdb.db.pool, 'merchants', admin, null, 1000);
      let checkpoint = start.last;
      for (;;) {
        const more = await pullPage(tdb.db.pool, 'merchants', admin, checkpoint, 1000);
        if (!more.last) break;
        checkpoint = more.last;
      }
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO merchants (id, mid, name, region) VALUES ('999999999999999', '999999999999999', 'Lama', 'JKT')`,
      );
      // Another writer commits after the open one started.
      await tdb.db.pool.query(
        `INSERT INTO merchants (id, mid, name, region) VALUES ('999999999999998', '999999999999998', 'Baru', 'JKT')`,
      );
      const during = await pullPage(tdb.db.pool, 'merchants', admin, checkpoint, 1000);
      // The later commit is held back too: serving it would move the checkpoint past the open txid.
      expect(during.docs).toEqual([]);
      await client.query('COMMIT');
      const after = await pullPage(tdb.db.pool, 'merchants', admin, checkpoint, 1000);
      expect(after.docs.map((d) => (JSON.parse(d) as { id: string }).id).sort()).toEqual([
        '999999999999998',
        '999999999999999',
      ]);
    } finally {
      client.release();
    }
  });
});
