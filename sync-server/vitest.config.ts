import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts', 'ops/**/*.test.ts'],
    // One embedded Postgres for the whole run (or TEST_DATABASE_URL); each test file
    // makes its own database from a migrated template.
    globalSetup: ['./src/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on N cores is N − 1 workers: one file at a time on a 2-core CI
    // machine, which leaves a core idle while a file waits on Postgres, a child process or
    // its own imports. One worker per core keeps both busy (docs/benchmarks.md "CI time").
    maxWorkers: availableParallelism(),
  },
});
