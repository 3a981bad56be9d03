/**
 * Where the Tugas row of `bench:client` goes (issue 12): tech1's phone holds the bench's
 * cases (one per bench terminal, all open) with 200 of them assigned to tech1; offline
 * reloads of home, each timed like the bench (home interactive → the first of the 200 job
 * cards on screen), with the app's User Timing measures, one Chromium trace and one CPU profile of a reload. Not
 * part of `npm test` nor of the bench's figures.
 *
 *   PROFILE_DIST=<built client dir> [PROFILE_DEVICES=10000] [PROFILE_CASES=10000] \
 *     npx tsx e2e/bench/profile-jobs.ts
 *
 * Build an unminified client for readable names:
 *   EDC_CLIENT_OUT_DIR=/tmp/x npx vite build --config vite.config.ts --minify false
 */
import { chromium, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../fixtures/api.ts';
import { chromiumArgs } from '../playwright.config.ts';
import { buildClient, startServer } from '../server.ts';
import { profiled, traced } from './profiling.ts';
import { seed } from './seed.ts';
import { assignJobs, installMarks, type Marks, reloadUntilJobs, waitForJobs } from './work-loop-section.ts';

const JOBS = 200;
const DEVICES = Number(process.env.PROFILE_DEVICES ?? 10_000);
const CASES = Number(process.env.PROFILE_CASES ?? 10_000);
const log = (line: string) => process.stdout.write(`${line}\n`);

/** One offline reload: home interactive and all job cards (page clock), plus the app's measures. */
async function reload(page: Page): Promise<string> {
  await reloadUntilJobs(page, JOBS);
  return page.evaluate(() => {
    const w = window as unknown as Marks;
    const measures = performance
      .getEntriesByType('measure')
      .concat(performance.getEntriesByType('mark'))
      .filter((e) => e.name.startsWith('edc:'))
      .map((e) => `${e.name} ${Math.round(e.startTime)}+${Math.round(e.duration)}`);
    const home = w.__homeAt ?? Number.NaN;
    const jobs = w.__jobsPaintAt ?? Number.NaN;
    return `home ${Math.round(home)} ms, first job cards on screen ${Math.round(jobs)} ms (Δ ${Math.round(jobs - home)} ms); ${measures.join(' | ')}`;
  });
}

async function main(): Promise<void> {
  const distDir = process.env.PROFILE_DIST ?? (await buildClient());
  const server = await startServer({ STATIC_DIR: distDir });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
  });
  try {
    await seed(server.baseURL, { devices: DEVICES, cases: CASES }, log);
    await assignJobs(server.baseURL, JOBS, 0, log);
    const context = await browser.newContext({ baseURL: server.baseURL, serviceWorkers: 'allow' });
    await context.addInitScript(() => localStorage.setItem('edc.bench', '1'));
    await context.addInitScript('globalThis.__name = (f) => f');
    await context.addInitScript(installMarks);
    const page = await context.newPage();
    await page.goto('/login');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 60_000,
    });
    await page.getByLabel('Nama pengguna').fill('tech1');
    await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page
      .getByTestId('sync-panel')
      .and(page.locator('[data-initial-done="true"]'))
      .waitFor({ timeout: 600_000 });
    await waitForJobs(page, JOBS, 120_000);
    await context.setOffline(true);
    for (let k = 0; k < 6; k++) {
      const step = () => reload(page);
      const line =
        k === 4
          ? await traced(page, 'jobs', step)
          : k === 5
            ? await profiled(page, 'jobs', step)
            : await step();
      log(`reload ${k}: ${line}`);
    }
    await context.setOffline(false);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
