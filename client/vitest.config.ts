import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    // Scanner tests (SCAN) may add their own environment per file.
    environment: 'node',
    testTimeout: 30_000,
    // Vitest's default on N cores is N − 1 workers: one file at a time on a 2-core CI
    // machine, which leaves a core idle while a file waits on Postgres, a child process or
    // its own imports. One worker per core keeps both busy (docs/benchmarks.md "CI time").
    maxWorkers: availableParallelism(),
  },
});
