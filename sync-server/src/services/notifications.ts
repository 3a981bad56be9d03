/**
 * Notifications (DESIGN section 9): ONE function, {@link notify}, writes them, always in
 * the transaction of the event that causes them (a rolled-back transition leaves no
 * notification behind, and a committed one never lacks it). Texts come from the shared
 * `notificationText` in both languages; the insert keeps the recipient's
 * (db/notifications.ts). The cases push, which stores a batch in one statement without a
 * transaction, renders with {@link renderNotifications} and inserts through the same SQL
 * text inside that statement.
 *
 * Recipients per type (issues 12 and 13; the lists of issue 13 per role):
 * - `case_accepted` / `case_rejected` → the case's creator when a technician or merchant
 *   (a rejection names the blocking case number);
 * - `case_assigned` → the new assignee ("job assigned"), and, when that is a technician,
 *   the merchant users of the MID ("technician assigned", with the technician's name);
 * - `comment` from the desk → the creator, the assigned technician and (unless internal)
 *   the merchant users of the MID; from a merchant → the case's followers
 *   (db/notifications.ts `caseFollowers`: assignee, the person it was escalated to, else
 *   the desk of its team);
 * - `escalated` (the escalate action, an SLA breach with `cause`) → `escalationRecipients`:
 *   the named person of the ladder, the assignee, the team's supervisors (every
 *   supervisor when that reaches nobody at the desk); a merchant's reopen
 *   (`cause: 'reopened'`) → the case's followers;
 * - `case_resolved` → the merchant users of the MID; `reminder` (24 h later, not
 *   confirmed; services/confirmation-reminders.ts) → the same;
 * - `announcement` → its audience at the start time ({@link notifyAnnouncement}).
 * Never the actor themselves. Every row is also pushed (migration 042's trigger).
 */
import { randomUUID } from 'node:crypto';
import type { AnnouncementSeverity, Case, Role } from '@edc/shared';
import {
  announcementPushUrgency,
  type CaseNotificationType,
  caseUrl,
  type NotificationParams,
  notificationText,
} from '@edc/shared/domain';
import { insertNotifications, type NotificationRow, type Recipient } from '../db/notifications.ts';
import type { Queryable } from '../db/pool.ts';

/** One notification to write: who, what, about which case, with the text's parameters. */
export type NotificationDraft = {
  recipient: string;
  recipientRole: Role;
  type: CaseNotificationType;
  caseId: string;
  params: NotificationParams;
};

/** Renders drafts in both languages (no I/O). */
export function renderNotifications(drafts: readonly NotificationDraft[], now: Date): NotificationRow[] {
  const at = now.toISOString();
  return drafts.map((d) => {
    const id = notificationText(d.type, 'id', d.params, d.recipientRole);
    const en = notificationText(d.type, 'en', d.params, d.recipientRole);
    return {
      id: randomUUID(),
      recipient: d.recipient,
      type: d.type,
      case_id: d.caseId,
      title_id: id.title,
      title_en: en.title,
      body_id: id.body,
      body_en: en.body,
      url: caseUrl(d.recipientRole, d.caseId),
      created_at: at,
    };
  });
}

/** THE way to notify: renders and inserts inside the caller's transaction (`q`). */
export async function notify(q: Queryable, drafts: readonly NotificationDraft[], now: Date): Promise<void> {
  const seen = new Set<string>();
  // One row per (recipient, type, case) per event, even when someone is both creator and assignee.
  const unique = drafts.filter((d) => {
    const key = `${d.recipient.toLowerCase()}|${d.type}|${d.caseId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  await insertNotifications(q, renderNotifications(unique, now));
}

/**
 * An announcement's notice to each of its recipients (issue 13), through the same insert
 * as {@link notify}: its title and body are the author's text in both languages, the tap
 * opens the home screen where the banner is. Called in the transaction that marks the
 * announcement notified (services/announcements.ts), so each recipient gets it once.
 */
export async function notifyAnnouncement(
  q: Queryable,
  a: { title: string; body: string; severity: AnnouncementSeverity },
  recipients: readonly string[],
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  // An outage is pushed `high` (wakes a phone in power saving); others keep the type's.
  const urgency = announcementPushUrgency(a.severity) ?? null;
  await insertNotifications(
    q,
    recipients.map((recipient) => ({
      id: randomUUID(),
      recipient,
      type: 'announcement',
      case_id: null,
      title_id: a.title,
      title_en: a.title,
      body_id: a.body,
      body_en: a.body,
      url: '/',
      created_at: at,
      push_urgency: urgency,
    })),
  );
}

/** Drafts of one notice for each recipient (as {@link Recipient}s from db/notifications.ts). */
export function draftsFor(
  recipients: readonly Recipient[],
  type: CaseNotificationType,
  caseId: string,
  params: NotificationParams,
): NotificationDraft[] {
  return recipients.map((r) => ({ recipient: r.username, recipientRole: r.role, type, caseId, params }));
}

/** The creator of a case as a recipient, when the creator is a field or merchant user. */
export function creatorRecipient(
  c: Pick<Case, 'createdBy' | 'channel'>,
): { recipient: string; recipientRole: Role } | null {
  if (c.channel === 'technician_app') return { recipient: c.createdBy, recipientRole: 'technician' };
  if (c.channel === 'merchant_app') return { recipient: c.createdBy, recipientRole: 'merchant' };
  return null;
}
