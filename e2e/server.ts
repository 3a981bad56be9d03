/**
 * Starts a real sync-server (embedded Postgres, demo seed) for an e2e worker or the bench:
 * free ports, a fresh DATA_DIR under os.tmpdir(), its own process group so teardown can
 * stop the server and its Postgres together. Talks to it only over HTTP.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Builds the client into a private directory (served through STATIC_DIR): other helpers
 * rebuild client/dist at any time, which would delete hashed chunks under a running test.
 */
export async function buildClient(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'edc-e2e-dist-'));
  await run('npm', ['run', 'build', '-w', '@edc/client'], { EDC_CLIENT_OUT_DIR: outDir });
  return outDir;
}

function run(cmd: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    // stdout of the build would interleave with the test report: keep only errors.
    const child = spawn(cmd, args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`)),
    );
  });
}

export type RunningServer = { baseURL: string; dataDir: string; stop: () => Promise<void> };

export async function startServer(
  extraEnv: Record<string, string> = {},
  timeoutMs = 180_000,
): Promise<RunningServer> {
  const [port, pgPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'edc-e2e-'));
  // mkdtemp makes 0700; embedded Postgres runs initdb as the `postgres` user when we are root.
  chmodSync(dataDir, 0o755);
  const child: ChildProcess = spawn('npx', ['tsx', 'sync-server/src/index.ts'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      PG_PORT: String(pgPort),
      DATA_DIR: dataDir,
      SEED_DEMO: 'true',
      // The SLA breach journey waits for the monitor job; a short interval keeps it quick.
      SLA_MONITOR_INTERVAL_SECONDS: '5',
      // The webhook journeys register receivers on loopback, refused unless allowlisted (SSRF).
      WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32',
      // /api/test/auto-close: the confirmation-loop journey closes its own case on an injected clock.
      TEST_HOOKS: 'true',
      NODE_ENV: 'development',
      ...extraEnv,
    },
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseURL = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`sync-server exited (${child.exitCode}) before becoming healthy:\n${log}`);
    }
    try {
      const res = await fetch(`${baseURL}/api/health`);
      if (res.ok) return { baseURL, dataDir, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`sync-server not healthy after ${timeoutMs} ms:\n${log}`);
}
