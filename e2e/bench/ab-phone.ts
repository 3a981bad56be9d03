/**
 * A/B of two (or more) client builds on the cheap-phone measures (issue 16), interleaved in
 * one run so all see the same machine load: offline start until a typed serial's device screen and typed serial →
 * device screen, CPU ×4, 360 px, the same technician and demo data (one server per build,
 * each with its own embedded Postgres). Prints the medians of each build side by side.
 *
 *   AB_DISTS=<before dir>,<after dir>[,<more dirs>] [AB_ROUNDS=10] [AB_MARKS=1] [AB_BLOCKING=1] npx tsx e2e/bench/ab-phone.ts
 *
 * With more than two builds (each change of a branch alone and together), each round
 * starts with the next build in turn, so none always follows the same other's work.
 *
 * Build each side with `EDC_CLIENT_OUT_DIR=<dir> npm run build -w @edc/client` from its
 * commit. Run it on an otherwise idle machine, like every benchmark.
 */
import { deviceSchema } from '@edc/shared';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { pullAll } from '../fixtures/api.ts';
import { chromiumArgs } from '../playwright.config.ts';
import { type RunningServer, startServer } from '../server.ts';
import {
  ensureTechnician,
  type LongTasks,
  observeLongTasks,
  readLongTasks,
  signedInPhone,
  startUntilUsable,
} from './cheap-phone.ts';

const ROUNDS = Number(process.env.AB_ROUNDS ?? 10);
const log = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

type Device = { serialNumber: string; tid: string };
type Side = { name: string; server: RunningServer; context: BrowserContext; page: Page; devices: Device[] };

async function prepare(
  name: string,
  dist: string,
  browser: Awaited<ReturnType<typeof chromium.launch>>,
): Promise<Side> {
  const server = await startServer({ STATIC_DIR: dist });
  const token = await ensureTechnician(server.baseURL);
  const devices = (await pullAll(server.baseURL, token, 'devices', deviceSchema)).filter(
    (d) => !d._deleted && d.status === 'on_operation',
  );
  const { context, page } = await signedInPhone(browser, server.baseURL);
  if (BLOCKING) await context.addInitScript(observeLongTasks);
  await context.setOffline(true);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  log(`${name}: ready (${devices.length} operational devices)`);
  return { name, server, context, page, devices };
}

/**
 * `AB_BLOCKING=1`: each offline start's long tasks (a PerformanceObserver, real CPU ×4, no
 * trace) from the first paint until 3 s after the typed serial's device screen, summed as
 * Total Blocking Time is (each task's time beyond 50 ms), and the longest of them.
 */
const BLOCKING = process.env.AB_BLOCKING === '1';
const blocking = new Map<Page, LongTasks[]>();

/** A start of /tech until a serial typed at once shows its device screen (as in the bench). */
async function offlineStart(page: Page, device: Device): Promise<number> {
  const { usable: at } = await startUntilUsable(page, device);
  if (BLOCKING) {
    await page.waitForTimeout(3000);
    const b = await readLongTasks(page, at + 3000);
    blocking.set(page, [...(blocking.get(page) ?? []), b]);
  }
  if (process.env.AB_MARKS === '1') {
    const marks = await page.evaluate(() =>
      [...performance.getEntriesByType('mark'), ...performance.getEntriesByType('paint')]
        .filter((m) => m.name.startsWith('edc:') || m.name === 'first-contentful-paint')
        .sort((a, b) => a.startTime - b.startTime)
        .map((m) => `${m.name} ${Math.round(m.startTime)}`),
    );
    const onLine = await page.evaluate(() => navigator.onLine);
    // The lookup snapshot's size (issue 16, perf16j; 0: none, as on builds without it).
    const snapshot = await page.evaluate(() => localStorage.getItem('edc.lookup-snapshot')?.length ?? 0);
    log(
      `  ${marks.join(', ')}, usable ${Math.round(at)}, navigator.onLine ${onLine}, lookup snapshot ${snapshot} chars`,
    );
  }
  return at;
}

async function typedLookup(page: Page, serial: string): Promise<number> {
  await page.goto('/tech');
  await page.getByRole('textbox', { name: 'Nomor seri, SAM, SIM atau TID' }).fill(serial);
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        const observer = new MutationObserver(() => {
          if (document.querySelector('[data-testid="device-page"] [data-testid="device-tid"]')) {
            observer.disconnect();
            resolve(performance.now() - start);
          }
        });
        observer.observe(document.body, { childList: true, subtree: true });
        document.querySelector<HTMLElement>('form.lookup-form button[type="submit"]')?.click();
      }),
  );
}

async function main(): Promise<void> {
  const dists = (process.env.AB_DISTS ?? '').split(',').filter(Boolean);
  if (dists.length < 2) throw new Error('AB_DISTS=<before dir>,<after dir>[,<more dirs>]');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
  });
  const sides: Side[] = [];
  try {
    const names = (i: number) =>
      dists.length === 2
        ? i === 0
          ? 'A (before)'
          : 'B (after)'
        : `${String.fromCharCode(65 + i)} (${dists[i]})`;
    for (const [i, dist] of dists.entries()) sides.push(await prepare(names(i), dist, browser));
    const starts = sides.map(() => [] as number[]);
    const lookups = sides.map(() => [] as number[]);
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate which side goes first, so none always follows the same other's work.
      const order = sides.map((_, k) => (k + round) % sides.length);
      for (const i of order) {
        const side = sides[i];
        if (!side) continue;
        const at = (k: number) => side.devices[k % side.devices.length] ?? { serialNumber: '', tid: '' };
        starts[i]?.push(await offlineStart(side.page, at(round * 211 + 7)));
        lookups[i]?.push(await typedLookup(side.page, at(round * 379).serialNumber));
      }
    }
    for (const [i, side] of sides.entries()) {
      const s = starts[i] ?? [];
      const l = lookups[i] ?? [];
      log(
        `${side.name}: offline start median ${Math.round(median(s))} ms (min ${Math.round(Math.min(...s))}, max ${Math.round(Math.max(...s))}); typed serial → device median ${Math.round(median(l))} ms (min ${Math.round(Math.min(...l))}, max ${Math.round(Math.max(...l))})`,
      );
      const b = blocking.get(side.page);
      if (b)
        log(
          `${side.name}: blocking after FCP until usable + 3 s, median ${Math.round(median(b.map((x) => x.blocking)))} ms (runs ${b.map((x) => Math.round(x.blocking)).join(', ')}); longest task median ${Math.round(median(b.map((x) => x.longest)))} ms (runs ${b.map((x) => Math.round(x.longest)).join(', ')})`,
        );
    }
  } finally {
    for (const side of sides) await side.context.close().catch(() => undefined);
    await browser.close();
    for (const side of sides) await side.server.stop();
  }
}

await main();
