/**
 * The stored rows of a cases push, written out from the shared decisions: a new case's
 * row (accepted or rejected, from `acceptCase`), a malformed document's row (from
 * `rejectMalformedCase`), a rule-2 race loser's row, their timeline events, and the
 * answer for an id that belongs to someone else's case. No decision is made here.
 */
import { randomUUID } from 'node:crypto';
import { type CaseSubmission, categorySchema, type RejectReason, uuidSchema } from '@edc/shared';
import { type AcceptCaseResult, caseChannel, rejectMalformedCase } from '@edc/shared/domain';
import type { AuthContext } from '../auth-context.ts';
import type { DeviceRow, NewCaseRow, NewEventRow } from '../db/cases.ts';

/** The row of a valid submission from its decision; `case_number` is drawn by the INSERT. */
export function caseRow(
  result: AcceptCaseResult,
  submission: CaseSubmission,
  createdBy: string,
  device: DeviceRow | null,
  now: Date,
): NewCaseRow {
  // One object literal per row, no spread: `{ ...base, …13 more }` made V8 build a slow-mode
  // object (~13 µs and ~11 KB of garbage per case, a third of the server thread's push CPU).
  if (result.kind === 'accepted') {
    const f = result.fields;
    return {
      id: submission.id,
      client_rev: submission.clientRev,
      status: 'open',
      case_number: null, // drawn by the INSERT
      reject_reason: null,
      blocking_case_number: null,
      category: submission.category,
      subcase: submission.subcase ?? null,
      priority: f.priority,
      description: submission.description,
      channel: f.channel,
      serial_number: f.serialNumber ?? null,
      tid: f.tid ?? null,
      mid: f.mid,
      replacement_serial: submission.replacementSerial ?? null,
      location: submission.location ?? null,
      attachment_ids: submission.attachmentIds,
      contact_phone: submission.contactPhone ?? null,
      reported_at: f.reportedAt,
      created_by: createdBy,
      accepted_at: f.acceptedAt,
      response_due_at: f.responseDueAt,
      due_at: f.dueAt,
      case_type: f.caseType,
      responsible_unit: f.responsibleUnit,
      // Where the row is filed for scoping; a merchant complaint without a device takes the
      // merchant's region (read after deciding, pushCasesOnce).
      region: device?.region ?? null,
      updated_at: now.toISOString(),
    };
  }
  const f = result.fields;
  return {
    id: submission.id,
    client_rev: submission.clientRev,
    status: 'rejected',
    case_number: null,
    reject_reason: result.reason,
    blocking_case_number: null,
    category: submission.category,
    subcase: submission.subcase ?? null,
    priority: null,
    description: submission.description,
    channel: f.channel,
    serial_number: f.serialNumber ?? null,
    tid: f.tid ?? null,
    mid: f.mid,
    replacement_serial: submission.replacementSerial ?? null,
    location: submission.location ?? null,
    attachment_ids: submission.attachmentIds,
    contact_phone: submission.contactPhone ?? null,
    reported_at: f.reportedAt,
    created_by: createdBy,
    accepted_at: null,
    response_due_at: null,
    due_at: null,
    case_type: null,
    responsible_unit: null,
    region: null,
    updated_at: now.toISOString(),
  };
}

/** The row of a document that failed validation: stored as rejected/invalid (shared rejectMalformedCase). */
export function invalidRow(
  auth: AuthContext,
  id: string,
  raw: Record<string, unknown>,
  now: Date,
): NewCaseRow {
  const f = rejectMalformedCase({ raw, role: auth.role, userMid: auth.mid, now });
  const clientRev = uuidSchema.safeParse(raw.clientRev);
  return {
    id,
    client_rev: clientRev.success ? clientRev.data : randomUUID(),
    status: 'rejected',
    reject_reason: 'invalid',
    blocking_case_number: null,
    case_number: null,
    category: f.category,
    subcase: null,
    priority: null,
    description: f.description,
    channel: f.channel,
    serial_number: f.serialNumber ?? null,
    tid: null,
    mid: f.mid,
    replacement_serial: null,
    location: null,
    attachment_ids: [],
    contact_phone: null,
    reported_at: f.reportedAt,
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

export function systemEvent(
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

export function rejectAsOpen(row: NewCaseRow, blockingNumber: string | null): NewCaseRow {
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

export function submittedEvent(row: NewCaseRow, data: Record<string, unknown> | null = null): NewEventRow {
  return {
    id: randomUUID(),
    case_id: row.id,
    type: 'submitted',
    at: row.reported_at,
    actor: row.created_by,
    note: null,
    data,
    mid: row.mid,
    region: row.region,
  };
}

/** Answer for a pushed id that belongs to a case the caller may not see (not stored). */
export function notAuthorizedDoc(
  auth: AuthContext,
  id: string,
  sent: Record<string, unknown>,
  now: Date,
): string {
  const clientRev = uuidSchema.safeParse(sent.clientRev);
  return JSON.stringify({
    id,
    clientRev: clientRev.success ? clientRev.data : randomUUID(),
    serverRev: 0,
    status: 'rejected',
    rejectReason: 'not_authorized',
    category: categorySchema.safeParse(sent.category).data ?? 'other',
    description: '',
    channel: caseChannel(auth.role, sent.channel),
    mid: '',
    attachmentIds: [],
    reportedAt: now.toISOString(),
    createdBy: auth.username,
    escalationLevel: 0,
    updatedAt: now.toISOString(),
    _deleted: false,
  });
}
