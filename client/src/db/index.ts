/**
 * Public API of the device database (see client/src/README.md). Import from here, not
 * from the individual modules.
 */

export * from './announcement-queries.ts';
export { closeDb, dbNameFor, type EdcDb, type OpenHooks, openDb, type StorageDeps } from './database.ts';
export { dropEarlyJobs } from './early-jobs.ts';
export * from './faq-queries.ts';
export type { AttachmentRecord, DraftRecord } from './local-store.ts';
export { type WipeResult, wipeExceptOutbox } from './logout-wipe.ts';
export * from './merchant-queries.ts';
export * from './queries.ts';
export {
  type PullOut,
  type PushRowOut,
  type ReplicationHandle,
  type ReplicationHandlers,
  startReplication,
} from './replication.ts';
export type { UpgradeProgress } from './schema-upgrades.ts';
export {
  type AnnouncementDoc,
  type CaseDoc,
  type CaseEventDoc,
  type DeviceDoc,
  type FaqArticleDoc,
  type HolidayDoc,
  type MerchantDoc,
  type NotificationDoc,
  type SlaRuleDoc,
  toLocalDoc,
} from './schemas.ts';
export { clearSession, loadSession, type StoredSession, saveSession } from './session-store.ts';
export { forgetPushRows, mirrorPushRows, takeSentByWorker } from './sw-outbox.ts';
export {
  dropStagedPages,
  mirrorPullCursor,
  pullPageKey,
  type StagedPage,
  stagedCollections,
  takeStagedPage,
} from './sw-refresh.ts';
export * from './work-queries.ts';
