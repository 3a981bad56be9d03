/**
 * `POST /api/desk/cases/bulk` (issue 15, back office): one action over the ticked cases of the
 * queue. Each case is its own transaction and gets its own answer, so one refusal never
 * undoes the others; the desk shows every answer in words.
 */
import { z } from 'zod';
import { uuidSchema } from './common.ts';
import { safeText } from './safe-text.ts';

const ids = z.array(uuidSchema).min(1).max(200);

export const bulkRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), ids, assignee: safeText().trim().min(1).max(100) }),
  /** Re-route to another team (a responsible unit of the catalogue): a `recategorized` event each. */
  z.object({ action: z.literal('team'), ids, team: safeText().trim().min(1).max(100) }),
  /** The same internal note on every case. */
  z.object({ action: z.literal('note'), ids, note: safeText().trim().min(1).max(4000) }),
  /**
   * Cancels every case but `survivorId` as a duplicate of it: a public note naming the surviving
   * case and `data.duplicateOf` / `data.duplicateOfNumber` on the `cancelled` event; the survivor
   * gets one internal note listing them. The survivor itself, ticked too, is answered `is_survivor`.
   */
  z.object({
    action: z.literal('close_duplicates'),
    ids,
    survivorId: uuidSchema,
    note: safeText().trim().max(1000).optional(),
  }),
]);
export type BulkRequest = z.infer<typeof bulkRequestSchema>;

/** Why one case of a bulk action was not changed. */
export const bulkFailureReasons = [
  'not_found',
  'is_survivor',
  'not_open',
  'unchanged',
  'invalid_assignee',
  'invalid_team',
  'forbidden',
  'conflict',
  'failed',
] as const;
export type BulkFailureReason = (typeof bulkFailureReasons)[number];

export const bulkResultSchema = z.object({
  results: z.array(
    z.object({
      id: uuidSchema,
      caseNumber: z.string().optional(),
      ok: z.boolean(),
      reason: z.enum(bulkFailureReasons).optional(),
    }),
  ),
  ok: z.number().int().min(0),
  failed: z.number().int().min(0),
});
export type BulkResult = z.infer<typeof bulkResultSchema>;
