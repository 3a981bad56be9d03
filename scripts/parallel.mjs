#!/usr/bin/env node
/**
 * Runs shell commands at the same time and fails when any of them fails, after ALL have
 * finished, so every failure is shown, not only the first. Used by the root `typecheck` and
 * `test` scripts: one `tsc` or a lint pass keeps one core busy, and on the 2-core CI machine
 * the other core would idle (docs/benchmarks.md "CI time").
 *
 * Each command's output (stdout and stderr, in order) is held and printed in one block when
 * it ends, under a header with its exit code and seconds, so parallel logs never interleave.
 *
 *   node scripts/parallel.mjs 'npm run lint' 'npm run typecheck'
 */
import { spawn } from 'node:child_process';

const commands = process.argv.slice(2);
if (commands.length === 0) {
  console.error('usage: node scripts/parallel.mjs <command> [<command> …]');
  process.exit(2);
}

/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of running) child.kill(signal);
    process.exit(130);
  });
}

/** @param {string} command @returns {Promise<number>} exit code (1 when killed by a signal) */
function run(command) {
  const started = Date.now();
  /** @type {Buffer[]} */
  const output = [];
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (err) => output.push(Buffer.from(`${err.message}\n`)));
    child.on('close', (code, signal) => {
      running.delete(child);
      const rc = code ?? 1;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const how = rc === 0 ? 'ok' : `FAILED (exit ${code ?? signal})`;
      process.stdout.write(`\n── ${command}: ${how} in ${seconds} s\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(rc);
    });
  });
}

const codes = await Promise.all(commands.map(run));
const failed = commands.filter((_, i) => codes[i] !== 0);
if (failed.length > 0) {
  process.stdout.write(`\n── failed: ${failed.join(' | ')}\n`);
  process.exit(1);
}
