/**
 * The chaos suite's few-seconds variant in `npm test` (issue 11): `ops/chaos.ts --ci` (4
 * clients pushing with retries through one kill -9 of the server, one of the postmaster
 * and 3 s of 20% dropped replies, a checkpoint puller throughout) against a Postgres it
 * starts itself, then its one table must show zeros in every loss column. The full run
 * (`npm run chaos`, ≥ 10 + 10 kills) stays outside the suite.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { serverDir } from '../src/test/server-process.ts';

/** Runs the CLI to its end; its whole output and exit code. */
function runChaos(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(serverDir, 'ops', 'chaos.ts'), ...args], {
      cwd: serverDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** `| measure | result |` rows of the printed table. */
function table(output: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of output.split('\n')) {
    const m = /^\| (.+?) +\| (.+) \|$/.exec(line);
    if (m?.[1] && m[2] && m[1] !== 'measure') rows.set(m[1], m[2]);
  }
  return rows;
}

it('chaos --ci: kill -9 of the server and the postmaster, dropped replies — nothing lost, duplicated, changed or missed', async () => {
  const { code, output } = await runChaos(['--ci']);
  const t = table(output);
  expect(t.get('kill -9 server / postmaster'), output).toBe('1 / 1');
  expect(Number.parseInt(t.get('acknowledged') ?? '0', 10), output).toBeGreaterThan(0);
  expect(t.get('lost'), output).toBe('0');
  expect(t.get('duplicated'), output).toBe('0');
  expect(t.get('changed after acknowledgement'), output).toBe('0');
  expect(t.get('missed by the puller'), output).toMatch(/^0 \(/);
  expect(t.get('5xx after recovery'), output).toBe('0');
  expect(code, output).toBe(0);
}, 180_000);
