/**
 * Management wire messages of the desk (issue 15, seed 001): the per-agent / per-team
 * figures, problem records (ITIL problem management) and the admin audit log. Under
 * `/api/desk` and `/api/admin`, back office only.
 */
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from './admin.ts';
import { caseStatusSchema, categorySchema, isoDate, isoDateTime, uuidSchema } from './common.ts';
import { safeText } from './safe-text.ts';

// ---- Management figures: GET /api/desk/figures?from=&to= ----

const figureRowSchema = z.object({
  key: z.string(),
  handled: z.number().int().nonnegative(),
  responseMet: z.number().int().nonnegative(),
  responseJudged: z.number().int().nonnegative(),
  responseShare: z.number().min(0).max(1).nullable(),
  resolutionMet: z.number().int().nonnegative(),
  resolutionJudged: z.number().int().nonnegative(),
  resolutionShare: z.number().min(0).max(1).nullable(),
  csatMean: z.number().nullable(),
  csatCount: z.number().int().nonnegative(),
});
export type FigureRowWire = z.infer<typeof figureRowSchema>;

/**
 * Agents see their own row and their team's; supervisors and admins see every agent and
 * team (`scope`). Complaints per day are the department's figure, the same for everyone.
 */
export const managementFiguresSchema = z.object({
  range: z.object({ from: isoDate, to: isoDate }),
  generatedAt: isoDateTime,
  scope: z.enum(['own', 'all']),
  agents: z.array(figureRowSchema),
  teams: z.array(figureRowSchema),
  complaintsPerDay: z.array(z.object({ date: isoDate, count: z.number().int().nonnegative() })),
  complaintsMeanPerDay: z.number().nonnegative(),
});
export type ManagementFiguresResponse = z.infer<typeof managementFiguresSchema>;

/** Longest range of the figures (they are computed over the cases themselves). */
export const MAX_FIGURE_DAYS = 366;

// ---- Problem records: /api/desk/problem-records ----

export const problemStatuses = ['open', 'investigating', 'known_error', 'resolved', 'closed'] as const;
export const problemStatusSchema = z.enum(problemStatuses);
export type ProblemStatus = z.infer<typeof problemStatusSchema>;

export const problemKinds = ['terminal', 'merchant', 'model', 'area', 'other'] as const;
export const problemKindSchema = z.enum(problemKinds);

const caseNumberSchema = safeText()
  .trim()
  .regex(/^CASE-\d{8}-\d{5}$/, 'case number must look like CASE-YYYYMMDD-NNNNN');
const caseNumbers = z.array(caseNumberSchema).max(200);

/** Create (from a candidate: its kind, key and case numbers; or by hand: kind `other`). */
export const createProblemRequestSchema = z.object({
  title: safeText().trim().min(3).max(200),
  kind: problemKindSchema.default('other'),
  key: safeText().trim().max(200).default(''),
  caseNumbers: caseNumbers.default([]),
});
export type CreateProblemRequest = z.input<typeof createProblemRequestSchema>;

/** Edit: any subset; RCA and workaround may be cleared with an empty string. */
export const updateProblemRequestSchema = z
  .object({
    title: safeText().trim().min(3).max(200),
    status: problemStatusSchema,
    rca: safeText().max(4000),
    workaround: safeText().max(4000),
  })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateProblemRequest = z.infer<typeof updateProblemRequestSchema>;

export const linkCasesRequestSchema = z.object({ caseNumbers: caseNumbers.min(1) });

export const problemCaseSchema = z.object({
  id: uuidSchema,
  caseNumber: z.string(),
  status: caseStatusSchema,
  category: categorySchema,
  mid: z.string(),
  tid: z.string().nullable(),
  acceptedAt: isoDateTime.nullable(),
  linkedBy: z.string(),
  linkedAt: isoDateTime,
});

export const problemRecordSchema = z.object({
  id: uuidSchema,
  number: z.string(),
  title: z.string(),
  kind: problemKindSchema,
  key: z.string(),
  status: problemStatusSchema,
  rca: z.string(),
  workaround: z.string(),
  createdBy: z.string(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  caseCount: z.number().int().nonnegative(),
});
export type ProblemRecord = z.infer<typeof problemRecordSchema>;

export const problemRecordDetailSchema = problemRecordSchema.extend({ cases: z.array(problemCaseSchema) });
export type ProblemRecordDetail = z.infer<typeof problemRecordDetailSchema>;

export const problemRecordListSchema = z.array(problemRecordSchema);

// ---- Admin audit log: GET /api/admin/audit?entity=&actor=&before=&limit= ----

/** The audited tables (master data, users, FAQ articles). */
export const auditEntities = [
  'users',
  'sla_rules',
  'holidays',
  'devices',
  'merchants',
  'webhook_endpoints',
  'faq_articles',
] as const;
export const auditEntitySchema = z.enum(auditEntities);
export type AuditEntity = z.infer<typeof auditEntitySchema>;

export const auditQuerySchema = z.object({
  entity: auditEntitySchema.optional(),
  actor: safeText().trim().min(1).max(100).optional(),
  /** Keyset paging: entries older than this id. */
  before: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const auditRecord = z.record(z.string(), z.unknown()).nullable();
export const auditEntrySchema = z.object({
  id: z.string(),
  at: isoDateTime,
  actor: z.string(),
  entity: auditEntitySchema,
  entityKey: z.string(),
  action: z.enum(['create', 'update', 'delete']),
  /** The row before and after, without secrets, hashes or bookkeeping columns (snake_case). */
  before: auditRecord,
  after: auditRecord,
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditListSchema = z.array(auditEntrySchema);

// ---- Passwords: POST /api/auth/password (everyone), PATCH /api/admin/users/{id} {password} (admin) ----

export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: safeText().min(MIN_PASSWORD_LENGTH).max(200),
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;
