import {
  AppError,
  type CaseSubmission,
  caseSubmissionSchema,
  type PushRow,
  rejectReasonSchema,
  type SlaRule,
} from '@edc/shared';
import {
  acceptCase,
  type BusinessCalendars,
  computeSlaDates,
  deviceLookupKey,
  findSubmissionDevice,
  jakartaDateOf,
  type SlaDates,
  submissionRule,
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
import {
  caseRow,
  invalidRow,
  notAuthorizedDoc,
  rejectAsOpen,
  submittedEvent,
  systemEvent,
} from './case-rows.ts';
import { renderNotifications } from './notifications.ts';
import { type IdentifiedRow, identifyRows } from './push-rows.ts';

/** What a cases push needs: the database and the server clock. */
export type PushCasesDeps = { db: Db; clock: () => Date };

/**
 * Server-side extras of a push (never from the pushed document): `submittedData` is stored
 * on the `submitted` event of every case of the push (desk intake: the caller).
 */
export type PushCasesOptions = { submittedData?: Record<string, unknown> };

type Candidate = { id: string; submission: CaseSubmission; row: NewCaseRow };

type DecideContext = {
  rules: readonly SlaRule[];
  holidays: ReadonlySet<string>;
  calendars: BusinessCalendars;
  now: Date;
  /** Deadlines by rule target, for `now` (filled as the push's cases are decided). */
  slaDates: Map<string, SlaDates>;
};

/** The row of a valid submission: the shared decision (acceptCase), written out as a row. */
function decide(
  auth: AuthContext,
  submission: CaseSubmission,
  device: DeviceRow | null,
  ctx: DecideContext,
): NewCaseRow {
  const rule = submissionRule(ctx.rules, submission, auth.role);
  // Every case of a push is decided at the same instant: each rule's deadlines once per push.
  // The priority selects the calendar (issue 15), so it is part of the key.
  const target = `${rule.priority}|${rule.responseMinutes}|${rule.businessDays}|${rule.hours}`;
  let slaDates = ctx.slaDates.get(target);
  if (!slaDates) {
    slaDates = computeSlaDates({
      acceptedAt: ctx.now,
      rule,
      holidays: ctx.holidays,
      priority: rule.priority,
      calendars: ctx.calendars,
    });
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
  return caseRow(result, submission, auth.username, device, ctx.now);
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
  options: PushCasesOptions = {},
): Promise<string[]> {
  const identified = identifyRows(rows);
  if (identified.length === 0) return [];
  const now = deps.clock();
  // A concurrent push of the same new id (a client retry racing its first attempt) hits
  // the primary key: run again, and this time the id exists and is answered as a re-send.
  for (let attempt = 1; ; attempt++) {
    try {
      return await pushCasesOnce(deps, auth, identified, now, options);
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
  options: PushCasesOptions,
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
    const k = p.result.success ? deviceLookupKey(p.result.data) : null;
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
  const { rules, holidays, calendars } = inputs.reference;

  const decideCtx: DecideContext = { rules, holidays, calendars, now, slaDates: new Map() };
  const answers = new Map<string, string>();
  const candidates: Candidate[] = [];
  const rejectedRows: NewCaseRow[] = [];
  for (const { r, result } of parsed) {
    const stored = inputs.existing.get(r.id);
    if (stored) {
      // Re-send (same clientRev) or edit attempt / stale write (different clientRev or an
      // older assumed serverRev): both answered with the server's document (module comment).
      // Security: someone else's case id answers as a rejection that reveals nothing.
      answers.set(
        r.id,
        isCaseVisible(auth, stored) ? stored.json : notAuthorizedDoc(auth, r.id, r.row.newDocumentState, now),
      );
      continue;
    }
    if (!result.success) {
      rejectedRows.push(invalidRow(auth, r.id, r.row.newDocumentState, now));
      continue;
    }
    const device = findSubmissionDevice(result.data, inputs.devices);
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
    submittedEvent(row, options.submittedData ?? null),
    row.status === 'open'
      ? systemEvent(row, at, 'accepted', {}) // data.caseNumber is filled in by the INSERT
      : systemEvent(row, at, 'rejected', {
          reason: row.reject_reason,
          ...(row.blocking_case_number ? { blockingCaseNumber: row.blocking_case_number } : {}),
        }),
  ];
  // The creator hears about acceptance or rejection (services/notifications.ts); the
  // accepted case's number is drawn by the same statement, hence the placeholder.
  const creatorRole = auth.role === 'technician' || auth.role === 'merchant' ? auth.role : null;
  const noticesOf = (batchRows: readonly NewCaseRow[]) =>
    creatorRole
      ? renderNotifications(
          batchRows.map((row) => ({
            recipient: auth.username,
            recipientRole: creatorRole,
            type: row.status === 'open' ? 'case_accepted' : 'case_rejected',
            caseId: row.id,
            params:
              row.status === 'open'
                ? { caseNumber: '{caseNumber}' }
                : {
                    rejectReason: rejectReasonSchema.safeParse(row.reject_reason).data,
                    blockingCaseNumber: row.blocking_case_number ?? undefined,
                  },
          })),
          now,
        )
      : [];
  // Each statement stores cases with their events atomically; no multi-statement
  // transaction is needed, because every case stands alone (see insertCasesWithEvents).
  const docs = new Map<string, string>();
  let batch: NewCaseRow[] = [...candidates.map((c) => c.row), ...rejectedRows];
  for (let round = 0; batch.length; round++) {
    const inserted = await insertCasesWithEvents(pool, batch, batch.flatMap(eventsOf), day, noticesOf(batch));
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
