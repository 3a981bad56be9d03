/**
 * `npm run bench:client`: the technician PWA in headless Chromium against a real server
 * holding 100,000 generated devices + 10,000 cases (seeded over HTTP only: admin CSV
 * import and technician pushes), each figure beside its baseline from the same run.
 *
 * Rows: initial sync into a fresh profile (s, docs/s) vs a raw Dexie bulkPut of the same
 * documents in the same page; lookup p50/p95 among the local devices (the app's own
 * `findDevice`, via the opt-in bench hook); offline cold start to interactive; initial JS
 * gzip; and SCAN's decoding section when present. Before the seed, on the demo data, the
 * "cheap phone" section (bench/cheap-phone.ts): CPU ×4, slow 4G first sync of a 5,000-device
 * region, offline start, typed serial and scan → device screen, Lighthouse on the home.
 * `BENCH_CHEAP_PHONE=0` skips that section, `BENCH_CHEAP_PHONE=only` runs nothing else;
 * `BENCH_BEFORE_DIST=<dir>` runs it first on an earlier build too (before/after in one run),
 * `BENCH_CLIENT_DIST=<dir>` measures a build made beforehand instead of building.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { documentSchemas, type SyncCollection, syncCollections } from '@edc/shared';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import { apiLogin, pullAll } from '../fixtures/api.ts';
import { chromiumArgs } from '../playwright.config.ts';
import { buildClient, repoRoot, startServer } from '../server.ts';
import { runCheapPhoneBench } from './cheap-phone.ts';
import { pad, seed, serialOf, tidOf } from './seed.ts';
import { runWorkLoopBench } from './work-loop-section.ts';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 100_000);
const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const LOOKUPS = 300;
const COLD_STARTS = 5;

/** The page's opt-in bench hook (client/src/app/bench-hook.ts). */
type BenchWindow = {
  edcBench?: { findDevice: (q: string) => Promise<string | null>; countDevices: () => Promise<number> };
};

const log = (line: string) => process.stdout.write(`${line}\n`);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? Number.NaN;
}

type Row = { metric: string; value: string; baseline: string; target: string; ok: boolean | null };

function initialJsGzipKb(distDir: string): { kb: number; files: string[] } {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) if (m[1]) refs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g))
    if (m[1]) refs.add(m[1]);
  let bytes = 0;
  for (const ref of refs) bytes += gzipSync(readFileSync(join(distDir, ref.replace(/^\//, '')))).length;
  return { kb: bytes / 1024, files: [...refs] };
}

let startLoad = '';

async function main(): Promise<void> {
  startLoad = loadAverage();
  log(`load average (1/5/15 min) at the start: ${startLoad}`);
  log('building client (private dir) and starting the server…');
  // BENCH_CLIENT_DIST: a build made beforehand (kept); otherwise this run builds its own.
  const prebuilt = process.env.BENCH_CLIENT_DIST;
  const distDir = prebuilt ?? (await buildClient());
  const server = await startServer({ STATIC_DIR: distDir });
  const rows: Row[] = [];
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
  });
  const cheapPhone = process.env.BENCH_CHEAP_PHONE ?? '1';
  try {
    // BENCH_BEFORE_DIST: the cheap-phone section and the work loop rows first on an earlier
    // build (its own server and database, the same data), so before and after are measured
    // in one run.
    const before = process.env.BENCH_BEFORE_DIST;
    if (cheapPhone !== '0' && before) {
      const old = await startServer({ STATIC_DIR: before });
      try {
        const oldRows = await runCheapPhoneBench({ baseURL: old.baseURL, log });
        rows.push(...oldRows.map((r) => ({ ...r, metric: `before: ${r.metric}` })));
      } finally {
        await old.stop();
      }
    }
    // On the demo data (a technician region of 5,000 devices), before the 100k seed.
    if (cheapPhone !== '0') rows.push(...(await runCheapPhoneBench({ baseURL: server.baseURL, log })));
    if (cheapPhone !== 'only' && before) await workLoopBefore(before, browser, rows);
    if (cheapPhone !== 'only') await mainSection(server.baseURL, distDir, browser, rows);
  } finally {
    await browser.close();
    await server.stop();
  }
  await report(rows, prebuilt ? null : distDir);
}

/**
 * A fresh phone profile on the login screen with tech1's credentials typed (the sign-in
 * click is the caller's: the initial sync is timed from it). The bench hook is on;
 * bypassCSP: the raw-Dexie baseline is injected as a script tag into the same page.
 */
async function techLoginPage(
  browser: Browser,
  baseURL: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, serviceWorkers: 'allow', bypassCSP: true });
  await context.addInitScript(() => localStorage.setItem('edc.bench', '1'));
  const page = await context.newPage();
  await page.goto('/login');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
    timeout: 60_000,
  });
  await page.getByLabel('Nama pengguna').fill('tech1');
  await page.getByLabel('Kata sandi').fill('demo-pass-2026');
  return { context, page };
}

/**
 * BENCH_BEFORE_DIST, work loop rows (issue 12): the same seed on an earlier build (its own
 * server and database), signed in and synced like the main section, then the Tugas list and
 * the rejection banner, so before and after are measured in one run.
 */
async function workLoopBefore(dist: string, browser: Browser, rows: Row[]): Promise<void> {
  const old = await startServer({ STATIC_DIR: dist });
  try {
    await seed(old.baseURL, { devices: DEVICES, cases: CASES }, log);
    const { context, page } = await techLoginPage(browser, old.baseURL);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page
      .getByTestId('sync-panel')
      .and(page.locator('[data-initial-done="true"]'))
      .waitFor({ timeout: 15 * 60_000 });
    const oldRows = await runWorkLoopBench(old.baseURL, context, page, (line) => log(`before: ${line}`));
    rows.push(...oldRows.map((r) => ({ ...r, metric: `before: ${r.metric}` })));
    await context.close();
  } finally {
    await old.stop();
  }
}

/** The 100,000-device part: seed, initial sync vs raw Dexie, lookups, offline cold start, JS size. */
async function mainSection(baseURL: string, distDir: string, browser: Browser, rows: Row[]): Promise<void> {
  await seed(baseURL, { devices: DEVICES, cases: CASES }, log);
  const token = await apiLogin(baseURL, 'tech1');
  const docs: Partial<Record<SyncCollection, unknown[]>> = {};
  let total = 0;
  // Lower bound of the network/server share: the same pulls from Node, one page at a time.
  const pullStarted = Date.now();
  for (const name of syncCollections) {
    docs[name] = await pullAll(baseURL, token, name, documentSchemas[name]);
    total += docs[name]?.length ?? 0;
  }
  const nodePullMs = Date.now() - pullStarted;
  const counts = Object.entries(docs)
    .map(([k, v]) => `${k} ${v?.length}`)
    .join(', ');
  log(`technician tech1 replicates ${total} documents (${counts})`);

  const { context, page } = await techLoginPage(browser, baseURL);
  // BENCH_CPU_PROFILE=<file>: V8 CPU profile of the page's main thread during the sync.
  const cdp = process.env.BENCH_CPU_PROFILE ? await context.newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page
    .getByTestId('sync-panel')
    .and(page.locator('[data-initial-done="true"]'))
    .waitFor({ timeout: 15 * 60_000 });
  const syncMs = Date.now() - t0;
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(process.env.BENCH_CPU_PROFILE ?? '', JSON.stringify(profile));
    await cdp.detach();
  }
  const localDevices = await page.evaluate(
    () => (window as unknown as BenchWindow).edcBench?.countDevices() ?? Promise.resolve(-1),
  );
  log(`initial sync ${(syncMs / 1000).toFixed(1)} s, ${localDevices} devices local`);
  // Where the time went for the largest collection: HTTP time of each devices page vs the
  // gaps between pages (RxDB writing the previous page before asking for the next).
  const split = await page.evaluate(() => {
    const pulls = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/devices/pull'))
      .sort((a, b) => a.startTime - b.startTime) as PerformanceResourceTiming[];
    let http = 0;
    let gaps = 0;
    for (let i = 0; i < pulls.length; i++) {
      const e = pulls[i];
      if (!e) continue;
      http += e.responseEnd - e.startTime;
      const prev = pulls[i - 1];
      if (prev) gaps += Math.max(0, e.startTime - prev.responseEnd);
    }
    const first = pulls[0]?.startTime ?? 0;
    const last = pulls.at(-1)?.responseEnd ?? 0;
    return { pages: pulls.length, http, gaps, span: last - first, first };
  });
  const marks = await page.evaluate(() => {
    const sums: Record<string, { n: number; ms: number }> = {};
    for (const e of performance.getEntriesByType('measure')) {
      if (!e.name.startsWith('edc:')) continue;
      const s = sums[e.name] ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += e.duration;
      sums[e.name] = s;
    }
    return sums;
  });
  // Page writes over time (in start order), by quarter: contention with the cases and
  // events replications running beside the devices bootstrap shows as slower early pages.
  const quarters = await page.evaluate(() => {
    const writes = performance
      .getEntriesByType('measure')
      .filter((e) => e.name === 'edc:bootstrap-write')
      .sort((a, b) => a.startTime - b.startTime);
    const q = Math.max(1, Math.ceil(writes.length / 4));
    return [0, 1, 2, 3].map((k) => {
      const part = writes.slice(k * q, (k + 1) * q);
      return part.length ? part.reduce((sum, e) => sum + e.duration, 0) / part.length : 0;
    });
  });
  log(`bootstrap page write, mean ms by quarter: ${quarters.map((m) => m.toFixed(0)).join(' / ')}`);
  log(
    `bootstrap (all pull-only collections): ${Object.entries(marks)
      .map(([k, v]) => `${k.slice(4)} ${v.n}× ${(v.ms / 1000).toFixed(1)} s`)
      .join(', ')}`,
  );
  log(
    `devices: ${split.pages} pages, first request at +${Math.round(split.first)} ms, span ${(split.span / 1000).toFixed(1)} s, HTTP ${(split.http / 1000).toFixed(1)} s, gaps ${(split.gaps / 1000).toFixed(1)} s`,
  );

  // Raw Dexie baseline in the same page: the same documents, same batch size, no RxDB.
  // The Dexie build RxDB's storage uses (its exports hide dist/; the UMD defines window.Dexie).
  const dexieUmd = [
    join(repoRoot, 'node_modules', 'rxdb', 'node_modules', 'dexie', 'dist', 'dexie.js'),
    join(repoRoot, 'client', 'node_modules', 'dexie', 'dist', 'dexie.js'),
    join(repoRoot, 'node_modules', 'dexie', 'dist', 'dexie.js'),
  ].find((p) => existsSync(p));
  if (!dexieUmd) throw new Error('dexie UMD build not found');
  await page.addScriptTag({ path: dexieUmd });
  await page.evaluate(() => {
    (window as unknown as { __benchDocs: Record<string, unknown[]> }).__benchDocs = {};
  });
  for (const [name, list] of Object.entries(docs)) {
    for (let i = 0; i < (list?.length ?? 0); i += 5000) {
      await page.evaluate(
        ([n, chunk]) => {
          const store = (window as unknown as { __benchDocs: Record<string, unknown[]> }).__benchDocs;
          store[n] = [...(store[n] ?? []), ...chunk];
        },
        [name, list?.slice(i, i + 5000) ?? []] as const,
      );
    }
  }
  const rawMs = await page.evaluate(async () => {
    type DexieCtor = new (
      name: string,
    ) => {
      version: (n: number) => { stores: (s: Record<string, string>) => void };
      open: () => Promise<void>;
      table: (n: string) => { bulkPut: (docs: unknown[]) => Promise<unknown> };
      delete: () => Promise<void>;
    };
    const w = window as unknown as { Dexie: DexieCtor; __benchDocs: Record<string, unknown[]> };
    const db = new w.Dexie('bench-raw-dexie');
    const declared: Record<string, string> = {
      devices: 'id, samSerial, simSerial, tid, mid',
      merchants: 'id',
      sla_rules: 'id, category',
      holidays: 'id',
      cases: 'id, mid, [createdBy+reportedAt], status',
      case_events: 'id, caseId',
      notifications: 'id, createdAt',
    };
    // Every collection the technician pulled gets a store (a collection added later, e.g.
    // faq_articles, would otherwise be an unknown table and fail the baseline).
    db.version(1).stores(Object.fromEntries(Object.keys(w.__benchDocs).map((n) => [n, declared[n] ?? 'id'])));
    await db.open();
    const start = performance.now();
    for (const [name, list] of Object.entries(w.__benchDocs)) {
      for (let i = 0; i < list.length; i += 1000) await db.table(name).bulkPut(list.slice(i, i + 1000));
    }
    const ms = performance.now() - start;
    await db.delete();
    w.__benchDocs = {};
    return ms;
  });
  // Second baseline: the app's own stored documents (RxDB's form: _rev, _meta, …) written
  // raw into object stores with the SAME indexes the app's storage has (RxDB adds
  // [_deleted+…+id] forms and two _meta.lwt indexes to the declared ones). The difference
  // to the first baseline is the price of the storage layout, the rest is sync machinery.
  // tsx (esbuild keepNames) wraps the helper arrows below in __name(): define it in the page.
  await page.evaluate('globalThis.__name = (f) => f');
  const sameSchema = await page.evaluate(async () => {
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const done = (tx: IDBTransaction) =>
      new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    const names = (await indexedDB.databases())
      .map((d) => d.name ?? '')
      .filter((n) => n.startsWith('rxdb-dexie-') && !n.includes('rx-replication-meta'));
    let docs = 0;
    let ms = 0;
    let indexes = 0;
    const perStore: string[] = [];
    for (const [i, name] of names.entries()) {
      const src = await req(indexedDB.open(name));
      if (!src.objectStoreNames.contains('docs')) {
        src.close();
        continue;
      }
      const tx = src.transaction('docs', 'readonly');
      const store = tx.objectStore('docs');
      const layout = {
        keyPath: store.keyPath,
        indexes: Array.from(
          { length: store.indexNames.length },
          (_, j) => store.indexNames.item(j) ?? '',
        ).map((n) => {
          const idx = store.index(n);
          return { name: n, keyPath: idx.keyPath, unique: idx.unique, multiEntry: idx.multiEntry };
        }),
      };
      const all = await req(store.getAll());
      src.close();
      if (all.length === 0) continue;
      const copyName = `bench-same-schema-${i}`;
      const open = indexedDB.open(copyName, 1);
      open.onupgradeneeded = () => {
        const s = open.result.createObjectStore('docs', { keyPath: layout.keyPath });
        for (const x of layout.indexes)
          s.createIndex(x.name, x.keyPath, { unique: x.unique, multiEntry: x.multiEntry });
      };
      const dst = await req(open);
      const start = performance.now();
      for (let k = 0; k < all.length; k += 1000) {
        const w = dst.transaction('docs', 'readwrite');
        const os = w.objectStore('docs');
        for (const d of all.slice(k, k + 1000)) os.put(d);
        await done(w);
      }
      const storeMs = performance.now() - start;
      ms += storeMs;
      perStore.push(`${name.split('--').at(-1)} ${all.length} docs ${(storeMs / 1000).toFixed(1)} s`);
      docs += all.length;
      indexes += layout.indexes.length;
      dst.close();
      await req(indexedDB.deleteDatabase(copyName));
    }
    return { ms, docs, stores: names.length, indexes, perStore };
  });
  log(
    `same-schema raw baseline: ${sameSchema.docs} stored docs in ${sameSchema.stores} stores (${sameSchema.indexes} indexes) in ${(sameSchema.ms / 1000).toFixed(1)} s: ${sameSchema.perStore.join(', ')}`,
  );
  const ratio = syncMs / rawMs;
  rows.push({
    metric: `initial sync (${total.toLocaleString('en')} docs, ${localDevices.toLocaleString('en')} devices)`,
    value: `${(syncMs / 1000).toFixed(1)} s, ${Math.round(total / (syncMs / 1000)).toLocaleString('en')} docs/s`,
    baseline: `raw Dexie bulkPut ${(rawMs / 1000).toFixed(1)} s (ratio ${ratio.toFixed(2)}×); same stored docs into the app's index layout ${(sameSchema.ms / 1000).toFixed(1)} s (ratio ${(syncMs / sameSchema.ms).toFixed(2)}×); same pulls from Node without storage ${(nodePullMs / 1000).toFixed(1)} s`,
    target: '≤ 20 s and ≤ 2× raw',
    ok: syncMs <= 20_000 && ratio <= 2,
  });

  // Lookups through the app's own findDevice: serials, SAM, SIM and TIDs of bench devices.
  const queries: string[] = [];
  for (let k = 0; k < LOOKUPS; k++) {
    const i = Math.floor(Math.random() * DEVICES);
    const kind = k % 4;
    queries.push(kind === 0 || kind === 3 ? serialOf(i) : kind === 1 ? `SAMB${pad(i, 8)}` : tidOf(i));
  }
  const timings = await page.evaluate(async (qs) => {
    const api = (window as unknown as BenchWindow).edcBench;
    if (!api) throw new Error('bench hook missing');
    const out: number[] = [];
    let misses = 0;
    for (const q of qs) {
      const start = performance.now();
      const found = await api.findDevice(q);
      out.push(performance.now() - start);
      if (!found) misses++;
    }
    return { out, misses };
  }, queries);
  if (timings.misses > 0) throw new Error(`${timings.misses} lookups found nothing`);
  const sorted = [...timings.out].sort((a, b) => a - b);
  const serialOnly = timings.out.filter((_, k) => k % 4 === 0 || k % 4 === 3).sort((a, b) => a - b);
  rows.push({
    metric: `lookup among ${localDevices.toLocaleString('en')} local devices (${LOOKUPS}: serial/SAM/TID)`,
    value: `serial p50 ${percentile(serialOnly, 50).toFixed(2)} ms, p95 ${percentile(serialOnly, 95).toFixed(2)} ms`,
    baseline: `all kinds p50 ${percentile(sorted, 50).toFixed(2)} ms, p95 ${percentile(sorted, 95).toFixed(2)} ms`,
    target: 'p95 ≤ 10 ms',
    ok: percentile(serialOnly, 95) <= 10,
  });

  // Issue 12: the Tugas list and the rejection banner (bench/work-loop-section.ts).
  rows.push(...(await runWorkLoopBench(baseURL, context, page, log)));

  // Offline cold start: reload with the network off until the lookup screen is usable.
  await context.setOffline(true);
  const starts: number[] = [];
  for (let k = 0; k < COLD_STARTS; k++) {
    await page.reload({ waitUntil: 'commit' });
    await page.getByRole('textbox', { name: 'Nomor seri, SAM, SIM atau TID' }).waitFor();
    await page.getByTestId('device-count').filter({ hasText: 'perangkat' }).waitFor();
    starts.push(await page.evaluate(() => performance.now()));
  }
  await context.setOffline(false);
  const coldSorted = [...starts].sort((a, b) => a - b);
  rows.push({
    metric: `offline cold start to interactive (median of ${COLD_STARTS})`,
    value: `${Math.round(percentile(coldSorted, 50))} ms`,
    baseline: `min ${Math.round(coldSorted[0] ?? 0)} ms, max ${Math.round(coldSorted.at(-1) ?? 0)} ms`,
    target: '≤ 1,500 ms',
    ok: percentile(coldSorted, 50) <= 1500,
  });
  await context.close();

  const js = initialJsGzipKb(distDir);
  rows.push({
    metric: 'initial JavaScript (gzip, files in index.html)',
    value: `${js.kb.toFixed(1)} KB`,
    baseline: `${js.files.length} files; scanner, charts, classifier lazy`,
    target: '≤ 300 KB',
    ok: js.kb <= 300,
  });
}

/** 1/5/15-minute load averages of the shared machine, printed with every figure set. */
const loadAverage = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');

async function report(rows: Row[], builtDir: string | null): Promise<void> {
  const table = [
    '| metric | value | baseline (same run) | target | met |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.metric} | ${r.value} | ${r.baseline} | ${r.target} | ${r.ok === null ? '—' : r.ok ? 'yes' : 'no'} |`,
    ),
  ].join('\n');
  log(`\n## Client benchmark (load average at the end ${loadAverage()}; at the start ${startLoad})\n`);
  log(table);

  let decodeMarkdown = '';
  const decodePath = join(repoRoot, 'e2e', 'bench', 'decode-section.ts');
  if (existsSync(decodePath) && process.env.BENCH_SKIP_DECODE !== '1') {
    log('\n## Decoding (SCAN section)\n');
    const decode = (await import('./decode-section.ts')) as {
      runDecodeBench: (o?: { log?: (l: string) => void }) => Promise<{ markdown: string }>;
    };
    decodeMarkdown = (await decode.runDecodeBench({ log })).markdown;
    log(decodeMarkdown);
  }
  const outDir = join(repoRoot, '.bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'client.md'),
    `# Client benchmark (${new Date().toISOString()}; load average at the start ${startLoad}, at the end ${loadAverage()})\n\n${table}\n\n${decodeMarkdown}\n`,
  );
  if (builtDir) rmSync(builtDir, { recursive: true, force: true });
}

await main();
