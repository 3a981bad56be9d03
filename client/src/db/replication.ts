/**
 * Thin typed wrapper over RxDB's replication engine (`replicateRxCollection`), so that the
 * HTTP/SSE/auth side (client/src/sync/) never imports RxDB. Owns: the replication states
 * of the collections and their backoff (RxDB retries after `retryTime`; we double it on
 * every failure up to a cap and reset it on success), and, for the pushable collections, the
 * origin marker on rows pulled for the first time (dexie-internals.ts `keepDownstreamOrigin`:
 * without it a row whose replication record was lost to a closed page never took a server
 * change again).
 */
import type { Checkpoint, SyncCollection } from '@edc/shared';
import { getUnderlyingPersistentStorage, type RxCollection } from 'rxdb';
import { type RxReplicationState, replicateRxCollection } from 'rxdb/plugins/replication';
import type { Observable } from 'rxjs';
import { bootstrapPull } from './bootstrap.ts';
import type { EdcDb } from './database.ts';
import { dexieInstanceBelow, keepDownstreamOrigin } from './dexie-internals.ts';

export type PushRowOut = {
  assumedMasterState?: Record<string, unknown>;
  newDocumentState: Record<string, unknown>;
};
export type PullOut = { documents: Record<string, unknown>[]; checkpoint: Checkpoint | null };

export type ReplicationHandlers = {
  pull: (checkpoint: Checkpoint | undefined, batchSize: number) => Promise<PullOut>;
  /** Absent for pull-only collections. Returns the server's docs for rows not stored as sent. */
  push?: (rows: PushRowOut[]) => Promise<Record<string, unknown>[]>;
  /** Emits 'RESYNC' when the server pokes this collection or the connection comes back. */
  stream$: Observable<'RESYNC'>;
};

export type ReplicationHandle = {
  collection: SyncCollection;
  error$: Observable<unknown>;
  active$: Observable<boolean>;
  reSync: () => void;
  awaitInSync: () => Promise<true>;
  awaitInitialReplication: () => Promise<void>;
  cancel: () => Promise<void>;
};

const MIN_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

export function startReplication(
  db: EdcDb,
  collection: SyncCollection,
  handlers: ReplicationHandlers,
  options: {
    identifier: string;
    pullBatchSize: number;
    pushBatchSize: number;
    /** The first sync writes whole pages directly (db/bootstrap.ts). */
    bootstrap?: boolean;
  },
): ReplicationHandle {
  // The identifier includes the server origin: a different server means a fresh checkpoint.
  let state: RxReplicationState<Record<string, unknown>, Checkpoint> | null = null;
  const succeeded = () => {
    if (state) state.retryTime = MIN_RETRY_MS;
  };
  const failed = () => {
    if (state) state.retryTime = Math.min(MAX_RETRY_MS, (state.retryTime ?? MIN_RETRY_MS) * 2);
  };
  // Set up before the downstream's first write: pulled pages reach storage only after the
  // pull handler returned. Pull-only collections need no marker (RxDB keeps no replication
  // record for them, so a pulled row is never taken for a local write).
  let originKept: Promise<void> | null = null;
  const keepOrigin = () => {
    originKept ??= (async () => {
      const internal = state?.internalReplicationState;
      const storage = (db.rx[collection] as unknown as RxCollection).storageInstance;
      const dexie = dexieInstanceBelow(getUnderlyingPersistentStorage(storage));
      if (!internal || !dexie) return;
      const [context, origin] = await Promise.all([
        internal.downstreamBulkWriteFlag,
        internal.input.hashFunction(internal.input.identifier),
      ]);
      keepDownstreamOrigin(dexie, context, origin);
    })().catch(() => undefined); // a safety net: never the reason a pull fails
    return originKept;
  };
  const rs = replicateRxCollection<Record<string, unknown>, Checkpoint>({
    // RxCollection<DocType> is invariant in DocType; the handlers here are shape-agnostic.
    collection: db.rx[collection] as never,
    replicationIdentifier: options.identifier,
    live: true,
    retryTime: MIN_RETRY_MS,
    waitForLeadership: false,
    autoStart: true,
    pull: {
      batchSize: options.pullBatchSize,
      handler: async (checkpoint, batchSize) => {
        if (handlers.push) await keepOrigin();
        try {
          // No downstream checkpoint yet = first sync (or an interrupted one): bootstrap.
          const result =
            checkpoint === undefined && options.bootstrap && state
              ? await bootstrapPull(
                  db,
                  db.rx[collection] as never,
                  state,
                  options.identifier,
                  handlers.pull,
                  batchSize,
                )
              : await handlers.pull(checkpoint, batchSize);
          succeeded();
          return result as never;
        } catch (error) {
          failed();
          throw error;
        }
      },
      stream$: handlers.stream$,
    },
    push: handlers.push
      ? {
          batchSize: options.pushBatchSize,
          handler: async (rows) => {
            const push = handlers.push;
            if (!push) return [];
            try {
              const result = await push(rows as PushRowOut[]);
              succeeded();
              return result as never;
            } catch (error) {
              failed();
              throw error;
            }
          },
        }
      : undefined,
  });
  state = rs;
  return {
    collection,
    error$: rs.error$,
    active$: rs.active$,
    reSync: () => rs.reSync(),
    awaitInSync: () => rs.awaitInSync(),
    awaitInitialReplication: () => rs.awaitInitialReplication(),
    cancel: () => rs.cancel(),
  };
}
