/**
 * First-sync bootstrap of pull-only collections (devices, merchants, sla_rules, holidays).
 * Owns: the `bootstrap:<replication id>` progress record in the local store, and the
 * direct page writes into the collection's storage while its RxDB replication runs.
 *
 * Why: RxDB's downstream does per-document work for every pulled page (fork + meta lookups,
 * conflict-handler comparisons, revision bookkeeping): ~130 ms per 1,000 devices on the
 * main thread, 3–4× a raw bulk write. For a pull-only collection the server always wins and
 * the device never writes, so a page can be written as-is, in one storage bulkWrite.
 *
 * How (called as the pull handler while RxDB has no downstream checkpoint yet):
 * - Pages are fetched from the stored progress checkpoint (or the start). Every FULL page is
 *   written straight into the storage, then its checkpoint is stored as progress. The engine's
 *   pull prefetches the next page, so the write overlaps the next request.
 * - The first short page is returned to RxDB, which writes it and stores its own downstream
 *   checkpoint = the bootstrap's last checkpoint; from then on the live replication pulls
 *   from there (pokes during the bootstrap queue a RESYNC that runs right after). Checkpoints
 *   never skip (DESIGN section 5), so rows changed meanwhile come later with a newer txid.
 * - Interrupted (offline, reload): progress is stored only after its page is written, so the
 *   next run resumes there (re-writing at most one page, which is idempotent); without
 *   progress it starts from the beginning. Rows are never skipped.
 * - Writes carry the replication's own "downstream" context, so RxDB's upstream treats them
 *   like pulled rows and never pushes or re-scans them; we wait for the upstream's first
 *   scan (of the empty store) to finish before the first write for the same reason.
 */
import { type Checkpoint, checkpointSchema } from '@edc/shared';
import {
  type BulkWriteRow,
  createRevision,
  getUnderlyingPersistentStorage,
  now,
  type RxCollection,
  type RxDocumentData,
  type RxStorageInstance,
} from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { filter, firstValueFrom, merge } from 'rxjs';
import type { EdcDb } from './database.ts';
import { getKv, setKv } from './queries.ts';

type Doc = Record<string, unknown>;
type PullPage = { documents: Doc[]; checkpoint: Checkpoint | null };

export const bootstrapKey = (identifier: string) => `bootstrap:${identifier}`;

export async function loadBootstrapProgress(db: EdcDb, identifier: string): Promise<Checkpoint | undefined> {
  const raw = await getKv(db, bootstrapKey(identifier));
  if (!raw) return undefined;
  try {
    const parsed = checkpointSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Unreadable progress: starting over is always correct (pages are idempotent upserts).
    return undefined;
  }
}

/**
 * Runs the bootstrap as the answer to RxDB's first pull (no downstream checkpoint yet) and
 * returns the page RxDB must persist itself (short, so RxDB ends its initial pull there).
 */
export async function bootstrapPull(
  db: EdcDb,
  collection: RxCollection,
  rs: RxReplicationState<Doc, Checkpoint>,
  identifier: string,
  pull: (checkpoint: Checkpoint | undefined, batchSize: number) => Promise<PullPage>,
  batchSize: number,
): Promise<PullPage> {
  const internal = rs.internalReplicationState;
  const from = await loadBootstrapProgress(db, identifier);
  if (!internal) return pull(from, batchSize);
  let page = await pull(from, batchSize);
  if (page.documents.length < batchSize) return page;
  const ready = merge(
    internal.firstSyncDone.up.pipe(filter(Boolean)),
    internal.events.canceled.pipe(filter(Boolean)),
  );
  await firstValueFrom(ready);
  const context = await internal.downstreamBulkWriteFlag;
  // The same storage instance RxDB's downstream writes to (below any wrapper).
  const storage: RxStorageInstance<Doc, unknown, unknown> = getUnderlyingPersistentStorage(
    collection.storageInstance,
  );
  while (page.documents.length >= batchSize && page.checkpoint && !rs.isStopped()) {
    const next = page.checkpoint;
    await writePage(storage, db.rx.token, page.documents, context);
    await setKv(db, bootstrapKey(identifier), JSON.stringify(next));
    page = await pull(next, batchSize);
  }
  return page;
}

/** One bulkWrite per page; rows already present (a resumed page) are overwritten. */
async function writePage(
  storage: RxStorageInstance<Doc, unknown, unknown>,
  token: string,
  docs: Doc[],
  context: string,
): Promise<void> {
  const rows: BulkWriteRow<Doc>[] = docs.map((doc) => ({
    document: {
      ...doc,
      _deleted: doc._deleted === true,
      _attachments: {},
      _meta: { lwt: now() },
      _rev: createRevision(token),
    } satisfies RxDocumentData<Doc>,
  }));
  const first = await storage.bulkWrite(rows, context);
  if (first.error.length === 0) return;
  const key = primaryKey(storage);
  const byId = new Map(rows.map((r) => [String(r.document[key]), r]));
  const retry: BulkWriteRow<Doc>[] = [];
  for (const error of first.error) {
    const row = byId.get(error.documentId);
    if (error.status === 409 && error.documentInDb && row) {
      const previous = error.documentInDb;
      retry.push({ previous, document: { ...row.document, _rev: createRevision(token, previous) } });
    } else {
      throw new Error(`bootstrap write failed: ${error.status} ${error.documentId}`);
    }
  }
  if (retry.length === 0) return;
  const second = await storage.bulkWrite(retry, context);
  const failed = second.error[0];
  if (failed) throw new Error(`bootstrap write failed: ${failed.status} ${failed.documentId}`);
}

function primaryKey(storage: RxStorageInstance<Doc, unknown, unknown>): string {
  const key = storage.schema.primaryKey;
  return typeof key === 'string' ? key : key.key;
}
