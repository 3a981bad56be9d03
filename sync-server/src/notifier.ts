/**
 * Change pokes between server instances (DESIGN section 5: one SSE stream fed by
 * Postgres LISTEN/NOTIFY). The Postgres-backed implementation lives in
 * services/notify.ts; `createLocalNotifier` is the in-process stand-in for tests and
 * for code paths that need no fan-out.
 */
export type NotifyListener = (collection: string) => void;

export interface Notifier {
  /** Calls `fn` with the collection name of every committed change; returns unsubscribe. */
  subscribe(fn: NotifyListener): () => void;
  close(): Promise<void>;
}

/** In-process notifier: `emit` reaches this process's subscribers only. */
export function createLocalNotifier(): Notifier & { emit(collection: string): void } {
  const listeners = new Set<NotifyListener>();
  return {
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    emit(collection) {
      for (const fn of listeners) fn(collection);
    },
    async close() {
      listeners.clear();
    },
  };
}
