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
import { liveQuery } from 'dexie';
import { getUnderlyingPersistentStorage, type RxCollection } from 'rxdb';
import { catchError, concat, defer, filter, from, map, type Observable, of, switchMap } from 'rxjs';
import { uuidv7 } from '../lib/uuid.ts';
import type { EdcDb } from './database.ts';
import { dexieInstanceBelow, readIndexRange } from './dexie-internals.ts';
import { earlyJobs, JOB_STATUSES, jobDocs } from './early-jobs.ts';
import { getKv, setKv } from './local-store.ts';
import { LOCAL_PENDING_KEY } from './merchant-queries.ts';
import { stripUndefined } from './queries.ts';
import type { CaseDoc, CaseEventDoc, MerchantDoc, NotificationDoc } from './schemas.ts';

const byDue = (a: CaseDoc, b: CaseDoc) =>
  (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.id.localeCompare(b.id);

/**
 * A Tugas card: the job and its merchant (name, address, phone, coordinates): `undefined`
 * while the merchant lookup has not answered yet, `null` when the merchant is not stored.
 */
export type JobCard = { job: CaseDoc; merchant: MerchantDoc | null | undefined };

/**
 * Open and in-progress cases assigned to `username`, soonest SLA due first, each with its
 * merchant. The cards come from the case documents first (the `[assignee+status]` index in
 * one request, nothing else to wait for) and again once the merchant lookup answers: the list is on
 * screen without waiting for a second IndexedDB round trip (the bench's Tugas row), and the
 * card keeps the merchant's lines reserved meanwhile. Merchants already looked up are kept
 * for this subscription, so a later change of the jobs renders with them at once; the
 * lookup runs again on each change and emits only when a merchant arrived or changed.
 * No user, no jobs: '' is how unassigned cases are stored locally, never somebody's list.
 */
export function observeJobs(db: EdcDb, username: string): Observable<JobCard[]> {
  if (!username) return of([]);
  return defer(() => {
    const known = new Map<string, MerchantDoc | null>();
    const cards = (jobs: CaseDoc[]): JobCard[] => jobs.map((job) => ({ job, merchant: known.get(job.mid) }));
    // The direct read first (one IndexedDB request, see readJobs), then RxDB's live query,
    // whose first answer is dropped when it says the same.
    let direct: string | null = null;
    const first = from(readJobs(db, username)).pipe(
      catchError(() => of(null)),
      filter((jobs): jobs is CaseDoc[] => jobs !== null),
      map((jobs) => ({ jobs: jobs.sort(byDue), direct: true })),
    );
    const live = db.rx.cases
      .find({ selector: { assignee: username, status: { $in: [...JOB_STATUSES] } } })
      .$.pipe(map((docs) => ({ jobs: docs.map((d) => d.toMutableJSON()).sort(byDue), direct: false })));
    return concat(first, live).pipe(
      filter((answer) => {
        if (answer.direct) {
          direct = JSON.stringify(answer.jobs);
          return true;
        }
        const same = direct !== null && direct === JSON.stringify(answer.jobs);
        direct = null;
        return !same;
      }),
      switchMap(({ jobs }) => {
        const mids = [...new Set(jobs.map((j) => j.mid))];
        const lookup = from(getMerchantsByMid(db, mids)).pipe(
          filter((found) => {
            let changed = false;
            for (const mid of mids) {
              const merchant = found.get(mid) ?? null;
              const before = known.get(mid);
              if (before === undefined || before?.updatedAt !== merchant?.updatedAt) changed = true;
              known.set(mid, merchant);
            }
            return changed;
          }),
          map(() => cards(jobs)),
        );
        return concat(of(cards(jobs)), lookup);
      }),
    );
  });
}

/**
 * The job cards read at start before RxDB was open (db/early-jobs.ts), for the list's first
 * render, so they come with the home screen; undefined when they are not there.
 */
export function earlyJobCards(userId: string, username: string): JobCard[] | undefined {
  const rows = earlyJobs(userId, username);
  return rows && [...rows].sort(byDue).map((job) => ({ job, merchant: undefined }));
}

/**
 * The jobs read straight from the cases' `[assignee+status]` index with one IndexedDB
 * request (RxDB's query walks it with a cursor: one event per job, 200 at start), as the
 * documents RxDB would give; null when the storage is not RxDB's Dexie one.
 */
export async function readJobs(db: EdcDb, username: string): Promise<CaseDoc[] | null> {
  const cases: RxCollection = db.rx.cases;
  const storage = dexieInstanceBelow(getUnderlyingPersistentStorage(cases.storageInstance));
  if (!storage) return null;
  // 'in_progress' < 'open': the two statuses bound the range (filtered below all the same).
  const rows = await readIndexRange(
    storage,
    ['assignee', 'status'],
    [username, 'in_progress'],
    [username, 'open'],
  );
  return rows && jobDocs(rows);
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

/**
 * An event the server refused (an on-site action, a merchant's message, confirmation or
 * reopen), kept so the case shows it with its reason until the user dismisses it: the
 * event itself leaves the outbox, and its text must not vanish with it. `batch`: the whole
 * push was refused (a 4xx for the request, issue 11), with the HTTP status and code.
 */
export type Refusal = {
  eventId: string;
  type: string;
  reason: RefusedReason;
  at: string;
  note?: string;
  batch?: { status: number; code: string };
};

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
    const batch = 'batch' in data ? batchOf(data.batch) : undefined;
    const refusal: Refusal = {
      eventId: a.id,
      type: typeof a.type === 'string' ? a.type : 'comment',
      reason: String(data.refusedReason) as RefusedReason,
      at: typeof a.at === 'string' ? a.at : new Date().toISOString(),
      ...(typeof a.note === 'string' ? { note: a.note } : {}),
      ...(batch ? { batch } : {}),
    };
    await setKv(db, refusalKey(a.caseId), JSON.stringify([...list, refusal]));
    n++;
  }
  return n;
}

function batchOf(value: unknown): Refusal['batch'] {
  if (typeof value !== 'object' || value === null) return undefined;
  const status = 'status' in value ? value.status : undefined;
  const code = 'code' in value ? value.code : undefined;
  return typeof status === 'number' && typeof code === 'string' ? { status, code } : undefined;
}

export async function listRefusals(db: EdcDb, caseId: string): Promise<Refusal[]> {
  return parseRefusals(await getKv(db, refusalKey(caseId)));
}

function parseRefusals(raw: string | null | undefined): Refusal[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as Refusal[]) : [];
  } catch {
    return [];
  }
}

/** The case's refusals, live: a push answer adds one, a dismissal removes it. */
export function observeRefusals(db: EdcDb, caseId: string): Observable<Refusal[]> {
  const key = refusalKey(caseId);
  return from(liveQuery(() => db.local.kv.get(key))).pipe(map((record) => parseRefusals(record?.value)));
}

/**
 * Events of a whole push the server refused for good (a 4xx for the request itself): kept
 * as refusals with the status and code, so each case shows them and nothing is lost.
 */
export async function recordBatchRefusal(
  db: EdcDb,
  rows: readonly Record<string, unknown>[],
  error: { status: number; code: string },
): Promise<number> {
  const answers = rows.map((row) => ({
    ...row,
    _deleted: true,
    data: { refusedReason: 'invalid', batch: { status: error.status, code: error.code } },
  }));
  return recordRefusals(db, answers);
}

/** Why the server refused a push that carried this case (a whole-request 4xx), and when. */
export type CaseBatchRefusal = { status: number; code: string; at: string };

const caseRefusalKey = (caseId: string) => `pushRefused:${caseId}`;

/**
 * Cases of a whole push the server refused for good: they stay `submitted` in the outbox
 * (counted, exportable) and each shows the status and code instead of "waiting to send".
 */
export async function recordCaseBatchRefusal(
  db: EdcDb,
  rows: readonly Record<string, unknown>[],
  error: { status: number; code: string },
): Promise<number> {
  const at = new Date().toISOString();
  const ids = rows.map((r) => r.id).filter((id): id is string => typeof id === 'string');
  await db.local.kv.bulkPut(
    ids.map((id) => ({ key: caseRefusalKey(id), value: JSON.stringify({ ...error, at }) })),
  );
  return ids.length;
}

/** The case's whole-push refusal, live (null: none). */
export function observeCaseBatchRefusal(db: EdcDb, caseId: string): Observable<CaseBatchRefusal | null> {
  const key = caseRefusalKey(caseId);
  return from(liveQuery(() => db.local.kv.get(key))).pipe(
    map((record) => {
      if (!record) return null;
      try {
        const value: unknown = JSON.parse(record.value);
        if (typeof value !== 'object' || value === null) return null;
        const status: unknown = Reflect.get(value, 'status');
        const code: unknown = Reflect.get(value, 'code');
        const at: unknown = Reflect.get(value, 'at');
        return typeof status === 'number' && typeof code === 'string' && typeof at === 'string'
          ? { status, code, at }
          : null;
      } catch {
        return null;
      }
    }),
  );
}

/** The user read a refusal (and copied or re-sent its text): it leaves the case. */
export async function dismissRefusal(db: EdcDb, caseId: string, eventId: string): Promise<void> {
  const list = await listRefusals(db, caseId);
  const rest = list.filter((r) => r.eventId !== eventId);
  if (rest.length === list.length) return;
  if (rest.length === 0) await db.local.kv.delete(refusalKey(caseId));
  else await setKv(db, refusalKey(caseId), JSON.stringify(rest));
}

/** The inbox, newest first. */
export function observeNotifications(db: EdcDb): Observable<NotificationDoc[]> {
  return db.rx.notifications
    .find({ sort: [{ createdAt: 'desc' }] })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

/**
 * How many notifications are unread (the navigation badge): counted on the `[readAt+type]`
 * index (`readAt` is '' while unread), never by reading the notifications themselves.
 */
export function observeUnreadCount(db: EdcDb): Observable<number> {
  return db.rx.notifications.count({ selector: { readAt: '' } }).$;
}

/** Unread `case_rejected` notifications (the rejection banner), from the same index. */
export function observeUnreadRejections(db: EdcDb): Observable<NotificationDoc[]> {
  return db.rx.notifications
    .find({ selector: { readAt: '', type: 'case_rejected' } })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

/** Marks notifications read locally at once; the server's read mark replicates later. */
export async function markReadLocally(db: EdcDb, ids: readonly string[], at: string): Promise<void> {
  const docs = await db.rx.notifications.findByIds([...ids]).exec();
  for (const d of docs.values()) {
    if (!d.readAt) await d.incrementalPatch({ readAt: at });
  }
}
