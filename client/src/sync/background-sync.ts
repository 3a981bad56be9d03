/**
 * Background Sync on the page's side (issue 13): the outbox is pushed by the service
 * worker when connectivity returns even with the app closed (`public/push-sw.js`, event
 * `sync`, tag {@link OUTBOX_SYNC_TAG}). The page registers that tag whenever a push fails
 * for lack of network, and every push, the page's or the worker's, runs under the Web
 * Lock {@link OUTBOX_LOCK}, so the two never send at the same time. Browsers without
 * Background Sync (Firefox, Safari) push at the next open, as before.
 */
import type { SyncCollection } from '@edc/shared';

export const OUTBOX_LOCK = 'edc-outbox';
export const OUTBOX_SYNC_TAG = 'edc-outbox';
/**
 * Periodic Background Sync (where the browser grants it): the worker flushes the outbox, then
 * pulls {@link REFRESHED_COLLECTIONS} from the checkpoints the page mirrored and stages the
 * pages for RxDB's next pull (db/sw-refresh.ts).
 */
export const PERIODIC_TAG = 'edc-refresh';
/** What a technician or merchant needs fresh when opening the app with no signal. */
export const REFRESHED_COLLECTIONS: ReadonlySet<SyncCollection> = new Set(['cases', 'notifications']);
const PERIODIC_MIN_INTERVAL_MS = 12 * 3_600_000;

/** Runs `fn` holding the outbox lock (as is, where Web Locks are missing: Node tests). */
export async function withOutboxLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return fn();
  // (lib.dom types the callback's promise as the result; awaiting unwraps both.)
  return await locks.request(OUTBOX_LOCK, fn);
}

type SyncRegistration = ServiceWorkerRegistration & {
  sync?: { register(tag: string): Promise<void> };
  periodicSync?: { register(tag: string, options: { minInterval: number }): Promise<void> };
};

async function registration(): Promise<SyncRegistration | null> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;
  // Only an active, controlling worker: `ready` never settles without one (tests, dev).
  if (!navigator.serviceWorker.controller) return null;
  return navigator.serviceWorker.ready;
}

/** Asks the browser for a `sync` event when connectivity is back (no-op where unsupported). */
export async function requestOutboxSync(): Promise<void> {
  try {
    await (await registration())?.sync?.register(OUTBOX_SYNC_TAG);
  } catch {
    // Background Sync refused (permission, private mode): the next open pushes, as before.
  }
}

/** Periodic sync where the browser granted it (an installed app); never prompts. */
export async function requestPeriodicRefresh(): Promise<void> {
  try {
    const reg = await registration();
    if (!reg?.periodicSync) return;
    const state = await navigator.permissions.query({ name: 'periodic-background-sync' as PermissionName });
    if (state.state !== 'granted') return;
    await reg.periodicSync.register(PERIODIC_TAG, { minInterval: PERIODIC_MIN_INTERVAL_MS });
  } catch {
    // Unsupported or refused: nothing to do.
  }
}
