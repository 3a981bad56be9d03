/**
 * The real server entry point (`src/index.ts`) as a child process, for tests and scripts
 * that kill it: ONE node process (tsx loaded with `--import`, no wrapper), so `kill -9`
 * of `pid` is exactly a crash of the server, and an embedded Postgres it starts is its
 * direct child. Talks to it over HTTP only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type ServerProcess = {
  pid: number;
  baseUrl: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string>;
  /** Last ~20 KB of stdout + stderr. */
  log(): string;
  /** Resolves once `/api/health` answers 200; rejects if the process exits first or on timeout. */
  healthy(timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): void;
};

/**
 * Starts `src/index.ts` with `env` added to (or, for keys set to `undefined`, removed
 * from) this process's environment. `port` must be the PORT the server will listen on.
 */
export function spawnServer(
  env: Record<string, string | undefined>,
  port: number,
  host = '127.0.0.1',
): ServerProcess {
  // Test infrastructure, not the server: the child inherits this environment (PATH, …).
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) merged[k] = v;
  const child = spawn(process.execPath, ['--import', 'tsx', join(serverDir, 'src', 'index.ts')], {
    cwd: serverDir,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('server process did not start');
  const pid = child.pid;
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  let exitCode: number | string | undefined;
  void exited.then((c) => {
    exitCode = c;
  });
  const baseUrl = `http://${host}:${port}`;

  return {
    pid,
    baseUrl,
    child,
    exited,
    log: () => log,
    async healthy(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (exitCode !== undefined)
          throw new Error(`server exited (${exitCode}) before it was healthy:\n${log}`);
        try {
          const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
          if (res.status === 200) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`server not healthy within ${timeoutMs} ms:\n${log}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    kill(signal: NodeJS.Signals = 'SIGKILL') {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    },
  };
}

/** The postmaster pid recorded in a cluster's `postmaster.pid`, or undefined. */
export function postmasterPid(clusterDir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** True while `pid` exists and is neither a zombie nor dead (Linux /proc). */
export function processRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X' && state !== 'x';
  } catch {
    return false;
  }
}
