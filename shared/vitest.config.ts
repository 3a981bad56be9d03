/**
 * Own config so vitest does not pick up the repository's root `vite.config.ts` (the
 * client build, whose `root: 'client'` would hide every test in this workspace).
 */
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Vitest's default on N cores is N − 1 workers: one file at a time on a 2-core CI
    // machine, which leaves a core idle while a file waits on Postgres, a child process or
    // its own imports. One worker per core keeps both busy (docs/benchmarks.md "CI time").
    maxWorkers: availableParallelism(),
  },
});
