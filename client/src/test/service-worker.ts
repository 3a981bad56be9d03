/**
 * The app's service worker script (public/push-sw.js, a classic script that Workbox's
 * sw.js pulls in with importScripts) run in a Node VM for unit tests, with the globals it
 * uses: the test's IndexedDB (fake-indexeddb, shared with the page-side code under test),
 * `fetch` against a test server, a Web Lock stand-in, and no window of the app open. Tests
 * call its top-level functions as the worker's event handlers do.
 */
import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';

export type WorkerScript = {
  /** `periodicsync` `edc-refresh`: flush the outbox, then stage pull pages. */
  refresh(): Promise<string>;
  /** The pull-and-stage half alone. */
  stagePulls(): Promise<string>;
};

export function loadWorkerScript(baseUrl: string): WorkerScript {
  const source = readFileSync(new URL('../../public/push-sw.js', import.meta.url), 'utf8');
  const self = {
    addEventListener: () => undefined,
    clients: { matchAll: async () => [] },
    location: { origin: baseUrl },
    navigator: {},
  };
  const context = createContext({
    self,
    indexedDB,
    IDBKeyRange,
    URL,
    URLSearchParams,
    console,
    // The worker's paths are relative to its origin.
    fetch: (path: string, init?: RequestInit) => fetch(new URL(path, baseUrl), init),
    navigator: { locks: { request: (_name: string, fn: () => Promise<unknown>) => fn() } },
  });
  runInContext(source, context, { filename: 'push-sw.js' });
  // Function declarations of a classic script are properties of its global object.
  const script = context as Partial<WorkerScript>;
  const { refresh, stagePulls } = script;
  if (!refresh || !stagePulls) throw new Error('push-sw.js: refresh/stagePulls not found');
  return { refresh, stagePulls };
}

/** Every row of `store` in the IndexedDB database `name` (plain IndexedDB, as the worker reads). */
export function readStore<T>(name: string, store: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(store)) {
        db.close();
        return resolve([]);
      }
      const get = db.transaction(store).objectStore(store).getAll();
      get.onsuccess = () => {
        db.close();
        resolve(get.result as T[]);
      };
      get.onerror = () => reject(get.error);
    };
  });
}
