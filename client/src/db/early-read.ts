/**
 * Plain IndexedDB reads of RxDB's Dexie storage, for the start of the app before RxDB is
 * open (its chunk loads and every collection opens: ~600 ms on a slow phone). Shared by the
 * Tugas rows (`early-jobs.ts`) and the device lookup and count (`early-devices.ts`).
 *
 * Tied to RxDB's Dexie layout (`dexie-internals.ts`): one IndexedDB database per collection
 * and schema version (`dexieDatabaseName`), store `docs` keyed by the primary key, one index
 * per schema index named `[_deleted+<fields>+<primary key>]` (plus `[_deleted+<primary key>]`),
 * and `_deleted` stored as '0' (live) / '1'. Anything unexpected (no database, no store, no
 * such index) gives null, and the caller waits for RxDB. Kept free of Dexie and RxDB.
 */
import { dbNameFor, dexieDatabaseName } from './db-name.ts';

const DOCS = 'docs';
/** `_deleted` of a live row, as RxDB's Dexie storage indexes it. */
export const LIVE = '0';

/** The database if it exists (never creates it: RxDB does, with its own layout), else null. */
export function openExisting(factory: IDBFactory, name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name);
    } catch {
      resolve(null);
      return;
    }
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => resolve(null);
  });
}

function answer<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Reads of one collection's `docs` store, in one read-only transaction. */
export type DocsStore = {
  /** The stored row with this primary key (deleted rows included), or undefined. */
  get(key: string): Promise<Record<string, unknown> | undefined>;
  /** Rows of the index on exactly `fields` (`_deleted` first, primary key last) in `range`; null if there is no such index. */
  getAll(fields: readonly string[], range: IDBKeyRange): Promise<Record<string, unknown>[]> | null;
  /** Rows counted in that index's `range`; null if there is no such index. */
  count(fields: readonly string[], range: IDBKeyRange): Promise<number> | null;
};

/**
 * Runs `read` on the `docs` store of a collection of the user's database (RxDB's Dexie
 * storage, schema `version`), then closes it; null when that database or store is not there.
 */
export async function readDocs<T>(
  factory: IDBFactory,
  userId: string,
  collection: string,
  version: number,
  read: (store: DocsStore) => Promise<T | null> | null,
): Promise<T | null> {
  const db = await openExisting(factory, dexieDatabaseName(dbNameFor(userId), version, collection));
  if (!db) return null;
  try {
    if (!db.objectStoreNames.contains(DOCS)) return null;
    // One transaction per request: an IndexedDB transaction commits once a task ends with
    // nothing pending, so one kept across awaits would not survive every scheduler.
    const store = () => db.transaction(DOCS, 'readonly').objectStore(DOCS);
    const index = (fields: readonly string[]) => {
      const name = `[${fields.join('+')}]`;
      const docs = store();
      return docs.indexNames.contains(name) ? docs.index(name) : null;
    };
    return await read({
      get: (key) => answer(store().get(key) as IDBRequest<Record<string, unknown> | undefined>),
      getAll: (fields, range) => {
        const ix = index(fields);
        return ix ? answer(ix.getAll(range) as IDBRequest<Record<string, unknown>[]>) : null;
      },
      count: (fields, range) => {
        const ix = index(fields);
        return ix ? answer(ix.count(range)) : null;
      },
    });
  } finally {
    db.close();
  }
}

/** A stored row as the document RxDB's `toMutableJSON()` gives (its meta fields dropped). */
export function docOf<T>(row: Record<string, unknown>): T {
  const { _rev, _meta, _attachments, _deleted, ...doc } = row;
  return doc as T;
}
