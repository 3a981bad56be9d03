import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// Other helpers run Playwright in the same tree at the same time: artifacts go to a private
// dir (kept in the env so worker processes, which re-read this file, agree on it).
process.env.EDC_PW_OUTPUT ??= mkdtempSync(join(tmpdir(), 'edc-pw-'));

/** Debian's Chromium (never downloaded); flags keep it quiet and sandbox-free in containers. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  // Each worker has its own server (fixtures/test.ts), so workers share no data and
  // EDC_E2E_WORKERS=2+ is safe on a machine with cores to spare. One by default: on two cores
  // the suite is CPU-bound and a second worker made every test twice as slow.
  workers: Number(process.env.EDC_E2E_WORKERS ?? 1),
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  outputDir: process.env.EDC_PW_OUTPUT,
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    serviceWorkers: 'allow',
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
  },
});
