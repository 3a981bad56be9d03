/**
 * The confirmation loop's reminder (DESIGN section 9, issue 14): a case resolved 24 h ago
 * that the merchant has neither confirmed nor reopened gets ONE `reminder` notification
 * to the merchant users of its MID, in each one's language, through the single
 * `notify()` path. A resolution already due for auto-close is left to auto-close (no
 * reminder for a case about to be closed).
 *
 * Several instances at once: candidates are locked FOR UPDATE SKIP LOCKED and the
 * reminder is recorded in `confirmation_reminders` under (case, resolved_at) in the same
 * transaction as the notification, so a resolution is reminded exactly once. The
 * schedule is jobs/background-jobs.ts.
 */
import { CONFIRMATION_REMINDER_HOURS, isReminderDue } from '@edc/shared/domain';
import { merchantUsernames } from '../db/notifications.ts';
import { type Db, withTransaction } from '../db/pool.ts';
import { lockReminderCandidates, recordReminder } from '../db/self-service.ts';
import { notify } from './notifications.ts';

const BATCH = 200;
const HOUR_MS = 3_600_000;

export type ReminderRun = { reminded: string[] };

/** One pass at `now`; `autoCloseHours` bounds it (older resolutions are auto-close's). */
export async function runConfirmationReminders(
  db: Db,
  now: Date,
  options: { autoCloseHours: number },
): Promise<ReminderRun> {
  const resolvedBy = new Date(now.getTime() - CONFIRMATION_REMINDER_HOURS * HOUR_MS);
  const notBefore = new Date(now.getTime() - options.autoCloseHours * HOUR_MS);
  const run: ReminderRun = { reminded: [] };
  for (;;) {
    const handled = await withTransaction(db, async (client) => {
      const candidates = await lockReminderCandidates(client, resolvedBy, notBefore, BATCH);
      for (const c of candidates) {
        if (!isReminderDue(new Date(c.resolved_at), now, false)) continue;
        if (!(await recordReminder(client, c.id, now))) continue;
        const merchants = await merchantUsernames(client, c.mid);
        await notify(
          client,
          merchants.map((recipient) => ({
            recipient,
            recipientRole: 'merchant',
            type: 'reminder',
            caseId: c.id,
            params: { caseNumber: c.case_number ?? undefined },
          })),
          now,
        );
        run.reminded.push(c.id);
      }
      return candidates.length;
    });
    // Fewer than a batch: nothing left (rows skipped as locked are another pass's).
    if (handled < BATCH) return run;
  }
}
