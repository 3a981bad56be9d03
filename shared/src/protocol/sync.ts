/**
 * Replication constants (DESIGN section 5) in a module without zod: a client reads them at
 * start-up (which collections to replicate, page size, the health and progress headers)
 * without building the wire schemas of `schemas/api.ts` and `schemas/entities.ts`, which it
 * needs only when it validates a page or a write (issue 16: on a slow phone their
 * construction was ~60 ms of the offline start). Exported from `@edc/shared` as before.
 */

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
export type SyncCollection = (typeof syncCollections)[number];

export const MAX_PULL_LIMIT = 1000;

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
