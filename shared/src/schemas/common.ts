/**
 * Vocabulary shared by every entity and wire message. Each enum here is part of the
 * contract in DESIGN.md sections 3–6: change a code and other tools break.
 */
import { z } from 'zod';

/** Roles carried in the access token; scope always comes from the token, never the request. */
export const roles = ['technician', 'merchant', 'agent', 'supervisor', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;
/** Back-office roles see every region and every MID. */
export const backOfficeRoles = ['agent', 'supervisor', 'admin'] as const satisfies readonly Role[];

/** Complaint / request categories (DESIGN section 3), used by cases and by the classifier. */
export const categories = [
  'replace_device',
  'replace_sam_card',
  'replace_network_card',
  'paper_supply',
  'transaction_settlement',
  'merchant_data',
  'other',
] as const;
export const categorySchema = z.enum(categories);
export type Category = z.infer<typeof categorySchema>;

/** Technicians' Request/Action is limited to the four field-replacement categories. */
export const technicianCategories = [
  'replace_device',
  'replace_sam_card',
  'replace_network_card',
  'paper_supply',
] as const satisfies readonly Category[];
export type TechnicianCategory = (typeof technicianCategories)[number];

/** Priority of an SLA rule and urgency of a complaint (seed 003 section 4.3). */
export const priorities = ['minor', 'major', 'critical'] as const;
export const prioritySchema = z.enum(priorities);
export type Priority = z.infer<typeof prioritySchema>;

export const deviceStatuses = ['on_operation', 'in_warehouse', 'under_repair', 'decommissioned'] as const;
export const deviceStatusSchema = z.enum(deviceStatuses);
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;

/** Case status machine (DESIGN section 3); `submitted` exists only on the device. */
export const caseStatuses = [
  'submitted',
  'open',
  'in_progress',
  'resolved',
  'closed',
  'rejected',
  'cancelled',
] as const;
export const caseStatusSchema = z.enum(caseStatuses);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

/** Statuses that do not block a new case for the same TID/MID (case rule 2). */
export const nonBlockingStatuses = [
  'closed',
  'rejected',
  'cancelled',
] as const satisfies readonly CaseStatus[];

/** Statuses of a case someone is working on: the desk's live queue, a technician's jobs. */
export const workingStatuses = ['open', 'in_progress'] as const satisfies readonly CaseStatus[];

export const rejectReasons = [
  'tid_mid_open',
  'device_not_found',
  'device_not_operational',
  'invalid',
  'not_authorized',
] as const;
export const rejectReasonSchema = z.enum(rejectReasons);
export type RejectReason = z.infer<typeof rejectReasonSchema>;

/** Where a case came from: the field app, the merchant app, or back-office intake. */
export const channels = [
  'technician_app',
  'merchant_app',
  'phone',
  'email',
  'whatsapp',
  'walk_in',
  'web',
] as const;
export const channelSchema = z.enum(channels);
export type Channel = z.infer<typeof channelSchema>;

export const caseEventTypes = [
  'submitted',
  'accepted',
  'rejected',
  'comment',
  'assigned',
  'started',
  'escalated',
  'resolved',
  'confirmed',
  'reopened',
  'closed',
  'cancelled',
  // DESIGN section 9: a technician's arrival on site (data.location?), pushed from the phone.
  'arrived',
  // DESIGN section 9 "Re-categorise": data {from, to} of category/subcase/priority/unit/dates.
  'recategorized',
] as const;
export const caseEventTypeSchema = z.enum(caseEventTypes);
export type CaseEventType = z.infer<typeof caseEventTypeSchema>;

export const transitionActions = [
  'assign',
  'start',
  'escalate',
  'resolve',
  'close',
  'reopen',
  'cancel',
  // DESIGN section 9: back office re-categorise / re-prioritise / re-route (open, in progress).
  'recategorize',
] as const;
export const transitionActionSchema = z.enum(transitionActions);
export type TransitionAction = z.infer<typeof transitionActionSchema>;

/** Notification types (DESIGN section 9). */
export const notificationTypes = [
  'case_accepted',
  'case_rejected',
  'case_assigned',
  'case_resolved',
  'comment',
  'escalated',
  'announcement',
  'reminder',
] as const;
export const notificationTypeSchema = z.enum(notificationTypes);
export type NotificationType = z.infer<typeof notificationTypeSchema>;

/** UI languages; notifications are written in the recipient's. */
export const locales = ['id', 'en'] as const;
export const localeSchema = z.enum(locales);
export type Locale = z.infer<typeof localeSchema>;

/** Roles a case may be assigned to (DESIGN section 9, dispatch). */
export const assigneeRoles = ['technician', 'agent', 'supervisor'] as const satisfies readonly Role[];

/** Escalation ladder of seed 003 section 6, index = `escalationLevel`. */
export const escalationLadder = ['agent', 'supervisor', 'customer_service_manager', 'director'] as const;
export const maxEscalationLevel = escalationLadder.length - 1;
/**
 * Ladder titles a back-office user may hold (seed 003 section 6), per unit: the SLA monitor
 * and the escalate action hand level N to the holder of `escalationLadder[N]` in the case's
 * unit (or a unit-less holder). The role set of DESIGN section 4 is unchanged: a manager or
 * director signs in as a `supervisor` (or `admin`) with this title.
 */
export const ladderTitles = ['supervisor', 'customer_service_manager', 'director'] as const;
export const ladderTitleSchema = z.enum(ladderTitles);
export type LadderTitle = z.infer<typeof ladderTitleSchema>;

/** ISO-8601 instant with offset, e.g. `2026-11-25T03:41:00.000Z`. */
export const isoDateTime = z.iso.datetime({ offset: true });
/** `YYYY-MM-DD` calendar date (business dates are in Asia/Jakarta). */
export const isoDate = z.iso.date();

/** Device-made UUID (v7 from the field app; any version accepted from other tools). */
export const uuidSchema = z.uuid();

export const midSchema = z.string().regex(/^\d{15}$/, 'mid must be 15 digits');
export const regionSchema = z.string().regex(/^[A-Z]{2,5}$/, 'region code is 2–5 capital letters');

/**
 * A contact phone number in Indonesia as stored and replicated: `+62` then the national number
 * without its leading 0 (mobile `8…`, landline area code `21…`), 8–12 digits (issue 14).
 */
export const phoneNumberSchema = z
  .string()
  .regex(/^\+62[1-9]\d{7,11}$/, 'phone must be +62 followed by 8–12 digits');

/**
 * A phone number as people write it — `0812-3456-7890`, `+62 812 3456 7890`, `62812…`,
 * `(021) 5550123` — in the stored form `+62…`; anything else is returned as typed (and then
 * refused by {@link phoneNumberSchema}).
 */
export function normalizeIndonesianPhone(input: string): string {
  const compact = input.trim().replace(/[\s.()-]/g, '');
  if (/^\+62\d+$/.test(compact)) return compact;
  if (/^62\d+$/.test(compact)) return `+${compact}`;
  if (/^0\d+$/.test(compact)) return `+62${compact.slice(1)}`;
  return input.trim();
}

/** A typed phone number (form / request input): normalized, then checked as stored. */
export const phoneInputSchema = z.string().transform(normalizeIndonesianPhone).pipe(phoneNumberSchema);

/** Business time zone of the whole product (DESIGN section 1). */
export const BUSINESS_TIME_ZONE = 'Asia/Jakarta';
