/**
 * The server's background jobs, each one pass of a service on the shared schedule of
 * periodic-job.ts: the SLA monitor (services/sla-monitor.ts), webhook delivery
 * (services/webhooks.ts) and the confirmation loop's auto-close (services/auto-close.ts). All are safe to run in every instance at once (SKIP LOCKED
 * claims, leases), so there is no leader election; an interval of 0 in the configuration
 * turns a job off in this instance. A new job is one more entry in `startBackgroundJobs`.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/pool.ts';
import { type AutoCloseRun, runAutoClose } from '../services/auto-close.ts';
import { runSlaMonitor, type SlaMonitorRun } from '../services/sla-monitor.ts';
import { createAddressPolicy } from '../services/webhook-address.ts';
import { type DeliveryOutcome, deliverDueWebhooks, type WebhookWorkerOptions } from '../services/webhooks.ts';
import { type JobHandle, type PeriodicJob, startPeriodicJob } from './periodic-job.ts';

/** What the jobs need: the database and the server clock (nothing HTTP). */
export type JobDeps = { db: Db; clock: () => Date };

type Log = Pick<Console, 'error' | 'info'>;

/** SLA escalation: first pass at start, so breaches found while the server was down escalate at once. */
export function slaMonitorJob(
  deps: JobDeps,
  intervalMs: number,
  log: Log = console,
): PeriodicJob<SlaMonitorRun> {
  return {
    name: 'sla-monitor',
    intervalMs,
    runAtStart: true,
    log,
    async run() {
      const r = await runSlaMonitor(deps.db, deps.clock());
      if (r.escalated.length > 0) log.info(`[sla-monitor] escalated ${r.escalated.length} case(s)`);
      return r;
    },
  };
}

/** Webhook delivery: claims due deliveries and attempts each once per pass. */
export function webhookJob(
  deps: JobDeps,
  intervalMs: number,
  options: Partial<WebhookWorkerOptions> = {},
  log: Log = console,
): PeriodicJob<DeliveryOutcome[]> {
  return {
    name: 'webhooks',
    intervalMs,
    log,
    run: () => deliverDueWebhooks(deps.db, deps.clock(), options),
  };
}

/** Confirmation loop: closes resolutions nobody confirmed within AUTO_CLOSE_HOURS (by `system`). */
export function autoCloseJob(
  deps: JobDeps,
  intervalMs: number,
  hours: number,
  log: Log = console,
): PeriodicJob<AutoCloseRun> {
  return {
    name: 'auto-close',
    intervalMs,
    runAtStart: true,
    log,
    async run() {
      const r = await runAutoClose(deps.db, deps.clock(), { hours });
      if (r.closed.length > 0) log.info(`[auto-close] closed ${r.closed.length} unconfirmed case(s)`);
      return r;
    },
  };
}

export type BackgroundJobs = {
  /** The running jobs by name (a job turned off by its interval is absent). */
  handles: {
    slaMonitor?: JobHandle<SlaMonitorRun>;
    webhooks?: JobHandle<DeliveryOutcome[]>;
    autoClose?: JobHandle<AutoCloseRun>;
  };
  /** Stops every job and waits for the passes in flight. */
  stop(): Promise<void>;
};

export function startBackgroundJobs(
  deps: JobDeps,
  config: Pick<Config, 'jobs' | 'webhooks' | 'autoCloseHours'>,
  log: Log = console,
): BackgroundJobs {
  const { slaMonitorIntervalMs, webhookIntervalMs, autoCloseIntervalMs } = config.jobs;
  const handles: BackgroundJobs['handles'] = {};
  if (slaMonitorIntervalMs > 0)
    handles.slaMonitor = startPeriodicJob(slaMonitorJob(deps, slaMonitorIntervalMs, log));
  if (webhookIntervalMs > 0)
    handles.webhooks = startPeriodicJob(
      webhookJob(
        deps,
        webhookIntervalMs,
        {
          policy: createAddressPolicy(config.webhooks.allowedNetworks),
          secretKey: config.webhooks.secretKey,
        },
        log,
      ),
    );
  if (autoCloseIntervalMs > 0)
    handles.autoClose = startPeriodicJob(autoCloseJob(deps, autoCloseIntervalMs, config.autoCloseHours, log));
  return {
    handles,
    async stop() {
      await Promise.all(Object.values(handles).map((h) => h.stop()));
    },
  };
}
