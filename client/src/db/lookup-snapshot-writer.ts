/**
 * Writes the lookup snapshot (`lookup-snapshot.ts`) of the signed-in technician from the
 * rows RxDB has stored, and keeps it true: any change to a device, a merchant or a case
 * (a sync page, a pushed or submitted case, another tab's write) removes the snapshot at
 * once, and it is written again once the changes have been quiet for a moment, off the
 * start's critical path. A start finds either a snapshot of the stored rows or none (then
 * its lookups wait for RxDB, as before).
 *
 * The rows are read with plain IndexedDB from RxDB's Dexie databases (as `early-jobs.ts`
 * reads the Tugas rows): one `getAll` per store, no RxDB documents built for thousands of
 * devices. Tied to RxDB's Dexie layout (store `docs`, `_deleted` stored as '0'/'1', the
 * `[_deleted+status+id]` index of cases): anything unexpected writes no snapshot.
 */
import { caseStatuses, nonBlockingStatuses } from '@edc/shared';
import { merge, type Subscription } from 'rxjs';
import type { EdcDb } from './database.ts';
import {
  CASES_SCHEMA_VERSION,
  DEVICES_SCHEMA_VERSION,
  dbNameFor,
  dexieDatabaseName,
  MERCHANTS_SCHEMA_VERSION,
} from './db-name.ts';
import { openExisting } from './early-jobs.ts';
import {
  clearSnapshot,
  hasSnapshot,
  type SnapshotRows,
  type WriteResult,
  writeSnapshot,
} from './lookup-snapshot.ts';

type Row = Record<string, unknown>;
type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const BLOCKING_STATUSES = caseStatuses.filter((s) => !(nonBlockingStatuses as readonly string[]).includes(s));

/** A stored row's RxDB `_deleted` ('0'/'1' in Dexie); undefined when the layout is not the expected one. */
function deleted(row: Row): boolean | undefined {
  const flag = row._deleted;
  if (flag === '0' || flag === false) return false;
  if (flag === '1' || flag === true) return true;
  return undefined;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** The live rows of one collection's store, or null if they cannot be read as expected. */
async function liveRows(
  factory: IDBFactory,
  userId: string,
  collection: string,
  version: number,
  read: (store: IDBObjectStore) => Promise<Row[]> = (store) => request(store.getAll()) as Promise<Row[]>,
): Promise<Row[] | null> {
  const db = await openExisting(factory, dexieDatabaseName(dbNameFor(userId), version, collection));
  if (!db) return null;
  try {
    if (!db.objectStoreNames.contains('docs')) return null;
    const rows = await read(db.transaction('docs', 'readonly').objectStore('docs'));
    const live: Row[] = [];
    for (const row of rows) {
      const gone = deleted(row);
      if (gone === undefined) return null;
      if (!gone) live.push(row);
    }
    return live;
  } finally {
    db.close();
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The snapshot's rows as RxDB holds them for `userId`, or null (not readable: no snapshot). */
export async function readSnapshotRows(
  factory: IDBFactory,
  userId: string,
  keyRange: typeof IDBKeyRange = IDBKeyRange,
): Promise<SnapshotRows | null> {
  const [deviceRows, merchantRows, caseRows] = await Promise.all([
    liveRows(factory, userId, 'devices', DEVICES_SCHEMA_VERSION),
    liveRows(factory, userId, 'merchants', MERCHANTS_SCHEMA_VERSION),
    liveRows(factory, userId, 'cases', CASES_SCHEMA_VERSION, async (store) => {
      const index = '[_deleted+status+id]';
      if (!store.indexNames.contains(index)) throw new Error('cases: no status index');
      const pages = await Promise.all(
        BLOCKING_STATUSES.map(
          (status) =>
            request(
              store.index(index).getAll(keyRange.bound(['0', status, ''], ['0', status, '\uffff'])),
            ) as Promise<Row[]>,
        ),
      );
      return pages.flat();
    }),
  ]).catch(() => [null, null, null] as const);
  if (!deviceRows || !merchantRows || !caseRows) return null;
  const devices: SnapshotRows['devices'][number][] = [];
  for (const row of deviceRows) {
    const id = text(row.id);
    const serialNumber = text(row.serialNumber);
    const tid = text(row.tid);
    const mid = text(row.mid);
    const status = text(row.status);
    if (!id || !serialNumber || !tid || !mid || !status) return null;
    const samSerial = text(row.samSerial);
    const simSerial = text(row.simSerial);
    devices.push({
      id,
      serialNumber,
      model: text(row.model) ?? '',
      tid,
      mid,
      status: status as SnapshotRows['devices'][number]['status'],
      ...(samSerial === undefined ? {} : { samSerial }),
      ...(simSerial === undefined ? {} : { simSerial }),
    });
  }
  const merchants = merchantRows.map((row) => ({
    mid: text(row.mid) ?? text(row.id) ?? '',
    name: text(row.name) ?? '',
    address: text(row.address) ?? '',
    city: text(row.city) ?? '',
  }));
  const blocking = caseRows
    .filter((row) => BLOCKING_STATUSES.includes(row.status as (typeof BLOCKING_STATUSES)[number]))
    .map((row) => {
      const caseNumber = text(row.caseNumber);
      return {
        id: text(row.id) ?? '',
        tid: text(row.tid) ?? '',
        mid: text(row.mid) ?? '',
        reportedAt: text(row.reportedAt) ?? '',
        status: row.status as SnapshotRows['blocking'][number]['status'],
        ...(caseNumber === undefined ? {} : { caseNumber }),
      };
    });
  return { devices, merchants, blocking };
}

export type SnapshotWriter = {
  /** No more writes (logout, the database closing); a write under way is dropped. */
  stop(): void;
  /** The pending write now (tests). */
  flush(): Promise<WriteResult | 'stale' | null>;
};

export type WriterOptions = {
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  storage?: StorageLike | null;
  /** Quiet time after the last change before the snapshot is written again. */
  quietMs?: number;
  maxChars?: number;
};

/** Keeps `db`'s user's snapshot true while `db` is open (see the header). */
export function startSnapshotWriter(db: EdcDb, options: WriterOptions = {}): SnapshotWriter {
  const storage =
    options.storage === undefined
      ? typeof localStorage === 'undefined'
        ? null
        : localStorage
      : options.storage;
  const factory = options.indexedDB ?? indexedDB;
  const quietMs = options.quietMs ?? 1000;
  let stopped = false;
  let generation = 0;
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const write = async (): Promise<WriteResult | 'stale' | null> => {
    timer = null;
    if (stopped) return null;
    const started = generation;
    const rows = await readSnapshotRows(factory, db.userId, options.IDBKeyRange);
    // A change while the rows were read: the next write (already scheduled) takes it.
    if (stopped || started !== generation) return 'stale';
    if (!rows) {
      clearSnapshot(storage);
      return null;
    }
    dirty = false;
    return writeSnapshot(db.userId, rows, { storage, maxChars: options.maxChars });
  };
  const schedule = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => void write().catch(() => undefined), quietMs);
  };

  const subscription: Subscription = merge(
    db.rx.devices.eventBulks$,
    db.rx.merchants.eventBulks$,
    db.rx.cases.eventBulks$,
  ).subscribe(() => {
    generation += 1;
    // At once, in the change's own task: a start from now on must not read the old rows.
    if (!dirty) {
      dirty = true;
      clearSnapshot(storage);
    }
    schedule();
  });
  // A phone without one yet (first start of this version, a region once too large): soon.
  if (!hasSnapshot(db.userId, storage)) schedule();

  return {
    stop() {
      stopped = true;
      subscription.unsubscribe();
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
    flush() {
      if (timer !== null) clearTimeout(timer);
      return write();
    },
  };
}
