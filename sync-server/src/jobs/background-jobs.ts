/**
 * The server's background jobs, each one pass of a service on the shared schedule of
 * periodic-job.ts: the SLA monitor (services/sla-monitor.ts), webhook delivery
 * (services/webhooks.ts), the confirmation loop's auto-close (services/auto-close.ts) and
 * Web Push delivery (services/web-push.ts). All are safe to run in every instance at once (SKIP LOCKED
 * claims, leases), so there is no leader election; an interval of 0 in the configuration
 * turns a job off in this instance. A new job is one more entry in `startBackgroundJobs`.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/pool.ts';
import type { Notifier } from '../notifier.ts';
import { type AnnouncementRun, notifyDueAnnouncements } from '../services/announcements.ts';
import { type AutoCloseRun, runAutoClose } from '../services/auto-close.ts';
import { type ReminderRun, runConfirmationReminders } from '../services/confirmation-reminders.ts';
import { runSlaMonitor, type SlaMonitorRun } from '../services/sla-monitor.ts';
import {
  type PushDeps,
  type PushOutcome,
  type PushWorkerOptions,
  sendDuePushes,
} from '../services/web-push.ts';
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

/** One pass of the confirmation loop: what was closed, then who was reminded. */
export type ConfirmationLoopRun = AutoCloseRun & ReminderRun;

/**
 * Confirmation loop: closes resolutions nobody confirmed within AUTO_CLOSE_HOURS (by
 * `system`), then reminds the merchants of those unconfirmed for 24 h (once each).
 */
export function autoCloseJob(
  deps: JobDeps,
  intervalMs: number,
  hours: number,
  log: Log = console,
): PeriodicJob<ConfirmationLoopRun> {
  return {
    name: 'auto-close',
    intervalMs,
    runAtStart: true,
    log,
    async run() {
      const r = await runAutoClose(deps.db, deps.clock(), { hours });
      if (r.closed.length > 0) log.info(`[auto-close] closed ${r.closed.length} unconfirmed case(s)`);
      const reminders = await runConfirmationReminders(deps.db, deps.clock(), { autoCloseHours: hours });
      return { ...r, ...reminders };
    },
  };
}

/**
 * Web Push delivery: every committed write to `notifications` (which queues its pushes in
 * the same statement) kicks a pass through the NOTIFY it sends, so a push leaves at once
 * instead of at the next tick; the short interval (default 1 s) stays for retries and for
 * an instance whose LISTEN connection is down. An idle pass is one indexed query on the
 * partial `pending` index.
 */
export function pushJob(
  deps: PushDeps,
  intervalMs: number,
  options: Partial<PushWorkerOptions> = {},
  log: Log = console,
): PeriodicJob<PushOutcome[]> {
  return {
    name: 'web-push',
    intervalMs,
    runAtStart: true,
    log,
    run: () => sendDuePushes(deps, options),
  };
}

/** Announcements whose start time came: their audience is notified (and pushed). */
export function announcementJob(
  deps: JobDeps,
  intervalMs: number,
  log: Log = console,
): PeriodicJob<AnnouncementRun> {
  return {
    name: 'announcements',
    intervalMs,
    runAtStart: true,
    log,
    run: () => notifyDueAnnouncements(deps.db, deps.clock()),
  };
}

export type BackgroundJobs = {
  /** The running jobs by name (a job turned off by its interval is absent). */
  handles: {
    slaMonitor?: JobHandle<SlaMonitorRun>;
    webhooks?: JobHandle<DeliveryOutcome[]>;
    autoClose?: JobHandle<ConfirmationLoopRun>;
    push?: JobHandle<PushOutcome[]>;
    announcements?: JobHandle<AnnouncementRun>;
  };
  /** Stops every job and waits for the passes in flight. */
  stop(): Promise<void>;
};

export function startBackgroundJobs(
  deps: JobDeps & {
    /** Change pokes (LISTEN edc_sync): a `notifications` poke kicks the push job. */
    notifier?: Notifier;
  },
  config: Pick<Config, 'jobs' | 'webhooks' | 'autoCloseHours' | 'push'>,
  log: Log = console,
): BackgroundJobs {
  const {
    slaMonitorIntervalMs,
    webhookIntervalMs,
    autoCloseIntervalMs,
    pushIntervalMs,
    announcementIntervalMs,
  } = config.jobs;
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
  if (announcementIntervalMs > 0)
    handles.announcements = startPeriodicJob(announcementJob(deps, announcementIntervalMs, log));
  if (pushIntervalMs > 0 && config.push.vapid)
    handles.push = startPeriodicJob(
      pushJob({ db: deps.db, clock: deps.clock, config }, pushIntervalMs, {}, log),
    );
  const push = handles.push;
  const unsubscribe = push
    ? deps.notifier?.subscribe((collection) => {
        if (collection === 'notifications') push.kick();
      })
    : undefined;
  return {
    handles,
    async stop() {
      unsubscribe?.();
      await Promise.all(Object.values(handles).map((h) => h.stop()));
    },
  };
}
