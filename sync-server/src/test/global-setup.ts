/**
 * vitest globalSetup: ONE Postgres for the whole test run — an embedded cluster on a free
 * port in a unique temp dir (parallel runs never collide), or TEST_DATABASE_URL — plus a
 * template database with every migration and the reference data applied, so each test
 * file gets a fresh database with a cheap `CREATE DATABASE … TEMPLATE`.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type EmbeddedPg, startEmbeddedPostgres } from '../db/embedded.ts';
import { migrate } from '../db/migrate.ts';
import { createDb } from '../db/pool.ts';
import { seedReferenceData } from '../db/reference-data.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Maintenance database URL of the test cluster (to create/drop databases). */
    pgAdminUrl: string;
    /** Name of the migrated template database. */
    pgTemplate: string;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Test infrastructure, not the server: the only env read outside config.ts.
  const external = process.env.TEST_DATABASE_URL;
  let cluster: EmbeddedPg | undefined;
  let dir: string | undefined;
  let adminUrl: string;
  if (external) {
    adminUrl = external;
  } else {
    dir = mkdtempSync(join(tmpdir(), 'edc-test-pg-'));
    // mkdtemp makes 0700 dirs; the `postgres` system user must be able to traverse it.
    chmodSync(dir, 0o755);
    cluster = await startEmbeddedPostgres({
      dataDir: join(dir, 'pg'),
      port: await freePort(),
      persistent: false,
      fast: true,
    });
    adminUrl = cluster.adminUrl;
  }

  const template = `tpl_${randomBytes(6).toString('hex')}`;
  const admin = createDb(adminUrl, { max: 1 });
  await admin.pool.query(`CREATE DATABASE ${template}`);
  const db = createDb(withDatabase(adminUrl, template), { max: 1 });
  try {
    await migrate(db);
    await seedReferenceData(db.pool);
  } finally {
    await db.close();
  }

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);

  return async () => {
    await admin.pool.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined);
    await admin.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
