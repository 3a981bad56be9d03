/**
 * Change fan-out between server instances (DESIGN sections 2 and 5). Every write to a
 * replicated table ends in `NOTIFY edc_sync, '<collection>'` (statement triggers from
 * migration 001, so a bulk import sends one notice, and Postgres folds duplicates within
 * a transaction and delivers only on commit). Each instance holds ONE LISTEN connection
 * (db/sync-listen.ts) and fans notices out to its in-process subscribers: the SSE
 * streams of routes/sync.ts. Pokes carry no data, so the collection name is all we pass;
 * clients re-pull through their scoped pull endpoint.
 */
import { syncCollections } from '@edc/shared';
import { type ListenConnection, listenForSyncNotices } from '../db/sync-listen.ts';
import type { Notifier, NotifyListener } from '../notifier.ts';

export type { Notifier, NotifyListener } from '../notifier.ts';

const knownCollections: ReadonlySet<string> = new Set(syncCollections);

/** The collection named by a NOTIFY payload (`cases`), or null for anything else. */
export function parseNotice(payload: string): string | null {
  const name = payload.trim();
  return knownCollections.has(name) ? name : null;
}

/** Set of listeners; one throwing listener never starves the others. */
function createFanout() {
  const listeners = new Set<NotifyListener>();
  return {
    subscribe(fn: NotifyListener): () => void {
      listeners.add(fn);
      return () => {
        listeners.delete(fn);
      };
    },
    emit(collection: string): void {
      for (const fn of listeners) {
        try {
          fn(collection);
        } catch (err) {
          console.error('[notify] listener failed:', err instanceof Error ? err.message : err);
        }
      }
    },
    clear(): void {
      listeners.clear();
    },
    size(): number {
      return listeners.size;
    },
  };
}

export type PgNotifier = Notifier & {
  /** Resolves once the LISTEN connection is up: a poke sent after this is not missed. */
  ready(): Promise<void>;
  /** Subscribers currently attached (tests check that SSE disconnects clean up). */
  listenerCount(): number;
};

export type PgNotifierOptions = {
  /** A `pg.Pool` (its connection settings are reused) or a client config / URL. */
  source: Parameters<typeof listenForSyncNotices>[0];
  onError?: (err: unknown) => void;
};

/**
 * The production notifier: one dedicated LISTEN connection that reconnects with backoff.
 * After a reconnect every collection is poked, because notices sent during the gap are
 * lost: a spurious re-pull is cheap, a missed one leaves a client stale until it polls.
 */
export function createPgNotifier(options: PgNotifierOptions): PgNotifier {
  const fanout = createFanout();
  const connection: ListenConnection = listenForSyncNotices(options.source, {
    onNotification(payload) {
      const collection = parseNotice(payload);
      if (collection) fanout.emit(collection);
    },
    onReconnect() {
      for (const collection of syncCollections) fanout.emit(collection);
    },
    onError:
      options.onError ??
      ((err) => console.error('[notify] LISTEN connection:', err instanceof Error ? err.message : err)),
  });
  return {
    subscribe: fanout.subscribe,
    ready: () => connection.ready,
    listenerCount: fanout.size,
    async close() {
      fanout.clear();
      await connection.close();
    },
  };
}
