import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncCollections } from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyTestDb, createTestDb, type TestDb } from '../test/pg-harness.ts';
import { listMigrations, MIGRATIONS_DIR, migrate } from './migrate.ts';
import { withTransaction } from './pool.ts';

describe('migrate', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createEmptyTestDb();
  });
  afterAll(async () => {
    await t.drop();
  });

  it('applies every migration once; a second run (and concurrent runs) apply nothing', async () => {
    const all = listMigrations().map((m) => m.name);
    const first = await migrate(t.db);
    expect(first).toEqual(all);
    expect(await migrate(t.db)).toEqual([]);
    const concurrent = await Promise.all([migrate(t.db), migrate(t.db), migrate(t.db)]);
    expect(concurrent.flat()).toEqual([]);
    const { rows } = await t.db.pool.query<{ name: string }>(
      'SELECT name FROM schema_migrations ORDER BY name',
    );
    expect(rows.map((r) => r.name)).toEqual(all);
  });

  it('concurrent first runs on an empty database do not race', async () => {
    const fresh = await createEmptyTestDb();
    try {
      const results = await Promise.all([migrate(fresh.db), migrate(fresh.db), migrate(fresh.db)]);
      expect(results.flat().sort()).toEqual(listMigrations().map((m) => m.name));
    } finally {
      await fresh.drop();
    }
  });

  it('a failing migration rolls back entirely and names the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edc-mig-'));
    writeFileSync(join(dir, '001_ok.sql'), 'CREATE TABLE mig_ok (id int);');
    writeFileSync(join(dir, '002_bad.sql'), 'CREATE TABLE mig_bad (id int); SELECT no_such_function();');
    const fresh = await createEmptyTestDb();
    try {
      await expect(migrate(fresh.db, dir)).rejects.toThrow(/002_bad\.sql/);
      const { rows } = await fresh.db.pool.query(
        "SELECT to_regclass('mig_bad') AS t, to_regclass('mig_ok') AS o",
      );
      expect(rows[0]).toEqual({ t: null, o: 'mig_ok' });
    } finally {
      await fresh.drop();
    }
  });
});

describe('upgrading a database that has data', () => {
  it('migration 024 applies over rows written before it; stamps and case numbers keep working', async () => {
    const t = await createEmptyTestDb();
    try {
      // The database as the previous release left it: migrations up to 023, with rows.
      const dir = mkdtempSync(join(tmpdir(), 'edc-mig-023-'));
      for (const m of listMigrations().filter((f) => f.name < '024')) {
        copyFileSync(join(MIGRATIONS_DIR, m.name), join(dir, m.name));
      }
      await migrate(t.db, dir);
      const q = t.db.pool;
      await q.query(
        "INSERT INTO merchants (id, mid, name, region) VALUES ('000000000000444', '000000000000444', 'Toko', 'JKT')",
      );
      const day = await q.query<{ n: string }>("SELECT edc_next_case_number('2026-12-02') AS n");
      expect(day.rows[0]?.n).toBe('CASE-20261202-00001');
      const before = await q.query<{ t: string }>(
        "SELECT txid::text AS t FROM merchants WHERE id = '000000000000444'",
      );

      expect(await migrate(t.db)).toEqual(
        listMigrations()
          .map((m) => m.name)
          .filter((n) => n >= '024'),
      );
      // Old rows are re-stamped on update; the day's sequence continues where it was.
      await q.query("UPDATE merchants SET name = 'Toko 2' WHERE id = '000000000000444'");
      const after = await q.query<{ t: string }>(
        "SELECT txid::text AS t FROM merchants WHERE id = '000000000000444'",
      );
      expect(BigInt(after.rows[0]!.t)).toBeGreaterThan(BigInt(before.rows[0]!.t));
      const next = await q.query<{ n: string }>("SELECT edc_next_case_number('2026-12-02') AS n");
      expect(next.rows[0]?.n).toBe('CASE-20261202-00002');
      // Exactly one INSERT stamp and one UPDATE stamp per replicated table.
      const { rows } = await q.query<{ tgname: string }>(
        `SELECT tgname FROM pg_trigger WHERE tgfoid = 'edc_stamp_row'::regproc AND tgrelid = 'merchants'::regclass ORDER BY tgname`,
      );
      expect(rows.map((r) => r.tgname)).toEqual(['merchants_stamp', 'merchants_stamp_insert']);
    } finally {
      await t.drop();
    }
  });
});

describe('schema', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.drop();
  });

  it('stamps txid on insert and re-stamps it on update', async () => {
    const q = t.db.pool;
    await q.query(
      "INSERT INTO merchants (id, mid, name, region) VALUES ('000000000000111', '000000000000111', 'Toko', 'JKT')",
    );
    const a = await q.query<{ txid: string }>(
      "SELECT txid::text FROM merchants WHERE id = '000000000000111'",
    );
    await q.query("UPDATE merchants SET name = 'Toko 2' WHERE id = '000000000000111'");
    const b = await q.query<{ txid: string; updated_at: string }>(
      "SELECT txid::text, updated_at FROM merchants WHERE id = '000000000000111'",
    );
    expect(BigInt(b.rows[0]?.txid ?? '0')).toBeGreaterThan(BigInt(a.rows[0]?.txid ?? '0'));
    expect(b.rows[0]?.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('an INSERT that names a txid of its own is still stamped with its transaction id', async () => {
    // The INSERT stamp only runs when txid differs from the DEFAULT (migration 024); a row
    // copied with an old txid must not land below a puller's checkpoint.
    const { rows } = await withTransaction(t.db, (c) =>
      c.query<{ stamped: boolean; own: boolean }>(
        `WITH ins AS (
           INSERT INTO merchants (id, mid, name, region, txid) VALUES ('000000000000222', '000000000000222', 'Toko', 'JKT', '5'),
             ('000000000000333', '000000000000333', 'Toko', 'JKT', DEFAULT)
           RETURNING id, txid)
         SELECT bool_and(txid = pg_current_xact_id()) AS stamped, count(*) = 2 AS own FROM ins`,
      ),
    );
    expect(rows[0]).toEqual({ stamped: true, own: true });
  });

  it('every replicated collection is stamped and pokes on every write, whoever writes it', async () => {
    // Rows written outside any request (the auto-close pass, the SLA monitor's escalations,
    // reminders, imports) must reach phones exactly like a push's: a txid after every
    // checkpoint handed out, and a NOTIFY on commit. The table's own triggers give both to
    // every writer, so no service has anything to remember (DESIGN section 5).
    const { rows } = await t.db.pool.query<{ tbl: string; fn: string; type: number; arg: string }>(
      `SELECT c.relname AS tbl, p.proname AS fn, t.tgtype::int AS type, encode(t.tgargs, 'escape') AS arg
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE NOT t.tgisinternal AND p.proname IN ('edc_stamp_row', 'edc_notify_collection')`,
    );
    // pg_trigger.tgtype bits: ROW 1, BEFORE 2, INSERT 4, DELETE 8, UPDATE 16.
    const covers = (collection: string, fn: string, bits: number, arg?: string) =>
      rows.some(
        (r) =>
          r.tbl === collection &&
          r.fn === fn &&
          (r.type & bits) === bits &&
          (arg === undefined || r.arg.replace(/\\000$/, '') === arg),
      );
    const missing = syncCollections.flatMap((collection) =>
      [
        covers(collection, 'edc_stamp_row', 1 | 2 | 4) ? null : `${collection}: txid stamp on INSERT`,
        covers(collection, 'edc_stamp_row', 1 | 2 | 16) ? null : `${collection}: txid stamp on UPDATE`,
        ...(
          [
            [4, 'INSERT'],
            [8, 'DELETE'],
            [16, 'UPDATE'],
          ] as const
        ).map(([bit, event]) =>
          covers(collection, 'edc_notify_collection', bit, collection)
            ? null
            : `${collection}: NOTIFY on ${event}`,
        ),
      ].filter((m) => m !== null),
    );
    expect(missing).toEqual([]);
  });

  it('case numbers continue after the day counter and widen past 99,999', async () => {
    const n = await withTransaction(t.db, async (c) => {
      await c.query("INSERT INTO case_number_counters (day, last) VALUES ('2026-12-01', 41)");
      const a = await c.query<{ n: string }>("SELECT edc_next_case_number('2026-12-01') AS n");
      const b = await c.query<{ n: string }>(
        "SELECT edc_format_case_number('2026-12-01', nextval(edc_case_number_sequence('2026-12-01'))) AS n",
      );
      const w = await c.query<{ n: string }>("SELECT edc_format_case_number('2026-12-01', 123456) AS n");
      return [a.rows[0]?.n, b.rows[0]?.n, w.rows[0]?.n];
    });
    expect(n).toEqual(['CASE-20261201-00042', 'CASE-20261201-00043', 'CASE-20261201-123456']);
  });

  it('the reference data version moves with every committed write to sla_rules or holidays', async () => {
    // Own database: this test deletes reference data the other tests read.
    const own = await createTestDb();
    try {
      await referenceVersionMoves(own);
    } finally {
      await own.drop();
    }
  });

  it('the partial unique index allows one blocking case per TID/MID', async () => {
    const insert = (id: string, status: string) =>
      t.db.pool.query(
        `INSERT INTO cases (id, client_rev, status, category, channel, tid, mid, reported_at, created_by)
         VALUES ($1, gen_random_uuid(), $2, 'replace_device', 'technician_app', 'T0000001', '000000000000111', now(), 'tech1')`,
        [id, status],
      );
    await insert('0190a0a0-0000-7000-8000-000000000001', 'open');
    await expect(insert('0190a0a0-0000-7000-8000-000000000002', 'in_progress')).rejects.toMatchObject({
      code: '23505',
      constraint: 'cases_blocking_tid_mid_key',
    });
    // Non-blocking statuses never conflict.
    await insert('0190a0a0-0000-7000-8000-000000000003', 'rejected');
    await insert('0190a0a0-0000-7000-8000-000000000004', 'closed');
    await t.db.pool.query(
      "UPDATE cases SET status = 'closed' WHERE id = '0190a0a0-0000-7000-8000-000000000001'",
    );
    await insert('0190a0a0-0000-7000-8000-000000000005', 'open');
  });

  it('next_case_number counts per day', async () => {
    const n = await withTransaction(t.db, async (c) => {
      const a = await c.query<{ n: string }>("SELECT next_case_number('2026-11-25') AS n");
      const b = await c.query<{ n: string }>("SELECT next_case_number('2026-11-25') AS n");
      const d = await c.query<{ n: string }>("SELECT next_case_number('2026-11-26') AS n");
      return [a.rows[0]?.n, b.rows[0]?.n, d.rows[0]?.n];
    });
    expect(n).toEqual(['CASE-20261125-00001', 'CASE-20261125-00002', 'CASE-20261126-00001']);
  });

  it('reference data is seeded: holidays and the SLA catalogue', async () => {
    const { rows } = await t.db.pool.query<{ h: number; s: number; d: string }>(
      "SELECT (SELECT count(*)::int FROM holidays) AS h, (SELECT count(*)::int FROM sla_rules) AS s, (SELECT date FROM holidays WHERE id = '2026-01-01') AS d",
    );
    expect(rows[0]?.h).toBeGreaterThan(40);
    expect(rows[0]?.s).toBeGreaterThan(5);
    // `date` columns stay calendar dates (no time zone shift through a JS Date).
    expect(rows[0]?.d).toBe('2026-01-01');
  });

  it('writes to a replicated table NOTIFY edc_sync with the collection name', async () => {
    const client = await t.db.pool.connect();
    try {
      const got = new Promise<string>((resolve) => {
        client.on('notification', (msg) => resolve(`${msg.channel}:${msg.payload}`));
      });
      await client.query('LISTEN edc_sync');
      await t.db.pool.query("UPDATE holidays SET name = name || '' WHERE id = '2026-01-01'");
      expect(await got).toBe('edc_sync:holidays');
    } finally {
      await client.query('UNLISTEN *');
      client.release();
    }
  });
});

async function referenceVersionMoves(t: TestDb): Promise<void> {
  const q = t.db.pool;
  const version = async () =>
    (await q.query<{ v: string }>('SELECT version::text AS v FROM reference_data_version')).rows[0]!.v;
  const seen = new Set([await version()]);
  const changed = async () => {
    const v = await version();
    expect(seen.has(v)).toBe(false);
    seen.add(v);
    return v;
  };
  await q.query("UPDATE sla_rules SET label = label || '' WHERE id = (SELECT min(id) FROM sla_rules)");
  await changed();
  await q.query("DELETE FROM holidays WHERE id = '2026-01-01'");
  const v2 = await changed();
  // A rolled-back write leaves no trace, TRUNCATE included.
  await expect(
    withTransaction(t.db, async (c) => {
      await c.query('TRUNCATE holidays');
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  expect(await version()).toBe(v2);
  await withTransaction(t.db, (c) => c.query('TRUNCATE holidays'));
  await changed();
}
