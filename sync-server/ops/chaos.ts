/**
 * `npm run chaos` (issue 11, "A chaos suite in the project"; not part of `npm test`).
 *
 * Against a Postgres it starts itself (an external server to the sync server: its own
 * process and data dir, durable settings) and ONE production-mode sync server:
 * 1. 16 clients push cases with retries (chaos-clients.ts) while the script kill -9s the
 *    server (≥ 10×, restarted at once, as a supervisor would) and the postmaster (≥ 10×,
 *    restarted with crash recovery), one fault at a time, each after a spell of healthy
 *    running;
 * 2. then everything runs through a proxy that drops 5% of the replies after the server
 *    processed the request (drop-proxy.ts);
 * a checkpoint puller follows `cases` throughout. Then the clients finish their batches in
 * flight, the puller catches up, and the database is checked against what every client
 * was told. One table is printed; the exit code is 1 when a loss column is not 0.
 *
 * Options: --clients 16 --server-kills 10 --pg-kills 10 --drop-seconds 30 --drop-rate 0.05
 * --batch 10 --devices 30000 --healthy-ms 1500-3000 (spell of healthy running before a fault)
 * --short (3 + 3 kills, 10 s of drops: a quick look, not the suite)
 * --ci (4 clients, 1 + 1 kills, 3 s of 20% drops, 2,000 devices: the few-seconds variant
 *  `ops/chaos.pg.test.ts` runs in `npm test`; explicit options still win)
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { migrate } from '../src/db/migrate.ts';
import { createDb } from '../src/db/pool.ts';
import { seedReferenceData } from '../src/db/reference-data.ts';
import { insertUsers } from '../src/db/users.ts';
import { hashPassword } from '../src/services/auth.ts';
import { freePort } from '../src/test/global-setup.ts';
import { type ServerProcess, spawnServer } from '../src/test/server-process.ts';
import { Http, Puller, Pusher, Traffic } from './chaos-clients.ts';
import { startDropProxy } from './drop-proxy.ts';
import { createPgCluster } from './pg-process.ts';

/**
 * Presets are options put before the command line's own (for a repeated option the last
 * one wins, so an explicit option still overrides its preset).
 */
const PRESETS: Record<'short' | 'ci', string[]> = {
  short: ['--server-kills=3', '--pg-kills=3', '--drop-seconds=10'],
  ci: [
    '--clients=4',
    '--server-kills=1',
    '--pg-kills=1',
    '--drop-seconds=3',
    '--drop-rate=0.2',
    '--devices=2000',
    '--healthy-ms=500-1000',
  ],
};
const given = process.argv.slice(2);
const { values: args } = parseArgs({
  args: [...(given.includes('--ci') ? PRESETS.ci : given.includes('--short') ? PRESETS.short : []), ...given],
  options: {
    clients: { type: 'string', default: '16' },
    'server-kills': { type: 'string', default: '10' },
    'pg-kills': { type: 'string', default: '10' },
    'drop-seconds': { type: 'string', default: '30' },
    'drop-rate': { type: 'string', default: '0.05' },
    batch: { type: 'string', default: '10' },
    devices: { type: 'string', default: '30000' },
    'healthy-ms': { type: 'string', default: '1500-3000' },
    short: { type: 'boolean', default: false },
    ci: { type: 'boolean', default: false },
  },
});
const CLIENTS = Number(args.clients);
const SERVER_KILLS = Number(args['server-kills']);
const PG_KILLS = Number(args['pg-kills']);
const DROP_SECONDS = Number(args['drop-seconds']);
const DROP_RATE = Number(args['drop-rate']);
const BATCH = Number(args.batch);
const DEVICES = Number(args.devices);
const [HEALTHY_MIN, HEALTHY_MAX] = (args['healthy-ms'] ?? '').split('-').map(Number) as [number, number];
const PASSWORD = `chaos-${randomBytes(8).toString('hex')}`;

const log = (line: string) => console.log(`[chaos ${new Date().toISOString().slice(11, 23)}] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Fault = { kind: 'server' | 'postgres'; killedAt: number; recoveredAt: number };

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'edc-chaos-'));
  // Postgres runs as the `postgres` user when we are root: it must traverse this dir.
  chmodSync(dir, 0o755);
  const [pgPort, serverPort] = [await freePort(), await freePort()];
  const started = performance.now();
  const pg = await createPgCluster(dir, pgPort, log);
  await pg.start();
  let server: ServerProcess | undefined;
  // Once, whether the run ends, fails or is interrupted (Ctrl-C): stop what was started.
  let cleaning: Promise<void> | undefined;
  const cleanup = () => {
    cleaning ??= (async () => {
      server?.kill('SIGTERM');
      await server?.exited;
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    })();
    return cleaning;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  try {
    // ---- data: users and devices (the server would refuse to seed demo data in production)
    const db = createDb(pg.url, { max: 2 });
    await migrate(db);
    await seedReferenceData(db.pool);
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
    });
    const hash = await hashPassword(PASSWORD, config);
    const now = new Date();
    await insertUsers(
      db.pool,
      [
        ...Array.from({ length: CLIENTS }, (_, i) => ({
          username: `chaos-tech-${i + 1}`,
          displayName: `Chaos ${i + 1}`,
          passwordHash: hash,
          role: 'technician' as const,
          regions: ['JKT'],
        })),
        {
          username: 'chaos-desk',
          displayName: 'Chaos desk',
          passwordHash: hash,
          role: 'agent' as const,
          regions: [],
        },
      ],
      now,
    );
    await db.pool.query(
      `INSERT INTO merchants (id, mid, name, address, city, region, phone)
       SELECT '7' || lpad(g::text, 14, '0'), '7' || lpad(g::text, 14, '0'), 'Toko Chaos ' || g, 'Jl. Chaos ' || g,
              'Jakarta', 'JKT', '021'
       FROM generate_series(1, $1::int) g`,
      [Math.ceil(DEVICES / 5)],
    );
    await db.pool.query(
      `INSERT INTO devices (id, serial_number, model, tid, mid, status, sam_serial, sim_serial, region)
       SELECT 'CH' || lpad(g::text, 8, '0'), 'CH' || lpad(g::text, 8, '0'), 'Verifone V200c',
              'C' || lpad(g::text, 7, '0'), '7' || lpad((1 + g % $2::int)::text, 14, '0'), 'on_operation',
              'SAM' || lpad(g::text, 9, '0'), '8962' || lpad(g::text, 15, '0'), 'JKT'
       FROM generate_series(1, $1::int) g`,
      [DEVICES, Math.ceil(DEVICES / 5)],
    );
    await db.close();

    // ---- the server, restarted at once after every kill ------------------------------
    const serverEnv = {
      NODE_ENV: 'production',
      JWT_SECRET: config.jwtSecret,
      WEBHOOK_SECRET_KEY: config.webhooks.secretKey.toString('base64'),
      DATABASE_URL: pg.url,
      PORT: String(serverPort),
      HOST: '127.0.0.1',
      DATA_DIR: join(dir, 'data'),
      STATIC_DIR: join(dir, 'static'),
    };
    const startServer = async () => {
      server = spawnServer(serverEnv, serverPort);
      await server.healthy();
    };
    await startServer();
    log(
      `ready in ${((performance.now() - started) / 1000).toFixed(1)} s: ${DEVICES} devices, ${CLIENTS} clients`,
    );

    // ---- clients (all through the proxy; it drops nothing until phase 2) -------------
    const proxy = await startDropProxy({ host: '127.0.0.1', port: serverPort });
    const traffic = new Traffic();
    const http = new Http(new URL(`http://127.0.0.1:${proxy.port}`), traffic);
    let stopPushing = false;
    let stopPulling = false;
    const pushers = Array.from(
      { length: CLIENTS },
      (_, i) =>
        new Pusher({
          http,
          username: `chaos-tech-${i + 1}`,
          password: PASSWORD,
          devices: DEVICES,
          batch: BATCH,
          tag: `c${i + 1}`,
        }),
    );
    const puller = new Puller(http, 'chaos-desk', PASSWORD);
    const pushing = Promise.all(pushers.map((p) => p.run(() => stopPushing)));
    const pulling = puller.run(() => stopPulling);

    // ---- phase 1: kill -9, one fault at a time --------------------------------------
    const faults: Fault[] = [];
    const health = async () => {
      try {
        const res = await fetch(`http://127.0.0.1:${serverPort}/api/health`, {
          signal: AbortSignal.timeout(2000),
        });
        return res.status === 200;
      } catch {
        return false;
      }
    };
    const waitHealthy = async () => {
      while (!(await health())) await sleep(20);
      return performance.now();
    };
    const kinds: Fault['kind'][] = [];
    for (let i = 0; i < Math.max(SERVER_KILLS, PG_KILLS); i++) {
      if (i < SERVER_KILLS) kinds.push('server');
      if (i < PG_KILLS) kinds.push('postgres');
    }
    const acked = () => pushers.reduce((n, p) => n + p.acked.size, 0);
    // The first fault only once traffic flows (logins done, cases acknowledged): on a busy
    // machine a short run could otherwise spend its faults before any client had pushed.
    const trafficDeadline = performance.now() + 120_000;
    while (acked() === 0) {
      if (performance.now() > trafficDeadline) throw new Error('no case acknowledged within 120 s');
      await sleep(50);
    }
    for (const [i, kind] of kinds.entries()) {
      await sleep(HEALTHY_MIN + Math.random() * (HEALTHY_MAX - HEALTHY_MIN));
      const killedAt = performance.now();
      if (kind === 'server') {
        const s = server;
        s?.kill('SIGKILL');
        await s?.exited;
        server = spawnServer(serverEnv, serverPort);
      } else {
        await pg.kill9();
        await pg.start();
      }
      const restartedAt = performance.now();
      const recoveredAt = await waitHealthy();
      faults.push({ kind, killedAt, recoveredAt });
      log(
        `fault ${i + 1}/${kinds.length}: kill -9 ${kind}; ${kind === 'postgres' ? `accepting connections after ${Math.round(restartedAt - killedAt)} ms, ` : ''}healthy after ${Math.round(recoveredAt - killedAt)} ms; ${acked()} cases acknowledged`,
      );
    }

    // ---- phase 2: replies dropped after processing ----------------------------------
    const dropFrom = performance.now();
    const forwardedBefore = proxy.forwarded;
    proxy.dropRate = DROP_RATE;
    log(`dropping ${DROP_RATE * 100}% of replies for ${DROP_SECONDS} s`);
    await sleep(DROP_SECONDS * 1000);
    proxy.dropRate = 0;
    const dropTo = performance.now();
    const forwardedDuringDrops = proxy.forwarded - forwardedBefore;
    log(
      `${proxy.dropped} of ${forwardedDuringDrops} replies dropped; clients finish their batches in flight`,
    );
    stopPushing = true;
    await pushing;
    const endOfLoad = performance.now();
    stopPulling = true;
    await pulling;
    // Final catch-up: the puller pulls until a short page; nothing writes any more.
    for (;;) {
      const caughtUp = await puller.pullOnce();
      if (caughtUp) break;
      if (caughtUp === undefined) await sleep(100);
    }

    // ---- verification against the database ------------------------------------------
    const check = createDb(pg.url, { max: 1 });
    const { rows } = await check.pool.query<{
      id: string;
      client_rev: string;
      server_rev: number;
      status: string;
      case_number: string | null;
      reject_reason: string | null;
      blocking_case_number: string | null;
      accepted_at: string | null;
      due_at: string | null;
      description: string;
      lifecycle_events: string;
      distinct_lifecycle: string;
    }>(
      `SELECT c.id, c.client_rev, c.server_rev, c.status, c.case_number, c.reject_reason, c.blocking_case_number,
              c.accepted_at, c.due_at, c.description,
              (SELECT count(*) FROM case_events e WHERE e.case_id = c.id
                 AND e.type IN ('submitted', 'accepted', 'rejected'))::text AS lifecycle_events,
              (SELECT count(DISTINCT e.type) FROM case_events e WHERE e.case_id = c.id
                 AND e.type IN ('submitted', 'accepted', 'rejected'))::text AS distinct_lifecycle
         FROM cases c WHERE c.description LIKE 'chaos %'`,
    );
    await check.close();
    const stored = new Map(rows.map((r) => [r.id, r]));
    const allAcked = pushers.flatMap((p) => [...p.acked.values()]);
    let lost = 0;
    let changed = 0;
    const examples: string[] = [];
    for (const a of allAcked) {
      const r = stored.get(a.id);
      if (!r) {
        lost++;
        if (examples.length < 5) examples.push(`lost ${a.id}`);
        continue;
      }
      const same =
        r.client_rev === a.clientRev &&
        r.server_rev === a.serverRev &&
        r.status === a.status &&
        (r.case_number ?? undefined) === a.caseNumber &&
        (r.reject_reason ?? undefined) === a.rejectReason &&
        (r.blocking_case_number ?? undefined) === a.blockingCaseNumber &&
        (r.accepted_at ?? undefined) === a.acceptedAt &&
        (r.due_at ?? undefined) === a.dueAt &&
        r.description === a.description;
      if (!same) {
        changed++;
        if (examples.length < 5)
          examples.push(`changed ${a.id}: told ${JSON.stringify(a)}, stored ${JSON.stringify(r)}`);
      }
    }
    // A logical case is its description tag (client + sequence); its lifecycle events
    // (submitted, then accepted or rejected) must each exist once.
    const perTag = new Map<string, number>();
    for (const r of rows) perTag.set(r.description, (perTag.get(r.description) ?? 0) + 1);
    const duplicated =
      [...perTag.values()].filter((n) => n > 1).length +
      rows.filter((r) => Number(r.lifecycle_events) !== Number(r.distinct_lifecycle)).length;
    let missed = 0;
    for (const r of rows) {
      if (puller.seen.get(r.id) !== r.server_rev) {
        missed++;
        if (examples.length < 5) examples.push(`puller missed ${r.id} (rev ${r.server_rev})`);
      }
    }
    // 5xx after recovery: sent once the last fault had recovered, answered before the next one.
    const windows = faults.map((f, i) => ({ from: f.recoveredAt, to: faults[i + 1]?.killedAt ?? endOfLoad }));
    const after = traffic.serverErrors.filter((e) =>
      windows.some((w) => e.sentAt >= w.from && e.doneAt < w.to),
    );
    const recovery = (kind: Fault['kind']) => {
      const ms = faults
        .filter((f) => f.kind === kind)
        .map((f) => f.recoveredAt - f.killedAt)
        .sort((a, b) => a - b);
      if (ms.length === 0) return '-';
      const median = ms[Math.floor(ms.length / 2)] ?? 0;
      return `median ${(median / 1000).toFixed(1)} s, max ${((ms[ms.length - 1] ?? 0) / 1000).toFixed(1)} s`;
    };
    const faultsOf = (kind: Fault['kind']) => faults.filter((f) => f.kind === kind).length;
    const protocolFaults = pushers.flatMap((p) => p.faults);
    const accepted = allAcked.filter((a) => a.status === 'open').length;
    const rejected = allAcked.filter((a) => a.status === 'rejected').length;

    const table: [string, string][] = [
      ['clients', String(CLIENTS)],
      ['kill -9 server / postmaster', `${faultsOf('server')} / ${faultsOf('postgres')}`],
      [
        'replies dropped after processing',
        `${proxy.dropped} of ${forwardedDuringDrops} (${((dropTo - dropFrom) / 1000).toFixed(0)} s at ${DROP_RATE * 100}%)`,
      ],
      ['acknowledged', `${allAcked.length} (${accepted} open, ${rejected} rejected tid_mid_open)`],
      ['lost', String(lost)],
      ['duplicated', String(duplicated)],
      ['changed after acknowledgement', String(changed)],
      ['missed by the puller', `${missed} (${puller.pulls} pulls)`],
      ['5xx after recovery', String(after.length)],
      ['5xx during outages (not a loss)', String(traffic.serverErrors.length - after.length)],
      ['recovery, server kill -9', recovery('server')],
      ['recovery, postmaster kill -9', recovery('postgres')],
      [
        'push attempts / network errors',
        `${pushers.reduce((n, p) => n + p.attempts, 0)} / ${traffic.byStatus.get(0) ?? 0}`,
      ],
      ['wall time', `${((performance.now() - started) / 1000).toFixed(0)} s`],
    ];
    const width = Math.max(...table.map(([k]) => k.length));
    console.log(`\n| ${'measure'.padEnd(width)} | result |\n|${'-'.repeat(width + 2)}|--------|`);
    for (const [k, v] of table) console.log(`| ${k.padEnd(width)} | ${v} |`);
    for (const e of examples) console.log(`  ${e}`);
    for (const f of protocolFaults.slice(0, 5)) console.log(`  protocol fault: ${f}`);
    for (const e of after.slice(0, 5)) console.log(`  5xx after recovery: ${e.status} ${e.path}`);
    http.close();
    await proxy.close();
    const failed = lost + duplicated + changed + missed + after.length + protocolFaults.length > 0;
    console.log(failed ? '\nFAIL: a loss column is not 0' : '\nOK: every loss column is 0');
    return failed ? 1 : 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('[chaos] failed:', err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(2);
  },
);
