/**
 * Starts the server's background jobs: the SLA monitor (services/sla-monitor.ts) and the
 * webhook delivery worker (services/webhooks.ts). Both are safe to run in every instance
 * at once (SKIP LOCKED claims), so there is no leader election; an interval of 0 in the
 * config turns a job off in this instance.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/pool.ts';
import { startSlaMonitor } from './sla-monitor.ts';
import { startWebhookWorker } from './webhooks.ts';

export type BackgroundJobs = { stop(): Promise<void> };

export function startBackgroundJobs(db: Db, config: Pick<Config, 'jobs'>, clock: () => Date): BackgroundJobs {
  const handles = [
    config.jobs.slaMonitorIntervalMs > 0
      ? startSlaMonitor(db, { intervalMs: config.jobs.slaMonitorIntervalMs, clock })
      : null,
    config.jobs.webhookIntervalMs > 0
      ? startWebhookWorker(db, { intervalMs: config.jobs.webhookIntervalMs, clock })
      : null,
  ];
  return {
    async stop() {
      await Promise.all(handles.map((h) => h?.stop()));
    },
  };
}
