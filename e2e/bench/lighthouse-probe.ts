/**
 * Is the measurement making the long tasks? (issue 16) One signed-in technician profile,
 * then, per round:
 * - "bench": Lighthouse as `bench:client` runs it (mobile defaults, simulated throttling,
 *   `disableStorageReset`, a Playwright persistent context attached to the browser), with its
 *   trace: the observed main-thread tasks (unthrottled) that the simulation turns into long
 *   tasks (≥ 12.5 ms observed, ×4 → ≥ 50 ms), what runs in each, and where Lighthouse's own
 *   `_lighthouse-eval.js` calls sit in them;
 * - "plain": the same reload of /tech in a Playwright page with the CPU really slowed ×4
 *   (CDP `Emulation.setCPUThrottlingRate`) and no Lighthouse: the long tasks a
 *   PerformanceObserver('longtask') sees, and their blocking time after the first paint;
 * - "plain traced": the same, under a trace with Lighthouse's categories (the tasks, by content).
 * After the rounds, the profile is closed in Playwright and opened in a Chromium started by
 * chrome-launcher, as the `lighthouse` CLI starts it ("stock": no Playwright attached), and
 * Lighthouse runs again with the same flags. Every Lighthouse run prints its benchmarkIndex
 * and the multiplier Lighthouse's calibration calculator gives for it (docs/throttling.md).
 *
 *   PROBE_DIST=<built client dir> [PROBE_ROUNDS=3] npx tsx e2e/bench/lighthouse-probe.ts
 *
 * `PROBE_MODE=categories` instead reloads plainly at ×4 without a trace, under Lighthouse's
 * trace categories, and under them less one category at a time (order rotating per round).
 *
 * Run under `flock /work/heavy.lock` like every benchmark. Not part of the bench's figures.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from '@playwright/test';
import { chromiumArgs } from '../playwright.config.ts';
import { startServer } from '../server.ts';
import { calibratedMultiplier, ensureTechnician, signInLighthouseProfile } from './cheap-phone.ts';
import type { TraceEvent } from './profiling.ts';

const ROUNDS = Number(process.env.PROBE_ROUNDS ?? 3);
const log = (line: string) => process.stdout.write(`${line}\n`);

const short = (u: string | undefined) => (u ? (u.split('/').pop() ?? u) : '');

/**
 * The renderer main thread's top-level tasks of at least `minMs` (observed), from the load of
 * `path` on, with what ran in them (self time by event and script) and the offsets of
 * Lighthouse's own evaluate calls inside them.
 */
function tasksOf(events: TraceEvent[], path: string, minMs: number): { fcp: number; lines: string[] } {
  const navs = events.filter(
    (e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL?.endsWith(path),
  );
  const nav = navs[navs.length - 1];
  if (!nav) return { fcp: Number.NaN, lines: ['(no navigationStart for the page)'] };
  const threadName = events.find(
    (e) => e.name === 'thread_name' && e.pid === nav.pid && e.args?.name === 'CrRendererMain',
  );
  const tid = threadName?.tid ?? nav.tid;
  const fcpEvent = events.find(
    (e) => e.name === 'firstContentfulPaint' && e.pid === nav.pid && e.ts >= nav.ts,
  );
  const fcp = fcpEvent ? (fcpEvent.ts - nav.ts) / 1000 : Number.NaN;
  const mine = events
    .filter(
      (e) => e.ph === 'X' && e.pid === nav.pid && e.tid === tid && e.dur !== undefined && e.ts >= nav.ts,
    )
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const lines: string[] = [];
  let end = -1;
  for (let i = 0; i < mine.length; i++) {
    const e = mine[i] as TraceEvent;
    if (e.ts < end) continue; // nested in the previous top-level task
    end = e.ts + (e.dur ?? 0);
    if ((e.dur ?? 0) < minMs * 1000) continue;
    // Self time per label inside the task.
    const inside = mine.filter((c) => c.ts >= e.ts && c.ts + (c.dur ?? 0) <= end);
    const self = new Map<string, number>();
    const stack: { c: TraceEvent; end: number; child: number }[] = [];
    const label = (c: TraceEvent) => {
      const url = short(c.args?.data?.url ?? c.args?.data?.stackTrace?.[0]?.url);
      const type = c.args?.data?.type;
      return [c.name, type, url].filter(Boolean).join(' ');
    };
    const pop = () => {
      const top = stack.pop();
      if (!top) return;
      self.set(label(top.c), (self.get(label(top.c)) ?? 0) + ((top.c.dur ?? 0) - top.child) / 1000);
      const parent = stack[stack.length - 1];
      if (parent) parent.child += top.c.dur ?? 0;
    };
    for (const c of inside) {
      while (stack.length && (stack[stack.length - 1]?.end ?? 0) <= c.ts) pop();
      stack.push({ c, end: c.ts + (c.dur ?? 0), child: 0 });
    }
    while (stack.length) pop();
    const lhEval = inside
      .filter((c) => (c.args?.data?.url ?? '').includes('_lighthouse-eval') && c !== e)
      .map((c) => `+${((c.ts - e.ts) / 1000).toFixed(0)}/${((c.dur ?? 0) / 1000).toFixed(1)}`);
    const scripts = new Set(
      inside
        .map((c) => short(c.args?.data?.url ?? c.args?.data?.stackTrace?.[0]?.url))
        .filter((u) => u.endsWith('.js') || u === 'tech'),
    );
    const topSelf = [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ');
    lines.push(
      `  @${((e.ts - nav.ts) / 1000).toFixed(0)} ${((e.dur ?? 0) / 1000).toFixed(1)} ms${
        lhEval.length ? ` [_lighthouse-eval at ${lhEval.join(' ')}]` : ''
      } scripts {${[...scripts].join(' ')}}: ${topSelf}`,
    );
  }
  return { fcp, lines };
}

type LhResult = {
  lhr: {
    categories: Record<string, { score: number | null } | undefined>;
    audits: Record<string, { numericValue?: number; details?: unknown } | undefined>;
    environment: { benchmarkIndex: number; hostUserAgent: string };
    configSettings: Record<string, unknown>;
  };
  artifacts: { Trace?: { traceEvents: TraceEvent[] } };
};

async function lighthouseRun(baseURL: string, port: number, name: string): Promise<void> {
  const { default: lighthouse } = await import('lighthouse');
  const result = (await lighthouse(`${baseURL}/tech`, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
    disableStorageReset: true,
  })) as unknown as LhResult | undefined;
  if (!result?.lhr) throw new Error('lighthouse returned no result');
  const { lhr } = result;
  const bi = lhr.environment.benchmarkIndex;
  const m = calibratedMultiplier(bi);
  const settings = lhr.configSettings as {
    throttlingMethod: string;
    throttling: { cpuSlowdownMultiplier: number; rttMs: number; throughputKbps: number };
    formFactor: string;
    screenEmulation: { width: number; height: number; mobile: boolean };
    disableStorageReset: boolean;
  };
  const items = ((lhr.audits['long-tasks']?.details as { items?: Record<string, unknown>[] } | undefined)
    ?.items ?? []) as Record<string, unknown>[];
  log(
    `${name}: performance ${Math.round((lhr.categories.performance?.score ?? 0) * 100)}, TBT ${Math.round(
      lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN,
    )} ms, FCP ${Math.round(lhr.audits['first-contentful-paint']?.numericValue ?? Number.NaN)} ms; benchmarkIndex ${bi} → calibrated multiplier ${m?.toFixed(2) ?? '—'}; settings ${settings.throttlingMethod} ×${settings.throttling.cpuSlowdownMultiplier}, ${settings.formFactor} ${settings.screenEmulation.width}×${settings.screenEmulation.height}, disableStorageReset ${settings.disableStorageReset}`,
  );
  log(
    `  simulated long tasks: ${items
      .slice(0, 10)
      .map(
        (i) =>
          `${short(String(i.url))} @${Math.round(Number(i.startTime))} ${Math.round(Number(i.duration))}`,
      )
      .join(', ')}`,
  );
  const events = result.artifacts.Trace?.traceEvents ?? [];
  const { fcp, lines } = tasksOf(events, '/tech', 12.5);
  log(`  observed (unthrottled) tasks ≥ 12.5 ms, FCP observed at ${fcp.toFixed(0)} ms:`);
  for (const l of lines) log(l);
}

/** A reload of /tech with the CPU really slowed ×4 and no Lighthouse: its long tasks. */
async function plainRun(context: BrowserContext, name: string, categories: string[] | null): Promise<number> {
  const traced = categories !== null;
  const page = await context.newPage();
  try {
    await page.addInitScript(() => {
      const w = window as unknown as { __lt: { start: number; dur: number }[]; __fcp?: number };
      w.__lt = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__lt.push({ start: e.startTime, dur: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') w.__fcp = e.startTime;
      }).observe({ type: 'paint', buffered: true });
    });
    await page.goto('/tech', { waitUntil: 'load' });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const events: TraceEvent[] = [];
    if (traced) {
      cdp.on('Tracing.dataCollected', (d) => events.push(...(d.value as unknown as TraceEvent[])));
      await cdp.send('Tracing.start', { categories: categories.join(','), transferMode: 'ReportEvents' });
    }
    await page.reload({ waitUntil: 'load' });
    // The start's work (data layer, RxDB open, first queries, sync start) is over by then.
    await page.waitForTimeout(8000);
    const { lt, fcp } = await page.evaluate(() => {
      const w = window as unknown as { __lt: { start: number; dur: number }[]; __fcp?: number };
      return { lt: w.__lt, fcp: w.__fcp ?? Number.NaN };
    });
    if (traced) {
      const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await done;
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const blocking = lt.filter((t) => t.start >= fcp).reduce((sum, t) => sum + Math.max(0, t.dur - 50), 0);
    const before = lt.filter((t) => t.start < fcp).reduce((sum, t) => sum + Math.max(0, t.dur - 50), 0);
    log(
      `${name}: FCP ${fcp.toFixed(0)} ms; long tasks (CPU ×4 real) ${lt
        .map((t) => `@${t.start.toFixed(0)} ${t.dur.toFixed(0)}`)
        .join(', ')}; blocking after FCP ${blocking.toFixed(0)} ms (before FCP ${before.toFixed(0)} ms)`,
    );
    if (traced && process.env.PROBE_TASKS !== '0') {
      const { lines } = tasksOf(events, '/tech', 50);
      log('  traced tasks ≥ 50 ms (×4 real):');
      for (const l of lines) log(l);
    }
    return blocking;
  } finally {
    await page.close();
  }
}

/** Lighthouse's trace categories (its Trace gatherer's defaults). */
async function lighthouseCategories(): Promise<string[]> {
  const { default: traceGatherer } = await import('lighthouse/core/gather/gatherers/trace.js');
  return traceGatherer.getDefaultTraceCategories();
}

/**
 * PROBE_MODE=categories: plain reloads at CPU ×4 without a trace, under Lighthouse's trace
 * categories, and under them less one category at a time: which one costs the main thread.
 */
async function categoriesMode(context: BrowserContext): Promise<void> {
  const all = await lighthouseCategories();
  const without = (...drop: string[]) => all.filter((c) => !drop.includes(c));
  const variants: [string, string[] | null][] = [
    ['no trace', null],
    ['Lighthouse categories', all],
    ['less timeline.stack', without('disabled-by-default-devtools.timeline.stack')],
    ['less invalidationTracking', without('disabled-by-default-devtools.timeline.invalidationTracking')],
    ['less screenshot', without('disabled-by-default-devtools.screenshot')],
    ['less v8, v8.execute', without('v8', 'v8.execute')],
  ];
  const results = new Map<string, number[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (let k = 0; k < variants.length; k++) {
      const [name, categories] = variants[(k + round) % variants.length] as [string, string[] | null];
      const blocking = await plainRun(context, `round ${round} ${name}`, categories);
      results.set(name, [...(results.get(name) ?? []), blocking]);
    }
  }
  for (const [name, values] of results) {
    const sorted = [...values].sort((a, b) => a - b);
    log(
      `${name}: blocking after FCP (CPU ×4 real) median ${sorted[Math.floor((sorted.length - 1) / 2)]?.toFixed(0)} ms (runs ${values.map((v) => v.toFixed(0)).join(', ')})`,
    );
  }
}

async function main(): Promise<void> {
  const dist = process.env.PROBE_DIST;
  if (!dist) throw new Error('PROBE_DIST=<built client dir>');
  const server = await startServer({ STATIC_DIR: dist });
  const profile = await mkdtemp(join(tmpdir(), 'edc-lh-probe-'));
  try {
    await ensureTechnician(server.baseURL);
    const port = 9300 + Math.floor(Math.random() * 500);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [...chromiumArgs, `--remote-debugging-port=${port}`],
      baseURL: server.baseURL,
      serviceWorkers: 'allow',
    });
    await signInLighthouseProfile(context);
    log('signed in, first sync done');
    if (process.env.PROBE_MODE === 'categories') {
      await categoriesMode(context);
      await context.close();
      return;
    }
    const lhCategories = await lighthouseCategories();
    for (let round = 1; round <= ROUNDS; round++) {
      await lighthouseRun(server.baseURL, port, `round ${round} bench (Playwright attached)`);
      await plainRun(context, `round ${round} plain`, null);
      await plainRun(context, `round ${round} plain traced`, lhCategories);
    }
    await context.close();
    // The lighthouse CLI's way: chrome-launcher's Chromium on the same profile, nothing else attached.
    const { launch } = await import('chrome-launcher');
    const chrome = await launch({
      chromePath: '/usr/bin/chromium',
      userDataDir: profile,
      chromeFlags: ['--headless', ...chromiumArgs],
    });
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        await lighthouseRun(server.baseURL, chrome.port, `round ${round} stock (chrome-launcher)`);
      }
    } finally {
      chrome.kill();
    }
  } finally {
    await server.stop();
    await rm(profile, { recursive: true, force: true });
  }
}

await main();
