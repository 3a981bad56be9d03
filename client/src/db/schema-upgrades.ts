/**
 * Owns: carrying a collection's stored rows over to a new schema version on phones that
 * already hold them, and the `schema:<collection>:<version>` markers in the local store.
 *
 * Why not RxDB's migration plugin: it moves every document through its replication
 * protocol, measured at ~4.5 ms per document in Chromium on this machine (20,000 devices:
 * 90 s), i.e. minutes for a technician's 100,000 devices, with the app blocked at start.
 * The upgrades here only drop or add indexes, so a stored row is already in its new form
 * (or, for an index on a field the server may omit, gains that field's local '' through
 * `mapRow`): the rows are copied (same `_rev`, `_meta`, `_deleted`), page by page, from the
 * old version's IndexedDB database into the new one, which IndexedDB does at the speed of a
 * first sync's writes, before anything reads the collection.
 *
 * Safety:
 * - The old database is deleted only after the copy completed and the marker was stored; a
 *   copy cut off midway (app killed) runs again in full on the next start (puts are
 *   idempotent) — nothing reads or writes the new rows before the copy returns.
 * - Once the marker is stored the copy never runs again, so a newer row (pulled after the
 *   upgrade) is never overwritten by an old one, even if deleting the old database failed.
 * - The replication checkpoint of the old version is not carried over (RxDB keys it by
 *   schema version): the first sync after an upgrade resumes from the bootstrap's progress
 *   record (db/bootstrap.ts), which stays true because every row up to it was copied, or
 *   re-reads from the start where there is none. Rows are never skipped.
 */
import { getUnderlyingPersistentStorage, type RxCollection } from 'rxdb';
import { dexieDatabaseName } from './db-name.ts';
import { dexieInstanceBelow } from './dexie-internals.ts';
import type { LocalStore } from './local-store.ts';

/** Rows per read/write step: bounded memory on a phone, few transactions. */
const PAGE = 2000;

export { dexieDatabaseName };

/** Rows carried over so far of the old version's total (for a progress indicator). */
export type UpgradeProgress = { copied: number; total: number };

export type UpgradeResult = { copied: number } | { skipped: 'no_old_data' | 'done_before' | 'no_dexie' };

/**
 * Copies the rows of `collection`'s previous schema version `from` into its current
 * storage (see the module comment). Call after the collection was added (with RxDB's own
 * migration off for it) and before anything uses it.
 */
export async function carryOverRows(
  local: LocalStore,
  collection: RxCollection,
  from: number,
  deps: {
    indexedDB?: IDBFactory | undefined;
    IDBKeyRange?: typeof IDBKeyRange | undefined;
    /** The names `indexedDB.databases()` gave, listed once for all carry-overs of a start. */
    existing?: ReadonlySet<string> | null | undefined;
    /**
     * Brings an old stored row into the new version's form (a newly indexed optional field
     * gets its local ''). The row's `_rev` stays: its content is the same document.
     */
    mapRow?: ((row: Record<string, unknown>) => Record<string, unknown>) | undefined;
  } = {},
  onProgress?: (progress: UpgradeProgress) => void,
  pageSize = PAGE,
): Promise<UpgradeResult> {
  const idb = deps.indexedDB ?? indexedDB;
  const keyRange = deps.IDBKeyRange ?? IDBKeyRange;
  const databaseName = collection.database.name;
  const oldName = dexieDatabaseName(databaseName, from, collection.name);
  const marker = `schema:${collection.name}:${collection.schema.version}`;
  const exists = deps.existing ? deps.existing.has(oldName) : await databaseExists(idb, oldName);
  if (!exists) return { skipped: 'no_old_data' };
  if (await local.kv.get(marker)) {
    deleteDatabase(idb, oldName);
    return { skipped: 'done_before' };
  }
  const dexie = dexieInstanceBelow(getUnderlyingPersistentStorage(collection.storageInstance));
  if (!dexie) return { skipped: 'no_dexie' };
  const { dexieTable } = await dexie.internals;
  const old = await request(idb.open(oldName));
  let copied = 0;
  try {
    // A database that exists without the docs store (never written) has nothing to copy.
    if (old.objectStoreNames.contains('docs')) {
      const total = await request(old.transaction('docs', 'readonly').objectStore('docs').count());
      onProgress?.({ copied, total });
      let after: IDBValidKey | undefined;
      for (;;) {
        const range = after === undefined ? undefined : keyRange.lowerBound(after, true);
        const rows = await request(
          old.transaction('docs', 'readonly').objectStore('docs').getAll(range, pageSize),
        );
        if (rows.length === 0) break;
        const mapRow = deps.mapRow;
        await dexieTable.bulkPut(mapRow ? (rows as Record<string, unknown>[]).map(mapRow) : rows);
        copied += rows.length;
        onProgress?.({ copied, total });
        after = (rows.at(-1) as Record<string, IDBValidKey>)[dexie.primaryPath];
        if (rows.length < pageSize) break;
      }
    }
  } finally {
    old.close();
  }
  await local.kv.put({ key: marker, value: new Date().toISOString() });
  deleteDatabase(idb, oldName);
  return { copied };
}

/**
 * Whether an IndexedDB database exists. `indexedDB.databases()` where the browser has it;
 * elsewhere an open that would have to create the database is aborted in its upgrade
 * (so nothing is created) and means "no".
 */
/**
 * The names of this origin's IndexedDB databases, or null where the browser cannot list
 * them (then each carry-over probes its own). One listing for the six carry-overs of a
 * start instead of six: each is a round trip to the browser's storage process.
 */
export async function listDatabases(idb: IDBFactory = indexedDB): Promise<ReadonlySet<string> | null> {
  if (typeof idb.databases !== 'function') return null;
  try {
    return new Set((await idb.databases()).flatMap((d) => (d.name ? [d.name] : [])));
  } catch {
    return null;
  }
}

async function databaseExists(idb: IDBFactory, name: string): Promise<boolean> {
  if (typeof idb.databases === 'function') {
    return (await idb.databases()).some((d) => d.name === name);
  }
  return new Promise((resolve) => {
    const req = idb.open(name);
    req.onupgradeneeded = () => {
      req.transaction?.abort();
    };
    req.onsuccess = () => {
      req.result.close();
      resolve(true);
    };
    req.onerror = () => resolve(false);
  });
}

/** Starts deleting; not awaited: another tab of an old version may hold it open (blocked). */
function deleteDatabase(idb: IDBFactory, name: string): void {
  const req = idb.deleteDatabase(name);
  req.onerror = () => undefined;
  req.onblocked = () => undefined;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}
