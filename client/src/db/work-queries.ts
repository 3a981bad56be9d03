/**
 * The technician's work loop on the device (DESIGN section 9): assigned jobs, on-site
 * events written to the `case_events` outbox, refusals the server sent back, and the
 * notification inbox. Everything here reads and writes local data only; replication
 * carries it (offline: when the connection returns).
 */
import {
  type CaseEventSubmission,
  caseEventSchema,
  caseEventSubmissionSchema,
  type OnSiteEventData,
  type RefusedReason,
} from '@edc/shared';
import { map, type Observable } from 'rxjs';
import { uuidv7 } from '../lib/uuid.ts';
import type { EdcDb } from './database.ts';
import { getKv, setKv } from './local-store.ts';
import { LOCAL_PENDING_KEY } from './merchant-queries.ts';
import { stripUndefined } from './queries.ts';
import type { CaseDoc, CaseEventDoc, MerchantDoc, NotificationDoc } from './schemas.ts';

/** Open and in-progress cases assigned to `username`, soonest SLA due first. */
export function observeJobs(db: EdcDb, username: string): Observable<CaseDoc[]> {
  return db.rx.cases
    .find({ selector: { assignee: username, status: { $in: ['open', 'in_progress'] } } })
    .$.pipe(
      map((docs) =>
        docs
          .map((d) => d.toMutableJSON())
          .sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.id.localeCompare(b.id)),
      ),
    );
}

/** Merchants by MID, one query (the job list shows name, address and phone). */
export async function getMerchantsByMid(
  db: EdcDb,
  mids: readonly string[],
): Promise<Map<string, MerchantDoc>> {
  const docs = await db.rx.merchants.findByIds([...new Set(mids)]).exec();
  const out = new Map<string, MerchantDoc>();
  for (const [id, d] of docs) out.set(id, d.toMutableJSON());
  return out;
}

export type OnSiteInput = {
  caseId: string;
  type: CaseEventSubmission['type'];
  note?: string | undefined;
  data?: OnSiteEventData;
  username: string;
  now: Date;
};

/** Writes an on-site event (arrived / started / resolved / comment) to the outbox. */
export async function addOnSiteEvent(db: EdcDb, input: OnSiteInput): Promise<CaseEventDoc> {
  const submission = caseEventSubmissionSchema.parse({
    id: uuidv7(),
    caseId: input.caseId,
    type: input.type,
    at: input.now.toISOString(),
    note: input.note?.trim() || undefined,
    data: { ...stripUndefined(input.data ?? {}), [LOCAL_PENDING_KEY]: true },
  });
  const full = caseEventSchema.parse({ ...submission, actor: input.username, _deleted: false });
  const { _deleted, ...doc } = full;
  const clean = stripUndefined(doc);
  await db.rx.case_events.insert(clean);
  return clean;
}

/** An on-site action the server refused, kept so the case can show it with its reason. */
export type Refusal = { eventId: string; type: string; reason: RefusedReason; at: string; note?: string };

const refusalKey = (caseId: string) => `refused:${caseId}`;

/** Remembers refusals from a push answer (`_deleted: true` + `data.refusedReason`). */
export async function recordRefusals(
  db: EdcDb,
  answers: readonly Record<string, unknown>[],
): Promise<number> {
  let n = 0;
  for (const a of answers) {
    const data = a.data;
    if (a._deleted !== true || typeof data !== 'object' || data === null || !('refusedReason' in data))
      continue;
    if (typeof a.caseId !== 'string' || typeof a.id !== 'string') continue;
    const list = await listRefusals(db, a.caseId);
    if (list.some((r) => r.eventId === a.id)) continue;
    const refusal: Refusal = {
      eventId: a.id,
      type: typeof a.type === 'string' ? a.type : 'comment',
      reason: String(data.refusedReason) as RefusedReason,
      at: typeof a.at === 'string' ? a.at : new Date().toISOString(),
      ...(typeof a.note === 'string' ? { note: a.note } : {}),
    };
    await setKv(db, refusalKey(a.caseId), JSON.stringify([...list, refusal]));
    n++;
  }
  return n;
}

export async function listRefusals(db: EdcDb, caseId: string): Promise<Refusal[]> {
  const raw = await getKv(db, refusalKey(caseId));
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as Refusal[]) : [];
  } catch {
    return [];
  }
}

/** The inbox, newest first. */
export function observeNotifications(db: EdcDb): Observable<NotificationDoc[]> {
  return db.rx.notifications
    .find({ sort: [{ createdAt: 'desc' }] })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

/** Ids of unread notifications (for the badge and "mark all read"). */
export function observeUnread(db: EdcDb): Observable<NotificationDoc[]> {
  return db.rx.notifications
    .find({ selector: { readAt: { $exists: false } } })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

/** Marks notifications read locally at once; the server's read mark replicates later. */
export async function markReadLocally(db: EdcDb, ids: readonly string[], at: string): Promise<void> {
  const docs = await db.rx.notifications.findByIds([...ids]).exec();
  for (const d of docs.values()) {
    if (!d.readAt) await d.incrementalPatch({ readAt: at });
  }
}
