/**
 * Restarts after a crash in embedded mode (issue 11): the real server process
 * (`src/index.ts`) with its own embedded Postgres in a temp DATA_DIR, killed with SIGKILL
 * and started again at once, as `npm start` after a crash would be.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedPasswordFile, embeddedUrl, readEmbeddedPassword } from './db/embedded.ts';
import { createDb, pgErrorCode } from './db/pool.ts';
import { freePort } from './test/global-setup.ts';
import { postmasterPid, processRunning, type ServerProcess, spawnServer } from './test/server-process.ts';
import { waitFor } from './test/wait-for.ts';

const dir = mkdtempSync(join(tmpdir(), 'edc-crash-'));
// The `postgres` system user (we may be root) must traverse it.
chmodSync(dir, 0o755);
const clusterDir = join(dir, 'pg');
const started: ServerProcess[] = [];
const postmasters = new Set<number>();
let port = 0;
let pgPort = 0;

function start(serverPort = port): ServerProcess {
  const server = spawnServer(
    {
      NODE_ENV: 'development',
      PORT: String(serverPort),
      PG_PORT: String(pgPort),
      DATA_DIR: dir,
      DATABASE_URL: undefined,
      HOST: undefined,
      SEED_DEMO: 'false',
      SLA_MONITOR_INTERVAL_SECONDS: '0',
      WEBHOOK_INTERVAL_SECONDS: '0',
    },
    serverPort,
  );
  started.push(server);
  return server;
}

type Running = { server: ServerProcess; postmaster: number };

async function startHealthy(serverPort = port): Promise<Running> {
  const server = start(serverPort);
  await server.healthy();
  const postmaster = postmasterPid(clusterDir);
  if (postmaster === undefined) throw new Error('no postmaster.pid after a healthy start');
  postmasters.add(postmaster);
  return { server, postmaster };
}

/** One single-letter process state from /proc/<pid>/stat (R, S, Z, …), or undefined. */
function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2);
  } catch {
    return undefined;
  }
}

/** The server of the previous test, so each test starts from a running instance. */
let current: Running | undefined;
async function running(): Promise<Running> {
  current ??= await startHealthy();
  return current;
}

beforeAll(async () => {
  port = await freePort();
  pgPort = await freePort();
});

afterAll(async () => {
  // Only what this file started: its servers, then any postmaster they left behind.
  for (const s of started) s.kill('SIGTERM');
  await Promise.all(started.map((s) => Promise.race([s.exited, new Promise((r) => setTimeout(r, 10_000))])));
  for (const s of started) s.kill('SIGKILL');
  for (const pid of postmasters) {
    if (processRunning(pid)) process.kill(pid, 'SIGINT');
  }
  await waitFor(() => [...postmasters].every((pid) => !processRunning(pid)), 30_000).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** Connects to the cluster's `edc` database; resolves the pg error code on failure. */
async function connectWith(password: string): Promise<string> {
  const db = createDb(embeddedUrl(pgPort, 'edc', password), { max: 1 });
  try {
    await db.pool.query('SELECT 1');
    return 'ok';
  } catch (err) {
    return pgErrorCode(err) ?? String(err);
  } finally {
    await db.close();
  }
}

async function markerRows(): Promise<string[]> {
  const db = createDb(embeddedUrl(pgPort, 'edc', readEmbeddedPassword(clusterDir) ?? ''), { max: 1 });
  try {
    const { rows } = await db.pool.query<{ v: string }>('SELECT v FROM crash_marker ORDER BY v');
    return rows.map((r) => r.v);
  } finally {
    await db.close();
  }
}

describe('embedded mode: a fresh start', () => {
  it('gives the cluster its own password (0600), refuses the old shared one, and binds 127.0.0.1 only', async () => {
    const { server } = await running();
    const password = readEmbeddedPassword(clusterDir);
    expect(password?.length).toBeGreaterThanOrEqual(32);
    expect(statSync(embeddedPasswordFile(clusterDir)).mode & 0o777).toBe(0o600);
    expect(await connectWith(password ?? '')).toBe('ok');
    // 28P01 invalid_password: the constant from the source code opens nothing.
    expect(await connectWith('edc-embedded')).toBe('28P01');
    expect(server.log()).toContain(`listening on http://127.0.0.1:${port}`);
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (outside) {
      await expect(fetch(`http://${outside}:${port}/api/health`)).rejects.toThrow();
    }
    // Committed before the crashes below; must survive all of them.
    const db = createDb(embeddedUrl(pgPort, 'edc', password ?? ''), { max: 1 });
    try {
      await db.pool.query(`CREATE TABLE crash_marker (v text); INSERT INTO crash_marker VALUES ('before')`);
    } finally {
      await db.close();
    }
  }, 180_000);
});

describe('embedded mode after kill -9', () => {
  it('a start while the killed postmaster is still a zombie comes up, then the old server is killed too', async () => {
    const old = await running();
    // The old server is frozen, so it cannot reap its killed postmaster: the zombie lingers
    // as it does under an init that reaps slowly (containers), which once refused every start.
    old.server.kill('SIGSTOP');
    process.kill(old.postmaster, 'SIGKILL');
    await waitFor(() => procState(old.postmaster) === 'Z', 10_000);
    try {
      // The frozen server still holds its HTTP port; the data dir is what is contended.
      current = await startHealthy(await freePort());
    } finally {
      old.server.kill('SIGKILL');
      await old.server.exited;
    }
    expect(current.postmaster).not.toBe(old.postmaster);
    expect(await markerRows()).toEqual(['before']);
  }, 180_000);

  it('kill -9 of the server and its Postgres together, then an immediate start comes up on the same data', async () => {
    const old = await running();
    old.server.kill('SIGKILL');
    process.kill(old.postmaster, 'SIGKILL');
    await old.server.exited;
    current = await startHealthy();
    expect(current.postmaster).not.toBe(old.postmaster);
    expect(processRunning(old.postmaster)).toBe(false);
    expect(await markerRows()).toEqual(['before']);
  }, 180_000);

  it('kill -9 of the server alone: the orphaned Postgres is stopped and the restart comes up', async () => {
    const old = await running();
    old.server.kill('SIGKILL');
    await old.server.exited;
    // The precondition of the bug: the cluster outlives its server.
    expect(processRunning(old.postmaster)).toBe(true);
    current = await startHealthy();
    expect(current.postmaster).not.toBe(old.postmaster);
    expect(processRunning(old.postmaster)).toBe(false);
    expect(await markerRows()).toEqual(['before']);
  }, 180_000);
});
