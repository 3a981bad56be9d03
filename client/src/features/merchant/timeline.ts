/**
 * The merchant's case timeline, built from the case's own fields and its events. It must
 * tell the truth about offline work: a case reported at 10:41 in a blank spot and
 * received by the server at 13:05 shows both times, in that order, with "(offline)" on
 * the report — never the receipt time passed off as the report time.
 *
 * Pure (no clock, no i18n): the page turns entries into text.
 */
import type { CaseEventType, Channel } from '@edc/shared';
import type { CaseDoc, CaseEventDoc } from '../../db/index.ts';
import { isPendingEvent } from '../../db/index.ts';

/**
 * A report is called "offline" when the server received it this much later than it was
 * made: a phone online pushes within seconds, so a gap of minutes means it waited in an
 * outbox. (The device that filed it also remembers it was offline; either is enough.)
 */
export const OFFLINE_GAP_MS = 5 * 60_000;

/** Who did a step, as far as the merchant's data can tell. */
export type ActorRole = 'you' | 'technician' | 'merchant' | 'back_office' | 'system';

export type TimelineEntry =
  | { kind: 'reported'; at: string; offline: boolean; actor: string; role: ActorRole; channel: Channel }
  | { kind: 'waiting' }
  | { kind: 'received'; at: string }
  | { kind: 'number'; at: string; caseNumber: string }
  | {
      kind: 'event';
      id: string;
      type: Exclude<CaseEventType, 'submitted' | 'accepted' | 'comment'>;
      at: string;
      actor: string;
      role: ActorRole;
      note?: string;
      data?: Record<string, unknown>;
      pending: boolean;
    };

function reporterRole(doc: CaseDoc, me: string): ActorRole {
  if (doc.createdBy === me) return 'you';
  if (doc.channel === 'technician_app') return 'technician';
  if (doc.channel === 'merchant_app') return 'merchant';
  return 'back_office';
}

/**
 * Who of the case's actors are technicians, as far as the merchant's data can tell: the one
 * who filed it from the technician app, and whoever reported an arrival on site (only a
 * technician's phone sends `arrived`, DESIGN section 9) — so "work started" and "resolved"
 * by the technician who came are not credited to the back office.
 */
function technicianActors(doc: CaseDoc, events: readonly CaseEventDoc[]): Set<string> {
  const out = new Set(events.filter((e) => e.type === 'arrived').map((e) => e.actor));
  if (doc.channel === 'technician_app') out.add(doc.createdBy);
  return out;
}

function eventRole(ev: CaseEventDoc, me: string, technicians: ReadonlySet<string>): ActorRole {
  if (ev.actor === me) return 'you';
  if (ev.actor === 'system') return 'system';
  // Merchants of the MID only confirm/reopen; everything else is the desk's or the technician's.
  if (ev.type === 'confirmed' || ev.type === 'reopened') return 'merchant';
  if (technicians.has(ev.actor)) return 'technician';
  return 'back_office';
}

/**
 * Timeline of `doc` in time order: report (with its offline flag) → waiting in the outbox
 * or received by the server → case number issued → every later event except comments
 * (those are the chat). `me` is the signed-in username; `filedOffline` is this device's
 * own record that it filed the case without a connection.
 */
export function buildTimeline(
  doc: CaseDoc,
  events: readonly CaseEventDoc[],
  me: string,
  filedOffline = false,
): TimelineEntry[] {
  const reportedMs = Date.parse(doc.reportedAt);
  const rejectedEvent = events.find((e) => e.type === 'rejected');
  const receivedAt = doc.acceptedAt ?? rejectedEvent?.at;
  const receivedMs = receivedAt ? Date.parse(receivedAt) : Number.NaN;
  const offline = filedOffline || (Number.isFinite(receivedMs) && receivedMs - reportedMs > OFFLINE_GAP_MS);

  const out: TimelineEntry[] = [
    {
      kind: 'reported',
      at: doc.reportedAt,
      offline,
      actor: doc.createdBy,
      role: reporterRole(doc, me),
      channel: doc.channel,
    },
  ];
  if (doc.status === 'submitted') {
    out.push({ kind: 'waiting' });
    return out;
  }
  if (receivedAt) out.push({ kind: 'received', at: receivedAt });
  if (doc.caseNumber) {
    const accepted = events.find((e) => e.type === 'accepted');
    out.push({
      kind: 'number',
      at: accepted?.at ?? doc.acceptedAt ?? doc.reportedAt,
      caseNumber: doc.caseNumber,
    });
  }
  const technicians = technicianActors(doc, events);
  const later = events
    .filter((e) => e.type !== 'submitted' && e.type !== 'accepted' && e.type !== 'comment')
    .slice()
    .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  for (const ev of later) {
    // Narrowing for the entry type; the filter above already dropped these.
    if (ev.type === 'submitted' || ev.type === 'accepted' || ev.type === 'comment') continue;
    const entry: TimelineEntry = {
      kind: 'event',
      id: ev.id,
      type: ev.type,
      at: ev.at,
      actor: ev.actor,
      role: eventRole(ev, me, technicians),
      pending: isPendingEvent(ev),
    };
    if (ev.note) entry.note = ev.note;
    if (ev.data) entry.data = ev.data;
    out.push(entry);
  }
  return out;
}

/** Comment events of a case, oldest first (the chat with the desk). */
export function chatMessages(events: readonly CaseEventDoc[]): CaseEventDoc[] {
  return events
    .filter((e) => e.type === 'comment')
    .slice()
    .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

/** The photos sent with a message (a complaint added to an open case, issue 14). */
export function messagePhotos(e: CaseEventDoc): string[] {
  const ids = e.data?.attachmentIds;
  return Array.isArray(ids) ? ids.filter((v): v is string => typeof v === 'string') : [];
}

/** A resolution the merchant has already answered locally (confirm/reopen still in the outbox). */
export function pendingAnswer(events: readonly CaseEventDoc[]): CaseEventDoc | null {
  return events.find((e) => (e.type === 'confirmed' || e.type === 'reopened') && isPendingEvent(e)) ?? null;
}
