/**
 * The data layer as one lazy chunk: RxDB on Dexie (db/) and the sync engine (sync/engine),
 * about 100 KB gzip that the shell (app bar, bottom navigation, the screen's loading state)
 * does not need to paint. Only `providers.tsx` loads it (`loadDataLayer()`, from module load
 * when a session is stored), so its evaluation is a task of its own after the shell's, not
 * part of one long start-up task. The service worker precaches it like every chunk, so an
 * offline start finds it.
 *
 * Everything the shell and the components outside lazy screens call at run time goes
 * through here; they import db/ and sync/engine only as types.
 */
export {
  closeDb,
  markReadLocally,
  observeUnreadCount,
  observeUnreadRejections,
  openDb,
  wipeExceptOutbox,
} from '../db/index.ts';
export { startSnapshotWriter } from '../db/lookup-snapshot-writer.ts';
export { SyncEngine } from '../sync/engine.ts';
export { installBenchHook } from './bench-hook.ts';
