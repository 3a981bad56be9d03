/**
 * The technician's Tugas rows read at start with plain IndexedDB, straight from the database
 * RxDB's Dexie storage keeps the cases in: from module load of the shell (`providers.tsx`,
 * once a stored technician session is found), while the data layer's chunk loads and RxDB
 * opens all its collections, which the job rows do not need. The job list takes them for its
 * first render, so the cards come with the home screen itself (issue 12: 200 jobs on screen
 * ≤ 100 ms after an offline start); RxDB's live query (`observeJobs`) takes over after.
 *
 * Tied to RxDB's Dexie layout like `dexie-internals.ts` (store `docs`, index
 * `[_deleted+assignee+status+id]`, `_deleted` stored as '0'/'1'): anything unexpected gives
 * null, and the list simply waits for RxDB. Kept free of Dexie and RxDB (initial JavaScript).
 */
import { CASES_SCHEMA_VERSION, dbNameFor, dexieDatabaseName } from './db-name.ts';
import type { CaseDoc } from './schemas.ts';

/** The statuses of a technician's job: assigned and not yet resolved. */
export const JOB_STATUSES: readonly CaseDoc['status'][] = ['open', 'in_progress'];
const INDEX = '[_deleted+assignee+status+id]';

type Early = { key: string; rows: CaseDoc[] | null | undefined };
let early: Early | null = null;

/** Starts the read for this user (once per user; a later call for another user replaces it). */
export function prefetchJobs(
  userId: string,
  username: string,
  factory: IDBFactory = indexedDB,
): Promise<void> {
  const key = `${userId}\n${username}`;
  const entry: Early = { key, rows: undefined };
  early = entry;
  return readJobRows(factory, userId, username).then(
    (rows) => {
      entry.rows = rows;
    },
    () => {
      entry.rows = null;
    },
  );
}

/** The rows read at start, when they are there for this user (not yet read: undefined). */
export function earlyJobs(userId: string, username: string): CaseDoc[] | undefined {
  return early?.key === `${userId}\n${username}` ? (early.rows ?? undefined) : undefined;
}

/** Once the list has shown them: a later visit of home must not start from old rows. */
export function dropEarlyJobs(): void {
  early = null;
}

/** Open and in-progress cases assigned to `username`, as RxDB's documents; null if not readable. */
export async function readJobRows(
  factory: IDBFactory,
  userId: string,
  username: string,
): Promise<CaseDoc[] | null> {
  if (!username) return [];
  const db = await openExisting(factory, dexieDatabaseName(dbNameFor(userId), CASES_SCHEMA_VERSION, 'cases'));
  if (!db) return null;
  try {
    if (!db.objectStoreNames.contains('docs')) return null;
    const store = db.transaction('docs', 'readonly').objectStore('docs');
    if (!store.indexNames.contains(INDEX)) return null;
    // 'in_progress' < 'open': the two statuses bound the range (filtered below all the same).
    const range = IDBKeyRange.bound(['0', username, 'in_progress', ''], ['0', username, 'open', '\uffff']);
    const rows = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
      const request = store.index(INDEX).getAll(range);
      request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
      request.onerror = () => reject(request.error);
    });
    return jobDocs(rows);
  } finally {
    db.close();
  }
}

/** Rows of RxDB's Dexie `docs` store (an index range that may hold other statuses) as the job documents RxDB would give. */
export function jobDocs(rows: readonly Record<string, unknown>[]): CaseDoc[] {
  return rows
    .filter((row) => JOB_STATUSES.includes(row.status as CaseDoc['status']))
    .map(({ _rev, _meta, _attachments, _deleted, ...doc }) => doc as unknown as CaseDoc);
}

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
