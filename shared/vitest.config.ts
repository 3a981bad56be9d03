/**
 * Own config so vitest does not pick up the repository's root `vite.config.ts` (the
 * client build, whose `root: 'client'` would hide every test in this workspace).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
  },
});
