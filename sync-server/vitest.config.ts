import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts', 'ops/**/*.test.ts'],
    // One embedded Postgres per worker (or TEST_DATABASE_URL, then one worker); each test
    // file makes its own database from its worker's migrated template.
    globalSetup: ['./src/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on N cores is N − 1 workers: one file at a time on a 2-core CI
    // machine, which leaves a core idle while a file waits on Postgres, a child process or
    // its own imports. One worker per core keeps both busy (docs/benchmarks.md "CI time").
    // Each worker has its own cluster (src/test/global-setup.ts says why); files on one
    // external TEST_DATABASE_URL would hold back each other's pulls, so that runs one worker.
    maxWorkers: process.env.TEST_DATABASE_URL ? 1 : availableParallelism(),
  },
});
