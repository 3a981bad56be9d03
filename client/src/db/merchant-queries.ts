/**
 * Reads and writes of the merchant screens. Owns nothing new: it works on the same
 * replicated collections as the technician app (`cases`, `case_events`, `devices`), so a
 * merchant's complaint and comments travel through the same outbox (the RxDB replication
 * push) and come back enriched by the server. The server scopes a merchant's pulls to
 * their MID, so every case in this user's database is theirs.
 */
import {
  type CaseEventSubmission,
  type CaseSubmission,
  type Category,
  caseEventSchema,
  caseEventSubmissionSchema,
  caseSchema,
  caseSubmissionSchema,
  MAX_ATTACHMENTS_PER_CASE,
  type Priority,
} from '@edc/shared';
import { map, type Observable } from 'rxjs';
import { uuidv4, uuidv7 } from '../lib/uuid.ts';
import type { EdcDb } from './database.ts';
import { getKv, setKv, stripUndefined } from './queries.ts';
import type { CaseDoc, CaseEventDoc, DeviceDoc } from './schemas.ts';

/**
 * Key in a locally written event's `data` meaning "not yet answered by the server". The
 * server never stores a client's `data` for these event types (comments keep none,
 * confirm/reopen store the transition's own data), so its answer replaces the local
 * copy without this key: its absence is the "sent" state.
 */
export const LOCAL_PENDING_KEY = 'localPending';

export function isPendingEvent(event: Pick<CaseEventDoc, 'data'>): boolean {
  return event.data?.[LOCAL_PENDING_KEY] === true;
}

/** Every case on this device (the merchant's MID only), newest report first. */
export function observeAllCases(db: EdcDb): Observable<CaseDoc[]> {
  return db.rx.cases
    .find({ sort: [{ reportedAt: 'desc' }] })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

/** The merchant's terminals from local data, by serial. */
export async function listDevicesOfMid(db: EdcDb, mid: string): Promise<DeviceDoc[]> {
  const docs = await db.rx.devices.find({ selector: { mid } }).exec();
  return docs.map((d) => d.toMutableJSON()).sort((a, b) => a.serialNumber.localeCompare(b.serialNumber));
}

/**
 * A local case by its official number. Not indexed: a merchant holds tens of cases, not
 * thousands, so a scan is cheaper than another index on every case write.
 */
export async function findCaseByNumber(db: EdcDb, caseNumber: string): Promise<CaseDoc | null> {
  const wanted = caseNumber.trim().toUpperCase();
  if (!wanted) return null;
  const doc = await db.rx.cases.findOne({ selector: { caseNumber: wanted } }).exec();
  return doc ? doc.toMutableJSON() : null;
}

export type ComplaintInput = {
  id?: string;
  category: Category;
  subcase?: string | undefined;
  priority?: Priority | undefined;
  description: string;
  /** The merchant's own MID (the server takes it from the token anyway). */
  mid: string;
  serialNumber?: string | undefined;
  tid?: string | undefined;
  /** Whom to call back, `+62…` (the complaint form normalizes what was typed). */
  contactPhone?: string | undefined;
  /** Photos already in the local store under this complaint's `id` (state `draft`). */
  attachmentIds?: string[] | undefined;
  username: string;
  now: Date;
};

/**
 * Puts a merchant complaint into the outbox as a `submitted` case (channel `merchant_app`);
 * the replication push sends it and the server's answer (accepted with a case number, or
 * rejected with its reason) replaces it. Idempotent by id.
 */
export async function submitComplaint(db: EdcDb, input: ComplaintInput): Promise<CaseDoc> {
  const id = input.id ?? uuidv7();
  const existing = await db.rx.cases.findOne(id).exec();
  if (existing) return existing.toMutableJSON();
  const submission: CaseSubmission = caseSubmissionSchema.parse({
    id,
    clientRev: uuidv4(),
    status: 'submitted',
    category: input.category,
    subcase: input.subcase || undefined,
    priority: input.priority,
    description: input.description.trim(),
    channel: 'merchant_app',
    serialNumber: input.serialNumber || undefined,
    tid: input.tid || undefined,
    mid: input.mid,
    attachmentIds: (input.attachmentIds ?? []).slice(0, MAX_ATTACHMENTS_PER_CASE),
    contactPhone: input.contactPhone || undefined,
    reportedAt: input.now.toISOString(),
  });
  const full = caseSchema.parse({
    ...submission,
    serverRev: 0,
    createdBy: input.username,
    escalationLevel: 0,
    updatedAt: input.now.toISOString(),
    _deleted: false,
  });
  const { _deleted, ...doc } = full;
  const clean = stripUndefined(doc);
  await db.rx.cases.insert(clean);
  // Its photos now wait for the upload, which follows the server's answer (as a technician's).
  await db.local.attachments.where('caseId').equals(id).modify({ state: 'pending' });
  return clean;
}

/**
 * Gives photos drafted under one id (an unsent complaint) to another case that the server
 * already knows (the open case the complaint is added to): they become `pending` uploads
 * of that case, so the sync engine sends them with `?caseId=` of the open case.
 */
export async function movePhotosToCase(db: EdcDb, ids: readonly string[], caseId: string): Promise<void> {
  if (ids.length === 0) return;
  await db.local.attachments
    .where('id')
    .anyOf([...ids])
    .modify({ caseId, state: 'pending' });
}

export type ClientEventInput = {
  caseId: string;
  type: CaseEventSubmission['type'];
  note?: string | undefined;
  satisfaction?: number | undefined;
  /** NPS 0–10 with a confirmation; the server keeps it only when due (90 days). */
  nps?: number | undefined;
  /** Photos of a comment, already stored under `caseId` (see `movePhotosToCase`). */
  attachmentIds?: readonly string[] | undefined;
  username: string;
  now: Date;
};

/**
 * Writes a comment / confirmation / reopen event locally; the `case_events` replication
 * pushes it (offline: when the connection returns). The server applies confirm/reopen as
 * the close/reopen transition and answers with its stored event.
 */
export async function addClientEvent(db: EdcDb, input: ClientEventInput): Promise<CaseEventDoc> {
  const data: Record<string, unknown> = { [LOCAL_PENDING_KEY]: true };
  if (input.satisfaction !== undefined) data.satisfaction = input.satisfaction;
  if (input.nps !== undefined) data.nps = input.nps;
  if (input.attachmentIds?.length) data.attachmentIds = [...input.attachmentIds];
  const submission = caseEventSubmissionSchema.parse({
    id: uuidv7(),
    caseId: input.caseId,
    type: input.type,
    at: input.now.toISOString(),
    note: input.note?.trim() || undefined,
    data,
  });
  const full = caseEventSchema.parse({ ...submission, actor: input.username, _deleted: false });
  const { _deleted, ...doc } = full;
  const clean = stripUndefined(doc);
  await db.rx.case_events.insert(clean);
  return clean;
}

/**
 * When this merchant (MID) last answered NPS, from the confirmations on this device
 * (their MID's events, whoever of the MID confirmed): the phone asks again only when the
 * shared rule says it is due; the server enforces the same rule.
 */
export async function lastNpsAnswerAt(db: EdcDb): Promise<string | undefined> {
  const docs = await db.rx.case_events.find({ selector: { type: 'confirmed' } }).exec();
  let last: string | undefined;
  for (const d of docs) {
    const e = d.toMutableJSON();
    if (typeof e.data?.nps === 'number' && (last === undefined || e.at > last)) last = e.at;
  }
  return last;
}

/**
 * Per case, the time of the newest message someone else wrote (the desk's replies): the
 * merchant's "unread" marker compares it with when they last opened the case.
 */
export function observeIncomingMessageTimes(db: EdcDb, username: string): Observable<Map<string, string>> {
  return db.rx.case_events.find({ selector: { type: 'comment' } }).$.pipe(
    map((docs) => {
      const out = new Map<string, string>();
      for (const d of docs) {
        if (d.actor === username) continue;
        const prev = out.get(d.caseId);
        if (prev === undefined || d.at > prev) out.set(d.caseId, d.at);
      }
      return out;
    }),
  );
}

const seenKey = (caseId: string) => `seen:${caseId}`;

/** Marks a case's messages as read up to `at` (the newest one shown). */
export async function markCaseSeen(db: EdcDb, caseId: string, at: string): Promise<void> {
  const prev = await getKv(db, seenKey(caseId));
  if (prev === null || at > prev) await setKv(db, seenKey(caseId), at);
}

/** When the merchant last saw each of `caseIds`' messages (absent: never). */
export async function caseSeenTimes(db: EdcDb, caseIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of caseIds) {
    const at = await getKv(db, seenKey(id));
    if (at !== null) out.set(id, at);
  }
  return out;
}
