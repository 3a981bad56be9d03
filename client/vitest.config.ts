import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    // Scanner tests (SCAN) may add their own environment per file.
    environment: 'node',
    testTimeout: 30_000,
  },
});
