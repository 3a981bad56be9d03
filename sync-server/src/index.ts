/**
 * Server entry point (`npm start`): configuration → Postgres (embedded unless
 * DATABASE_URL) → migrations → txid horizon (refuses a database restored into another
 * cluster without its epoch moved) → reference data (+ demo data on an empty dev database) →
 * HTTP on PORT. SIGINT/SIGTERM close everything in reverse order.
 */
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { ConfigError, describeConfig, loadConfig } from './config.ts';
import { type EmbeddedPg, startEmbeddedPostgres } from './db/embedded.ts';
import { migrate } from './db/migrate.ts';
import { createDb, type Db } from './db/pool.ts';
import { seedReferenceData } from './db/reference-data.ts';
import { checkTxidHorizon, describeTxidHorizon } from './db/txid-horizon.ts';
import { jobClock } from './job-clock.ts';
import { type BackgroundJobs, startBackgroundJobs } from './jobs/background-jobs.ts';
import type { Notifier } from './notifier.ts';
import { SMALL_DEMO, seedDemoFaq, seedDemoIfEmpty } from './services/demo-seed.ts';
import { createPgNotifier } from './services/notify.ts';
import { sealLegacyWebhookSecrets } from './services/webhooks.ts';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  console.log('[config]', JSON.stringify(describeConfig(config)));

  let embedded: EmbeddedPg | undefined;
  let db: Db | undefined;
  let notifier: Notifier | undefined;
  let server: ReturnType<typeof serve> | undefined;
  let jobs: BackgroundJobs | undefined;
  let stopping = false;

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[server] ${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    if (server) {
      const s = server;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        // SSE streams never end on their own.
        if ('closeAllConnections' in s) s.closeAllConnections();
      });
    }
    await jobs?.stop().catch(() => undefined);
    await notifier?.close().catch(() => undefined);
    await db?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  let url = config.databaseUrl;
  if (!url) {
    const started = Date.now();
    embedded = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'pg'), port: config.pgPort });
    url = embedded.url;
    console.log(`[db] embedded Postgres on port ${config.pgPort} (${Date.now() - started} ms)`);
  }
  db = createDb(url, { max: 20 });
  try {
    const applied = await migrate(db);
    if (applied.length) console.log(`[db] applied migrations: ${applied.join(', ')}`);
    const horizon = await checkTxidHorizon(db.pool);
    if (!horizon.ok) throw new Error(describeTxidHorizon(horizon));
  } catch (err) {
    // Leave nothing running behind a refused start (an embedded cluster would be orphaned).
    await db.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
  await seedReferenceData(db.pool);
  const sealed = await sealLegacyWebhookSecrets(db, config.webhooks.secretKey);
  if (sealed) console.log(`[db] sealed ${sealed} webhook secret(s) stored before encryption`);

  const clock = () => new Date();
  if (config.seedDemo) {
    const started = Date.now();
    const size = config.demoSize === 'small' ? SMALL_DEMO : {};
    const seeded = await seedDemoIfEmpty(db, config, clock(), size);
    if (seeded) {
      console.log(
        `[db] seeded DEMO data: ${seeded.merchants} merchants, ${seeded.devices} devices, ${seeded.cases} cases, ` +
          `${seeded.events} events, ${seeded.users} users (password demo-pass-2026) in ${Date.now() - started} ms`,
      );
    }
    const faq = await seedDemoFaq(db, config, clock());
    if (faq) console.log(`[db] seeded ${faq} DEMO FAQ articles`);
  }

  // One LISTEN connection per instance: pokes from every instance reach this one's SSE streams.
  notifier = createPgNotifier({ source: db.pool });
  // The jobs read their own clock: the test hooks may move it ahead (never in production).
  const jobsClock = config.testHooks ? jobClock(clock) : undefined;
  const app = createApp({ db, config, clock, notifier, jobClock: jobsClock });
  server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const shown = info.family === 'IPv6' ? `[${info.address}]` : info.address;
    console.log(`EDC field service listening on http://${shown}:${info.port}`);
  });
  // SLA escalation and webhook delivery (safe in every instance: SKIP LOCKED claims).
  jobs = startBackgroundJobs({ db, clock: jobsClock?.now ?? clock, notifier }, config);
}

main().catch((err) => {
  console.error('[server] failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
