/**
 * The persisted login session (user + tokens) so the app opens offline with the last
 * session. One tiny global IndexedDB database `edc-session`, separate from the per-user data:
 * logging out clears only this row — never a user's cases or outbox.
 * Owns: object store `session` (one row, key `current`).
 *
 * Plain IndexedDB, not Dexie: the session is read at module load, before the data layer's
 * chunk (RxDB on Dexie, shell/data-layer.ts) is fetched, so this module keeps Dexie out of
 * the initial JavaScript. The layout is the one Dexie created before (database version 10,
 * Dexie's `version(1)`; store `session` keyed by `key`), so a session stored by an earlier
 * build is read as it is, and `public/push-sw.js` reads and refreshes the same row.
 */
import type { PublicUser } from '@edc/shared';

export type StoredSession = {
  accessToken: string;
  refreshToken: string;
  user: PublicUser;
  /** When the session was created online (ISO). */
  loggedInAt: string;
};

type SessionRow = StoredSession & { key: 'current' };

const DB_NAME = 'edc-session';
const STORE = 'session';
/** Dexie stored `version(1)` as IndexedDB version 10; the same version keeps both readable. */
const DB_VERSION = 10;
const KEY = 'current';

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE))
        request.result.createObjectStore(STORE, { keyPath: 'key' });
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another context upgrading or deleting the database: let it, reopen on the next call.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error);
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

/** One request in its own transaction; resolves when the transaction has committed. */
async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = act(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error ?? request.error);
    tx.onabort = () => reject(tx.error ?? new Error(`${DB_NAME}: transaction aborted`));
  });
}

export async function loadSession(): Promise<StoredSession | null> {
  const row = (await run('readonly', (store) => store.get(KEY))) as SessionRow | undefined;
  if (!row) return null;
  const { key: _key, ...session } = row;
  return session;
}

export async function saveSession(session: StoredSession): Promise<void> {
  const row: SessionRow = { ...session, key: KEY };
  await run('readwrite', (store) => store.put(row));
}

export async function clearSession(): Promise<void> {
  await run('readwrite', (store) => store.delete(KEY));
}
