/**
 * A private cluster of Debian's PostgreSQL (`apt-get install postgresql`) for the smoke
 * test: the distribution's server and its pg_dump/pg_restore/pg_resetwal of the same
 * version, in a temp dir on a free port, never touching the system's own clusters.
 * Password (scram) authentication over 127.0.0.1 only, like a production server.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAs } from './pg-process.ts';

/** Binary dir of the newest installed Debian PostgreSQL (`/usr/lib/postgresql/<major>/bin`). */
export function debianPgBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!majors[0]) throw new Error('Debian PostgreSQL is not installed (apt-get install postgresql)');
  return join(root, majors[0], 'bin');
}

export type DebianCluster = {
  dataDir: string;
  port: number;
  bin: string;
  /** postgres://user:password@127.0.0.1:port/database */
  url(user: string, password: string, database: string): string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs a binary of this version (pg_resetwal, …) as the cluster's owner. */
  run(tool: string, args: string[]): string;
};

/** initdb a new cluster under `dir` with superuser `postgres` / `superPassword` (not started). */
export function initDebianCluster(dir: string, port: number, superPassword: string): DebianCluster {
  const bin = debianPgBin();
  const owner = runAs();
  const dataDir = join(dir, 'data');
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const pwfile = join(dir, 'superuser-password');
  writeFileSync(pwfile, `${superPassword}\n`, { mode: 0o600 });
  if (owner.uid !== undefined && owner.gid !== undefined) chownSync(pwfile, owner.uid, owner.gid);
  const run = (tool: string, args: string[]) =>
    execFileSync(join(bin, tool), args, {
      ...owner,
      encoding: 'utf8',
      env: { LC_ALL: 'C.UTF-8', PATH: '/usr/bin:/bin' },
    });
  if (owner.uid !== undefined && owner.gid !== undefined) {
    mkdirSync(dataDir, { mode: 0o700 });
    chownSync(dataDir, owner.uid, owner.gid);
  }
  run('initdb', [
    '-D',
    dataDir,
    '--username=postgres',
    `--pwfile=${pwfile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
  ]);
  let child: ChildProcess | undefined;
  let exited: Promise<void> | undefined;
  return {
    dataDir,
    port,
    bin,
    run,
    url: (user, password, database) =>
      `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    async start() {
      const c = spawn(
        join(bin, 'postgres'),
        [
          '-D',
          dataDir,
          '-p',
          String(port),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'unix_socket_directories=',
        ],
        { ...owner, stdio: ['ignore', 'ignore', 'pipe'], env: { LC_MESSAGES: 'C', PATH: '/usr/bin:/bin' } },
      );
      child = c;
      exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      const gone = exited;
      let tail = '';
      await new Promise<void>((resolve, reject) => {
        c.stderr?.on('data', (chunk: Buffer) => {
          tail = (tail + chunk.toString()).slice(-4000);
          if (tail.includes('database system is ready to accept connections')) resolve();
        });
        void gone.then(() => reject(new Error(`postgres exited during start:\n${tail}`)));
      });
    },
    async stop() {
      child?.kill('SIGINT');
      await exited;
      child = undefined;
    },
  };
}
