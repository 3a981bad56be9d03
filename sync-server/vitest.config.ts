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
    // Not one worker per core as in shared/ and client/: with two forks on the 2-core machine
    // (2026-12-05) desk-bulk.pg and import.pg failed three tests that pass alone; the files
    // share one Postgres cluster. Vitest's default (cores − 1) stays until that is understood.
  },
});
