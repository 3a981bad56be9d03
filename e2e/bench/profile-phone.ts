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
import { writeFileSync } from 'node:fs';
import { deviceSchema } from '@edc/shared';
import { chromium, type Page } from '@playwright/test';
import { apiLogin, pullAll } from '../fixtures/api.ts';
import { chromiumArgs } from '../playwright.config.ts';
import { buildClient, startServer } from '../server.ts';
import { markUsableLookup, runLighthouse } from './cheap-phone.ts';

const USER = 'benchphone';
const PASSWORD = 'bench-phone-2026';
const log = (line: string) => process.stdout.write(`${line}\n`);

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
};
type Profile = {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

/** Self and total time per function and self time per script. */
function summarize(profile: Profile, top = 40): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  const key = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  const scriptBy = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id);
    if (!n) continue;
    selfBy.set(key(n), (selfBy.get(key(n)) ?? 0) + ms);
    const script = n.callFrame.url.split('/').pop() || n.callFrame.functionName;
    scriptBy.set(script, (scriptBy.get(script) ?? 0) + ms);
    // total: each distinct function on the stack once
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cn = byId.get(cur);
      if (!cn) break;
      const k = key(cn);
      if (seen.has(k)) continue;
      seen.add(k);
      totalBy.set(k, (totalBy.get(k) ?? 0) + ms);
    }
  }
  const fmt = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${v.toFixed(1).padStart(8)} ms  ${k}`)
      .join('\n');
  const wall = (profile.endTime - profile.startTime) / 1000;
  return `wall ${wall.toFixed(0)} ms\nby script (self):\n${fmt(scriptBy, 15)}\nby function (self):\n${fmt(selfBy, top)}\nby function (total):\n${fmt(totalBy, top)}`;
}

async function profiled<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  writeFileSync(`/tmp/profile-${name}.cpuprofile`, JSON.stringify(profile));
  log(`---- ${name}\n${summarize(profile)}`);
  await cdp.detach();
  return result;
}

type TraceEvent = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; functionName?: string } };
};

/** Self time per trace event name on the renderer's main thread, and its long tasks in order. */
function summarizeTrace(events: TraceEvent[]): string {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const mine = events
    .filter((e) => e.ph === 'X' && main && e.pid === main.pid && e.tid === main.tid && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; end: number; child: number }[] = [];
  const label = (e: TraceEvent) => {
    const url = e.args?.data?.url?.split('/').pop();
    return url ? `${e.name} ${url}` : e.name;
  };
  const pop = () => {
    const top = stack.pop();
    if (!top) return;
    const k = label(top.e);
    self.set(k, (self.get(k) ?? 0) + ((top.e.dur ?? 0) - top.child) / 1000);
    const parent = stack[stack.length - 1];
    if (parent) parent.child += top.e.dur ?? 0;
  };
  const t0 = mine[0]?.ts ?? 0;
  const tasks: string[] = [];
  for (const e of mine) {
    while (stack.length && (stack[stack.length - 1]?.end ?? 0) <= e.ts) pop();
    if (stack.length === 0 && (e.dur ?? 0) > 8000) {
      const kids = mine.filter(
        (c) => c !== e && c.ts >= e.ts && c.ts + (c.dur ?? 0) <= e.ts + (e.dur ?? 0) && (c.dur ?? 0) > 3000,
      );
      tasks.push(
        `  @${((e.ts - t0) / 1000).toFixed(0)} ${((e.dur ?? 0) / 1000).toFixed(0)} ms ${label(e)}: ${kids
          .slice(0, 6)
          .map((c) => `${label(c)} ${((c.dur ?? 0) / 1000).toFixed(0)}`)
          .join(', ')}`,
      );
    }
    stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0 });
  }
  while (stack.length) pop();
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
  return `self time by event (main thread):\n${top.map(([k, v]) => `  ${v.toFixed(1).padStart(8)} ms  ${k}`).join('\n')}\ntasks > 8 ms:\n${tasks.join('\n')}`;
}

async function traced<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => {
    events.push(...(d.value as unknown as TraceEvent[]));
  });
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    categories:
      'devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.execute,blink,loading,toplevel,__metadata',
    transferMode: 'ReportEvents',
  });
  const result = await run();
  await cdp.send('Tracing.end');
  await done;
  writeFileSync(`/tmp/trace-${name}.json`, JSON.stringify({ traceEvents: events }));
  log(`---- trace ${name}\n${summarizeTrace(events)}`);
  await cdp.detach();
  return result;
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
    const admin = await apiLogin(server.baseURL, 'admin1');
    await fetch(`${server.baseURL}/api/admin/users`, {
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
    if (process.env.PROFILE_LIGHTHOUSE === '1') {
      // Lighthouse only: its breakdown of the blocking time (long tasks, script CPU).
      await runLighthouse(server.baseURL, log);
      return;
    }
    const login = await fetch(`${server.baseURL}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: USER, password: PASSWORD }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const operational = (await pullAll(server.baseURL, token, 'devices', deviceSchema)).filter(
      (d) => !d._deleted && d.status === 'on_operation',
    );
    const context = await browser.newContext({
      baseURL: server.baseURL,
      viewport: { width: 360, height: 740 },
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
      serviceWorkers: 'allow',
    });
    await context.addInitScript('globalThis.__name = (f) => f');
    await markUsableLookup(context);
    const page = await context.newPage();
    await page.goto('/login');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 60_000,
    });
    await page.getByLabel('Nama pengguna').fill(USER);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page
      .getByTestId('sync-panel')
      .and(page.locator('[data-initial-done="true"]'))
      .waitFor({ timeout: 300_000 });
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
      const run = async () => {
        await page.reload({ waitUntil: 'commit' });
        const usable = await page.waitForFunction(
          () => (window as unknown as { __edcUsable?: number }).__edcUsable,
          undefined,
          { polling: 250, timeout: 60_000 },
        );
        return Number(await usable.jsonValue());
      };
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
