/**
 * Storage health as UI state (never a crash): persistence request on login, quota
 * estimate polling, and `QuotaExceededError` from any write turned into a banner.
 */
import { BehaviorSubject } from 'rxjs';

export type StorageState = {
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
  /** Usage above 90% of quota. */
  nearFull: boolean;
  /** A write failed for lack of space (cleared by the next estimate that shows room). */
  quotaExceeded: boolean;
};

export const storageState$ = new BehaviorSubject<StorageState>({
  persisted: null,
  usage: null,
  quota: null,
  nearFull: false,
  quotaExceeded: false,
});

const NEAR_FULL_RATIO = 0.9;

export function isQuotaError(error: unknown): boolean {
  if (!(error instanceof Error) && !(typeof DOMException !== 'undefined' && error instanceof DOMException)) {
    return false;
  }
  const { name, message } = error;
  // Dexie wraps it as QuotaExceededError; RxDB wraps storage errors with the original text.
  return name === 'QuotaExceededError' || /quota/i.test(message) || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/** Call from any catch around a local write: returns true when the error was a full disk. */
export function reportStorageError(error: unknown): boolean {
  if (!isQuotaError(error)) return false;
  storageState$.next({ ...storageState$.value, quotaExceeded: true });
  return true;
}

export async function requestPersistence(): Promise<boolean | null> {
  if (!navigator.storage?.persist) return null;
  try {
    const persisted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
    storageState$.next({ ...storageState$.value, persisted });
    return persisted;
  } catch {
    return null;
  }
}

export async function refreshEstimate(): Promise<void> {
  if (!navigator.storage?.estimate) return;
  try {
    const { usage = 0, quota = 0 } = await navigator.storage.estimate();
    const nearFull = quota > 0 && usage / quota >= NEAR_FULL_RATIO;
    storageState$.next({
      ...storageState$.value,
      usage,
      quota,
      nearFull,
      quotaExceeded: storageState$.value.quotaExceeded && nearFull,
    });
  } catch {
    // Estimate is advisory; never let it break the app.
  }
}

export function watchStorage(intervalMs = 60_000): () => void {
  // The first estimate waits for idle time (5 s at the latest): at start the storage
  // process is opening the app's databases, and the estimate walks its files (a quota
  // error meanwhile is still caught by the listener below).
  const first =
    typeof window.requestIdleCallback === 'function'
      ? window.requestIdleCallback(() => void refreshEstimate(), { timeout: 5000 })
      : window.setTimeout(() => void refreshEstimate(), 2000);
  const timer = setInterval(() => void refreshEstimate(), intervalMs);
  const onRejection = (event: PromiseRejectionEvent) => {
    if (reportStorageError(event.reason)) event.preventDefault();
  };
  window.addEventListener('unhandledrejection', onRejection);
  return () => {
    if (typeof window.cancelIdleCallback === 'function') window.cancelIdleCallback(first);
    else window.clearTimeout(first);
    clearInterval(timer);
    window.removeEventListener('unhandledrejection', onRejection);
  };
}
