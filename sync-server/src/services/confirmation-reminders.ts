/**
 * The confirmation loop's reminder (DESIGN section 9, seed 003 step 5): a case resolved
 * 24 h ago that nobody confirmed gives each merchant user of its MID one `reminder`
 * notification (hence a push) saying when it will close by itself. Once per resolution
 * (db/reminders.ts records it in the same transaction), multi-instance safe (SKIP LOCKED).
 * Runs in the auto-close job's pass (jobs/background-jobs.ts), after the closing, so a
 * case due to close is closed rather than reminded.
 */
import { autoCloseAt, CONFIRMATION_REMINDER_HOURS, isReminderDue } from '@edc/shared/domain';
import { merchantUsernames } from '../db/notifications.ts';
import { type Db, withTransaction } from '../db/pool.ts';
import { lockReminderCandidates, recordReminders } from '../db/reminders.ts';
import { type NotificationDraft, notify } from './notifications.ts';

const BATCH = 200;
const HOUR_MS = 3_600_000;

export type ReminderOptions = {
  /** `AUTO_CLOSE_HOURS`: the reminder says how long is left. */
  autoCloseHours: number;
  /** Only these cases (tests sharing a database). */
  onlyIds?: readonly string[];
};

export type ReminderRun = { reminded: string[] };

export async function runConfirmationReminders(
  db: Db,
  now: Date,
  options: ReminderOptions,
): Promise<ReminderRun> {
  const cutoff = new Date(now.getTime() - CONFIRMATION_REMINDER_HOURS * HOUR_MS);
  const run: ReminderRun = { reminded: [] };
  for (;;) {
    const handled = await withTransaction(db, async (client) => {
      const candidates = await lockReminderCandidates(client, cutoff, BATCH, options.onlyIds);
      const drafts: NotificationDraft[] = [];
      const due = candidates.filter((c) => isReminderDue(new Date(c.resolved_at), now, false));
      for (const c of due) {
        const hoursLeft =
          (autoCloseAt(new Date(c.resolved_at), options.autoCloseHours).getTime() - now.getTime()) / HOUR_MS;
        for (const u of await merchantUsernames(client, c.mid)) {
          drafts.push({
            recipient: u,
            recipientRole: 'merchant',
            type: 'reminder',
            caseId: c.id,
            params: { caseNumber: c.case_number ?? undefined, hoursLeft },
          });
        }
      }
      await notify(client, drafts, now);
      // Recorded even without merchant users: nobody to remind is not retried every pass.
      await recordReminders(
        client,
        due.map((c) => c.id),
        now,
      );
      run.reminded.push(...due.map((c) => c.id));
      return candidates.length;
    });
    if (handled < BATCH) return run;
  }
}
