/**
 * Push of the `cases` collection (DESIGN section 5): new cases are accepted or rejected
 * by the shared rules and stored atomically with their events; everything else sent for
 * an existing id is answered with the server's document.
 *
 * Decisions worth knowing:
 * - Mass assignment: a new case is parsed with `caseSubmissionSchema`, which keeps only
 *   client-settable fields; the stored row is built from that plus the server's own
 *   decision (acceptCase), never from the raw document.
 * - Idempotency: an id that exists is never written by a push. Same `clientRev` → a
 *   re-sent push, answered with the current server document (same result, no second row
 *   or event). A different `clientRev` is an edit attempt; cases are server-authoritative
 *   once stored (edits go through POST /api/cases/{id}/transition), so it is a conflict
 *   and the answer is the server document, unchanged. `assumedMasterState.serverRev`
 *   older than the stored `serverRev` means the client edited a stale copy: same answer,
 *   the client's conflict handler (resolveCaseConflict) takes the server's copy. Either
 *   way RxDB receives the master state and overwrites its fork.
 * - Rule 2 is the partial unique index: INSERT … ON CONFLICT DO NOTHING with that index
 *   as arbiter; a skipped row is re-stored as `rejected` / `tid_mid_open` naming the
 *   blocking case. Open candidates are inserted in (tid, mid) order so two batches never
 *   wait on each other's index entries in opposite orders (no deadlock cycle).
 * - Each case is stored with its events in ONE statement (its own transaction), so the
 *   common path is two round trips: read inputs, insert.
 * - Case numbers come from a per-Jakarta-day SEQUENCE drawn inside the INSERT
 *   (migration 011): no shared lock, unique, a gap only when a candidate loses a TID/MID
 *   race ("gapless-ish"). The same format as shared `formatCaseNumber`.
 */

import { randomUUID } from 'node:crypto';
import {
  AppError,
  type CaseSubmission,
  caseSubmissionSchema,
  type PushRow,
  type RejectReason,
  type SlaRule,
  uuidSchema,
} from '@edc/shared';
import {
  acceptCase,
  clampReportedAt,
  computeSlaDates,
  findDeviceBySerial,
  findSlaRule,
  jakartaDateOf,
  MAX_REPORTED_AGE_MS,
  normalizeSerial,
  type SlaDates,
} from '@edc/shared/domain';
import type { AuthContext } from '../auth-context.ts';
import {
  blockingCaseNumbers,
  type DeviceRow,
  insertCasesWithEvents,
  isCaseVisible,
  loadAcceptanceInputs,
  merchantRegions,
  type NewCaseRow,
  type NewEventRow,
  type ReferenceData,
} from '../db/cases.ts';
import { type Db, pgErrorCode, uniqueViolation } from '../db/pool.ts';

/** What a cases push needs: the database and the server clock. */
export type PushCasesDeps = { db: Db; clock: () => Date };

const MID = /^\d{15}$/;

/** A push row whose id could be read; rows without one fail the whole request (400). */
type IdentifiedRow = { index: number; id: string; row: PushRow };

/** Reads the ids of a push batch; a row without a UUID id is a malformed request. */
export function identifyRows(rows: readonly PushRow[]): IdentifiedRow[] {
  const seen = new Set<string>();
  const out: IdentifiedRow[] = [];
  rows.forEach((row, index) => {
    const id = uuidSchema.safeParse(row.newDocumentState.id);
    if (!id.success) {
      throw new AppError('invalid_body', 'every pushed document needs a UUID id', [
        { path: `${index}.newDocumentState.id`, message: 'id must be a UUID' },
      ]);
    }
    // The same id twice in one batch: the first one wins, the rest are re-sends.
    if (seen.has(id.data)) return;
    seen.add(id.data);
    out.push({ index, id: id.data, row });
  });
  return out;
}

const str = (v: unknown, max: number): string | null =>
  typeof v === 'string' && v !== '' ? v.slice(0, max) : null;

/** Best-effort row for a document that failed validation: stored as rejected/invalid. */
function invalidRow(auth: AuthContext, id: string, raw: Record<string, unknown>, now: Date): NewCaseRow {
  const category = caseSubmissionSchema.shape.category.safeParse(raw.category);
  const clientRev = uuidSchema.safeParse(raw.clientRev);
  const reported = typeof raw.reportedAt === 'string' ? new Date(raw.reportedAt) : now;
  const at = clampReportedAt(reported, now, new Date(now.getTime() - MAX_REPORTED_AGE_MS)).toISOString();
  return {
    id,
    client_rev: clientRev.success ? clientRev.data : randomUUID(),
    status: 'rejected',
    reject_reason: 'invalid',
    blocking_case_number: null,
    case_number: null,
    category: category.success ? category.data : 'other',
    subcase: null,
    priority: null,
    description: str(raw.description, 4000) ?? '',
    channel: channelFor(auth, raw.channel),
    serial_number: str(raw.serialNumber, 64),
    tid: null,
    mid: auth.role === 'merchant' && auth.mid ? auth.mid : '',
    replacement_serial: null,
    location: null,
    attachment_ids: [],
    reported_at: at,
    created_by: auth.username,
    accepted_at: null,
    response_due_at: null,
    due_at: null,
    case_type: null,
    responsible_unit: null,
    region: null,
    updated_at: now.toISOString(),
  };
}

/** Field apps are what they are; only back-office intake picks a channel. */
function channelFor(auth: AuthContext, sent: unknown): string {
  if (auth.role === 'technician') return 'technician_app';
  if (auth.role === 'merchant') return 'merchant_app';
  const parsed = caseSubmissionSchema.shape.channel.safeParse(sent);
  return parsed.success ? parsed.data : 'web';
}

type Candidate = { id: string; submission: CaseSubmission; row: NewCaseRow };

/** The serial the case names, or its TID when no serial was given (desk intake). */
function lookupKey(s: CaseSubmission): { kind: 'serial' | 'tid'; key: string } | null {
  const serial = normalizeSerial(s.serialNumber ?? '');
  if (serial) return { kind: 'serial', key: serial };
  const tid = normalizeSerial(s.tid ?? '');
  return tid ? { kind: 'tid', key: tid } : null;
}

function deviceFor(s: CaseSubmission, devices: readonly DeviceRow[]): DeviceRow | null {
  const k = lookupKey(s);
  if (!k) return null;
  if (k.kind === 'tid') return devices.find((d) => normalizeSerial(d.tid) === k.key) ?? null;
  return findDeviceBySerial(
    devices.filter((d) => normalizeSerial(d.tid) !== k.key || normalizeSerial(d.serialNumber) === k.key),
    k.key,
  );
}

type DecideContext = {
  rules: readonly SlaRule[];
  holidays: ReadonlySet<string>;
  now: Date;
  /** Deadlines by rule target, for `now` (filled as the push's cases are decided). */
  slaDates: Map<string, SlaDates>;
};

/** Builds the row for a valid submission from the shared decision. */
function decide(
  auth: AuthContext,
  submission: CaseSubmission,
  device: DeviceRow | null,
  ctx: DecideContext,
): NewCaseRow {
  const rule = findSlaRule(ctx.rules, submission.category, submission.subcase, submission.priority);
  // Every case of a push is decided at the same instant: each rule's deadlines once per push.
  const target = `${rule.responseMinutes}|${rule.businessDays}|${rule.hours}`;
  let slaDates = ctx.slaDates.get(target);
  if (!slaDates) {
    slaDates = computeSlaDates({ acceptedAt: ctx.now, rule, holidays: ctx.holidays });
    ctx.slaDates.set(target, slaDates);
  }
  const result = acceptCase({
    slaDates,
    submission,
    device,
    rule,
    now: ctx.now,
    holidays: ctx.holidays,
    // The real number is reserved after the insert (see the module comment).
    seq: 1,
    createdBy: auth.username,
    role: auth.role,
    userMid: auth.mid,
    regions: auth.regions,
  });
  // One object literal per row, no spread: `{ ...base, …13 more }` made V8 build a slow-mode
  // object (~13 µs and ~11 KB of garbage per case, a third of the server thread's push CPU).
  const common = {
    id: submission.id,
    client_rev: submission.clientRev,
    category: submission.category,
    subcase: submission.subcase ?? null,
    description: submission.description,
    channel: channelFor(auth, submission.channel),
    replacement_serial: submission.replacementSerial ?? null,
    location: submission.location ?? null,
    attachment_ids: submission.attachmentIds,
    created_by: auth.username,
    updated_at: ctx.now.toISOString(),
  };
  if (result.kind === 'accepted') {
    const f = result.fields;
    return caseRow(common, {
      status: 'open',
      reject_reason: null,
      priority: f.priority,
      serial_number: f.serialNumber ?? submission.serialNumber ?? null,
      tid: f.tid ?? null,
      mid: f.mid,
      reported_at: f.reportedAt,
      accepted_at: f.acceptedAt,
      response_due_at: f.responseDueAt,
      due_at: f.dueAt,
      case_type: f.caseType,
      responsible_unit: f.responsibleUnit,
      region: device?.region ?? null,
    });
  }
  // Security: a rejected case carries the terminal's TID/MID only when the caller may see
  // that terminal, so a rejection never tells a technician about another region's device.
  const deviceVisible =
    !!device &&
    (auth.role !== 'technician' || auth.regions.includes(device.region)) &&
    result.reason !== 'not_authorized';
  let mid = '';
  if (auth.role === 'merchant') mid = auth.mid ?? '';
  else if (deviceVisible && device) mid = device.mid;
  else if (auth.role !== 'technician' && MID.test(submission.mid)) mid = submission.mid;
  const earliest = new Date(ctx.now.getTime() - MAX_REPORTED_AGE_MS);
  return caseRow(common, {
    status: 'rejected',
    reject_reason: result.reason,
    priority: null,
    serial_number: submission.serialNumber ?? null,
    tid: deviceVisible && device ? device.tid : null,
    mid,
    reported_at: clampReportedAt(new Date(submission.reportedAt), ctx.now, earliest).toISOString(),
    accepted_at: null,
    response_due_at: null,
    due_at: null,
    case_type: null,
    responsible_unit: null,
    region: null,
  });
}

type CommonCaseFields = Pick<
  NewCaseRow,
  | 'id'
  | 'client_rev'
  | 'category'
  | 'subcase'
  | 'description'
  | 'channel'
  | 'replacement_serial'
  | 'location'
  | 'attachment_ids'
  | 'created_by'
  | 'updated_at'
>;
type DecidedCaseFields = Omit<NewCaseRow, keyof CommonCaseFields | 'case_number' | 'blocking_case_number'>;

/** The stored row of a new case, written out field by field (see decide). */
function caseRow(c: CommonCaseFields, d: DecidedCaseFields): NewCaseRow {
  return {
    id: c.id,
    client_rev: c.client_rev,
    status: d.status,
    case_number: null,
    reject_reason: d.reject_reason,
    blocking_case_number: null,
    category: c.category,
    subcase: c.subcase,
    priority: d.priority,
    description: c.description,
    channel: c.channel,
    serial_number: d.serial_number,
    tid: d.tid,
    mid: d.mid,
    replacement_serial: c.replacement_serial,
    location: c.location,
    attachment_ids: c.attachment_ids,
    reported_at: d.reported_at,
    created_by: c.created_by,
    accepted_at: d.accepted_at,
    response_due_at: d.response_due_at,
    due_at: d.due_at,
    case_type: d.case_type,
    responsible_unit: d.responsible_unit,
    region: d.region,
    updated_at: c.updated_at,
  };
}

/**
 * Last SLA catalogue + holidays read per database pool, re-validated by version on every
 * push (db/cases.ts `loadAcceptanceInputs`): never stale, but not rebuilt per push.
 */
const referenceCache = new WeakMap<object, ReferenceData>();

/**
 * Applies a `cases` push; returns the server document (JSON text) of every row that was
 * not stored exactly as sent — which, for cases, is every row: acceptance always adds
 * server fields.
 */
export async function pushCases(
  deps: PushCasesDeps,
  auth: AuthContext,
  rows: readonly PushRow[],
): Promise<string[]> {
  const identified = identifyRows(rows);
  if (identified.length === 0) return [];
  const now = deps.clock();
  // A concurrent push of the same new id (a client retry racing its first attempt) hits
  // the primary key: run again, and this time the id exists and is answered as a re-send.
  for (let attempt = 1; ; attempt++) {
    try {
      return await pushCasesOnce(deps, auth, identified, now);
    } catch (err) {
      if (attempt < 3 && uniqueViolation(err) === 'cases_pkey') continue;
      // Deadlock / serialization failure: nothing was stored (each statement is atomic), so
      // running the attempt again is safe. Rows are inserted in (tid, mid) order, which
      // makes a deadlock between two pushes unlikely in the first place.
      const code = pgErrorCode(err);
      if (attempt < 5 && (code === '40P01' || code === '40001')) {
        await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
        continue;
      }
      if (pgErrorCode(err) === '22P02' || pgErrorCode(err) === '22007') {
        throw new AppError('invalid_body', 'a pushed value could not be stored');
      }
      throw err;
    }
  }
}

/**
 * One attempt. Reads and decisions happen first (they write nothing; a row that appears
 * meanwhile surfaces as a primary-key violation and the attempt is repeated). Then one
 * statement stores the cases with their events (the partial unique index decides rule 2
 * and the INSERT draws the case numbers); losers are stored as rejected naming the winner.
 */
async function pushCasesOnce(
  deps: PushCasesDeps,
  auth: AuthContext,
  rows: readonly IdentifiedRow[],
  now: Date,
): Promise<string[]> {
  const pool = deps.db.pool;
  // Parse first (no I/O), then fetch everything the decisions need in one round trip.
  const parsed = rows.map((r) => ({
    r,
    result: caseSubmissionSchema.safeParse({ ...r.row.newDocumentState, id: r.id }),
  }));
  const keys: string[] = [];
  const tids: string[] = [];
  for (const p of parsed) {
    const k = p.result.success ? lookupKey(p.result.data) : null;
    if (k) (k.kind === 'serial' ? keys : tids).push(k.key);
  }
  const inputs = await loadAcceptanceInputs(
    pool,
    rows.map((r) => r.id),
    keys,
    tids,
    referenceCache.get(pool) ?? null,
  );
  referenceCache.set(pool, inputs.reference);
  const { rules, holidays } = inputs.reference;

  const decideCtx: DecideContext = { rules, holidays, now, slaDates: new Map() };
  const answers = new Map<string, string>();
  const candidates: Candidate[] = [];
  const rejectedRows: NewCaseRow[] = [];
  for (const { r, result } of parsed) {
    const stored = inputs.existing.get(r.id);
    if (stored) {
      // Re-send (same clientRev) or edit attempt / stale write (different clientRev or an
      // older assumed serverRev): both answered with the server's document (module comment).
      // Security: someone else's case id answers as a rejection that reveals nothing.
      answers.set(r.id, isCaseVisible(auth, stored) ? stored.json : notAuthorizedDoc(auth, r, now));
      continue;
    }
    if (!result.success) {
      rejectedRows.push(invalidRow(auth, r.id, r.row.newDocumentState, now));
      continue;
    }
    const device = deviceFor(result.data, inputs.devices);
    const row = decide(auth, result.data, device, decideCtx);
    if (row.status === 'open') candidates.push({ id: r.id, submission: result.data, row });
    else rejectedRows.push(row);
  }
  if (candidates.length === 0 && rejectedRows.length === 0) {
    return rows.map((r) => answers.get(r.id)).filter((d): d is string => d !== undefined);
  }

  // Regions of merchant complaints without a device (technicians' cases carry the device's).
  const needRegion = candidates.filter((c) => c.row.region === null).map((c) => c.row.mid);
  if (needRegion.length) {
    const regions = await merchantRegions(pool, [...new Set(needRegion)]);
    for (const c of candidates) if (c.row.region === null) c.row.region = regions.get(c.row.mid) ?? null;
  }
  // Rule 2 through the index, in (tid, mid) order: two batches never wait on each other's
  // index entries in opposite orders.
  candidates.sort((a, b) => `${a.row.tid}|${a.row.mid}`.localeCompare(`${b.row.tid}|${b.row.mid}`));

  const at = now.toISOString();
  const day = jakartaDateOf(now);
  const eventsOf = (row: NewCaseRow): NewEventRow[] => [
    submittedEvent(row),
    row.status === 'open'
      ? systemEvent(row, at, 'accepted', {}) // data.caseNumber is filled in by the INSERT
      : systemEvent(row, at, 'rejected', {
          reason: row.reject_reason,
          ...(row.blocking_case_number ? { blockingCaseNumber: row.blocking_case_number } : {}),
        }),
  ];
  // Each statement stores cases with their events atomically; no multi-statement
  // transaction is needed, because every case stands alone (see insertCasesWithEvents).
  const docs = new Map<string, string>();
  let batch: NewCaseRow[] = [...candidates.map((c) => c.row), ...rejectedRows];
  for (let round = 0; batch.length; round++) {
    const inserted = await insertCasesWithEvents(pool, batch, batch.flatMap(eventsOf), day);
    for (const [id, d] of inserted) docs.set(id, d);
    const skipped = batch.filter((row) => !inserted.has(row.id));
    if (!skipped.length) break;
    const blockers = await blockingCaseNumbers(
      pool,
      skipped.map((row) => ({ tid: row.tid ?? '', mid: row.mid })),
    );
    // Losers of rule 2 are stored as rejected naming the winner. No blocker visible any
    // more means it was closed between our insert and this read: try the row again as
    // open (twice at most, then it is rejected without a number to name).
    batch = skipped.map((row) => {
      const number = blockers.get(`${row.tid}|${row.mid}`);
      return number || round >= 2 ? rejectAsOpen(row, number ?? null) : row;
    });
  }
  // Answer in request order.
  return rows.map((r) => answers.get(r.id) ?? docs.get(r.id)).filter((d): d is string => d !== undefined);
}

function systemEvent(
  row: NewCaseRow,
  at: string,
  type: 'accepted' | 'rejected',
  data: Record<string, unknown>,
): NewEventRow {
  return {
    id: randomUUID(),
    case_id: row.id,
    type,
    at,
    actor: 'system',
    note: null,
    data,
    mid: row.mid,
    region: row.region,
  };
}

function rejectAsOpen(row: NewCaseRow, blockingNumber: string | null): NewCaseRow {
  return {
    ...row,
    case_number: null,
    status: 'rejected',
    reject_reason: 'tid_mid_open' satisfies RejectReason,
    blocking_case_number: blockingNumber,
    accepted_at: null,
    response_due_at: null,
    due_at: null,
    case_type: null,
    responsible_unit: null,
    priority: null,
  };
}

function submittedEvent(row: NewCaseRow): NewEventRow {
  return {
    id: randomUUID(),
    case_id: row.id,
    type: 'submitted',
    at: row.reported_at,
    actor: row.created_by,
    note: null,
    data: null,
    mid: row.mid,
    region: row.region,
  };
}

/** Answer for a pushed id that belongs to a case the caller may not see (not stored). */
function notAuthorizedDoc(auth: AuthContext, r: IdentifiedRow, now: Date): string {
  const sent = r.row.newDocumentState;
  const clientRev = uuidSchema.safeParse(sent.clientRev);
  return JSON.stringify({
    id: r.id,
    clientRev: clientRev.success ? clientRev.data : randomUUID(),
    serverRev: 0,
    status: 'rejected',
    rejectReason: 'not_authorized',
    category: caseSubmissionSchema.shape.category.safeParse(sent.category).data ?? 'other',
    description: '',
    channel: channelFor(auth, sent.channel),
    mid: '',
    attachmentIds: [],
    reportedAt: now.toISOString(),
    createdBy: auth.username,
    escalationLevel: 0,
    updatedAt: now.toISOString(),
    _deleted: false,
  });
}
