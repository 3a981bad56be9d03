/**
 * Case acceptance rules (DESIGN section 3, "Case rules"). The server is the authority and
 * calls {@link acceptCase} inside the transaction that stores the case; the device calls
 * the same function offline to tell a technician early that a case will be rejected.
 *
 * Rule 2 (at most one blocking case per TID/MID) is deliberately NOT checked here: a
 * read-then-write check races under concurrency, so the server enforces it with a partial
 * unique index and turns the violation into `tid_mid_open` + `blockingCaseNumber`.
 */
import type { CaseStatus, Category, Priority, RejectReason, Role } from '../schemas/common.ts';
import { nonBlockingStatuses, technicianCategories } from '../schemas/common.ts';
import type { CaseSubmission, Device, SlaRule } from '../schemas/entities.ts';
import { clampReportedAt, MAX_REPORTED_AGE_MS } from './reported-at.ts';
import { computeSlaDates, jakartaDateOf, type SlaDates } from './sla.ts';
import { defaultRuleFor } from './sla-catalogue.ts';

export { clampReportedAt, MAX_REPORTED_AGE_MS } from './reported-at.ts';

const NON_BLOCKING: ReadonlySet<CaseStatus> = new Set(nonBlockingStatuses);

/**
 * True when a case in `status` blocks a new case for the same TID/MID: everything but
 * closed, rejected and cancelled. `submitted` counts as blocking on the device (a queued
 * case should stop a duplicate) but the server never stores a `submitted` row.
 */
export function isBlockingStatus(status: CaseStatus): boolean {
  return !NON_BLOCKING.has(status);
}

/**
 * Official case number `CASE-YYYYMMDD-NNNNN`: the Jakarta date of acceptance and the
 * sequence zero-padded to five digits (a sixth digit appears after 99,999, never wraps).
 */
export function formatCaseNumber(acceptedAt: Date, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1)
    throw new RangeError(`case sequence must be a positive integer: ${seq}`);
  return `CASE-${jakartaDateOf(acceptedAt).replaceAll('-', '')}-${String(seq).padStart(5, '0')}`;
}

/** Result of case rule 1 for one looked-up device. */
export type DeviceCheck = { ok: true } | { ok: false; reason: 'device_not_found' | 'device_not_operational' };

/** Case rule 1: the device must exist and be `on_operation`. */
export function checkDevice(device: Pick<Device, 'status'> | null): DeviceCheck {
  if (!device) return { ok: false, reason: 'device_not_found' };
  if (device.status !== 'on_operation') return { ok: false, reason: 'device_not_operational' };
  return { ok: true };
}

/**
 * Canonical form of a scanned or typed serial / SAM serial / SIM ICCID / TID: trimmed and
 * upper-cased. Nothing else is stripped — dashes and inner spaces are significant in some
 * vendors' serials, so both sides must agree on exactly this and store serials as given.
 */
export function normalizeSerial(s: string): string {
  return s.trim().toUpperCase();
}

type DeviceKeys = Pick<Device, 'serialNumber' | 'tid'> & Partial<Pick<Device, 'samSerial' | 'simSerial'>>;

/** Which identifier of a device a lookup matched, in precedence order. */
export type SerialMatch = 'serialNumber' | 'samSerial' | 'simSerial' | 'tid';

/** The identifier of `device` equal to `query` after {@link normalizeSerial}, if any. */
export function matchDeviceBySerial(device: DeviceKeys, query: string): SerialMatch | null {
  const q = normalizeSerial(query);
  if (q === '') return null;
  if (normalizeSerial(device.serialNumber) === q) return 'serialNumber';
  if (device.samSerial !== undefined && normalizeSerial(device.samSerial) === q) return 'samSerial';
  if (device.simSerial !== undefined && normalizeSerial(device.simSerial) === q) return 'simSerial';
  if (normalizeSerial(device.tid) === q) return 'tid';
  return null;
}

/**
 * The device a query refers to among `devices`: a serial-number match wins over a SAM,
 * SIM or TID match (a SAM serial could collide with another vendor's device serial).
 */
export function findDeviceBySerial<D extends DeviceKeys>(devices: Iterable<D>, query: string): D | null {
  const rank: Record<SerialMatch, number> = { serialNumber: 0, samSerial: 1, simSerial: 2, tid: 3 };
  let best: D | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const d of devices) {
    const m = matchDeviceBySerial(d, query);
    if (m !== null && rank[m] < bestRank) {
      best = d;
      bestRank = rank[m];
      if (bestRank === 0) break;
    }
  }
  return best;
}

/** The SLA fields a rule contributes; a stored `SlaRule` or a catalogue seed both fit. */
export type AcceptanceRule = Pick<
  SlaRule,
  'caseType' | 'responsibleUnit' | 'priority' | 'responseMinutes' | 'businessDays' | 'hours'
>;

/** Inputs of {@link acceptCase}; `device` is the server's lookup of `submission.serialNumber`. */
export type AcceptCaseInput = {
  submission: CaseSubmission;
  /** The device found by serial / SAM / SIM / TID, or null when none (or no serial sent). */
  device: Device | null;
  /** The catalogue rule for (category, subcase); null → {@link defaultRuleFor}. */
  rule: AcceptanceRule | null;
  now: Date;
  holidays: ReadonlySet<string>;
  /** Next value of the case-number sequence. */
  seq: number;
  /** Username from the token. */
  createdBy: string;
  role: Role;
  /** The merchant's MID, from the token. */
  userMid?: string | undefined;
  /** The technician's regions, from the token. */
  regions?: readonly string[] | undefined;
  /** Oldest plausible report time (e.g. the device's last sync); default now − 30 days. */
  earliestReportedAt?: Date | undefined;
  /**
   * `computeSlaDates` of the rule at `now`, when the caller already has it: a server
   * deciding a batch of cases at one instant computes each rule's deadlines once.
   */
  slaDates?: SlaDates | undefined;
};

/** Server-owned fields stamped on an accepted case (ISO strings, as in the `Case` document). */
export type AcceptedCaseFields = {
  caseNumber: string;
  acceptedAt: string;
  responseDueAt: string;
  dueAt: string;
  caseType: string;
  responsibleUnit: string;
  priority: Priority;
  tid?: string;
  mid: string;
  serialNumber?: string;
  reportedAt: string;
};

/** Outcome of {@link acceptCase}: rejection is data, stored with the case (DESIGN section 5). */
export type AcceptCaseResult =
  | { kind: 'accepted'; fields: AcceptedCaseFields }
  | { kind: 'rejected'; reason: RejectReason };

const FIELD_CATEGORIES: ReadonlySet<Category> = new Set(technicianCategories);
const MID_PATTERN = /^\d{15}$/;

/**
 * Decide whether a submitted case is accepted and, if so, the server-owned fields to
 * stamp on it. Pure: the caller looks up the device and rule, reserves `seq`, and
 * enforces rule 2 with the database index.
 *
 * - Technicians: only the four field-replacement categories; the device must exist, be in
 *   one of their regions (`not_authorized`) and be `on_operation` (rule 1).
 * - Merchants: MID from the token; the device is optional, but a given serial must be a
 *   device of their own MID (`device_not_found` otherwise).
 * - Back office: any MID; with a serial the device must exist, without one the submitted
 *   MID must be well-formed (`invalid`).
 * - Rule 1's `on_operation` check applies to every role for field-replacement categories
 *   (a replacement is only issued for a terminal in operation, seed 000 Table 2 rows
 *   19/21); a settlement complaint about a terminal under repair is still accepted.
 * - TID/MID always come from the device, never from the client.
 */
export function acceptCase(input: AcceptCaseInput): AcceptCaseResult {
  const { submission, device, role, now } = input;
  const serialGiven = (submission.serialNumber ?? '').trim() !== '';
  let mid: string;

  if (role === 'technician') {
    if (!FIELD_CATEGORIES.has(submission.category)) return rejected('invalid');
    if (!device) return rejected('device_not_found');
    // Security: region before status, so a technician cannot probe the state of terminals
    // outside their regions.
    if (!(input.regions ?? []).includes(device.region)) return rejected('not_authorized');
    mid = device.mid;
  } else if (role === 'merchant') {
    if (input.userMid === undefined || !MID_PATTERN.test(input.userMid)) return rejected('not_authorized');
    // Security: another merchant's terminal is reported as not found, not as forbidden, so
    // serials cannot be used to discover who owns a terminal.
    // A device found by TID alone is held to the same rule as one found by serial.
    if ((serialGiven || device) && (!device || device.mid !== input.userMid))
      return rejected('device_not_found');
    mid = input.userMid;
  } else {
    if (serialGiven && !device) return rejected('device_not_found');
    if (device) mid = device.mid;
    else if (MID_PATTERN.test(submission.mid)) mid = submission.mid;
    else return rejected('invalid');
  }

  if (device && FIELD_CATEGORIES.has(submission.category)) {
    const check = checkDevice(device);
    if (!check.ok) return rejected(check.reason);
  }

  const rule = input.rule ?? defaultRuleFor(submission.category, submission.priority);
  const { responseDueAt, dueAt } =
    input.slaDates ?? computeSlaDates({ acceptedAt: now, rule, holidays: input.holidays });
  const earliest = input.earliestReportedAt ?? new Date(now.getTime() - MAX_REPORTED_AGE_MS);
  const reportedAt = clampReportedAt(new Date(submission.reportedAt), now, earliest);

  const fields: AcceptedCaseFields = {
    caseNumber: formatCaseNumber(now, input.seq),
    acceptedAt: now.toISOString(),
    responseDueAt: responseDueAt.toISOString(),
    dueAt: dueAt.toISOString(),
    caseType: rule.caseType,
    responsibleUnit: rule.responsibleUnit,
    priority: rule.priority,
    mid,
    reportedAt: reportedAt.toISOString(),
  };
  if (device) {
    fields.tid = device.tid;
    fields.serialNumber = device.serialNumber;
  }
  return { kind: 'accepted', fields };
}

function rejected(reason: RejectReason): AcceptCaseResult {
  return { kind: 'rejected', reason };
}
