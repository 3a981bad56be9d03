/**
 * Who holds an embedded cluster's data dir, and clearing it after a crash (Linux /proc).
 *
 * Postgres refuses to start while `postmaster.pid` names a live process, or while any
 * process of the previous instance still has its shared memory attached. After a crash
 * three states are possible, and each once refused every restart (issue 11):
 * - the postmaster was killed but is still a zombie (`Z` in /proc/<pid>/stat) because its
 *   new parent (init, in a container often slow to reap) has not collected it yet;
 *   `kill(pid, 0)` succeeds on a zombie, so it looked alive;
 * - the postmaster is dead, but its children (checkpointer, backends) are still on their
 *   way out: they hold the old shared memory for a moment;
 * - the server was killed and its postmaster kept running as an orphan (reparented to
 *   init), owning the data dir and the port with nobody to stop it.
 * The processes of a cluster are found by their working directory: the postmaster
 * chdirs into its data dir and every child inherits it.
 */
import {
  existsSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** The file naming the process that spawned the running postmaster (ours, not Postgres'). */
export const OWNER_FILE = 'edc-owner.pid';

/** How long an orphaned postmaster gets for a fast shutdown before an immediate one. */
const ORPHAN_STOP_MS = 60_000;

const hasProc = existsSync('/proc/self/stat');

type ProcStat = { state: string; ppid: number; comm: string };

function readStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: the fields start after the LAST ')'.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return {
      comm: stat.slice(stat.indexOf('(') + 1, close),
      state: fields[0] ?? '',
      ppid: Number(fields[1]),
    };
  } catch {
    return undefined;
  }
}

/** Exists and is not a zombie (`Z`) or dead (`X`): a killed process lingers as a zombie until reaped. */
export function isRunning(pid: number): boolean {
  if (!hasProc) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return typeof err === 'object' && err !== null && 'code' in err && err.code === 'EPERM';
    }
  }
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X' && stat.state !== 'x';
}

/**
 * A running postgres process. A recycled pid (common in containers) may belong to
 * anything: only a postgres process counts as the owner of the lock file.
 */
function isRunningPostgres(pid: number): boolean {
  if (!isRunning(pid)) return false;
  if (!hasProc) return true;
  return readStat(pid)?.comm.startsWith('postgres') ?? false;
}

/** Pids of the running processes of the cluster in `dataDir` (working directory = data dir). */
export function clusterProcesses(dataDir: string): number[] {
  if (!hasProc) return [];
  let target: string;
  try {
    target = realpathSync(dataDir);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      // Unreadable for other users' processes (unless root) and for zombies: neither can be ours.
      if (readlinkSync(`/proc/${pid}/cwd`) === target && isRunning(pid)) pids.push(pid);
    } catch {}
  }
  return pids;
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // gone already
  }
}

/** Polls `cond` every 50 ms until it holds or `timeoutMs` passes; returns whether it held. */
async function until(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

export type ClaimOptions = {
  log: (line: string) => void;
  /** How long a killed instance's processes get to exit on their own (default 15 s). */
  leftoverWaitMs?: number;
};

/**
 * Makes `dataDir` free for a new postmaster, or throws when a live server owns it.
 * - postmaster.pid names a running postgres whose parent is the process recorded in
 *   OWNER_FILE: a live server owns the cluster → refused ("in use by pid …").
 * - it names a running postgres with another parent: the server that started it died
 *   (its child was reparented) → an orphan: stopped with a fast shutdown (SIGINT; a
 *   checkpoint, nothing lost), then started afresh by the caller. A cluster without
 *   OWNER_FILE was not started by this code (e.g. `pg_ctl` by hand) and is left alone.
 * - otherwise the old instance is dead (or a zombie): its remaining processes get
 *   `leftoverWaitMs` to exit, are then killed (their postmaster is gone; Postgres will
 *   not start while they hold its shared memory), and the stale pid file is removed.
 */
export async function claimDataDir(dataDir: string, options: ClaimOptions): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  const postmaster = readPid(pidFile);
  if (postmaster !== undefined && isRunningPostgres(postmaster)) {
    const owner = readPid(join(dataDir, OWNER_FILE));
    const parent = hasProc ? readStat(postmaster)?.ppid : owner;
    if (owner === undefined || parent === owner) {
      const who =
        owner === undefined
          ? ` (not started by this server: if it is left over, stop it with \`kill -INT ${postmaster}\`)`
          : `, started by the running process ${owner}; stop that server`;
      throw new Error(
        `Postgres data dir ${dataDir} is in use by pid ${postmaster}${who}, or set DATABASE_URL.`,
      );
    }
    options.log(
      `[embedded-pg] pid ${postmaster} is an orphan of a crashed server (its owner ${owner} is gone): stopping it`,
    );
    signal(postmaster, 'SIGINT');
    const stopped = await until(() => clusterProcesses(dataDir).length === 0, ORPHAN_STOP_MS);
    if (!stopped) {
      // Immediate shutdown: crash recovery at the next start, still nothing committed lost.
      signal(postmaster, 'SIGQUIT');
      await until(() => clusterProcesses(dataDir).length === 0, 10_000);
    }
  }

  const leftovers = () => clusterProcesses(dataDir);
  if (leftovers().length > 0) {
    options.log(`[embedded-pg] waiting for the processes of the previous instance to exit`);
    if (!(await until(() => leftovers().length === 0, options.leftoverWaitMs ?? 15_000))) {
      for (const pid of leftovers()) signal(pid, 'SIGKILL');
      if (!(await until(() => leftovers().length === 0, 10_000))) {
        throw new Error(`Postgres data dir ${dataDir}: processes ${leftovers().join(', ')} would not exit`);
      }
    }
  }
  if (existsSync(pidFile)) {
    options.log(`[embedded-pg] removing stale ${pidFile} (pid ${postmaster ?? '?'} is not running)`);
    rmSync(pidFile, { force: true });
  }
}

/** Records this process as the one that spawns (and so is the parent of) the postmaster. */
export function writeOwner(dataDir: string): void {
  writeFileSync(join(dataDir, OWNER_FILE), `${process.pid}\n`);
}
