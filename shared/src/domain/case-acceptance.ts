/**
 * Case acceptance (DESIGN section 3, "Case rules"; section 5, rejection is data): the whole
 * decision about a submitted case, accepted or rejected, down to every server-owned field
 * of the stored row. The server is the authority and only orchestrates around it (read
 * the device, rule and holidays → decide → insert → settle rule-2 race losers); the demo
 * data generator runs the same function, so its history obeys the same rules.
 *
 * Rule 2 (at most one blocking case per TID/MID) is deliberately NOT checked here: a
 * read-then-write check races under concurrency, so the server enforces it with a partial
 * unique index and turns the violation into `tid_mid_open` + `blockingCaseNumber`.
 */
import {
  backOfficeRoles,
  type Category,
  type Channel,
  categorySchema,
  channelSchema,
  type Priority,
  type RejectReason,
  type Role,
  technicianCategories,
} from '../schemas/common.ts';
import type { CaseSubmission, Device, SlaRule } from '../schemas/entities.ts';
import { cleanText } from '../schemas/safe-text.ts';
import { checkDevice, findDeviceBySerial, formatCaseNumber, normalizeSerial } from './case-rules.ts';
import { clampReportedAt, MAX_REPORTED_AGE_MS } from './reported-at.ts';
import { type BusinessCalendars, computeSlaDates, type SlaDates } from './sla.ts';
import { defaultRuleFor, findSlaRule, type SlaRuleSeed } from './sla-catalogue.ts';

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
  /** Business hours per priority (issue 15); absent = 24×7. Ignored when `slaDates` is given. */
  calendars?: BusinessCalendars | undefined;
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
  /** The device's TID; absent for a case without a device. */
  tid?: string;
  mid: string;
  /** The device's serial number (also when it was found by SAM, SIM or TID); without a device, the one sent. */
  serialNumber?: string;
  reportedAt: string;
  channel: Channel;
};

/**
 * Fields of a rejected case as stored and shown to its author. Security: TID and MID
 * appear only when the caller may see that terminal, so a rejection never tells a
 * technician about another region's device or a merchant about another's terminal.
 */
export type RejectedCaseFields = {
  /** `''` when the caller may not learn it (or there is none). */
  mid: string;
  tid?: string;
  /** As sent. */
  serialNumber?: string;
  reportedAt: string;
  channel: Channel;
};

/** Outcome of {@link acceptCase}: rejection is data, stored with the case (DESIGN section 5). */
export type AcceptCaseResult =
  | { kind: 'accepted'; fields: AcceptedCaseFields }
  | { kind: 'rejected'; reason: RejectReason; fields: RejectedCaseFields };

const FIELD_CATEGORIES: ReadonlySet<Category> = new Set(technicianCategories);
const MID_PATTERN = /^\d{15}$/;

/** What a submission names its terminal by: the serial (or SAM/SIM/TID) sent, else its TID (desk intake). */
export type DeviceLookupKey = { kind: 'serial' | 'tid'; key: string };

/** The key to look the submission's device up by, normalized; null when it names none. */
export function deviceLookupKey(s: Pick<CaseSubmission, 'serialNumber' | 'tid'>): DeviceLookupKey | null {
  const serial = normalizeSerial(s.serialNumber ?? '');
  if (serial) return { kind: 'serial', key: serial };
  const tid = normalizeSerial(s.tid ?? '');
  return tid ? { kind: 'tid', key: tid } : null;
}

/**
 * The device a submission refers to among `candidates` (those the server read for its
 * lookup key). A sent serial matches a device's serial number, SAM or SIM serial, in that
 * precedence, but never its TID alone (a device whose TID equals the text counts only if
 * its serial number does too); a TID-only submission (desk intake) matches by TID.
 */
export function findSubmissionDevice<D extends Device>(
  s: Pick<CaseSubmission, 'serialNumber' | 'tid'>,
  candidates: readonly D[],
): D | null {
  const k = deviceLookupKey(s);
  if (!k) return null;
  if (k.kind === 'tid') return candidates.find((d) => normalizeSerial(d.tid) === k.key) ?? null;
  return findDeviceBySerial(
    candidates.filter((d) => normalizeSerial(d.tid) !== k.key || normalizeSerial(d.serialNumber) === k.key),
    k.key,
  );
}

const BACK_OFFICE: ReadonlySet<Role> = new Set(backOfficeRoles);

/**
 * The urgency a submission may choose. Security (issue 11): the catalogue decides wherever
 * it has a rule — a `priority` sent with a catalogued subcase is ignored, or anyone could
 * file every complaint as critical — and the technician app never chooses one. The back
 * office picks one at intake (the agent judges the call), and a merchant only for a
 * general complaint, where no catalogue rule exists (the merchant app's urgency field).
 */
export function chosenPriority(
  role: Role,
  priority: Priority | undefined,
  subcase?: string | undefined,
): Priority | undefined {
  if (BACK_OFFICE.has(role)) return priority;
  return role === 'merchant' && !subcase ? priority : undefined;
}

/** The SLA rule a submission is decided with: the catalogue's, else the category default. */
export function submissionRule<R extends SlaRuleSeed>(
  rules: readonly R[],
  submission: Pick<CaseSubmission, 'category' | 'subcase' | 'priority'>,
  role: Role,
): R | SlaRuleSeed {
  return findSlaRule(
    rules,
    submission.category,
    submission.subcase,
    chosenPriority(role, submission.priority, submission.subcase),
  );
}

/**
 * The channel stored for a case: the field apps are what they are, whatever they send;
 * only back-office intake picks one (an unknown value from it becomes `web`).
 */
export function caseChannel(role: Role, sent: unknown): Channel {
  if (role === 'technician') return 'technician_app';
  if (role === 'merchant') return 'merchant_app';
  const parsed = channelSchema.safeParse(sent);
  return parsed.success ? parsed.data : 'web';
}

/**
 * Decide whether a submitted case is accepted and, either way, the server-owned fields
 * to store with it. Pure: the caller looks up the device and rule, reserves `seq`, and
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
 * - TID/MID always come from the device (or the token), never from the client.
 * - `reportedAt` is the device's time bounded to [`earliestReportedAt`, `now`] (rule 4).
 */
export function acceptCase(input: AcceptCaseInput): AcceptCaseResult {
  const { submission, device, role, now } = input;
  const serialGiven = (submission.serialNumber ?? '').trim() !== '';
  let mid: string;

  if (role === 'technician') {
    if (!FIELD_CATEGORIES.has(submission.category)) return rejected(input, 'invalid');
    if (!device) return rejected(input, 'device_not_found');
    // Security: region before status, so a technician cannot probe the state of terminals
    // outside their regions.
    if (!(input.regions ?? []).includes(device.region)) return rejected(input, 'not_authorized');
    mid = device.mid;
  } else if (role === 'merchant') {
    if (input.userMid === undefined || !MID_PATTERN.test(input.userMid))
      return rejected(input, 'not_authorized');
    // Security: another merchant's terminal is reported as not found, not as forbidden, so
    // serials cannot be used to discover who owns a terminal.
    // A device found by TID alone is held to the same rule as one found by serial.
    if ((serialGiven || device) && (!device || device.mid !== input.userMid))
      return rejected(input, 'device_not_found');
    mid = input.userMid;
  } else {
    if (serialGiven && !device) return rejected(input, 'device_not_found');
    if (device) mid = device.mid;
    else if (MID_PATTERN.test(submission.mid)) mid = submission.mid;
    else return rejected(input, 'invalid');
  }

  if (device && FIELD_CATEGORIES.has(submission.category)) {
    const check = checkDevice(device);
    if (!check.ok) return rejected(input, check.reason);
  }

  const rule =
    input.rule ??
    defaultRuleFor(submission.category, chosenPriority(role, submission.priority, submission.subcase));
  const { responseDueAt, dueAt } =
    input.slaDates ??
    computeSlaDates({
      acceptedAt: now,
      rule,
      holidays: input.holidays,
      priority: rule.priority,
      calendars: input.calendars,
    });

  const fields: AcceptedCaseFields = {
    caseNumber: formatCaseNumber(now, input.seq),
    acceptedAt: now.toISOString(),
    responseDueAt: responseDueAt.toISOString(),
    dueAt: dueAt.toISOString(),
    caseType: rule.caseType,
    responsibleUnit: rule.responsibleUnit,
    priority: rule.priority,
    mid,
    reportedAt: reportedAt(input),
    channel: caseChannel(role, submission.channel),
  };
  if (device) {
    fields.tid = device.tid;
    fields.serialNumber = device.serialNumber;
  } else if (submission.serialNumber !== undefined) {
    fields.serialNumber = submission.serialNumber;
  }
  return { kind: 'accepted', fields };
}

function reportedAt(input: Pick<AcceptCaseInput, 'submission' | 'now' | 'earliestReportedAt'>): string {
  const { now } = input;
  const earliest = input.earliestReportedAt ?? new Date(now.getTime() - MAX_REPORTED_AGE_MS);
  return clampReportedAt(new Date(input.submission.reportedAt), now, earliest).toISOString();
}

/** The rejected row's fields: only what the caller may see of the terminal (see RejectedCaseFields). */
function rejected(input: AcceptCaseInput, reason: RejectReason): AcceptCaseResult {
  const { submission, device, role } = input;
  // Security: a technician sees terminals of their regions, a merchant only their own (the
  // rejection of another merchant's serial must not hand back that terminal's TID), the
  // back office every terminal; `not_authorized` reveals nothing.
  const deviceVisible =
    device !== null &&
    reason !== 'not_authorized' &&
    (role === 'technician'
      ? (input.regions ?? []).includes(device.region)
      : role === 'merchant'
        ? device.mid === input.userMid
        : true);
  let mid = '';
  if (role === 'merchant') mid = input.userMid ?? '';
  else if (deviceVisible) mid = device.mid;
  else if (role !== 'technician' && MID_PATTERN.test(submission.mid)) mid = submission.mid;
  const fields: RejectedCaseFields = {
    mid,
    reportedAt: reportedAt(input),
    channel: caseChannel(role, submission.channel),
  };
  if (deviceVisible) fields.tid = device.tid;
  if (submission.serialNumber !== undefined) fields.serialNumber = submission.serialNumber;
  return { kind: 'rejected', reason, fields };
}

/** Inputs of {@link rejectMalformedCase}: the raw document and who sent it. */
export type MalformedCaseInput = {
  /** The pushed document as received; it failed `caseSubmissionSchema`. */
  raw: Readonly<Record<string, unknown>>;
  role: Role;
  /** The merchant's MID, from the token. */
  userMid?: string | undefined;
  now: Date;
  earliestReportedAt?: Date | undefined;
};

/** What is kept of a malformed case, stored as `rejected` / `invalid` so its author sees why. */
export type MalformedCaseFields = {
  category: Category;
  /** The sent text, cut to the schema's limit; `''` when none. */
  description: string;
  /** The sent serial, cut to 64 characters; absent when none. */
  serialNumber?: string;
  mid: string;
  reportedAt: string;
  channel: Channel;
};

// Cut first, then clean: a cut can split a surrogate pair, and the kept copy must be
// storable (no NUL, no lone surrogate) or the refusal itself would fail (issue 11).
const text = (v: unknown, max: number): string | undefined =>
  typeof v === 'string' && v !== '' ? cleanText(v.slice(0, max)) || undefined : undefined;

/**
 * The rejected row of a case document that failed validation: best effort, so the author
 * sees the case come back rejected instead of vanishing. Nothing unvalidated is trusted:
 * texts are cut, an unknown category becomes `other`, the MID is the merchant's own (from
 * the token) or `''`, and a missing or bad report time becomes `now`.
 */
export function rejectMalformedCase(input: MalformedCaseInput): MalformedCaseFields {
  const { raw, role, now } = input;
  const category = categorySchema.safeParse(raw.category);
  const reported = typeof raw.reportedAt === 'string' ? new Date(raw.reportedAt) : now;
  const earliest = input.earliestReportedAt ?? new Date(now.getTime() - MAX_REPORTED_AGE_MS);
  const fields: MalformedCaseFields = {
    category: category.success ? category.data : 'other',
    description: text(raw.description, 4000) ?? '',
    mid: role === 'merchant' && input.userMid ? input.userMid : '',
    reportedAt: clampReportedAt(reported, now, earliest).toISOString(),
    channel: caseChannel(role, raw.channel),
  };
  const serial = text(raw.serialNumber, 64);
  if (serial !== undefined) fields.serialNumber = serial;
  return fields;
}
