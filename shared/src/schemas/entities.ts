/**
 * Replicated entities (DESIGN sections 3 and 5). One zod schema per document; the client's
 * RxDB JSON schemas and the server's row mappers are derived from these shapes.
 *
 * Wire rule: optional fields are omitted when empty, never `null`.
 */
import { z } from 'zod';
import {
  caseEventTypeSchema,
  caseStatusSchema,
  categorySchema,
  channelSchema,
  deviceStatusSchema,
  isoDate,
  isoDateTime,
  midSchema,
  notificationTypeSchema,
  phoneNumberSchema,
  prioritySchema,
  regionSchema,
  rejectReasonSchema,
  technicianCategories,
  uuidSchema,
} from './common.ts';
import { safeJsonRecord, safeText } from './safe-text.ts';

/** Fields every replicated document carries. */
const replicated = {
  updatedAt: isoDateTime,
  _deleted: z.boolean(),
};

export const merchantSchema = z.object({
  /** Primary key; equal to `mid`. */
  id: midSchema,
  mid: midSchema,
  name: safeText().min(1).max(200),
  address: safeText().max(500),
  city: safeText().max(100),
  region: regionSchema,
  phone: safeText().max(40),
  status: z.enum(['active', 'inactive']),
  /** Shop coordinates when known (DESIGN section 9: visit distance, maps link). */
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  ...replicated,
});
export type Merchant = z.infer<typeof merchantSchema>;

export const deviceSchema = z.object({
  /** Primary key; equal to `serialNumber`. */
  id: safeText().min(1).max(64),
  serialNumber: safeText().min(1).max(64),
  model: safeText().max(100),
  tid: safeText().min(1).max(16),
  mid: midSchema,
  status: deviceStatusSchema,
  samSerial: safeText().max(64).optional(),
  simSerial: safeText().max(64).optional(),
  region: regionSchema,
  ...replicated,
});
export type Device = z.infer<typeof deviceSchema>;

/**
 * Business hours of one priority class (issue 15, SLA calendars; the arithmetic is
 * shared/src/domain/sla.ts `BusinessHours`): `24x7`, or `business_hours` from `startMinute`
 * to `endMinute` (minutes after 00:00 WIB) on working days. A flat object rather than a
 * union so the replicated RxDB schema stays a plain JSON object.
 */
export const businessHoursSchema = z
  .object({
    mode: z.enum(['24x7', 'business_hours']),
    startMinute: z.number().int().min(0).max(1439).optional(),
    endMinute: z.number().int().min(1).max(1440).optional(),
  })
  .refine(
    (h) =>
      h.mode === '24x7'
        ? h.startMinute === undefined && h.endMinute === undefined
        : h.startMinute !== undefined && h.endMinute !== undefined && h.startMinute < h.endMinute,
    { message: 'business hours need startMinute < endMinute; 24x7 takes neither', path: ['startMinute'] },
  );

export const slaRuleSchema = z.object({
  /** Primary key: `${category}:${subcase}`. */
  id: safeText().min(1).max(200),
  category: categorySchema,
  subcase: safeText().min(1).max(100),
  /** Human label of the subcase shown in pickers (Indonesian). */
  label: safeText().max(200),
  caseType: safeText().min(1).max(50),
  responsibleUnit: safeText().min(1).max(100),
  priority: prioritySchema,
  responseMinutes: z.number().int().positive(),
  /** Exactly one of `businessDays` / `hours` is set: the resolution target. */
  businessDays: z.number().int().positive().optional(),
  hours: z.number().int().positive().optional(),
  active: z.boolean(),
  /**
   * Server-owned: the calendar of the rule's priority (`sla_calendars`), shipped with the
   * catalogue so a phone previews due dates offline exactly as the server will stamp them.
   * Absent from a server without calendars (= 24×7).
   */
  businessHours: businessHoursSchema.optional(),
  ...replicated,
});
export type SlaRule = z.infer<typeof slaRuleSchema>;

/** Public holiday (pull-only collection `holidays`, an extension to DESIGN section 5). */
export const holidaySchema = z.object({
  /** Primary key: the date. */
  id: isoDate,
  date: isoDate,
  name: safeText().min(1).max(200),
  ...replicated,
});
export type Holiday = z.infer<typeof holidaySchema>;

export const locationSchema = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  accuracyM: z.number().min(0).max(100_000),
});
export type GeoLocation = z.infer<typeof locationSchema>;

export const MAX_ATTACHMENTS_PER_CASE = 4;

/** Case document (collection `cases`), exactly the field list of DESIGN section 5. */
export const caseSchema = z.object({
  id: uuidSchema,
  clientRev: uuidSchema,
  serverRev: z.number().int().nonnegative(),
  status: caseStatusSchema,
  rejectReason: rejectReasonSchema.optional(),
  blockingCaseNumber: safeText().optional(),
  caseNumber: safeText().optional(),
  category: categorySchema,
  subcase: safeText().max(100).optional(),
  priority: prioritySchema.optional(),
  description: safeText().max(4000),
  channel: channelSchema,
  serialNumber: safeText().max(64).optional(),
  tid: safeText().max(16).optional(),
  /** Empty only on a device-side draft whose device is not known locally. */
  mid: z.union([midSchema, z.literal('')]),
  replacementSerial: safeText().max(64).optional(),
  location: locationSchema.optional(),
  attachmentIds: z.array(uuidSchema).max(MAX_ATTACHMENTS_PER_CASE),
  /** Whom to call back (a merchant's complaint, issue 14), `+62…`. */
  contactPhone: phoneNumberSchema.optional(),
  reportedAt: isoDateTime,
  createdBy: safeText(),
  acceptedAt: isoDateTime.optional(),
  responseDueAt: isoDateTime.optional(),
  dueAt: isoDateTime.optional(),
  caseType: safeText().optional(),
  responsibleUnit: safeText().optional(),
  escalationLevel: z.number().int().min(0).max(3),
  assignee: safeText().optional(),
  /** First back-office response (assign/start/comment); basis of the first-response KPI. */
  firstResponseAt: isoDateTime.optional(),
  resolvedAt: isoDateTime.optional(),
  closedAt: isoDateTime.optional(),
  rca: safeText().max(4000).optional(),
  capa: safeText().max(4000).optional(),
  satisfaction: z.number().int().min(1).max(5).optional(),
  ...replicated,
});
export type Case = z.infer<typeof caseSchema>;

/**
 * What a client may set when it creates a case (status `submitted`). Everything else is
 * server-owned and is ignored when a client sends it (no mass assignment): zod strips
 * unknown keys, and the server builds the stored row from this shape only.
 */
export const caseSubmissionSchema = caseSchema
  .pick({
    id: true,
    clientRev: true,
    category: true,
    subcase: true,
    priority: true,
    description: true,
    channel: true,
    serialNumber: true,
    tid: true,
    mid: true,
    replacementSerial: true,
    location: true,
    attachmentIds: true,
    contactPhone: true,
    reportedAt: true,
  })
  .extend({ status: z.literal('submitted') });
export type CaseSubmission = z.infer<typeof caseSubmissionSchema>;

/**
 * A technician's case as the phone's form files it: request type, a subcase of the local SLA
 * catalogue, an optional comment and replacement serial. The form checks this before the draft
 * goes to the outbox as a `caseSubmissionSchema` document (device, photos and location come
 * from the draft, not from typed fields).
 */
export const technicianCaseRequestSchema = z.object({
  category: z.enum(technicianCategories),
  subcase: safeText().trim().min(1).max(100),
  description: safeText().max(4000),
  replacementSerial: safeText().trim().min(1).max(64).optional(),
});
export type TechnicianCaseRequest = z.infer<typeof technicianCaseRequestSchema>;

export const caseEventSchema = z.object({
  id: uuidSchema,
  caseId: uuidSchema,
  type: caseEventTypeSchema,
  at: isoDateTime,
  /** Username of who did it, or `system` for server jobs. */
  actor: safeText(),
  note: safeText().max(4000).optional(),
  data: safeJsonRecord().optional(),
  _deleted: z.boolean(),
});
export type CaseEvent = z.infer<typeof caseEventSchema>;

/**
 * Event types a client may push; the server writes the rest. Merchants push `confirmed` /
 * `reopened`; the assigned technician pushes `arrived`, `started`, `resolved` (DESIGN
 * section 9, on-site work); everyone who sees a case may push `comment`.
 */
export const clientEventTypes = [
  'comment',
  'confirmed',
  'reopened',
  'arrived',
  'started',
  'resolved',
] as const;
export const caseEventSubmissionSchema = caseEventSchema
  .pick({ id: true, caseId: true, note: true, at: true, data: true })
  .extend({ type: z.enum(clientEventTypes) })
  // A comment says something, whichever way it arrives (REST `commentRequestSchema`, a form,
  // or a pushed event): a note that is not blank, or at least one photo.
  .refine((ev) => ev.type !== 'comment' || (ev.note ?? '').trim() !== '' || hasAttachments(ev.data), {
    path: ['note'],
    message: 'empty_comment',
  });
export type CaseEventSubmission = z.infer<typeof caseEventSubmissionSchema>;

function hasAttachments(data: Record<string, unknown> | undefined): boolean {
  const ids = data?.attachmentIds;
  return Array.isArray(ids) && ids.length > 0;
}

export const MAX_EVENT_ATTACHMENTS = 8;
export const SIGNER_NAME_MAX = 100;

/**
 * The `data` a technician's on-site event may carry (everything else in `data` is
 * dropped: no mass assignment). Photos taken on site are listed by id (uploaded through
 * `/api/attachments`); the merchant's signature is one more image attachment.
 */
export const onSiteEventDataSchema = z.object({
  location: locationSchema.optional(),
  attachmentIds: z.array(uuidSchema).max(MAX_EVENT_ATTACHMENTS).optional(),
  replacementSerial: z.string().trim().min(1).max(64).optional(),
  signatureAttachmentId: uuidSchema.optional(),
  signerName: z.string().trim().min(1).max(SIGNER_NAME_MAX).optional(),
});
export type OnSiteEventData = z.infer<typeof onSiteEventDataSchema>;

/** Why a pushed event was not stored (`data.refusedReason` of the `_deleted: true` answer). */
export const refusedReasons = [
  'invalid',
  'not_found',
  'forbidden',
  'illegal_transition',
  'replacement_not_available',
  'conflict',
] as const;
export type RefusedReason = (typeof refusedReasons)[number];

/** Notification document (pull-only collection `notifications`, DESIGN section 9). */
export const notificationSchema = z.object({
  id: uuidSchema,
  type: notificationTypeSchema,
  caseId: uuidSchema.optional(),
  title: z.string().max(300),
  body: z.string().max(2000),
  /** In-app deep link (a path of the PWA, e.g. `/cases/<id>`). */
  url: z.string().max(500),
  createdAt: isoDateTime,
  readAt: isoDateTime.optional(),
  ...replicated,
});
export type Notification = z.infer<typeof notificationSchema>;
