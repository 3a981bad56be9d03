/**
 * Back-office report contracts (DESIGN section 6 and issue 4): the server builds these,
 * the desk dashboard renders them. Dates are Asia/Jakarta calendar dates; a range is
 * inclusive of both `from` and `to`.
 */
import { z } from 'zod';
import { intakeChannelSchema } from './api.ts';
import {
  caseStatusSchema,
  categorySchema,
  isoDate,
  isoDateTime,
  midSchema,
  phoneInputSchema,
  prioritySchema,
} from './common.ts';
import { caseSchema } from './entities.ts';
import { safeText } from './safe-text.ts';

/** `YYYY-MM` month in Asia/Jakarta. */
export const isoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM');

/** Backlog ageing buckets (age = now − acceptedAt of an open/in-progress case). */
export const ageingBuckets = ['0-1d', '1-3d', '3-7d', '>7d'] as const;
export const ageingBucketSchema = z.enum(ageingBuckets);
export type AgeingBucket = z.infer<typeof ageingBucketSchema>;

const share = z.number().min(0).max(1).nullable();
const keyCount = z.object({ key: z.string(), count: z.number().int().nonnegative() });

/** Mean/median of a duration in minutes; `null` when there is no sample. */
export const durationStatsSchema = z.object({
  count: z.number().int().nonnegative(),
  meanMinutes: z.number().nullable(),
  medianMinutes: z.number().nullable(),
});
export type DurationStats = z.infer<typeof durationStatsSchema>;

/** `met / total` with `share = met / total` (or `null` when `total = 0`). */
export const ratioSchema = z.object({
  numerator: z.number().int().nonnegative(),
  denominator: z.number().int().nonnegative(),
  share,
});
export type Ratio = z.infer<typeof ratioSchema>;

export const reportRangeSchema = z.object({ from: isoDate, to: isoDate });

/**
 * `GET /api/reports/summary`. The population is every case *received* in the range
 * (Jakarta date of `acceptedAt`, or of `reportedAt` for rejected cases); backlog and ageing
 * are the open/in-progress cases at `generatedAt`, whatever their date; CSAT is by the
 * Jakarta month of `closedAt` for cases closed in the range.
 */
export const reportSummarySchema = z.object({
  range: reportRangeSchema,
  generatedAt: isoDateTime,
  total: z.number().int().nonnegative(),
  byStatus: z.array(keyCount.extend({ key: caseStatusSchema })),
  byCategory: z.array(keyCount.extend({ key: categorySchema })),
  /** Responsible unit from the SLA rule; `(none)` for rejected cases that never got one. */
  byUnit: z.array(keyCount),
  byMonth: z.array(z.object({ month: isoMonth, count: z.number().int().nonnegative() })),
  openBacklog: z.number().int().nonnegative(),
  /** acceptedAt → firstResponseAt, over cases with both. */
  firstResponse: durationStatsSchema,
  /** acceptedAt → resolvedAt, over cases with both. */
  resolution: durationStatsSchema,
  /** Resolved cases (with a due date) whose `resolvedAt <= dueAt`. */
  resolvedWithinSla: ratioSchema,
  /** Cases with a `reopened` event / cases with a `resolved` event. */
  reopenRate: ratioSchema,
  csat: z.array(
    z.object({
      month: isoMonth,
      unit: z.string(),
      mean: z.number().min(1).max(5),
      count: z.number().int().positive(),
    }),
  ),
  backlogAgeing: z.array(z.object({ bucket: ageingBucketSchema, count: z.number().int().nonnegative() })),
  slaByUnit: z.array(ratioSchema.extend({ unit: z.string() })),
  /** Seed 001 Table 2: per month, cases per category and the row total. */
  volumeByCategory: z.array(
    z.object({
      month: isoMonth,
      counts: z.record(categorySchema, z.number().int().nonnegative()),
      total: z.number().int().nonnegative(),
    }),
  ),
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;

/** Terminals, merchants, models or areas with recurring cases (ITIL problem candidates). */
export const problemCandidateSchema = z.object({
  kind: z.enum(['terminal', 'merchant', 'model', 'area']),
  /** Serial number, MID, model name, or `city (REGION)`. */
  key: z.string(),
  label: z.string(),
  count: z.number().int().positive(),
  latestCaseNumbers: z.array(z.string()),
  lastCaseAt: isoDateTime,
});
export type ProblemCandidate = z.infer<typeof problemCandidateSchema>;

export const problemsQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(366).default(90),
  min: z.coerce.number().int().min(2).max(1000).default(3),
});
export const problemsResponseSchema = z.object({
  days: z.number().int(),
  min: z.number().int(),
  candidates: z.array(problemCandidateSchema),
});
export type ProblemsResponse = z.infer<typeof problemsResponseSchema>;

/** `GET /api/reports/monthly?month=YYYY-MM`: the management summary of seed 003 section 7. */
export const monthlyReportSchema = z.object({
  month: isoMonth,
  summary: reportSummarySchema,
  topCategories: z.array(z.object({ category: categorySchema, count: z.number().int(), share })),
  /** Same month one year back is not required; the previous month gives the trend. */
  previousMonthTotal: z.number().int().nonnegative(),
  problemCandidates: z.array(problemCandidateSchema),
});
export type MonthlyReport = z.infer<typeof monthlyReportSchema>;

/** SLA monitor row: a case with its computed state. */
export const slaMonitorStateSchema = z.enum(['on_track', 'at_risk', 'breached']);
export const slaMonitorQuerySchema = z.object({
  state: slaMonitorStateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});
export const slaMonitorRowSchema = z.object({
  id: z.string(),
  caseNumber: z.string(),
  status: caseStatusSchema,
  category: categorySchema,
  priority: prioritySchema.optional(),
  mid: midSchema,
  tid: z.string().optional(),
  responsibleUnit: z.string().optional(),
  escalationLevel: z.number().int(),
  acceptedAt: isoDateTime,
  responseDueAt: isoDateTime.optional(),
  dueAt: isoDateTime,
  firstResponseAt: isoDateTime.optional(),
  /** Resolution SLA state (at risk = ≥ 80 % of acceptedAt → dueAt used). */
  state: slaMonitorStateSchema,
  /** True when the first response is overdue (`responseDueAt` passed, no response yet). */
  responseOverdue: z.boolean(),
  minutesToDue: z.number().int(),
});
export type SlaMonitorRow = z.infer<typeof slaMonitorRowSchema>;
export const slaMonitorResponseSchema = z.object({
  generatedAt: isoDateTime,
  rows: z.array(slaMonitorRowSchema),
});

/** `GET /api/desk/sync-health`: per technician. */
export const syncHealthRowSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  regions: z.array(z.string()),
  lastSyncAt: isoDateTime.optional(),
  outboxCount: z.number().int().nonnegative(),
  /** Oldest entry still waiting on the phone, as reported by the client at its last sync. */
  outboxOldestAt: isoDateTime.optional(),
  outboxOldestAgeMinutes: z.number().int().nonnegative().optional(),
  lastAcceptedCaseAt: isoDateTime.optional(),
  /** `stuck`: the phone reports unsent work; `stale`: no sync in 24 h; `ok` otherwise. */
  state: z.enum(['ok', 'stuck', 'stale', 'never']),
});
export type SyncHealthRow = z.infer<typeof syncHealthRowSchema>;
export const syncHealthResponseSchema = z.object({
  generatedAt: isoDateTime,
  rows: z.array(syncHealthRowSchema),
});

/** `POST /api/intake/cases`: back-office intake of a complaint. */
/** A caller's name as said on the phone: letters, spaces and the usual punctuation of names. */
export const callerNameSchema = safeText()
  .trim()
  .min(2)
  .max(100)
  .regex(/^[\p{L}\p{M}][\p{L}\p{M} .,'’-]*$/u, "a name: letters, spaces and . , ' -");
/**
 * A caller's phone number as agents type it (`0812-3456-7890`, `+62 812…`, `62812…`), stored
 * as `+62…` like a merchant's contact phone: the one phone rule of the product
 * ({@link phoneInputSchema}).
 */
export const callerPhoneSchema = safeText().pipe(phoneInputSchema);

export const intakeRequestSchema = z.object({
  channel: intakeChannelSchema,
  mid: midSchema,
  serialNumber: safeText().trim().min(1).max(64).optional(),
  description: safeText().trim().min(1).max(4000),
  category: categorySchema.optional(),
  subcase: safeText().max(100).optional(),
  priority: prioritySchema.optional(),
  /** When the complaint was received (e.g. the phone call); defaults to now. */
  reportedAt: isoDateTime.optional(),
  /**
   * Who called (issue 15): kept on the `submitted` event as `data.caller {name, phone}`.
   * Optional for API clients; the desk form requires both.
   */
  callerName: callerNameSchema.optional(),
  callerPhone: callerPhoneSchema.optional(),
});
export type IntakeRequest = z.infer<typeof intakeRequestSchema>;

/**
 * `GET /api/intake/open-cases?mid=&serialNumber=` (issue 15, intake duplicate guard): the
 * unfinished cases of the merchant, or of the terminal the serial belongs to, newest first.
 */
export const openCasesQuerySchema = z.object({
  mid: midSchema,
  serialNumber: safeText().trim().min(1).max(64).optional(),
});
export const openCasesResponseSchema = z.object({
  cases: z.array(
    z.object({
      id: z.string(),
      caseNumber: z.string(),
      status: caseStatusSchema,
      category: categorySchema,
      subcase: z.string().optional(),
      tid: z.string().optional(),
      serialNumber: z.string().optional(),
      reportedAt: isoDateTime,
      description: z.string(),
      /** True when the case is on the terminal of `serialNumber` (case rule 2 would reject a new one). */
      sameTerminal: z.boolean(),
    }),
  ),
});
export type OpenCasesResponse = z.infer<typeof openCasesResponseSchema>;

/** Classifier suggestion, as `npm run classify` prints it (DESIGN section 7). */
export const classifySuggestionSchema = z.object({
  category: categorySchema,
  urgency: prioritySchema,
  subcase: z.string().optional(),
  confidence: z.number().min(0).max(1),
});
export type ClassifySuggestion = z.infer<typeof classifySuggestionSchema>;
/** `POST /api/intake/cases` answer: the stored case (accepted or rejected) and the suggestion used. */
export const intakeResponseSchema = z.object({
  case: caseSchema,
  suggestion: classifySuggestionSchema.optional(),
});
export type IntakeResponse = z.infer<typeof intakeResponseSchema>;

export const classifyRequestSchema = z.object({ text: safeText().trim().min(1).max(4000) });
