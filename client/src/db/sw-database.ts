/**
 * The small global Dexie databases the service worker shares with the page
 * (`edc-sw-outbox` in sw-outbox.ts, `edc-sw-refresh` in sw-refresh.ts). Owns nothing itself:
 * it opens one of them on first use and keeps it for the page's lifetime. Both are at Dexie
 * `version(1)`: public/push-sw.js reads and writes their tables with plain IndexedDB, so a
 * new table or index is a change to that script too.
 */
import Dexie from 'dexie';

/** A getter of the database `name` with these `stores`, opened on its first call. */
export function swDatabase<T extends Dexie>(name: string, stores: Record<string, string>): () => T {
  let db: T | null = null;
  return () => {
    if (!db) {
      const created = new Dexie(name) as T;
      created.version(1).stores(stores);
      db = created;
    }
    return db;
  };
}
