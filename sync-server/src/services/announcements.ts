/**
 * Announcements reach their audience at the start time (issue 13): one pass claims the
 * announcements that became due (db/announcements.ts, SKIP LOCKED, marked notified in the
 * same transaction) and writes each recipient's `announcement` notification, whose Web
 * Push the notifications trigger queues. Scheduled by jobs/background-jobs.ts.
 */
import { claimDueAnnouncements } from '../db/announcements.ts';
import { type Db, withTransaction } from '../db/pool.ts';
import { notifyAnnouncement } from './notifications.ts';

export type AnnouncementRun = { announced: { id: string; recipients: number }[] };

export async function notifyDueAnnouncements(db: Db, now: Date, limit = 20): Promise<AnnouncementRun> {
  return withTransaction(db, async (q) => {
    const due = await claimDueAnnouncements(q, now, limit);
    for (const a of due) await notifyAnnouncement(q, a, a.recipients, now);
    return { announced: due.map((a) => ({ id: a.id, recipients: a.recipients.length })) };
  });
}
