/**
 * Typed read/write API over the device database for features and sync. Features never
 * touch RxDB/Dexie objects directly: they call these functions (plain data in, plain data
 * or rxjs Observables out).
 */
import {
  type Case,
  caseSchema,
  caseSubmissionSchema,
  MAX_ATTACHMENTS_PER_CASE,
  nonBlockingStatuses,
  technicianCategories,
} from '@edc/shared';
import { liveQuery } from 'dexie';
import { distinctUntilChanged, from, map, type Observable } from 'rxjs';
import { uuidv4, uuidv7 } from '../lib/uuid.ts';
import { type EdcDb, laterQuery$, withLater } from './database.ts';
import type { AttachmentRecord, DraftRecord } from './local-store.ts';
import type { CaseDoc, CaseEventDoc, DeviceDoc, HolidayDoc, MerchantDoc, SlaRuleDoc } from './schemas.ts';

export { getKv, setKv } from './local-store.ts';
export type { AttachmentRecord, DraftRecord };

export type LookupField = 'serialNumber' | 'samSerial' | 'simSerial' | 'tid';
export type DeviceMatch = { device: DeviceDoc; matchedBy: LookupField };

/** Candidate spellings of what was typed/scanned: as is, and upper-cased (stickers are upper case). */
function variants(query: string): string[] {
  const trimmed = query.trim();
  const upper = trimmed.toUpperCase();
  return upper === trimmed ? [trimmed] : [trimmed, upper];
}

/**
 * Finds a device by serial (primary key), SAM serial, SIM serial or TID — each an indexed
 * lookup, so it stays in single-digit ms among 100,000 local devices.
 */
export async function findDevice(db: EdcDb, query: string): Promise<DeviceMatch | null> {
  const candidates = variants(query);
  if (candidates[0] === '') return null;
  const devices = db.rx.devices;
  const bySerial = await devices.findByIds(candidates).exec();
  for (const value of candidates) {
    const device = bySerial.get(value);
    if (device) return { device: device.toMutableJSON(), matchedBy: 'serialNumber' };
  }
  for (const field of ['samSerial', 'simSerial', 'tid'] as const) {
    const found = await devices.findOne({ selector: { [field]: { $in: candidates } } }).exec();
    if (found) return { device: found.toMutableJSON(), matchedBy: field };
  }
  return null;
}

export async function getDevice(db: EdcDb, serialNumber: string): Promise<DeviceDoc | null> {
  const doc = await db.rx.devices.findOne(serialNumber).exec();
  return doc ? doc.toMutableJSON() : null;
}

/**
 * Subcases of the user's most recent cases on this phone (at most `limit`, newest first):
 * the history a subcase proposal learns from offline, cheap even with months of cases.
 */
export async function listRecentSubcases(
  db: EdcDb,
  user: { id: string; username: string },
  limit = 200,
): Promise<{ category: string; subcase: string }[]> {
  const docs = await db.rx.cases
    .find({
      selector: { createdBy: { $in: [user.username, user.id] } },
      sort: [{ reportedAt: 'desc' }],
      limit,
    })
    .exec();
  return docs.flatMap((d) => (d.subcase ? [{ category: d.category, subcase: d.subcase }] : []));
}

export async function getMerchant(db: EdcDb, mid: string): Promise<MerchantDoc | null> {
  const doc = await db.rx.merchants.findOne(mid).exec();
  return doc ? doc.toMutableJSON() : null;
}

export async function countDevices(db: EdcDb): Promise<number> {
  return db.rx.devices.count().exec();
}

/**
 * A local case blocking a new one for this TID/MID (case rule 2), if local data shows one.
 * Technicians pull the blocking cases of their regions, so this is the best offline guess;
 * the server still decides.
 */
export async function findBlockingCase(db: EdcDb, tid: string, mid: string): Promise<CaseDoc | null> {
  const docs = await db.rx.cases
    .find({ selector: { tid, mid, status: { $nin: [...nonBlockingStatuses] } } })
    .exec();
  const found = docs
    .map((d) => d.toMutableJSON())
    .sort((a, b) => a.reportedAt.localeCompare(b.reportedAt))[0];
  return found ?? null;
}

/** Cases created by this user (username or id, whichever the server stamps), newest first. */
export function observeMyCases(db: EdcDb, user: { id: string; username: string }): Observable<CaseDoc[]> {
  return db.rx.cases
    .find({ selector: { createdBy: { $in: [user.username, user.id] } }, sort: [{ reportedAt: 'desc' }] })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

export function observeCase(db: EdcDb, id: string): Observable<CaseDoc | null> {
  return db.rx.cases.findOne(id).$.pipe(map((d) => (d ? d.toMutableJSON() : null)));
}

export function observeCaseEvents(db: EdcDb, caseId: string): Observable<CaseEventDoc[]> {
  return db.rx.case_events
    .find({ selector: { caseId } })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON()).sort((a, b) => a.at.localeCompare(b.at))));
}

function slaRulesQuery(db: EdcDb, category?: SlaRuleDoc['category']) {
  return db.rx.sla_rules.find({ selector: category ? { category, active: true } : { active: true } });
}

function sortedRules(docs: { toMutableJSON(): SlaRuleDoc }[]): SlaRuleDoc[] {
  return docs.map((d) => d.toMutableJSON()).sort((a, b) => a.label.localeCompare(b.label));
}

export async function listSlaRules(db: EdcDb, category?: SlaRuleDoc['category']): Promise<SlaRuleDoc[]> {
  return sortedRules(await withLater(db, () => slaRulesQuery(db, category).exec()));
}

/**
 * Live SLA catalogue: a rule an admin adds while a form is open reaches the picker as soon
 * as replication brings it, without re-selecting the category.
 */
export function observeSlaRules(db: EdcDb, category?: SlaRuleDoc['category']): Observable<SlaRuleDoc[]> {
  return laterQuery$(db, () => slaRulesQuery(db, category).$.pipe(map(sortedRules)));
}

export async function listHolidays(db: EdcDb): Promise<HolidayDoc[]> {
  return (await withLater(db, () => db.rx.holidays.find().exec())).map((d) => d.toMutableJSON());
}

// ---- outbox ------------------------------------------------------------------------------

export type OutboxStats = {
  /** Submitted cases not yet answered by the server + photos not yet uploaded. */
  count: number;
  cases: number;
  attachments: number;
  /** Of `cases`, those a whole push refused for good (kept, shown refused, not resent). */
  refusedCases: number;
  /** Oldest pending item (ISO), for the `x-outbox-oldest-at` header. */
  oldestAt: string | null;
};

export async function outboxStats(db: EdcDb): Promise<OutboxStats> {
  const pending = (await db.rx.cases.find({ selector: { status: 'submitted' } }).exec()).map((d) =>
    d.toMutableJSON(),
  );
  const attachments = await db.local.attachments.where('state').equals('pending').toArray();
  const times = [...pending.map((c) => c.reportedAt), ...attachments.map((a) => a.createdAt)].sort();
  // `pushRefused:<caseId>` (work-queries.ts recordCaseBatchRefusal), for cases still waiting.
  const refusedKeys = await db.local.kv.where('key').startsWith('pushRefused:').primaryKeys();
  const waiting = new Set(pending.map((c) => `pushRefused:${c.id}`));
  return {
    count: pending.length + attachments.length,
    cases: pending.length,
    attachments: attachments.length,
    refusedCases: refusedKeys.filter((k) => waiting.has(String(k))).length,
    oldestAt: times[0] ?? null,
  };
}

/** Emits whenever the outbox may have changed (case writes); callers re-read `outboxStats`. */
export function observeOutboxCases(db: EdcDb): Observable<CaseDoc[]> {
  return db.rx.cases
    .find({ selector: { status: 'submitted' } })
    .$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

export async function listPendingCases(db: EdcDb): Promise<CaseDoc[]> {
  return (await db.rx.cases.find({ selector: { status: 'submitted' } }).exec()).map((d) => d.toMutableJSON());
}

// ---- drafts and photos -------------------------------------------------------------------

export async function putDraft(db: EdcDb, draft: DraftRecord): Promise<void> {
  await db.local.drafts.put(draft);
}

export async function getDraft(db: EdcDb, id: string): Promise<DraftRecord | null> {
  return (await db.local.drafts.get(id)) ?? null;
}

export async function listDrafts(db: EdcDb): Promise<DraftRecord[]> {
  return db.local.drafts.orderBy('updatedAt').reverse().toArray();
}

export async function deleteDraft(db: EdcDb, id: string): Promise<void> {
  await db.local.transaction('rw', db.local.drafts, db.local.attachments, async () => {
    await db.local.attachments.where('caseId').equals(id).delete();
    await db.local.drafts.delete(id);
  });
}

export async function putAttachment(db: EdcDb, record: AttachmentRecord): Promise<void> {
  await db.local.attachments.put(record);
}

/**
 * Keeps a JPEG (a resized photo, a signature) for a case on the phone and returns its new id:
 * `draft` stays with an unsent draft, `pending` is uploaded by the sync engine once online.
 */
export async function storeJpeg(
  db: EdcDb,
  caseId: string,
  state: Extract<AttachmentRecord['state'], 'draft' | 'pending'>,
  blob: Blob,
): Promise<string> {
  const id = uuidv7();
  await putAttachment(db, {
    id,
    caseId,
    state,
    contentType: 'image/jpeg',
    bytes: blob.size,
    blob,
    createdAt: new Date().toISOString(),
    attempts: 0,
  });
  return id;
}

export async function getAttachment(db: EdcDb, id: string): Promise<AttachmentRecord | null> {
  return (await db.local.attachments.get(id)) ?? null;
}

export async function deleteAttachment(db: EdcDb, id: string): Promise<void> {
  await db.local.attachments.delete(id);
}

export async function listPendingAttachments(db: EdcDb): Promise<AttachmentRecord[]> {
  return db.local.attachments.where('state').equals('pending').sortBy('createdAt');
}

/**
 * How many photos wait for upload, live: a photo queued for a case the server already has
 * (a note on an open case, an on-site photo) must start its upload at once, not wait for
 * the next case push or reconnect.
 */
export function observePendingAttachmentCount(db: EdcDb): Observable<number> {
  return from(liveQuery(() => db.local.attachments.where('state').equals('pending').count())).pipe(
    distinctUntilChanged(),
  );
}

/** Local photos of a case still on their way (drafted or waiting for upload). */
export async function countCaseAttachments(db: EdcDb, caseId: string): Promise<number> {
  return db.local.attachments
    .where('caseId')
    .equals(caseId)
    .filter((a) => a.state !== 'refused')
    .count();
}

/** Photos of a case the server refused for good (shown on the case, never resent). */
export async function listRefusedAttachments(
  db: EdcDb,
  caseId: string,
): Promise<{ id: string; status: number; code: string }[]> {
  const rows = await db.local.attachments.where('caseId').equals(caseId).toArray();
  return rows.flatMap((a) =>
    a.state === 'refused' && a.refusal ? [{ id: a.id, status: a.refusal.status, code: a.refusal.code }] : [],
  );
}

/** The server refused this upload for good: keep it (to show why), stop sending it. */
export async function refuseAttachment(
  db: EdcDb,
  id: string,
  refusal: { status: number; code: string },
): Promise<void> {
  const record = await db.local.attachments.get(id);
  if (record)
    await db.local.attachments.put({
      ...record,
      state: 'refused',
      attempts: record.attempts + 1,
      refusal,
    });
}

export async function recordAttachmentError(db: EdcDb, id: string, message: string): Promise<void> {
  const record = await db.local.attachments.get(id);
  if (record)
    await db.local.attachments.put({ ...record, attempts: record.attempts + 1, lastError: message });
}

export type SubmitInput = {
  draft: DraftRecord;
  username: string;
  priority?: Case['priority'];
  now: Date;
};

/**
 * Turns a draft into a `submitted` case in the outbox. Idempotent by the draft's id (the
 * case id): a crash half-way leaves the draft, and submitting it again finishes the job.
 */
export async function submitCase(
  db: EdcDb,
  { draft, username, priority, now }: SubmitInput,
): Promise<CaseDoc> {
  const category = technicianCategories.find((c) => c === draft.category);
  if (!category) throw new Error(`not a technician category: ${draft.category}`);
  const existing = await db.rx.cases.findOne(draft.id).exec();
  let doc: CaseDoc;
  if (existing) {
    doc = existing.toMutableJSON();
  } else {
    const submission = caseSubmissionSchema.parse({
      id: draft.id,
      clientRev: uuidv4(),
      status: 'submitted',
      category,
      subcase: draft.subcase || undefined,
      priority,
      description: draft.description,
      channel: 'technician_app',
      serialNumber: draft.serialNumber,
      tid: draft.tid || undefined,
      mid: draft.mid,
      replacementSerial: draft.replacementSerial.trim() || undefined,
      location: draft.location,
      attachmentIds: draft.attachmentIds.slice(0, MAX_ATTACHMENTS_PER_CASE),
      reportedAt: draft.reportedAt,
    });
    const full = caseSchema.parse({
      ...submission,
      serverRev: 0,
      createdBy: username,
      escalationLevel: 0,
      updatedAt: now.toISOString(),
      _deleted: false,
    });
    const { _deleted, ...rest } = full;
    doc = stripUndefined(rest);
    await db.rx.cases.insert(doc);
  }
  await db.local.transaction('rw', db.local.drafts, db.local.attachments, async () => {
    await db.local.attachments.where('caseId').equals(draft.id).modify({ state: 'pending' });
    await db.local.drafts.delete(draft.id);
  });
  return doc;
}

/**
 * Puts exported cases back into the outbox (import of an export file). Idempotent by id:
 * cases already on this device are left as they are.
 */
export async function importPendingCases(db: EdcDb, cases: CaseDoc[]): Promise<number> {
  let inserted = 0;
  for (const doc of cases) {
    const existing = await db.rx.cases.findOne(doc.id).exec();
    if (existing) continue;
    await db.rx.cases.insert(stripUndefined({ ...doc, status: 'submitted' }));
    inserted++;
  }
  return inserted;
}

/** The wire rule "optional fields are omitted, never null/undefined" also holds locally. */
export function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
