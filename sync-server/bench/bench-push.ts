/**
 * `npm run bench:push -w @edc/sync-server` (issue 13, figures, not tests):
 *
 * 1. Event → push handed to the push service, with 1,000 subscriptions: each round one
 *    transaction writes 1,000 notifications (one per user, each user one subscription,
 *    like an announcement to 1,000 phones); the production worker (periodic job, 1 s
 *    interval, default options, wired like the server: woken by the notifications' NOTIFY
 *    where the code has that) sends them to a loopback push service that decrypts each
 *    message (RFC 8291) and checks its VAPID JWT, in its own process (push-service-child.ts)
 *    like a real push service. Latency = commit → message received.
 *    Baseline in the same run: the same 1,000 messages encrypted and POSTed directly (no
 *    queue, no database), i.e. the floor set by crypto and HTTP.
 * 2. Crash in the middle of a fan-out: a worker process is killed with SIGKILL after about
 *    a third of 1,000 messages went out; a new worker process takes over (leases of
 *    in-flight rows expire). Counted: lost (never received) and sent twice.
 *
 * Database: an embedded Postgres in a temp dir. Knobs: BENCH_PUSH_SUBS (1000), BENCH_PUSH_ROUNDS (5),
 * BENCH_PUSH_LABEL (printed with the figures; the A/B runs name the code they measure).
 * The load average is printed at start and end: the machine is shared.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import webpush from 'web-push';
import { loadConfig } from '../src/config.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { insertNotifications, type NotificationRow } from '../src/db/notifications.ts';
import { createDb, withTransaction } from '../src/db/pool.ts';
import { startBackgroundJobs } from '../src/jobs/background-jobs.ts';
import { createPgNotifier } from '../src/services/notify.ts';
import type { BrowserSubscription } from '../src/test/push-service.ts';
import { clusterCpuMs, fmt, freePort, percentile } from './measure.ts';

const env = process.env;
const SUBS = Number(env.BENCH_PUSH_SUBS ?? 1000);
const ROUNDS = Number(env.BENCH_PUSH_ROUNDS ?? 5);

async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

type Receipt = { subscriptionId: string; id: string; receivedAt: number };

/** The push service stand-in in its own process (push-service-child.ts). */
async function startStandInProcess() {
  const child: ChildProcess = fork(fileURLToPath(new URL('./push-service-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  const received: Receipt[] = [];
  const rejected: { subscriptionId: string; error: string }[] = [];
  let onSubscriptions: ((subs: BrowserSubscription[]) => void) | null = null;
  let onReady: (() => void) | null = null;
  child.on(
    'message',
    (m: {
      ready?: true;
      subscriptions?: BrowserSubscription[];
      received?: Receipt[];
      rejected?: typeof rejected;
    }) => {
      if (m.ready) onReady?.();
      if (m.subscriptions) onSubscriptions?.(m.subscriptions);
      if (m.received) received.push(...m.received);
      if (m.rejected) rejected.push(...m.rejected);
    },
  );
  await new Promise<void>((resolve) => {
    onReady = resolve;
  });
  return {
    received,
    rejected,
    subscribe: (n: number) =>
      new Promise<BrowserSubscription[]>((resolve) => {
        onSubscriptions = resolve;
        child.send({ subscribe: n });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ close: true });
      }),
  };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

async function main(): Promise<void> {
  const label = env.BENCH_PUSH_LABEL ?? 'this tree';
  const loadAtStart = load();
  const dir = mkdtempSync(join(tmpdir(), 'edc-bench-push-'));
  chmodSync(dir, 0o755);
  const cluster = await startEmbeddedPostgres({
    dataDir: join(dir, 'pg'),
    port: await freePort(),
    persistent: false,
  });
  const db = createDb(cluster.url, { max: 20, applicationName: 'edc-bench-push' });
  const ps = await startStandInProcess();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: join(dir, 'data'),
    PUSH_ALLOWED_HOSTS: '127.0.0.1',
    // The push job alone, at its production interval.
    PUSH_INTERVAL_SECONDS: '1',
    SLA_MONITOR_INTERVAL_SECONDS: '0',
    WEBHOOK_INTERVAL_SECONDS: '0',
    AUTO_CLOSE_INTERVAL_SECONDS: '0',
    ANNOUNCEMENT_INTERVAL_SECONDS: '0',
  });
  const vapid = config.push.vapid;
  if (!vapid) throw new Error('no VAPID keys');
  try {
    await migrate(db);
    // Users and one subscription each.
    const subs: BrowserSubscription[] = await ps.subscribe(SUBS);
    const { rows: users } = await db.pool.query<{ id: string; username: string }>(
      `INSERT INTO users (username, display_name, password_hash, role, regions)
       SELECT 'bench' || g, 'Bench ' || g, 'x', 'technician', '{JKT}' FROM generate_series(1, $1) g RETURNING id, username`,
      [SUBS],
    );
    await db.pool.query(
      `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])`,
      [
        users.map((u) => u.id),
        subs.map((s) => s.endpoint),
        subs.map((s) => s.keys.p256dh),
        subs.map((s) => s.keys.auth),
      ],
    );
    const notificationsFor = (): NotificationRow[] =>
      users.map((u) => ({
        id: randomUUID(),
        recipient: u.username,
        type: 'announcement',
        case_id: null,
        title_id: 'Pemeliharaan sistem',
        title_en: 'System maintenance',
        body_id: 'Settlement tidak tersedia 22.00–23.00 WIB.',
        body_en: 'Settlement unavailable 22:00–23:00 WIB.',
        url: '/',
        created_at: new Date().toISOString(),
      }));

    // ---- baseline: encrypt + POST directly ---------------------------------------------
    const b0 = performance.now();
    const baseline: number[] = [];
    let next = 0;
    const sample = notificationsFor()[0]!;
    const payload = JSON.stringify({
      id: sample.id,
      type: sample.type,
      title: sample.title_id,
      body: sample.body_id,
      url: sample.url,
    });
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < subs.length) {
          const s = subs[next++]!;
          const d = webpush.generateRequestDetails(s, payload, {
            vapidDetails: vapid,
            TTL: 3600,
            contentEncoding: 'aes128gcm',
          });
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(d.headers)) headers[k] = String(v);
          // A kept-alive socket the stand-in closed at that moment: send again, as the worker would.
          for (let attempt = 1; ; attempt++) {
            try {
              await fetch(s.endpoint, { method: 'POST', headers, body: d.body });
              break;
            } catch (err) {
              if (attempt >= 3) throw err;
            }
          }
          baseline.push(performance.now() - b0);
        }
      }),
    );
    baseline.sort((a, b) => a - b);
    // Receipts come over IPC: every baseline message is counted before the queue rounds start.
    await waitUntil(() => ps.received.length >= SUBS, 60_000);
    ps.received.length = 0;

    // ---- 1. event → push through the queue and the production job -----------------------
    const notifier = createPgNotifier({ source: db.pool });
    await notifier.ready();
    const jobs = startBackgroundJobs({ db, clock: () => new Date(), notifier }, config, {
      error: console.error,
      info: () => {},
    });
    const latencies: number[] = [];
    // CPU spent per message by the worker's process (this one; the stand-in is another) and
    // by this bench's own Postgres: stable where wall-clock latency follows the machine's load.
    const cpu0 = process.cpuUsage();
    const pg0 = clusterCpuMs(join(dir, 'pg'));
    for (let round = 0; round < ROUNDS; round++) {
      const before = ps.received.length;
      const ns = notificationsFor();
      await withTransaction(db, (q) => insertNotifications(q, ns));
      const committed = Date.now();
      const ok = await waitUntil(() => ps.received.length >= before + SUBS, 120_000);
      if (!ok) throw new Error(`round ${round}: only ${ps.received.length - before} of ${SUBS} received`);
      for (const r of ps.received.slice(before)) latencies.push(r.receivedAt - committed);
    }
    await jobs.stop();
    await notifier.close();
    const cpu = process.cpuUsage(cpu0);
    const workerCpuMs = (cpu.user + cpu.system) / 1000 / (SUBS * ROUNDS);
    const pgCpuMs = (clusterCpuMs(join(dir, 'pg')) - pg0) / (SUBS * ROUNDS);
    latencies.sort((a, b) => a - b);
    if (ps.rejected.length)
      throw new Error(`stand-in refused ${ps.rejected.length} messages: ${ps.rejected[0]?.error}`);

    // ---- 2. kill -9 in the middle of a fan-out -----------------------------------------
    ps.received.length = 0;
    const ns = notificationsFor();
    await withTransaction(db, (q) => insertNotifications(q, ns));
    const child = fileURLToPath(new URL('./push-worker-child.ts', import.meta.url));
    const LEASE_MS = 3000;
    const spawnWorker = () =>
      fork(child, [cluster.url, JSON.stringify(vapid), String(LEASE_MS)], {
        execArgv: ['--import', 'tsx'],
        stdio: 'inherit',
      });
    const first = spawnWorker();
    await waitUntil(() => ps.received.length >= SUBS / 3, 120_000);
    first.kill('SIGKILL');
    const atKill = ps.received.length;
    const k0 = Date.now();
    const second = spawnWorker();
    const ids = () => new Set(ps.received.map((r) => `${r.subscriptionId}/${r.id}`));
    await waitUntil(() => ids().size >= SUBS, 120_000);
    const recovered = Date.now() - k0;
    // Anything still in flight settles before counting duplicates.
    await new Promise((r) => setTimeout(r, LEASE_MS + 1000));
    second.kill('SIGKILL');
    const unique = ids().size;

    const rows: [string, string, string][] = [
      [
        `event → push handed over, ${SUBS} subscriptions × ${ROUNDS} rounds (p50 / p95 / max)`,
        `${fmt(percentile(latencies, 0.5))} / ${fmt(percentile(latencies, 0.95))} / ${fmt(latencies.at(-1) ?? 0)} ms`,
        `direct encrypt + POST, no queue: ${fmt(percentile(baseline, 0.5))} / ${fmt(percentile(baseline, 0.95))} / ${fmt(baseline.at(-1) ?? 0)} ms`,
      ],
      [
        'CPU per message during the rounds: worker process / its Postgres',
        `${fmt(workerCpuMs, 2)} / ${fmt(pgCpuMs, 2)} ms`,
        'encryption, VAPID header, HTTP, claims and marks; the stand-in runs in its own process',
      ],
      [
        `kill -9 after ${atKill} of ${SUBS} sent, new worker takes over`,
        `lost ${SUBS - unique}, sent twice ${ps.received.length - unique}`,
        `all delivered ${fmt(recovered / 1000, 1)} s after the kill (lease ${LEASE_MS / 1000} s)`,
      ],
    ];
    console.log(`\n${label}: load average (1 / 5 / 15 min) ${loadAtStart} at start, ${load()} at end`);
    console.log('\n| measure | result | baseline / note |\n|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  } finally {
    await ps.close();
    await db.close().catch(() => undefined);
    await cluster.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
