/**
 * RxDB-on-Dexie internals the first-sync bootstrap and the schema upgrades reach below
 * RxDB's public API for: finding the Dexie storage instance under RxDB's wrappers, and
 * writing a page of rows straight into it the way the storage's own bulkWrite would
 * (same categorisation, document form and change-stream event). Owns nothing stored;
 * kept apart so the modules that use it do not import each other (see docs/architecture.md).
 * Tied to RxDB's storage-dexie internals: check it when RxDB is upgraded.
 */
import {
  type BulkWriteRow,
  categorizeBulkWriteRows,
  createRevision,
  getHeightOfRevision,
  type RxDocumentData,
  type RxStorageInstance,
} from 'rxdb';
import { fromDexieToStorage, fromStorageToDexie, RxStorageInstanceDexie } from 'rxdb/plugins/storage-dexie';

type Doc = Record<string, unknown>;

/**
 * RxDB's origin marker of a row written by the downstream of the replication whose
 * identifier hashes to `hash`, valid while the row keeps revision `rev` (see the header).
 */
export function withOrigin(document: RxDocumentData<Doc>, hash: string, lwt: number): RxDocumentData<Doc> {
  return { ...document, _meta: { lwt, o: { _rev: getHeightOfRevision(document._rev), hash } } };
}

/**
 * Puts the origin marker back on the rows a replication's downstream INSERTS (rows pulled
 * for the first time). The downstream marks every row it writes, so that a row whose
 * replication-meta record was never written (the page was closed or navigated away between
 * the row's write and the record's, two separate IndexedDB writes) is still known as the
 * server's, and the next pull replaces it. But RxDB's storage wrapper (17.6) gives every
 * insert a fresh `_meta` = `{lwt}`, so the marker of a new row is lost: such a row then
 * looks like an unpushed local write, every later pull leaves it alone, and, once the
 * upstream checkpoint has passed it, nothing ever pushes it either. A merchant's case
 * closed by the server's auto-close pass stayed "resolved" on the phone
 * (engine.test.ts, "a page closed between a pulled row and its replication record").
 * Updates keep the marker (the wrapper copies `_meta`). `context` is the downstream's write
 * context, `origin` its marker hash; patched once per storage instance, idempotent.
 */
export function keepDownstreamOrigin(
  storage: RxStorageInstanceDexie<Doc>,
  context: string,
  origin: string,
): void {
  let origins = downstreamOrigins.get(storage);
  if (!origins) {
    const known = new Map<string, string>();
    origins = known;
    downstreamOrigins.set(storage, known);
    // The instance's own bulkWrite (possibly a wrapper's, e.g. the tests' schema validation).
    const write = storage.bulkWrite.bind(storage);
    storage.bulkWrite = (rows, writeContext) => {
      const hash = known.get(writeContext);
      return write(hash ? rows.map((row) => markInsert(row, hash)) : rows, writeContext);
    };
  }
  origins.set(context, origin);
}

const downstreamOrigins = new WeakMap<object, Map<string, string>>();

/** An insert without the origin marker gains it (a new row object; the batch may share `_meta`). */
function markInsert(row: BulkWriteRow<Doc>, hash: string): BulkWriteRow<Doc> {
  if (row.previous || row.document._meta.o) return row;
  return { ...row, document: withOrigin(row.document, hash, row.document._meta.lwt) };
}

/** A stored row replaced by the server's version of it: next revision, same origin marker. */
function updateOf(row: BulkWriteRow<Doc>, previous: RxDocumentData<Doc>, token: string, hash: string) {
  const document = withOrigin(
    { ...row.document, _rev: createRevision(token, previous) },
    hash,
    row.document._meta.lwt,
  );
  return { previous, document };
}

/**
 * The Dexie storage instance under any wrappers (RxDB's own, and the schema validation
 * wrapper the tests add, which exposes `originalStorageInstance`), or null.
 */
export function dexieInstanceBelow(
  storage: RxStorageInstance<Doc, unknown, unknown>,
): RxStorageInstanceDexie<Doc> | null {
  let current: unknown = storage;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof RxStorageInstanceDexie) return current as RxStorageInstanceDexie<Doc>;
    const links = current as { underlyingPersistentStorage?: unknown; originalStorageInstance?: unknown };
    current = links.underlyingPersistentStorage ?? links.originalStorageInstance;
  }
  return null;
}

/**
 * The Dexie storage's bulkWrite, reading only the rows whose ids are `present` (known to
 * exist) instead of every id of the page (rows already present are overwritten: a resumed
 * page, a row changed on the server meanwhile).
 */
export async function writeDexiePage(
  storage: RxStorageInstanceDexie<Doc>,
  token: string,
  rows: BulkWriteRow<Doc>[],
  context: string,
  origin: string,
  present: string[],
): Promise<void> {
  const { dexieDb, dexieTable, booleanIndexes } = await storage.internals;
  const key = storage.primaryPath;
  const result = await dexieDb.transaction('rw', dexieTable, async () => {
    const inDb = new Map<string, RxDocumentData<Doc>>();
    if (present.length > 0) {
      for (const stored of await dexieTable.bulkGet(present)) {
        const doc = fromDexieToStorage<Doc>(booleanIndexes, stored);
        if (doc) inDb.set(String(doc[key]), doc);
      }
    }
    // A row already stored is an update of it: the server's version wins, as in the live pull.
    const writes = inDb.size
      ? rows.map((r) => {
          const previous = inDb.get(String(r.document[key]));
          return previous ? updateOf(r, previous, token, origin) : r;
        })
      : rows;
    const categorized = categorizeBulkWriteRows<Doc>(storage, key, inDb, writes, context);
    const failed = categorized.errors[0];
    if (failed) throw new Error(`bootstrap write failed: ${failed.status} ${failed.documentId}`);
    const put = [...categorized.bulkInsertDocs, ...categorized.bulkUpdateDocs].map((r) =>
      fromStorageToDexie<Doc>(booleanIndexes, r.document),
    );
    await dexieTable.bulkPut(put);
    return categorized;
  });
  // After the commit, like the storage itself: RxDB's document cache, live queries and the
  // replication (which knows `context` as its own downstream write) learn of the rows here.
  const { eventBulk, newestRow } = result;
  if (eventBulk.events.length > 0 && newestRow) {
    eventBulk.checkpoint = { id: newestRow.document[key], lwt: newestRow.document._meta.lwt };
    changeSubject(storage).next(eventBulk);
  }
}

/** The storage's change stream is a Subject it owns; RxDB reads it through changeStream(). */
function changeSubject(storage: RxStorageInstanceDexie<Doc>): { next: (bulk: unknown) => void } {
  const subject = (storage as unknown as { changes$?: { next?: unknown } }).changes$;
  if (!subject || typeof subject.next !== 'function') {
    throw new Error('RxDB Dexie storage without changes$: update db/bootstrap.ts for this RxDB version');
  }
  return subject as { next: (bulk: unknown) => void };
}

/**
 * Live rows whose indexed `fields` lie between `lower` and `upper` (inclusive), read with one
 * IndexedDB `getAll` over the storage's index on exactly those fields (RxDB puts `_deleted`
 * first and the primary key last), in storage form (meta fields included); null when the
 * storage has no such index. RxDB's own query walks the same index with a cursor, one
 * IndexedDB event per row: a first screen that needs a few hundred rows at start waits for
 * each of those events, behind whatever else runs then.
 */
export async function readIndexRange(
  storage: RxStorageInstanceDexie<Doc>,
  fields: readonly string[],
  lower: readonly unknown[],
  upper: readonly unknown[],
): Promise<RxDocumentData<Doc>[] | null> {
  const wanted = ['_deleted', ...fields, storage.primaryPath].join('+');
  const index = (storage.schema.indexes ?? [])
    .map((ix) => (Array.isArray(ix) ? ix : [ix]).join('+'))
    .find((name) => name === wanted);
  if (!index) return null;
  const { dexieTable, booleanIndexes } = await storage.internals;
  // `_deleted` is a boolean index: stored as '0' (live) / '1'. Primary keys are strings.
  const rows = await dexieTable
    .where(`[${index}]`)
    .between(['0', ...lower, ''], ['0', ...upper, '\uffff'], true, true)
    .toArray();
  return rows.map((row) => fromDexieToStorage<Doc>(booleanIndexes, row));
}
