/**
 * First-sync bootstrap of every replicated collection (devices, merchants, sla_rules,
 * holidays, cases, case_events).
 * Owns: the `bootstrap:<replication id>` progress record in the local store, and the
 * direct page writes into the collection's storage while its RxDB replication runs.
 *
 * Why: RxDB's downstream does per-document work for every pulled page (fork + meta lookups,
 * conflict-handler comparisons, revision bookkeeping, one replication-meta row written per
 * document): ~130–250 ms per 1,000 documents on the main thread, 3–4× a raw bulk write.
 * On a first sync the server's state is the whole truth (the device only ever adds new cases
 * and events, with new ids), so a page can be written as-is, in one storage write.
 * Pushable collections (cases, case_events) need one more thing so RxDB treats these rows
 * exactly like rows its own downstream wrote: the `_meta.o` origin marker (hash of the
 * replication identifier + revision height) RxDB puts on every pulled row. With it, a later
 * server change to such a row is applied by the live pull (RxDB otherwise takes a row without
 * replication meta for an unpushed local write and leaves it alone), and the upstream skips
 * the rows (they arrive on the change stream with the downstream context, which also moves
 * the upstream checkpoint past them).
 * And that write skips one more cost: the Dexie storage's bulkWrite first reads every id of
 * the page (Dexie's bulkGet is one IndexedDB request per key, ~1/3 of a page's write time)
 * to sort inserts from updates. A first sync writes new ids, so the bootstrap keeps the set of
 * ids the table holds (see `pageWriter`), reads only rows it knows exist, and then does what
 * the storage's bulkWrite does with the result: RxDB's own categorizeBulkWriteRows, the same
 * Dexie document form, one bulkPut in one transaction, and the same change-event bulk on
 * the storage's change stream (so the document cache and live queries see every row).
 *
 * How (called as the pull handler while RxDB has no downstream checkpoint yet):
 * - Pages are fetched from the stored progress checkpoint (or the start). Every FULL page is
 *   written straight into the storage, then its checkpoint is stored as progress. The engine's
 *   pull prefetches the next page, so the write overlaps the next request, and a page's write
 *   starts while the previous page's transaction is still committing (IndexedDB runs them in
 *   order), so this thread prepares a page while IndexedDB stores the one before.
 * - The first short page (possibly the first page) is written the same way except for its
 *   last row, which goes to RxDB: RxDB writes it and stores its own downstream checkpoint =
 *   the bootstrap's last checkpoint; from then on the live replication pulls from there
 *   (pokes during the bootstrap queue a RESYNC that runs right after). Checkpoints never
 *   skip (DESIGN section 5), so rows changed meanwhile come later with a newer txid. Only
 *   one row goes through RxDB because RxDB stamps a whole batch with one `lwt`, and its
 *   upstream re-reads the batch holding its checkpoint at every start; rows written here
 *   get one `lwt` each from RxDB's clock.
 * - Interrupted (offline, reload): progress is stored only after its page is written, so the
 *   next run resumes there (re-writing at most the two pages in flight, idempotent); without
 *   progress it starts from the beginning. Rows are never skipped.
 * - Writes carry the replication's own "downstream" context, so RxDB's upstream treats them
 *   like pulled rows and never pushes or re-scans them; we wait for the upstream's first
 *   scan (of the outbox) to finish before the first write for the same reason. If that scan
 *   does not finish soon (a push the server keeps refusing), the first page goes to RxDB the
 *   ordinary way instead and the collection syncs without the bootstrap.
 */
import { type Checkpoint, checkpointSchema } from '@edc/shared';
import {
  type BulkWriteRow,
  createRevision,
  getUnderlyingPersistentStorage,
  now,
  type RxCollection,
} from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { RxStorageInstanceDexie } from 'rxdb/plugins/storage-dexie';
import { filter, firstValueFrom, map, merge, timer } from 'rxjs';
import type { EdcDb } from './database.ts';
import { dexieInstanceBelow, withOrigin, writeDexiePage } from './dexie-internals.ts';
import { getKv, setKv } from './local-store.ts';

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
  // A page of one row gains nothing from the direct write.
  if (page.documents.length <= 1) return page;
  // The Dexie storage RxDB's downstream writes to (below any wrapper). Another storage (none
  // in the app) gets no bootstrap: the page goes to RxDB the ordinary way.
  const dexie = dexieInstanceBelow(getUnderlyingPersistentStorage(collection.storageInstance));
  if (!dexie) return page;
  const ready = merge(
    internal.firstSyncDone.up.pipe(filter(Boolean)),
    internal.events.canceled.pipe(filter(Boolean)),
    timer(UPSTREAM_WAIT_MS).pipe(map(() => 'timeout' as const)),
  );
  if ((await firstValueFrom(ready)) === 'timeout') return page;
  const context = await internal.downstreamBulkWriteFlag;
  const origin = await internal.input.hashFunction(internal.input.identifier);
  const writer = await pageWriter(dexie, db.rx.token, context, origin);
  // Two pages in flight: while one page's transaction commits (IndexedDB's work, off this
  // thread), the next page is already being cloned into its own transaction, which IndexedDB
  // runs right after (transactions on one store run in creation order). Progress records are
  // chained: each is stored after its own page was written (the order that makes resuming
  // safe), never ahead of it.
  let progress: Promise<void> = Promise.resolve();
  let inFlight: Promise<void> = Promise.resolve();
  try {
    while (page.documents.length >= batchSize && page.checkpoint && !rs.isStopped()) {
      const next = page.checkpoint;
      const t0 = performance.now();
      const written = writer.write(page.documents);
      written.then(
        () => performance.measure('edc:bootstrap-write', { start: t0, end: performance.now() }),
        () => undefined,
      );
      // At most one older page still committing: wait for it before pulling further.
      await inFlight;
      inFlight = written;
      progress = Promise.all([progress, written]).then(() =>
        setKv(db, bootstrapKey(identifier), JSON.stringify(next)),
      );
      progress.catch(() => undefined); // surfaced by the awaits below
      const t1 = performance.now();
      page = await pull(next, batchSize);
      // Where a first sync spends its time (read by the client benchmark; cheap otherwise).
      performance.measure('edc:bootstrap-pull-wait', { start: t1, end: performance.now() });
    }
    await inFlight;
    // The short last page too, all but its last row. RxDB writes a page under ONE `lwt`, and
    // its upstream, at every later start, re-reads the whole batch that holds its checkpoint
    // (its change query starts at that `lwt` and filters ids in memory): a 900-row last page
    // meant 900 rows read and matched on the main thread at each app start. Rows written here
    // carry increasing `lwt`s, so RxDB is left with a batch of one.
    if (page.documents.length > 1 && !rs.isStopped()) {
      await writer.write(page.documents.slice(0, -1));
      page = { documents: page.documents.slice(-1), checkpoint: page.checkpoint };
    }
  } finally {
    // A failed pull (offline) still lets the page in flight commit and record its progress,
    // so the next run resumes after it.
    await Promise.allSettled([inFlight, progress]);
    writer.close();
  }
  await progress;
  return page;
}

type PageWriter = { write(docs: Doc[]): Promise<void>; close(): void };

/**
 * Writes bootstrap pages into `storage`. For the Dexie storage it keeps the set of ids the
 * table holds, so a page needs no existence lookup at all (Dexie's bulkGet is one IndexedDB
 * request per key; even one key cursor walks every gap between random UUIDs): the ids present
 * when the bootstrap starts (one key-only read: the outbox, or the pages of an interrupted
 * run), every id it writes, and every id anyone else writes meanwhile (a case submitted during
 * the first sync), from the storage's change stream.
 */
async function pageWriter(
  dexie: RxStorageInstanceDexie<Doc>,
  token: string,
  context: string,
  origin: string,
): Promise<PageWriter> {
  const { dexieTable } = await dexie.internals;
  const known = new Set<string>();
  const sub = dexie.changeStream().subscribe((bulk) => {
    if (bulk.context === context) return; // ours (or RxDB's own downstream): recorded below
    for (const event of bulk.events) known.add(event.documentId);
  });
  for (const id of await dexieTable.toCollection().primaryKeys()) known.add(String(id));
  return {
    write(docs) {
      // Synchronously, in call order: which rows of this page exist (a row of an earlier page
      // counts even while that page is still committing: its transaction runs first), then
      // this page's ids are recorded for the pages after it.
      const rows = rowsOf(docs, token, origin);
      const key = dexie.primaryPath;
      const present = rows.map((r) => String(r.document[key])).filter((id) => known.has(id));
      for (const r of rows) known.add(String(r.document[key]));
      return writeDexiePage(dexie, token, rows, context, origin, present);
    },
    close: () => sub.unsubscribe(),
  };
}

/** How long a first page waits for the upstream's first scan before taking the RxDB path. */
const UPSTREAM_WAIT_MS = 10_000;

/** A page of server documents as storage rows (RxDB's stored form, with the origin marker). */
function rowsOf(docs: Doc[], token: string, origin: string): BulkWriteRow<Doc>[] {
  return docs.map((doc) => {
    // One `lwt` per row, from RxDB's own clock (strictly increasing, shared with every other
    // write): RxDB's change queries can then start right after any row (see bootstrapPull).
    const lwt = now();
    return {
      document: withOrigin(
        // Object.assign, not `{ ...doc, …four more }`: V8 builds the spread-then-extend object
        // in a slow mode (~3 µs per document, a second of a 100,000-device first sync).
        Object.assign({}, doc, {
          _deleted: doc._deleted === true,
          _attachments: {},
          _meta: { lwt },
          _rev: createRevision(token),
        }),
        origin,
        lwt,
      ),
    };
  });
}
