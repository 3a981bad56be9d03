/**
 * Per-test-file databases on the Postgres of the file's vitest worker (see global-setup.ts:
 * one cluster per worker, so files running at the same time never share a cluster). Each
 * `createTestDb()` is a fresh database cloned from the migrated template.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { migrate } from '../db/migrate.ts';
import { createDb, type Db } from '../db/pool.ts';

export type TestDb = { db: Db; url: string; name: string; drop(): Promise<void> };

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** An empty database (no migrations), e.g. to test the migration runner itself. */
export async function createEmptyTestDb(): Promise<TestDb> {
  return create(false);
}

/** A fresh, migrated database with reference data (holidays, SLA catalogue). */
export async function createTestDb(): Promise<TestDb> {
  return create(true);
}

/** The cluster of this file's vitest worker (`VITEST_POOL_ID` is 1 … maxWorkers). */
function workerCluster(): { adminUrl: string; template: string } {
  const clusters = inject('pgClusters');
  const poolId = Number(process.env.VITEST_POOL_ID ?? 1);
  const cluster = clusters[poolId - 1];
  if (!cluster) {
    throw new Error(`no test cluster for vitest worker ${poolId} (${clusters.length} started)`);
  }
  return cluster;
}

async function create(fromTemplate: boolean): Promise<TestDb> {
  const { adminUrl, template } = workerCluster();
  const name = `t_${randomBytes(8).toString('hex')}`;
  const admin = createDb(adminUrl, { max: 1 });
  try {
    await admin.pool.query(
      fromTemplate ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`,
    );
  } finally {
    await admin.close();
  }
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, { max: 20 });
  // A no-op on the template's copy; keeps the contract "createTestDb() is migrated".
  if (fromTemplate) await migrate(db);
  let dropped = false;
  return {
    db,
    url,
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.close();
      const a = createDb(adminUrl, { max: 1 });
      try {
        await a.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.close();
      }
    },
  };
}
