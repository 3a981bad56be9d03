/**
 * Wire messages of the HTTP contract (DESIGN sections 4–6).
 */
import { z } from 'zod';
import { announcementSchema } from './announcements.ts';
import {
  categorySchema,
  channelSchema,
  isoDate,
  prioritySchema,
  transitionActionSchema,
  uuidSchema,
} from './common.ts';
import {
  caseEventSchema,
  caseSchema,
  deviceSchema,
  holidaySchema,
  merchantSchema,
  notificationSchema,
  slaRuleSchema,
} from './entities.ts';
import { safeText } from './safe-text.ts';
import { faqArticleSchema, npsScoreSchema } from './self-service.ts';

// ---- replication (DESIGN section 5) ----------------------------------------------------

/**
 * Collections served by `/api/sync/v1/{collection}`; `holidays` is a pull-only extension,
 * `faq_articles` is DESIGN section 9 (pull-only).
 */
export const syncCollections = [
  'devices',
  'merchants',
  'sla_rules',
  'holidays',
  // DESIGN section 9: pull-only, scope own.
  'notifications',
  'cases',
  'case_events',
  'faq_articles',
  'announcements',
] as const;
export const syncCollectionSchema = z.enum(syncCollections);
export type SyncCollection = z.infer<typeof syncCollectionSchema>;

export const documentSchemas = {
  devices: deviceSchema,
  merchants: merchantSchema,
  sla_rules: slaRuleSchema,
  holidays: holidaySchema,
  notifications: notificationSchema,
  cases: caseSchema,
  case_events: caseEventSchema,
  faq_articles: faqArticleSchema,
  announcements: announcementSchema,
} as const satisfies Record<SyncCollection, z.ZodType>;

/** Checkpoint: the `(txid, id)` of the last row served; `txid` is an xid8 as decimal text. */
export const checkpointSchema = z.object({
  txid: z.string().regex(/^\d{1,20}$/),
  id: safeText().max(200),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export const MAX_PULL_LIMIT = 1000;
export const MAX_PUSH_ROWS = 200;

export const pullQuerySchema = z
  .object({
    txid: z
      .string()
      .regex(/^\d{1,20}$/)
      .optional(),
    id: safeText().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(200),
  })
  .refine((q) => (q.txid === undefined) === (q.id === undefined), {
    message: 'txid and id come together (or neither on the first pull)',
  });
export type PullQuery = z.infer<typeof pullQuerySchema>;

export const pullResponseSchema = <T extends z.ZodType>(doc: T) =>
  z.object({ documents: z.array(doc), checkpoint: checkpointSchema.nullable() });

/** One push row; the document itself is validated per collection by the server. */
export const pushRowSchema = z.object({
  assumedMasterState: z.record(z.string(), z.unknown()).nullish(),
  newDocumentState: z.record(z.string(), z.unknown()),
});
export const pushBodySchema = z.array(pushRowSchema).max(MAX_PUSH_ROWS);
export type PushRow = z.infer<typeof pushRowSchema>;

/** SSE poke payload on `/api/sync/v1/stream`. */
export const pokeSchema = z.object({ collection: z.union([syncCollectionSchema, z.literal('*')]) });
export type Poke = z.infer<typeof pokeSchema>;

/**
 * Sync-health headers a client sends with every pull/push so the back office can tell
 * "no case yet" from "case stuck on a phone": outbox size and age of its oldest entry.
 */
export const SYNC_HEALTH_HEADERS = {
  outboxCount: 'x-outbox-count',
  outboxOldestAt: 'x-outbox-oldest-at',
} as const;

/**
 * Progress of a long pull (an addition to DESIGN section 5; the body is unchanged): a
 * client that sends `x-sync-count: 1` gets `x-sync-remaining: <n>` back, the number of
 * documents in its scope after the request's checkpoint (this page included), so the
 * first sync can show a real progress bar and the time left. Counting costs one indexed
 * count, so clients ask only on the first page of a run.
 */
export const SYNC_PROGRESS_HEADERS = {
  request: 'x-sync-count',
  remaining: 'x-sync-remaining',
} as const;

// ---- commands (DESIGN section 6) --------------------------------------------------------

export const transitionRequestSchema = z.object({
  action: transitionActionSchema,
  note: safeText().max(4000).optional(),
  rca: safeText().max(4000).optional(),
  capa: safeText().max(4000).optional(),
  assignee: safeText().max(100).optional(),
  /** Merchant's 1–5 rating when confirming (`close`) a resolution. */
  satisfaction: z.number().int().min(1).max(5).optional(),
  /** `recategorize`: the new category (required there), subcase and priority. */
  category: categorySchema.optional(),
  subcase: safeText().trim().min(1).max(100).optional(),
  priority: prioritySchema.optional(),
  /**
   * `recategorize`: route to this team (a responsible unit of the catalogue, else 422
   * `invalid_team`). Without `category` it re-routes only: category, subcase and priority stay.
   */
  responsibleUnit: safeText().trim().min(1).max(100).optional(),
  /**
   * Whether the note is internal (DESIGN section 9). Notes of assign/escalate/resolve are
   * internal unless this is `false`; notes of other actions are public unless `true`.
   */
  internal: z.boolean().optional(),
  /** Merchant's NPS answer (0–10) with a confirmation; kept at most once per 90 days per MID. */
  nps: npsScoreSchema.optional(),
});
export type TransitionRequest = z.infer<typeof transitionRequestSchema>;

/** `POST /api/cases/{id}/comments`: a public reply, or an internal note (`internal: true`). */
export const commentRequestSchema = z.object({
  note: safeText().trim().min(1).max(4000),
  internal: z.boolean().optional(),
});
export type CommentRequest = z.infer<typeof commentRequestSchema>;
/** `POST /api/notifications/read {ids}`: marks the caller's own notifications read. */
export const notificationsReadRequestSchema = z.object({ ids: z.array(uuidSchema).min(1).max(500) });
export type NotificationsReadRequest = z.infer<typeof notificationsReadRequestSchema>;

/** `GET /api/desk/technicians`: the dispatch picker (region, open jobs, last sync). */
export const dispatchTechnicianSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  regions: z.array(z.string()),
  openJobs: z.number().int().nonnegative(),
  lastSyncAt: z.string().nullable(),
});
export type DispatchTechnician = z.infer<typeof dispatchTechnicianSchema>;

export const dateRangeQuerySchema = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
});

/** Why an import line was refused (issue 15: one human reason per bad line). */
export const importErrorCodes = [
  'extra_fields',
  'missing_field',
  'invalid_field',
  'duplicate_in_file',
  'tid_in_file',
  'serial_in_file',
  'unknown_merchant',
  'tid_taken',
  'serial_taken',
  'db_refused',
] as const;
export type ImportErrorCode = (typeof importErrorCodes)[number];

export const importResultSchema = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  /** Rows identical to what is stored (not rewritten, so they do not replicate again). */
  unchanged: z.number().int().optional(),
  /**
   * One entry per refused line. `reason` is an English sentence; `code` and `params` let a
   * client say it in the user's language (see `importErrorCodes`).
   */
  errors: z.array(
    z.object({
      line: z.number().int(),
      reason: z.string(),
      code: z.enum(importErrorCodes).optional(),
      params: z.record(z.string(), z.string()).optional(),
    }),
  ),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const attachmentContentTypes = ['image/jpeg', 'image/webp'] as const;
export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;
export const attachmentResponseSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  bytes: z.number().int(),
  contentType: z.enum(attachmentContentTypes),
});

export const healthResponseSchema = z.object({
  ok: z.literal(true),
  db: z.literal('up'),
  version: z.string(),
});

/** Back-office intake of a complaint received by phone, e-mail, WhatsApp or walk-in. */
export const intakeChannelSchema = channelSchema.exclude(['technician_app', 'merchant_app']);

export { caseSchema };
