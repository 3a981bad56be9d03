/**
 * Where the cheap-phone figures go (issue 16): a CPU profile (CDP `Profiler`) of the
 * offline start and of typed serial → device screen on a technician's phone at CPU ×4,
 * summed by script and by function (self and total time), so a change can be aimed at
 * the real cost. Not part of `npm test` nor of the bench's figures.
 *
 *   PROFILE_DIST=<built client dir> npx tsx e2e/bench/profile-phone.ts
 *
 * Build an unminified client for readable names:
 *   EDC_CLIENT_OUT_DIR=/tmp/x npx vite build --config vite.config.ts --minify false
 * Without PROFILE_DIST it builds the client as the bench does.
 */
import { deviceSchema } from '@edc/shared';
import { chromium } from '@playwright/test';
import { pullAll } from '../fixtures/api.ts';
import { chromiumArgs } from '../playwright.config.ts';
import { buildClient, startServer } from '../server.ts';
import { ensureTechnician, runLighthouse, signedInPhone, startUntilUsable } from './cheap-phone.ts';
import { profiled, traced } from './profiling.ts';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const distDir = process.env.PROFILE_DIST ?? (await buildClient());
  const server = await startServer({ STATIC_DIR: distDir });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
  });
  try {
    const token = await ensureTechnician(server.baseURL);
    if (process.env.PROFILE_LIGHTHOUSE === '1') {
      // Lighthouse only: its breakdown of the blocking time (long tasks, script CPU).
      await runLighthouse(server.baseURL, log);
      return;
    }
    const operational = (await pullAll(server.baseURL, token, 'devices', deviceSchema)).filter(
      (d) => !d._deleted && d.status === 'on_operation',
    );
    const { context, page } = await signedInPhone(browser, server.baseURL);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    if (process.env.PROFILE_ONLINE === '1') {
      // An online reload as Lighthouse loads it: what runs in the first 4 s (sync start too).
      const settle = async () => {
        await page.reload({ waitUntil: 'commit' });
        await page.waitForTimeout(4000);
      };
      await settle();
      await traced(page, 'online', settle);
      await profiled(page, 'online', settle);
      return;
    }
    await context.setOffline(true);
    const starts: number[] = [];
    for (let k = 0; k < 4; k++) {
      const device = operational[(k * 211 + 7) % operational.length];
      if (!device) throw new Error('no on_operation device');
      const run = async () => (await startUntilUsable(page, device)).usable;
      starts.push(
        k === 3
          ? await profiled(page, 'start', run)
          : k === 2
            ? await traced(page, 'start', run)
            : await run(),
      );
      const paints = await page.evaluate(() =>
        performance
          .getEntriesByType('paint')
          .map((e) => `${e.name} ${Math.round(e.startTime)}`)
          .concat(
            performance
              .getEntriesByType('resource')
              .filter((e) => e.name.endsWith('.js'))
              .map(
                (e) =>
                  `${e.name.split('/').pop()} ${Math.round(e.startTime)}→${Math.round((e as PerformanceResourceTiming).responseEnd)}`,
              ),
          )
          .concat(
            performance
              .getEntriesByType('measure')
              .map((e) => `${e.name} ${Math.round(e.startTime)}+${Math.round(e.duration)}`),
          ),
      );
      log(`start ${k}: usable ${Math.round(starts[k] ?? 0)} ms; ${paints.join(' | ')}`);
    }
    const times: number[] = [];
    const device = operational[Math.floor(operational.length / 2)]?.serialNumber;
    if (device) {
      for (let k = 0; k < 6; k++) {
        await page.goto('/tech');
        await page.getByRole('textbox', { name: 'Nomor seri, SAM, SIM atau TID' }).fill(device);
        const measure = () =>
          page.evaluate(
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
        times.push(
          k === 5
            ? await profiled(page, 'lookup', measure)
            : k === 4
              ? await traced(page, 'lookup', measure)
              : await measure(),
        );
      }
      log(`lookups: ${times.map((t) => Math.round(t)).join(', ')}`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
