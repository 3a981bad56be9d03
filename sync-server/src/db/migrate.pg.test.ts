import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyTestDb, createTestDb, type TestDb } from '../test/pg-harness.ts';
import { listMigrations, migrate } from './migrate.ts';
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
