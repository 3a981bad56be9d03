/**
 * Notifications (DESIGN section 9): ONE function, {@link notify}, writes them, always in
 * the transaction of the event that causes them (a rolled-back transition leaves no
 * notification behind, and a committed one never lacks it). Texts come from the shared
 * `notificationText` in both languages; the insert keeps the recipient's
 * (db/notifications.ts). The cases push, which stores a batch in one statement without a
 * transaction, renders with {@link renderNotifications} and inserts through the same SQL
 * text inside that statement.
 *
 * Recipients per type (issue 12): `case_accepted` / `case_rejected` → the case's creator
 * when it is a technician or merchant; `case_assigned` → the new assignee; `comment` from
 * the desk → the creator and the assigned technician; `escalated` → the named person of
 * the ladder rung (issue 15; every supervisor only when nobody holds it) and the assignee
 * (services/escalation.ts); `case_resolved` → the merchant users of the MID, with the note
 * only when it is public. Never the actor themselves.
 *
 * Issue 13 adds Web Push on top of the rows written here (see db/notifications.ts) and
 * more types/recipients through the same drafts.
 */
import { randomUUID } from 'node:crypto';
import type { Case, NotificationType, Role } from '@edc/shared';
import { caseUrl, type NotificationParams, notificationText } from '@edc/shared/domain';
import { insertNotifications, type NotificationRow } from '../db/notifications.ts';
import type { Queryable } from '../db/pool.ts';

type CaseNotificationType = Exclude<NotificationType, 'announcement' | 'reminder'>;

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
    const id = notificationText(d.type, 'id', d.params);
    const en = notificationText(d.type, 'en', d.params);
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

/** The creator of a case as a recipient, when the creator is a field or merchant user. */
export function creatorRecipient(
  c: Pick<Case, 'createdBy' | 'channel'>,
): { recipient: string; recipientRole: Role } | null {
  if (c.channel === 'technician_app') return { recipient: c.createdBy, recipientRole: 'technician' };
  if (c.channel === 'merchant_app') return { recipient: c.createdBy, recipientRole: 'merchant' };
  return null;
}
