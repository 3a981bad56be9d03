/**
 * `npm run bench:server`: replication throughput on a fresh database (issue 2, "Benchmark").
 *
 * 1. Full pull of 100,000 devices by a technician who has all of them in scope, through
 *    real HTTP on loopback (limit 1000 per page), beside a raw keyset SELECT of the same
 *    rows on one pg connection in the same run.
 * 2. 10,000 new cases pushed by 50 concurrent clients (each its own token; each case a
 *    distinct device, so nearly all are accepted), beside raw INSERTs of equivalent rows
 *    into the same table (same partial unique index, same batch size, same concurrency,
 *    same 20-connection pool). The push also writes each case's two events (submitted,
 *    accepted), looks the devices up and answers with the server documents; the raw side
 *    writes the case rows only.
 * 3. Desk full-text search (issue 15) over BENCH_SEARCH_CASES (100,000) cases with
 *    comments: `GET /api/desk/search` through real HTTP (trigram index on `case_search`),
 *    beside the same query as an ILIKE scan of the source tables (cases ⋈ merchants +
 *    comment subquery) on one pg connection in the same run.
 *
 * Database: DATABASE_URL (a fresh `bench_*` database is created on it and dropped after),
 * otherwise an embedded Postgres in a temp dir with default (durable) settings.
 * Knobs (env): BENCH_DEVICES (100000), BENCH_CASES (10000), BENCH_CLIENTS (50),
 * BENCH_PUSH_BATCH (10 cases per push, like an outbox flush), BENCH_WARMUP_CASES (2000 cases
 * pushed before the measured push and not counted, so that V8 has compiled the push path as it
 * would have on a running server).
 * Diagnostics: BENCH_PROFILE=1 prints SQL wall time per statement kind and the CPU time of
 * the server thread, the other threads and Postgres during the push; BENCH_CPU_PROFILE=<file>
 * writes a V8 CPU profile of the server thread for the push phase (.cpuprofile).
 * The push clients run in a worker thread (push-clients.ts) so that their HTTP work is not
 * billed to the server's event loop.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { SYNC_BASE_PATH, searchTerms } from '@edc/shared';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { type EmbeddedPg, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { searchCasesByScan } from '../src/db/helpdesk.ts';
import { migrate } from '../src/db/migrate.ts';
import { createDb } from '../src/db/pool.ts';
import { seedReferenceData } from '../src/db/reference-data.ts';
import { insertUsers } from '../src/db/users.ts';
import { hashPassword } from '../src/services/auth.ts';
import { createPgNotifier } from '../src/services/notify.ts';
import { fmt, freePort, percentile, postgresCpuMs, threadCpuMs, withDatabase } from './measure.ts';
import type { PushClientsInput, PushClientsResult, PushClientsWarm } from './push-clients.ts';

// Benchmark tool, not the server: its own knobs come from the environment here.
const env = process.env;
const DEVICES = Number(env.BENCH_DEVICES ?? 100_000);
const CASES = Number(env.BENCH_CASES ?? 10_000);
const CLIENTS = Number(env.BENCH_CLIENTS ?? 50);
const PUSH_BATCH = Number(env.BENCH_PUSH_BATCH ?? 10);
/** Cases pushed before the measured push (push-clients.ts, "Warm-up"); their own devices. */
const WARMUP_CASES = Number(env.BENCH_WARMUP_CASES ?? 2000);
const PAGE = 1000;
const SEARCH_CASES = Number(env.BENCH_SEARCH_CASES ?? 100_000);
const SEARCH_RUNS = Number(env.BENCH_SEARCH_RUNS ?? 200);
const PASSWORD = 'bench-pass-2026';

/**
 * Runs push-clients.ts in a worker thread (tsx registered there too) and awaits its result;
 * `onWarm` runs when the warm-up pushes are done and the measured ones start.
 */
function runPushClients(
  input: PushClientsInput,
  onWarm: () => void,
): Promise<Extract<PushClientsResult, { ok: true }>> {
  const module = JSON.stringify(new URL('./push-clients.ts', import.meta.url).href);
  const worker = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${module}); })`,
    { eval: true, workerData: input },
  );
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (result: PushClientsResult | PushClientsWarm) => {
      if ('warm' in result) {
        onWarm();
        return;
      }
      void worker.terminate();
      if (result.ok) resolve(result);
      else reject(new Error(result.error));
    });
  });
}

async function main(): Promise<void> {
  // ---- database ----------------------------------------------------------------------
  let cluster: EmbeddedPg | undefined;
  let dir: string | undefined;
  let adminUrl = env.DATABASE_URL;
  if (!adminUrl) {
    dir = mkdtempSync(join(tmpdir(), 'edc-bench-pg-'));
    // Postgres runs as the `postgres` user when we are root: it must traverse this dir.
    chmodSync(dir, 0o755);
    const tmp = dir;
    cluster = await startEmbeddedPostgres({
      dataDir: join(dir, 'pg'),
      port: await freePort(),
      persistent: false,
    }).catch((err: unknown) => {
      rmSync(tmp, { recursive: true, force: true });
      throw err;
    });
    adminUrl = cluster.adminUrl;
  }
  const dbName = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = withDatabase(adminUrl, dbName);
  // Same connection budget on both sides: the server's pool (20, as in production) and
  // the raw baseline's; 50 clients queue for them either way.
  const POOL = 20;
  const db = createDb(url, { max: POOL, applicationName: 'edc-bench-server' });
  const raw = new pg.Pool({ connectionString: url, max: POOL });
  // DROP DATABASE … WITH (FORCE) at the end terminates idle connections: not an error here.
  raw.on('error', () => undefined);
  const cleanup = async () => {
    await raw.end().catch(() => undefined);
    await db.close().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  };

  try {
    await migrate(db);
    await seedReferenceData(db.pool);

    // ---- data: 100,000 devices in one region (bulk, one statement each) ---------------
    const t0 = performance.now();
    const merchants = Math.ceil(DEVICES / 5);
    await db.pool.query(
      `INSERT INTO merchants (id, mid, name, address, city, region, phone)
       SELECT '8' || lpad(g::text, 14, '0'), '8' || lpad(g::text, 14, '0'), 'Toko Bench ' || g, 'Jl. Bench ' || g, 'Jakarta', 'JKT', '021'
       FROM generate_series(1, $1::int) g`,
      [merchants],
    );
    await db.pool.query(
      `INSERT INTO devices (id, serial_number, model, tid, mid, status, sam_serial, sim_serial, region)
       SELECT 'BN' || lpad(g::text, 8, '0'), 'BN' || lpad(g::text, 8, '0'), 'Verifone V200c',
              'T' || lpad(g::text, 7, '0'), '8' || lpad((1 + g % $2::int)::text, 14, '0'), 'on_operation',
              'SAM' || lpad(g::text, 9, '0'), '8962' || lpad(g::text, 15, '0'), 'JKT'
       FROM generate_series(1, $1::int) g`,
      [DEVICES, merchants],
    );
    await db.pool.query('ANALYZE');
    const seedMs = performance.now() - t0;
    if (env.BENCH_EXPLAIN) {
      const { rows: mid } = await db.pool.query<{ t: string; id: string }>(
        'SELECT txid::text AS t, id FROM devices ORDER BY txid, id OFFSET $1 LIMIT 1',
        [Math.floor(DEVICES / 2)],
      );
      const plan = await db.pool.query(
        `EXPLAIN ANALYZE SELECT txid::text AS t, id FROM devices WHERE (txid, id) > ($1::xid8, $2::text)
          AND txid < pg_snapshot_xmin(pg_current_snapshot()) AND region = ANY($3::text[]) ORDER BY txid, id LIMIT 1000`,
        [mid[0]!.t, mid[0]!.id, ['JKT']],
      );
      console.log(plan.rows.map((r: Record<string, string>) => Object.values(r)[0]).join('\n'));
    }

    // ---- users: one technician puller + CLIENTS pushers --------------------------------
    const config = loadConfig({
      NODE_ENV: 'development',
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_DIR: join(tmpdir(), 'edc-bench-data'),
      STATIC_DIR: join(tmpdir(), 'edc-bench-static'),
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      SEED_DEMO: 'false',
    });
    const hash = await hashPassword(PASSWORD, config);
    const users = Array.from({ length: CLIENTS + 1 }, (_, i) => ({
      username: i === 0 ? 'bench-puller' : `bench-tech-${i}`,
      displayName: `Bench ${i}`,
      passwordHash: hash,
      role: 'technician' as const,
      regions: ['JKT'],
    }));
    await insertUsers(db.pool, users, new Date());
    await insertUsers(
      db.pool,
      [
        {
          username: 'bench-agent',
          displayName: 'Bench agent',
          passwordHash: hash,
          role: 'agent',
          regions: [],
        },
      ],
      new Date(),
    );

    // ---- server on loopback -----------------------------------------------------------
    const notifier = createPgNotifier({ source: db.pool });
    await notifier.ready();
    const statementMs = new Map<string, { n: number; ms: number }>();
    if (env.BENCH_PROFILE) {
      // Where push time goes: wall time per SQL statement kind (first 40 chars).
      const original = db.pool.query.bind(db.pool) as (...a: unknown[]) => Promise<unknown>;
      const patched = async (...a: unknown[]) => {
        const first = a[0];
        const text = typeof first === 'string' ? first : ((first as { text?: string }).text ?? '');
        const key = text.replace(/\s+/g, ' ').trim().slice(0, 40);
        const t1 = performance.now();
        try {
          return await original(...a);
        } finally {
          const e = statementMs.get(key) ?? { n: 0, ms: 0 };
          e.n++;
          e.ms += performance.now() - t1;
          statementMs.set(key, e);
        }
      };
      Object.assign(db.pool, { query: patched });
    }
    const app = createApp({ db, config, clock: () => new Date(), notifier });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = async (username: string) => {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const tokens: string[] = [];
    for (const u of users) tokens.push(await login(u.username));

    // ---- 1. full pull ----------------------------------------------------------------
    const pullHttp = async () => {
      const start = performance.now();
      let n = 0;
      let query = '';
      for (;;) {
        const res = await fetch(`${base}${SYNC_BASE_PATH}/devices/pull?limit=${PAGE}${query}`, {
          headers: { authorization: `Bearer ${tokens[0]}` },
        });
        const body = (await res.json()) as {
          documents: unknown[];
          checkpoint: { txid: string; id: string } | null;
        };
        n += body.documents.length;
        if (body.documents.length < PAGE || !body.checkpoint) break;
        query = `&txid=${body.checkpoint.txid}&id=${encodeURIComponent(body.checkpoint.id)}`;
      }
      return { ms: performance.now() - start, n };
    };
    const pullRaw = async () => {
      const client = await raw.connect();
      const start = performance.now();
      let n = 0;
      let last: { txid: string; id: string } | null = null;
      try {
        for (;;) {
          const res: pg.QueryResult<{ txid: string; id: string }> = last
            ? await client.query(
                `SELECT * FROM devices WHERE region = ANY($1::text[]) AND (txid, id) > ($2::xid8, $3)
                  ORDER BY txid, id LIMIT ${PAGE}`,
                [['JKT'], last.txid, last.id],
              )
            : await client.query(
                `SELECT * FROM devices WHERE region = ANY($1::text[]) ORDER BY txid, id LIMIT ${PAGE}`,
                [['JKT']],
              );
          n += res.rows.length;
          const tail = res.rows[res.rows.length - 1];
          if (res.rows.length < PAGE || !tail) break;
          last = { txid: tail.txid, id: tail.id };
        }
      } finally {
        client.release();
      }
      return { ms: performance.now() - start, n };
    };
    if (env.BENCH_EXPLAIN) {
      // Where does the time go? The same page query without HTTP.
      const { pullPage } = await import('../src/db/sync.ts');
      const scope = { role: 'technician' as const, username: 'bench-puller', regions: ['JKT'] };
      for (let r = 0; r < 2; r++) {
        const s0 = performance.now();
        let cp: { txid: string; id: string } | null = null;
        for (;;) {
          const page = await pullPage(db.pool, 'devices', scope, cp, PAGE);
          if (!page.last || page.docs.length < PAGE) break;
          cp = page.last;
        }
        console.log(`pullPage direct: ${fmt(performance.now() - s0)} ms`);
      }
      const variants: Record<string, string> = {
        raw: 'd.*',
        full: `json_strip_nulls(json_build_object('id', id, 'serialNumber', serial_number, 'model', model, 'tid', tid, 'mid', mid, 'status', status, 'samSerial', sam_serial, 'simSerial', sim_serial, 'region', region, 'updatedAt', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '_deleted', deleted))::text`,
        noToChar: `json_strip_nulls(json_build_object('id', id, 'serialNumber', serial_number, 'model', model, 'tid', tid, 'mid', mid, 'status', status, 'samSerial', sam_serial, 'simSerial', sim_serial, 'region', region, 'updatedAt', updated_at, '_deleted', deleted))::text`,
        noStrip: `json_build_object('id', id, 'serialNumber', serial_number, 'model', model, 'tid', tid, 'mid', mid, 'status', status, 'samSerial', sam_serial, 'simSerial', sim_serial, 'region', region, 'updatedAt', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '_deleted', deleted)::text`,
      };
      for (const [name, expr] of Object.entries(variants)) {
        const plan = await db.pool.query(`EXPLAIN (ANALYZE, TIMING OFF) SELECT ${expr} FROM devices d`);
        const last = plan.rows
          .map((r: Record<string, string>) => Object.values(r)[0])
          .filter((l) => l?.startsWith('Execution'));
        console.log(name, last.join(' '));
      }
    }
    // Warm both paths once (plans, caches), then take the best of three of each.
    await pullHttp();
    await pullRaw();
    // Interleaved, so a burst of load from other processes hits both sides alike.
    const httpRuns: { ms: number; n: number }[] = [];
    const rawRuns: { ms: number; n: number }[] = [];
    for (let r = 0; r < 3; r++) {
      httpRuns.push(await pullHttp());
      rawRuns.push(await pullRaw());
    }
    const pull = httpRuns.sort((a, b) => a.ms - b.ms)[0]!;
    const pullRawBest = rawRuns.sort((a, b) => a.ms - b.ms)[0]!;

    // ---- 2. push --------------------------------------------------------------------
    const batches: number[][] = [];
    for (let i = 0; i < CASES; i += PUSH_BATCH) {
      batches.push(Array.from({ length: Math.min(PUSH_BATCH, CASES - i) }, (_, k) => i + k));
    }
    // Raw: the same number of rows, same batch size and concurrency, plain INSERTs into
    // the same table (same indexes incl. the partial unique one), TID/MID distinct. Run
    // once before and once after the push; the mean is the baseline, so
    // load from other processes during one of them does not decide the ratio alone.
    const rawLatencies: number[] = [];
    const rawInserts = async (prefix: string) => {
      let nextRaw = 0;
      const rawStart = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (;;) {
            const b = batches[nextRaw++];
            if (!b) return;
            const values: unknown[] = [];
            const tuples = b.map((i, k) => {
              values.push(
                randomUUID(),
                randomUUID(),
                `${prefix}${String(i).padStart(7, '0')}`,
                '999999999999999',
              );
              const p = k * 4;
              return `($${p + 1}::uuid, $${p + 2}::uuid, 'open', 'replace_device', 'technician_app', $${p + 3}, $${p + 4}, now(), 'raw', 'JKT')`;
            });
            const t1 = performance.now();
            await raw.query(
              `INSERT INTO cases (id, client_rev, status, category, channel, tid, mid, reported_at, created_by, region)
               VALUES ${tuples.join(', ')}`,
              values,
            );
            rawLatencies.push(performance.now() - t1);
          }
        }),
      );
      return performance.now() - rawStart;
    };
    const rawPg0 = postgresCpuMs();
    const rawCpu0 = process.cpuUsage();
    const rawBefore = await rawInserts('R');
    if (env.BENCH_PROFILE) {
      const cpu = process.cpuUsage(rawCpu0);
      console.log(
        `raw: node cpu ${fmt((cpu.user + cpu.system) / 1000)} ms, postgres cpu ${fmt(postgresCpuMs() - rawPg0)} ms, wall ${fmt(rawBefore)} ms`,
      );
    }

    // Fresh statistics, as autovacuum keeps them on a live database: the last ANALYZE saw
    // `cases` empty, and with that estimate Postgres plans the case_events → cases foreign-key
    // check as a sequential scan, which grows with every row until autovacuum's next visit
    // (a minute later; this benchmark is over before that).
    await db.pool.query('ANALYZE cases, case_events');
    // The clients run in a worker thread (see push-clients.ts): the server's thread serves.
    const profiler = env.BENCH_CPU_PROFILE ? new inspector.Session() : undefined;
    if (profiler) profiler.connect();
    // Warm-up cases use the devices after the measured ones (each case its own device).
    const warmup: number[][] = [];
    for (let i = 0; i < WARMUP_CASES; i += PUSH_BATCH) {
      warmup.push(Array.from({ length: Math.min(PUSH_BATCH, WARMUP_CASES - i) }, (_, k) => CASES + i + k));
    }
    // CPU counters start when the warm-up is over (runPushClients' onWarm).
    let elu0 = performance.eventLoopUtilization();
    let cpu0 = process.cpuUsage();
    let pg0 = postgresCpuMs();
    let threads0 = threadCpuMs();
    const pushed = await runPushClients(
      {
        url: `${base}${SYNC_BASE_PATH}/cases/push`,
        tokens: tokens.slice(1),
        batches,
        warmup,
        now: new Date().toISOString(),
      },
      () => {
        profiler?.post('Profiler.enable', () => profiler.post('Profiler.start'));
        elu0 = performance.eventLoopUtilization();
        cpu0 = process.cpuUsage();
        pg0 = postgresCpuMs();
        threads0 = threadCpuMs();
      },
    );
    const { latencies, accepted, ms: pushMs } = pushed;
    if (profiler) {
      await new Promise<void>((r) =>
        profiler.post('Profiler.stop', (_e, res) => {
          writeFileSync(env.BENCH_CPU_PROFILE ?? '', JSON.stringify(res.profile));
          r();
        }),
      );
    }
    if (env.BENCH_PROFILE) {
      const elu = performance.eventLoopUtilization(elu0);
      const cpu = process.cpuUsage(cpu0);
      const threads1 = threadCpuMs();
      console.log(
        'push thread cpu ms:',
        [...threads1].map(([k, v]) => `${k} ${fmt(v - (threads0.get(k) ?? 0))}`).join(', '),
      );
      console.log(
        `push: server thread busy ${fmt(elu.utilization * 100)}%, node process cpu ${fmt((cpu.user + cpu.system) / 1000)} ms, postgres cpu ${fmt(postgresCpuMs() - pg0)} ms, wall ${fmt(pushMs)} ms`,
      );
    }
    if (env.BENCH_PROFILE) {
      for (const [k, v] of [...statementMs].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
        console.log(
          `${fmt(v.ms).padStart(8)} ms  ${String(v.n).padStart(6)}×  ${fmt(v.ms / v.n, 2)} ms/each  ${k}`,
        );
      }
    }
    latencies.sort((a, b) => a - b);

    const rawAfter = await rawInserts('S');
    const rawPushMs = (rawBefore + rawAfter) / 2;
    rawLatencies.sort((a, b) => a - b);

    // ---- 3. desk search -------------------------------------------------------------------
    // Fill up to SEARCH_CASES cases (the push made some), closed so they never block a
    // TID, one comment per 5 cases; descriptions from a small vocabulary plus a rare word
    // per 1,000 cases, like real complaint text (many common words, some rare ones).
    const tSeed = performance.now();
    // Only accepted cases are searchable (the raw-INSERT baseline rows have no number).
    const { rows: have } = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM cases WHERE case_number IS NOT NULL',
    );
    const extra = Math.max(0, SEARCH_CASES - have[0]!.n);
    await db.pool.query(
      `INSERT INTO cases (id, client_rev, status, case_number, category, description, channel, tid, mid, serial_number,
         reported_at, created_by, accepted_at, response_due_at, due_at, region, responsible_unit, priority)
       SELECT gen_random_uuid(), gen_random_uuid(), 'closed', 'CASE-20260101-' || lpad(g::text, 6, '0'), 'replace_device',
              (ARRAY['Layar mati total', 'Printer macet kertas', 'Tidak bisa settlement', 'Kartu SAM tidak terbaca',
                     'Sinyal GPRS hilang', 'Minta kertas thermal'])[1 + g % 6] || ' sejak pagi, kode ' || (g % 997)
                || CASE WHEN g % 1000 = 7 THEN ' tersangkut' ELSE '' END,
              'phone', 'S' || lpad(g::text, 7, '0'), '8' || lpad((1 + g % $2::int)::text, 14, '0'), 'BS' || lpad(g::text, 8, '0'),
              now() - make_interval(mins => g), 'bench-agent', now() - make_interval(mins => g),
              now() - make_interval(mins => g) + interval '1 hour', now() - make_interval(mins => g) + interval '2 days',
              'JKT', 'Merchant Operation - MEM', 'major'
         FROM generate_series(1, $1::int) g`,
      [extra, merchants],
    );
    await db.pool.query(
      `INSERT INTO case_events (id, case_id, type, at, actor, note, mid, region)
       SELECT gen_random_uuid(), c.id, 'comment', c.accepted_at + interval '5 minutes', 'bench-agent',
              CASE WHEN n % 50 = 3 THEN 'Pelanggan minta kunjungan hari Sabtu' ELSE 'Sudah dihubungi via telepon' END,
              c.mid, c.region
         FROM (SELECT id, mid, region, accepted_at, row_number() OVER (ORDER BY id) AS n FROM cases
                WHERE case_number LIKE 'CASE-20260101-%') c WHERE c.n % 5 = 0`,
    );
    await db.pool.query('ANALYZE');
    const searchSeedMs = performance.now() - tSeed;
    const { rows: totalRows } = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM case_search',
    );
    const searchable = totalRows[0]!.n;
    const agentToken = await login('bench-agent');
    // A mix an agent types: a case number, a TID, a serial, a merchant name, a rare word,
    // a comment word, two common words together.
    const queries = [
      'CASE-20260101-012345',
      'S0054321',
      'BS00077777',
      'Toko Bench 1234',
      'tersangkut',
      'sabtu',
      'printer macet',
      'settlement kode 42',
    ];
    const searchLatencies: number[] = [];
    const perQuery = new Map<string, number[]>(queries.map((q) => [q, []]));
    let hits = 0;
    const searchLoad = loadavg()[0]!;
    for (let i = 0; i < SEARCH_RUNS; i++) {
      const q = queries[i % queries.length]!;
      const s0 = performance.now();
      const res = await fetch(`${base}/api/desk/search?q=${encodeURIComponent(q)}`, {
        headers: { authorization: `Bearer ${agentToken}` },
      });
      const body = (await res.json()) as { hits: unknown[] };
      const ms = performance.now() - s0;
      searchLatencies.push(ms);
      perQuery.get(q)?.push(ms);
      if (res.status !== 200) throw new Error(`search ${q}: ${res.status}`);
      hits += body.hits.length;
    }
    searchLatencies.sort((a, b) => a - b);
    // Which query is slow, and the machine's load meanwhile (a shared 2-core machine).
    console.log(
      `desk search, load average ${fmt(searchLoad, 1)} → ${fmt(loadavg()[0]!, 1)}; per query p50 / max:`,
    );
    for (const [q, ms] of perQuery) {
      ms.sort((a, b) => a - b);
      console.log(`  ${q.padEnd(22)} ${fmt(percentile(ms, 0.5), 1)} / ${fmt(ms[ms.length - 1] ?? 0, 1)} ms`);
    }
    // Baseline: the same queries as an ILIKE scan (fewer runs: each is a full scan).
    const scanLatencies: number[] = [];
    const scanClient = await raw.connect();
    try {
      for (const q of queries) {
        const s0 = performance.now();
        await searchCasesByScan(scanClient, searchTerms(q), 100);
        scanLatencies.push(performance.now() - s0);
      }
    } finally {
      scanClient.release();
    }
    scanLatencies.sort((a, b) => a - b);

    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
    await notifier.close();

    // ---- report -----------------------------------------------------------------------
    const pullDocsPerS = (pull.n / pull.ms) * 1000;
    const pushPerS = (CASES / pushMs) * 1000;
    const rawPushPerS = (CASES / rawPushMs) * 1000;
    const rows: [string, string, string, string, string][] = [
      ['measure', 'sync server', 'raw Postgres', 'ratio', 'target'],
      [
        `full pull, ${fmt(pull.n)} devices (limit ${PAGE})`,
        `${fmt(pull.ms)} ms (${fmt(pullDocsPerS)} docs/s)`,
        `${fmt(pullRawBest.ms)} ms`,
        `${fmt(pull.ms / pullRawBest.ms, 2)}×`,
        '≤ 3 s, ≤ 2.5×',
      ],
      [
        `push ${fmt(CASES)} cases, ${CLIENTS} clients, ${PUSH_BATCH}/push`,
        `${fmt(pushPerS)} cases/s (${fmt(pushMs)} ms)`,
        `${fmt(rawPushPerS)} rows/s (${fmt(rawPushMs)} ms)`,
        `${fmt(pushMs / rawPushMs, 2)}×`,
        '≥ 500/s, ≤ 4×',
      ],
      [
        'push latency p50 / p95 per request',
        `${fmt(percentile(latencies, 0.5), 1)} / ${fmt(percentile(latencies, 0.95), 1)} ms`,
        `${fmt(percentile(rawLatencies, 0.5), 1)} / ${fmt(percentile(rawLatencies, 0.95), 1)} ms`,
        '',
        '',
      ],
      [
        `desk search, ${fmt(searchable)} cases, p50 / p95 (${SEARCH_RUNS} queries)`,
        `${fmt(percentile(searchLatencies, 0.5), 1)} / ${fmt(percentile(searchLatencies, 0.95), 1)} ms`,
        `${fmt(percentile(scanLatencies, 0.5), 1)} / ${fmt(percentile(scanLatencies, 0.95), 1)} ms (ILIKE scan)`,
        `${fmt(percentile(scanLatencies, 0.95) / percentile(searchLatencies, 0.95), 1)}× faster`,
        'p95 ≤ 100 ms',
      ],
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    console.log(
      `\nSync server benchmark (${fmt(DEVICES)} devices seeded in ${fmt(seedMs)} ms; ${accepted} of ${CASES} cases accepted)`,
    );
    console.log(line(rows[0]!));
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const r of rows.slice(1)) console.log(line(r));
    console.log(
      `(search data: ${fmt(extra)} cases and their comments seeded in ${fmt(searchSeedMs)} ms; ${fmt(hits / SEARCH_RUNS, 1)} hits per query on average)`,
    );
    const ok =
      pull.ms <= 3000 &&
      pull.ms / pullRawBest.ms <= 2.5 &&
      pushPerS >= 500 &&
      pushMs / rawPushMs <= 4 &&
      percentile(searchLatencies, 0.95) <= 100 &&
      pull.n === DEVICES;
    console.log(ok ? '\nAll targets met.' : '\nSome targets NOT met (see table).');
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  console.error('[bench] failed:', err);
  process.exit(1);
});
