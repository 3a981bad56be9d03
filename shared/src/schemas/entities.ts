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
  prioritySchema,
  regionSchema,
  rejectReasonSchema,
  uuidSchema,
} from './common.ts';

/** Fields every replicated document carries. */
const replicated = {
  updatedAt: isoDateTime,
  _deleted: z.boolean(),
};

export const merchantSchema = z.object({
  /** Primary key; equal to `mid`. */
  id: midSchema,
  mid: midSchema,
  name: z.string().min(1).max(200),
  address: z.string().max(500),
  city: z.string().max(100),
  region: regionSchema,
  phone: z.string().max(40),
  status: z.enum(['active', 'inactive']),
  ...replicated,
});
export type Merchant = z.infer<typeof merchantSchema>;

export const deviceSchema = z.object({
  /** Primary key; equal to `serialNumber`. */
  id: z.string().min(1).max(64),
  serialNumber: z.string().min(1).max(64),
  model: z.string().max(100),
  tid: z.string().min(1).max(16),
  mid: midSchema,
  status: deviceStatusSchema,
  samSerial: z.string().max(64).optional(),
  simSerial: z.string().max(64).optional(),
  region: regionSchema,
  ...replicated,
});
export type Device = z.infer<typeof deviceSchema>;

export const slaRuleSchema = z.object({
  /** Primary key: `${category}:${subcase}`. */
  id: z.string().min(1).max(200),
  category: categorySchema,
  subcase: z.string().min(1).max(100),
  /** Human label of the subcase shown in pickers (Indonesian). */
  label: z.string().max(200),
  caseType: z.string().min(1).max(50),
  responsibleUnit: z.string().min(1).max(100),
  priority: prioritySchema,
  responseMinutes: z.number().int().positive(),
  /** Exactly one of `businessDays` / `hours` is set: the resolution target. */
  businessDays: z.number().int().positive().optional(),
  hours: z.number().int().positive().optional(),
  active: z.boolean(),
  ...replicated,
});
export type SlaRule = z.infer<typeof slaRuleSchema>;

/** Public holiday (pull-only collection `holidays`, an extension to DESIGN section 5). */
export const holidaySchema = z.object({
  /** Primary key: the date. */
  id: isoDate,
  date: isoDate,
  name: z.string().min(1).max(200),
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
  blockingCaseNumber: z.string().optional(),
  caseNumber: z.string().optional(),
  category: categorySchema,
  subcase: z.string().max(100).optional(),
  priority: prioritySchema.optional(),
  description: z.string().max(4000),
  channel: channelSchema,
  serialNumber: z.string().max(64).optional(),
  tid: z.string().max(16).optional(),
  /** Empty only on a device-side draft whose device is not known locally. */
  mid: z.union([midSchema, z.literal('')]),
  replacementSerial: z.string().max(64).optional(),
  location: locationSchema.optional(),
  attachmentIds: z.array(uuidSchema).max(MAX_ATTACHMENTS_PER_CASE),
  reportedAt: isoDateTime,
  createdBy: z.string(),
  acceptedAt: isoDateTime.optional(),
  responseDueAt: isoDateTime.optional(),
  dueAt: isoDateTime.optional(),
  caseType: z.string().optional(),
  responsibleUnit: z.string().optional(),
  escalationLevel: z.number().int().min(0).max(3),
  assignee: z.string().optional(),
  /** First back-office response (assign/start/comment); basis of the first-response KPI. */
  firstResponseAt: isoDateTime.optional(),
  resolvedAt: isoDateTime.optional(),
  closedAt: isoDateTime.optional(),
  rca: z.string().max(4000).optional(),
  capa: z.string().max(4000).optional(),
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
    reportedAt: true,
  })
  .extend({ status: z.literal('submitted') });
export type CaseSubmission = z.infer<typeof caseSubmissionSchema>;

export const caseEventSchema = z.object({
  id: uuidSchema,
  caseId: uuidSchema,
  type: caseEventTypeSchema,
  at: isoDateTime,
  /** Username of who did it, or `system` for server jobs. */
  actor: z.string(),
  note: z.string().max(4000).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  _deleted: z.boolean(),
});
export type CaseEvent = z.infer<typeof caseEventSchema>;

/** Event types a client may push; the server writes the rest. */
export const clientEventTypes = ['comment', 'confirmed', 'reopened'] as const;
export const caseEventSubmissionSchema = caseEventSchema
  .pick({ id: true, caseId: true, note: true, at: true, data: true })
  .extend({ type: z.enum(clientEventTypes) });
export type CaseEventSubmission = z.infer<typeof caseEventSubmissionSchema>;
