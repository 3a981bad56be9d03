/**
 * The "cheap phone" section of `npm run bench:client`: the technician PWA in Chromium with
 * the CPU slowed ×4 (CDP Emulation.setCPUThrottlingRate) at 360 × 740 px, on the demo data
 * (before the 100,000 bench devices are seeded), for a technician whose two regions hold
 * every demo terminal (5,000 devices):
 * - first sync over a slow 4G profile (DevTools "Slow 4G": 562.5 ms RTT, 1.47 Mbit/s down,
 *   675 kbit/s up), with the progress bar's count sampled on the way;
 * - offline start (load of /tech with the network off) until a serial typed as soon as the
 *   lookup field is there has opened its device screen;
 * - typed serial → device screen (tap "Cari" until the device facts are on screen);
 * - scan → device screen with Chromium's fake camera playing the terminal's sticker: from
 *   the tap, and from the moment the camera is warm (decoder ready, frames flowing);
 * - Lighthouse (npm `lighthouse`, mobile defaults, simulated throttling) on the technician
 *   home of the built app: performance and accessibility scores; beside it, as information,
 *   the blocking time of the same page at a real CPU ×4 without Lighthouse, and Lighthouse at
 *   the CPU multiplier its calibration gives this host (`LH_EXTRA=0` skips both).
 * Each figure is printed with its target; nothing is asserted.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseSchema, deviceSchema, SYNC_BASE_PATH, syncCollections } from '@edc/shared';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import { apiLogin, pullAll } from '../fixtures/api.ts';
import { renderCameraFrame } from '../fixtures/barcodes/generate-stickers.ts';
import { writeStillY4m } from '../fixtures/barcodes/y4m.ts';
import { chromiumArgs } from '../playwright.config.ts';

/** Where the bench leaves the device to type at the next start (read by markUsableLookup's script). */
const TYPE_AT_START_KEY = 'edc-bench-type-at-start';

/**
 * "Usable" after a start means a typed serial opens the device screen: the page itself,
 * as soon as the lookup field is there, types the serial the bench left for it (see
 * `startUntilUsable`), taps "Cari", and notes `window.__edcUsable` once that device's screen
 * shows its TID. `window.__edcLookupShown` notes when the field was first there (printed for
 * comparison). Done in the page:
 * Playwright's role locators poll the accessibility tree on the page's main thread, which a
 * ×4 CPU would bill to the app. Shared by the cheap-phone, A/B and profile benches so all
 * three measure the same moment.
 */
export async function markUsableLookup(context: BrowserContext): Promise<void> {
  await context.addInitScript((key) => {
    const w = window as unknown as { __edcUsable?: number; __edcLookupShown?: number };
    let wanted: { serial: string; tid: string } | null = null;
    try {
      wanted = location.pathname === '/tech' ? JSON.parse(localStorage.getItem(key) ?? 'null') : null;
    } catch {
      wanted = null;
    }
    let typed = false;
    const step = () => {
      const field = document.getElementById('lookup') as HTMLInputElement | null;
      if (w.__edcLookupShown === undefined && field) w.__edcLookupShown = performance.now();
      if (!wanted) return w.__edcLookupShown !== undefined;
      if (!typed && field) {
        typed = true;
        // As typing does: the input's value through its native setter, then an input event
        // (React's onChange); the tap on "Cari" in the next task, after React has rendered it.
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
        setter?.call(field, wanted.serial);
        field.dispatchEvent(new Event('input', { bubbles: true }));
        setTimeout(() => {
          document.querySelector<HTMLElement>('form.lookup-form button[type="submit"]')?.click();
        }, 0);
      }
      const tid = document.querySelector('[data-testid="device-page"] [data-testid="device-tid"]');
      if (tid && tid.textContent === wanted.tid) {
        w.__edcUsable = performance.now();
        return w.__edcLookupShown !== undefined;
      }
      return false;
    };
    const watch = () => {
      const observer = new MutationObserver(() => {
        if (step()) observer.disconnect();
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true });
    };
    watch();
  }, TYPE_AT_START_KEY);
}

/** `{ usable, shown }` once `markUsableLookup` has noted both, else null (evaluated in the page). */
const USABLE_EXPRESSION = `(() => {
  const w = window;
  return w.__edcUsable !== undefined && w.__edcLookupShown !== undefined
    ? { usable: w.__edcUsable, shown: w.__edcLookupShown }
    : null;
})()`;

/**
 * One start of `/tech` (offline if the context is) until a typed `device`'s screen shows
 * (`markUsableLookup`): ms from navigation start, and when the lookup field was first shown.
 */
export async function startUntilUsable(
  page: Page,
  device: { serialNumber: string; tid: string },
): Promise<{ usable: number; shown: number }> {
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [
    TYPE_AT_START_KEY,
    JSON.stringify({ serial: device.serialNumber, tid: device.tid }),
  ] as const);
  // Polled with a bare CDP Runtime.evaluate, not Playwright's waitForFunction: that first
  // evaluates Playwright's injected script (~330 KB) in the new page, an 80–130 ms task at
  // CPU ×4 in the middle of the start that a phone never runs (perf16h's traces).
  const cdp = await page.context().newCDPSession(page);
  let times: { usable: number; shown: number } | null = null;
  try {
    await page.goto('/tech', { waitUntil: 'commit' });
    const deadline = Date.now() + 60_000;
    while (!times) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const answer = await cdp
        .send('Runtime.evaluate', { expression: USABLE_EXPRESSION, returnByValue: true })
        .catch(() => null); // the document may still be switching: asked again
      times = (answer?.result.value as { usable: number; shown: number } | null | undefined) ?? null;
      if (!times && Date.now() > deadline) throw new Error('start: no usable lookup within 60 s');
    }
    // Later loads (the typed-lookup and scan measures) must not type at start.
    await cdp.send('Runtime.evaluate', {
      expression: `localStorage.removeItem(${JSON.stringify(TYPE_AT_START_KEY)})`,
    });
  } finally {
    await cdp.detach();
  }
  return times;
}

export type BenchRow = {
  metric: string;
  value: string;
  baseline: string;
  target: string;
  ok: boolean | null;
};

const CPU_SLOWDOWN = 4;
/** Chrome DevTools' "Slow 4G" preset (the network Lighthouse's mobile run simulates, as applied throttling). */
export const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.4744 * 1024 * 1024) / 8,
  uploadThroughput: (675 * 1024) / 8,
} as const;
const PHONE = { width: 360, height: 740 };
const USER = 'benchphone';
const PASSWORD = 'bench-phone-2026';
const STARTS = 5;
const LOOKUPS = 12;
const SCANS = 3;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

/** The bench technician exists (created once) and is signed in: its access token. */
export async function ensureTechnician(baseURL: string): Promise<string> {
  const admin = await apiLogin(baseURL, 'admin1');
  const res = await fetch(`${baseURL}/api/admin/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({
      username: USER,
      displayName: 'Bench Phone',
      role: 'technician',
      regions: ['JKT', 'BDG'],
      password: PASSWORD,
    }),
  });
  if (res.status !== 201 && res.status !== 409)
    throw new Error(`create ${USER}: ${res.status} ${await res.text()}`);
  const login = await fetch(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USER, password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`login ${USER}: ${login.status}`);
  return ((await login.json()) as { accessToken: string }).accessToken;
}

/**
 * A 360 px phone with the app shell cached by its service worker, signed in as the bench
 * technician, its first sync done (online, no throttling: the A/B and profile benches
 * measure what comes after).
 */
export async function signedInPhone(
  browser: Browser,
  baseURL: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: PHONE,
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    serviceWorkers: 'allow',
  });
  // tsx (esbuild keepNames) wraps functions passed to page.evaluate in __name(): define it.
  await context.addInitScript('globalThis.__name = (f) => f');
  await markUsableLookup(context);
  const page = await context.newPage();
  await page.goto('/login');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
    timeout: 60_000,
  });
  await signInAndAwaitFirstSync(page);
  return { context, page };
}

async function throttle(context: BrowserContext, page: Page, network: boolean) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  if (network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  }
  return cdp;
}

/** Time in the page from a click to the device screen being rendered (MutationObserver). */
async function clickUntilDevice(page: Page, clickSelector: string): Promise<number> {
  return page.evaluate(
    (selector) =>
      new Promise<number>((resolve, reject) => {
        const target = document.querySelector<HTMLElement>(selector);
        if (!target) return reject(new Error(`${selector} missing`));
        const start = performance.now();
        const done = () => {
          if (document.querySelector('[data-testid="device-page"] [data-testid="device-tid"]')) {
            observer.disconnect();
            resolve(performance.now() - start);
          }
        };
        const observer = new MutationObserver(done);
        observer.observe(document.body, { childList: true, subtree: true });
        target.click();
      }),
    clickSelector,
  );
}

export async function runCheapPhoneBench(opts: {
  baseURL: string;
  log: (line: string) => void;
}): Promise<BenchRow[]> {
  const { baseURL, log } = opts;
  const rows: BenchRow[] = [];
  const token = await ensureTechnician(baseURL);
  const devices = (await pullAll(baseURL, token, 'devices', deviceSchema)).filter((d) => !d._deleted);
  const cases = await pullAll(baseURL, token, 'cases', caseSchema);
  let docs = 0;
  for (const name of syncCollections) {
    const res = await fetch(`${baseURL}${SYNC_BASE_PATH}/${name}/pull?limit=1`, {
      headers: { authorization: `Bearer ${token}`, 'x-sync-count': '1' },
    });
    docs += Number(res.headers.get('x-sync-remaining') ?? 0);
  }
  log(`cheap phone: ${USER} replicates ${docs} documents (${devices.length} devices, ${cases.length} cases)`);
  const operational = devices.filter((d) => d.status === 'on_operation');
  const scanned = operational[Math.floor(operational.length / 3)];
  if (!scanned) throw new Error('no on_operation device for the scan');

  const videoDir = await mkdtemp(join(tmpdir(), 'edc-bench-camera-'));
  const y4m = join(videoDir, 'sticker.y4m');
  await writeStillY4m(y4m, await renderCameraFrame(scanned.serialNumber, scanned.model), 4);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      ...chromiumArgs,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${y4m}`,
    ],
  });
  try {
    const context = await browser.newContext({
      baseURL,
      viewport: PHONE,
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
      permissions: ['camera'],
      serviceWorkers: 'allow',
    });
    // tsx (esbuild keepNames) wraps functions passed to page.evaluate in __name(): define it.
    await context.addInitScript('globalThis.__name = (f) => f');
    await markUsableLookup(context);
    const page = await context.newPage();
    // The app shell is cached by the service worker on the first visit (not part of the sync).
    await page.goto('/login');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 60_000,
    });
    await throttle(context, page, true);
    await page.reload();
    await page.getByLabel('Nama pengguna').fill(USER);
    await page.getByLabel('Kata sandi').fill(PASSWORD);

    // ---- first sync over slow 4G, CPU ×4 ------------------------------------------------
    const samples: string[] = [];
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Masuk' }).click();
    const panel = page.getByTestId('sync-panel');
    await panel.waitFor({ timeout: 60_000 });
    const sampler = setInterval(() => {
      void page
        .getByTestId('sync-progress')
        .getAttribute('aria-valuenow', { timeout: 500 })
        .then((v) => samples.push(`${((Date.now() - t0) / 1000).toFixed(1)}s:${v ?? '?'}%`))
        .catch(() => undefined);
    }, 2000);
    await panel.and(page.locator('[data-initial-done="true"]')).waitFor({ timeout: 10 * 60_000 });
    clearInterval(sampler);
    const syncMs = Date.now() - t0;
    const transfer = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/sync/'))
        .reduce(
          (sum, e) => {
            const r = e as PerformanceResourceTiming;
            return { encoded: sum.encoded + r.encodedBodySize, decoded: sum.decoded + r.decodedBodySize };
          },
          { encoded: 0, decoded: 0 },
        ),
    );
    log(`first sync: progress samples ${samples.join(' ')}`);
    rows.push({
      metric: `cheap phone: first sync of ${devices.length.toLocaleString('en')} devices (${docs.toLocaleString('en')} docs), slow 4G, CPU ×${CPU_SLOWDOWN}`,
      value: fmt(syncMs),
      baseline: `${(transfer.encoded / 1024).toFixed(0)} KB on the wire for ${(transfer.decoded / 1024).toFixed(0)} KB of JSON; progress bar seen at ${samples.length} samples`,
      target: '≤ 15 s',
      ok: syncMs <= 15_000,
    });

    // ---- offline start, CPU ×4 -----------------------------------------------------------
    await awaitLookupSnapshot(page);
    await context.setOffline(true);
    const starts: number[] = [];
    const shown: number[] = [];
    for (let k = 0; k < STARTS; k++) {
      const device = operational[(k * 211 + 7) % operational.length];
      if (!device) continue;
      const times = await startUntilUsable(page, device);
      starts.push(times.usable);
      shown.push(times.shown);
      // The app's own User Timing marks (edc:*) and the first paint: where the start went.
      const marks = await page.evaluate(() =>
        [...performance.getEntriesByType('mark'), ...performance.getEntriesByType('paint')]
          .filter((m) => m.name.startsWith('edc:') || m.name === 'first-contentful-paint')
          .sort((a, b) => a.startTime - b.startTime)
          .map(
            (m) =>
              `${m.name.replace('edc:', '').replace('first-contentful-paint', 'FCP')} ${Math.round(m.startTime)}`,
          ),
      );
      log(
        `offline start ${k + 1}: ${marks.join(', ')}, lookup field ${Math.round(times.shown)}, typed serial's device screen ${Math.round(times.usable)} ms`,
      );
    }
    rows.push({
      metric: `cheap phone: offline start until a serial typed at once shows its device screen (median of ${STARTS}), CPU ×${CPU_SLOWDOWN}`,
      value: fmt(median(starts)),
      baseline: `min ${fmt(Math.min(...starts))}, max ${fmt(Math.max(...starts))}; lookup field shown at ${fmt(median(shown))} (median)`,
      target: '≤ 0.6 s',
      ok: median(starts) <= 600,
    });

    // ---- typed serial → device screen, CPU ×4 ----------------------------------------------
    const lookups: number[] = [];
    for (let k = 0; k < LOOKUPS; k++) {
      const device = operational[(k * 379) % operational.length];
      if (!device) continue;
      await page.goto('/tech');
      await page.getByRole('textbox', { name: 'Nomor seri, SAM, SIM atau TID' }).fill(device.serialNumber);
      lookups.push(await clickUntilDevice(page, 'form.lookup-form button[type="submit"]'));
    }
    rows.push({
      metric: `cheap phone: typed serial → device screen (median of ${LOOKUPS}), CPU ×${CPU_SLOWDOWN}`,
      value: fmt(median(lookups)),
      baseline: `first ${fmt(lookups[0] ?? Number.NaN)}, max ${fmt(Math.max(...lookups))}`,
      target: '≤ 200 ms',
      ok: median(lookups) <= 200,
    });

    // ---- scan → device screen, fake camera, CPU ×4 --------------------------------------------
    const fromTap: number[] = [];
    const fromWarm: number[] = [];
    for (let k = 0; k < SCANS; k++) {
      await page.goto('/tech');
      await page.getByTestId('scan-button').waitFor();
      // Start timing in the page: the tap, then the first "scanning" state (camera + decoder ready).
      const times = await page.evaluate(
        () =>
          new Promise<{ tap: number; warm: number }>((resolve) => {
            const start = performance.now();
            let warmAt = Number.NaN;
            const observer = new MutationObserver(() => {
              const scanner = document.querySelector('[data-testid="scanner"]');
              if (Number.isNaN(warmAt) && scanner?.getAttribute('data-state') === 'scanning')
                warmAt = performance.now();
              if (document.querySelector('[data-testid="device-page"] [data-testid="device-tid"]')) {
                observer.disconnect();
                const end = performance.now();
                resolve({ tap: end - start, warm: end - warmAt });
              }
            });
            observer.observe(document.body, { childList: true, subtree: true, attributes: true });
            document.querySelector<HTMLElement>('[data-testid="scan-button"]')?.click();
          }),
      );
      fromTap.push(times.tap);
      fromWarm.push(times.warm);
    }
    rows.push({
      metric: `cheap phone: scan → device screen with a warm camera (median of ${SCANS}), CPU ×${CPU_SLOWDOWN}`,
      value: fmt(median(fromWarm)),
      baseline: `from the tap on "Pindai" (camera start included) ${fmt(median(fromTap))}`,
      target: '≤ 1.2 s (×4); ≤ 800 ms unthrottled',
      ok: median(fromWarm) <= 1200,
    });
    await context.setOffline(false);
    await context.close();
  } finally {
    await browser.close();
    await rm(videoDir, { recursive: true, force: true });
  }

  rows.push(...(await runLighthouse(baseURL, log)));
  return rows;
}

type LighthouseReport = NonNullable<Awaited<ReturnType<typeof import('lighthouse').default>>>['lhr'];

/**
 * A Chromium with a persistent profile, signed in as the bench technician (first sync done,
 * service worker in control), ready to run Lighthouse on /tech as often as wanted: each
 * `run()` is one Lighthouse run with the storage kept. LH_SAVE=<dir> keeps each report (its
 * trace-derived audits: long tasks with their simulated start and duration, FCP, TTI).
 */
export async function openLighthouse(baseURL: string): Promise<{
  /** One Lighthouse run; `cpuSlowdownMultiplier` replaces the default ×4 of its simulation. */
  run: (throttling?: { cpuSlowdownMultiplier: number }) => Promise<LighthouseReport>;
  close: () => Promise<void>;
  /** The signed-in profile's Playwright context (for measurements without Lighthouse). */
  context: BrowserContext;
}> {
  const { default: lighthouse } = await import('lighthouse');
  const profile = await mkdtemp(join(tmpdir(), 'edc-bench-lh-'));
  const port = 9300 + Math.floor(Math.random() * 500);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...chromiumArgs, `--remote-debugging-port=${port}`],
    baseURL,
    serviceWorkers: 'allow',
  });
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  try {
    await signInLighthouseProfile(context);
  } catch (error) {
    await close();
    throw error;
  }
  let count = 0;
  const run = async (throttling?: { cpuSlowdownMultiplier: number }) => {
    const result = await lighthouse(`${baseURL}/tech`, {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      disableStorageReset: true,
      ...(throttling ? { throttling } : {}),
    });
    if (!result?.lhr) throw new Error('lighthouse returned no result');
    const saveDir = process.env.LH_SAVE;
    if (saveDir) {
      await mkdir(saveDir, { recursive: true });
      await writeFile(join(saveDir, `lhr-${Date.now()}-${count}.json`), JSON.stringify(result.lhr));
    }
    count++;
    return result.lhr;
  };
  return { run, close, context };
}

/**
 * After the first sync, as a phone left open a moment longer: the lookup snapshot (issue 16,
 * perf16j) is written once the sync's writes have been quiet for a second. Up to 5 s; a
 * build without the snapshot goes on at the timeout.
 */
async function awaitLookupSnapshot(page: Page): Promise<void> {
  await page
    .waitForFunction(() => localStorage.getItem('edc.lookup-snapshot') !== null, undefined, { timeout: 5000 })
    .catch(() => undefined);
}

/** On the login page: signs the bench technician in and waits until the first sync is done. */
async function signInAndAwaitFirstSync(page: Page): Promise<void> {
  await page.getByLabel('Nama pengguna').fill(USER);
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page
    .getByTestId('sync-panel')
    .and(page.locator('[data-initial-done="true"]'))
    .waitFor({ timeout: 300_000 });
  await awaitLookupSnapshot(page);
}

/**
 * Signs the bench technician in on the first page of a (persistent) context and waits for
 * the first sync and the service worker: the state Lighthouse then measures /tech in.
 */
export async function signInLighthouseProfile(context: BrowserContext): Promise<void> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/login');
  await signInAndAwaitFirstSync(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Lighthouse on /tech of a signed-in technician (persistent profile, storage kept). */
export async function runLighthouse(baseURL: string, log: (line: string) => void): Promise<BenchRow[]> {
  const session = await openLighthouse(baseURL);
  try {
    // One Lighthouse run on this shared machine moved by ±8 points between runs of the same
    // build (its simulation scales the observed task times): the median and the minimum of
    // LH_RUNS runs (5 by default) count.
    const runs = Math.max(1, Number(process.env.LH_RUNS ?? 5));
    const reports: LighthouseReport[] = [];
    for (let i = 0; i < runs; i++) reports.push(await session.run());
    const rows = lighthouseRows(reports, log);
    // Two more rows, next to (never instead of) the default one above (perf16g,
    // docs/benchmarks.md): the same page with the CPU really slowed ×4 and no Lighthouse
    // (its trace costs this app's start several times its own work), and Lighthouse at
    // the multiplier its calibration gives this host. LH_EXTRA=0 skips both.
    if (process.env.LH_EXTRA !== '0') {
      rows.push(await withoutLighthouseRow(session.context, log));
      rows.push(await calibratedRow(session, reports, log));
    }
    return rows;
  } finally {
    await session.close();
  }
}

/**
 * Lighthouse's CPU slowdown calculator (https://lighthouse-cpu-throttling-calculator.vercel.app/,
 * the method of Lighthouse's docs/throttling.md, "Calibrating the CPU slowdown"): the
 * multiplier with which this host (its `benchmarkIndex`) emulates Lighthouse's mobile target.
 */
export function calibratedMultiplier(benchmarkIndex: number): number | undefined {
  if (!Number.isFinite(benchmarkIndex) || benchmarkIndex < 150) return undefined;
  if (benchmarkIndex >= 1300) return 3 + (benchmarkIndex - 1300) / 233;
  if (benchmarkIndex >= 800) return 2 + (benchmarkIndex - 800) / 500;
  return 1 + (benchmarkIndex - 150) / 650;
}

/** Lighthouse with `cpuSlowdownMultiplier` from the median benchmarkIndex of the default runs. */
async function calibratedRow(
  session: Awaited<ReturnType<typeof openLighthouse>>,
  reports: LighthouseReport[],
  log: (line: string) => void,
): Promise<BenchRow> {
  const index = median(reports.map((r) => r.environment.benchmarkIndex));
  const multiplier = calibratedMultiplier(index);
  const metric = 'Lighthouse performance at the calibrated CPU multiplier (not the default ×4)';
  if (!multiplier)
    return { metric, value: '—', baseline: `benchmarkIndex ${index}: too slow`, target: '—', ok: null };
  const m = Math.round(multiplier * 10) / 10;
  const runs = Math.max(1, Number(process.env.LH_CALIBRATED_RUNS ?? 3));
  const scores: number[] = [];
  const tbts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const lhr = await session.run({ cpuSlowdownMultiplier: m });
    scores.push(Math.round((lhr.categories.performance?.score ?? 0) * 100));
    tbts.push(Math.round(lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN));
  }
  const indexes = reports.map((r) => Math.round(r.environment.benchmarkIndex)).join(', ');
  log(
    `lighthouse at the calibrated multiplier ×${m} (benchmarkIndex median ${Math.round(index)}; runs ${indexes}): performance ${scores.join(', ')}, TBT ${tbts.join(', ')} ms`,
  );
  return {
    metric: `${metric}, median of ${runs}`,
    value: String(median(scores)),
    baseline: `×${m} from benchmarkIndex ${Math.round(index)} (default runs: ${indexes}); runs ${scores.join(', ')}; TBT median ${median(tbts)} ms`,
    target: '(information)',
    ok: null,
  };
}

/** Long tasks after the first paint, summed as Total Blocking Time is, and the longest. */
export type LongTasks = { blocking: number; fcp: number; longest: number };

/**
 * An init script (`page.addInitScript(observeLongTasks)`): records every long task and the first
 * contentful paint of the page in `window.__edcLongTasks` / `__edcFcp` for `readLongTasks`.
 */
export function observeLongTasks(): void {
  const w = window as unknown as { __edcLongTasks: [number, number][]; __edcFcp?: number };
  w.__edcLongTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__edcLongTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') w.__edcFcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
}

/**
 * The long tasks `observeLongTasks` recorded from the first paint until `until` (page time, ms;
 * no limit by default), summed as Total Blocking Time is (each task's time beyond 50 ms).
 */
export async function readLongTasks(page: Page, until = Number.POSITIVE_INFINITY): Promise<LongTasks> {
  const { tasks, fcp } = await page.evaluate(() => {
    const w = window as unknown as { __edcLongTasks: [number, number][]; __edcFcp?: number };
    return { tasks: w.__edcLongTasks, fcp: w.__edcFcp ?? Number.NaN };
  });
  const inWindow = tasks.filter(([start]) => start >= fcp && start <= until);
  return {
    blocking: inWindow.reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0),
    fcp,
    longest: Math.max(0, ...inWindow.map(([, duration]) => duration)),
  };
}

/**
 * Reloads of /tech online (as Lighthouse loads it) with the CPU really slowed ×4 and no
 * Lighthouse, no trace: the long tasks a PerformanceObserver sees, summed as Total Blocking
 * Time is (each task's time beyond 50 ms, from the first paint until 8 s after the load).
 */
export async function blockingWithoutLighthouse(context: BrowserContext): Promise<LongTasks> {
  const page = await context.newPage();
  try {
    await page.addInitScript(observeLongTasks);
    await page.goto('/tech', { waitUntil: 'load' });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.reload({ waitUntil: 'load' });
    // The start's work (data layer, RxDB's open, first queries, the sync's start) is over by then.
    await page.waitForTimeout(8000);
    const result = await readLongTasks(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    return result;
  } finally {
    await page.close();
  }
}

async function withoutLighthouseRow(context: BrowserContext, log: (line: string) => void): Promise<BenchRow> {
  const runs = Math.max(1, Number(process.env.LH_RUNS ?? 5));
  const results: Awaited<ReturnType<typeof blockingWithoutLighthouse>>[] = [];
  for (let i = 0; i < runs; i++) results.push(await blockingWithoutLighthouse(context));
  const fmtMs = (v: number) => `${Math.round(v)} ms`;
  log(
    `without lighthouse (CPU ×${CPU_SLOWDOWN} real, no trace): blocking after FCP ${results.map((r) => fmtMs(r.blocking)).join(', ')}; FCP ${results.map((r) => fmtMs(r.fcp)).join(', ')}; longest task after FCP ${results.map((r) => fmtMs(r.longest)).join(', ')}`,
  );
  return {
    metric: `Blocking time after the first paint WITHOUT Lighthouse (reload of /tech online, CPU ×${CPU_SLOWDOWN} real, long tasks from a PerformanceObserver), median of ${runs}`,
    value: fmtMs(median(results.map((r) => r.blocking))),
    baseline: `runs ${results.map((r) => Math.round(r.blocking)).join(', ')}; FCP ${fmtMs(median(results.map((r) => r.fcp)))}, longest task ${fmtMs(median(results.map((r) => r.longest)))} (medians)`,
    target: '(information)',
    ok: null,
  };
}

/** The median run's scores and its breakdown (long tasks, script CPU, layout shifts), logged and as rows. */
export function lighthouseRows(reports: LighthouseReport[], log: (line: string) => void): BenchRow[] {
  type Report = LighthouseReport;
  const runs = reports.length;
  const scoreOf = (r: Report) => Math.round((r.categories.performance?.score ?? 0) * 100);
  const sorted = [...reports].sort((a, b) => scoreOf(a) - scoreOf(b));
  const lhr = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!lhr) throw new Error('lighthouse returned no result');
  const allScores = reports.map(scoreOf).join(', ');
  const perf = scoreOf(lhr);
  const minPerf = scoreOf(sorted[0] ?? lhr);
  const a11y = Math.round((lhr.categories.accessibility?.score ?? 0) * 100);
  const audit = (id: string) => lhr.audits[id]?.displayValue ?? '—';
  const failing = Object.values(lhr.audits)
    .filter(
      (a) =>
        a.score !== null && a.score < 1 && lhr.categories.accessibility?.auditRefs.some((r) => r.id === a.id),
    )
    .map((a) => a.id);
  // Where the blocking time comes from: the longest main-thread tasks (simulated ×4) and
  // the scripts' CPU, so a change can be aimed at them.
  type Item = Record<string, unknown>;
  const itemsOf = (id: string) =>
    ((lhr.audits[id]?.details as { items?: Item[] } | undefined)?.items ?? []) as Item[];
  const shortUrl = (u: unknown) =>
    String(u ?? '')
      .split('/')
      .pop();
  log(
    `lighthouse long tasks: ${itemsOf('long-tasks')
      .slice(0, 12)
      .map(
        (i) => `${shortUrl(i.url)} @${Math.round(Number(i.startTime))} ${Math.round(Number(i.duration))} ms`,
      )
      .join(', ')}`,
  );
  log(
    `lighthouse script CPU: ${itemsOf('bootup-time')
      .slice(0, 8)
      .map(
        (i) =>
          `${shortUrl(i.url)} ${Math.round(Number(i.total))} ms (eval ${Math.round(Number(i.scripting))}, parse ${Math.round(Number(i.scriptParseCompile))})`,
      )
      .join(', ')}; main thread: ${itemsOf('mainthread-work-breakdown')
      .slice(0, 6)
      .map((i) => `${String(i.groupLabel)} ${Math.round(Number(i.duration))} ms`)
      .join(', ')}`,
  );
  log(
    `lighthouse layout shifts: ${itemsOf('layout-shifts')
      .slice(0, 6)
      .map(
        (i) =>
          `${String((i.node as { selector?: string } | undefined)?.selector ?? '?')} ${Number(i.score).toFixed(3)}`,
      )
      .join(', ')}`,
  );
  log(
    `lighthouse /tech (median of ${runs} runs: ${allScores}): performance ${perf}, min ${minPerf} (FCP ${audit('first-contentful-paint')}, LCP ${audit('largest-contentful-paint')}, TBT ${audit('total-blocking-time')}, CLS ${audit('cumulative-layout-shift')}), accessibility ${a11y}${failing.length ? ` (failing: ${failing.join(', ')})` : ''}`,
  );
  return [
    {
      metric: `Lighthouse performance, technician home (mobile, simulated slow 4G + CPU ×4), median of ${runs}`,
      value: `${perf} (min ${minPerf})`,
      baseline: `runs ${allScores}; median run: FCP ${audit('first-contentful-paint')}, LCP ${audit('largest-contentful-paint')}, TBT ${audit('total-blocking-time')}`,
      target: '≥ 95',
      ok: perf >= 95 && minPerf >= 95,
    },
    {
      metric: 'Lighthouse accessibility, technician home',
      value: String(a11y),
      baseline: failing.length ? `failing: ${failing.join(', ')}` : 'all audits pass',
      target: '100',
      ok: a11y === 100,
    },
  ];
}
