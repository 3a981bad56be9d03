/**
 * The device's database: the ONLY module family that imports RxDB/Dexie (lint-enforced).
 * Owns: the per-user RxDB database `edc_u_<user>` (collections devices, merchants,
 * sla_rules, holidays, cases, case_events — the replicated state) and the per-user local
 * store (drafts, photo blobs, sync bookkeeping; see local-store.ts).
 *
 * One database per user id, so logging in as someone else never mixes data, and logging in
 * again as the same user reopens the same database — unsynced cases are never discarded.
 * Nothing here deletes user data; logout's wipe (logout-wipe.ts) keeps the unsent outbox.
 */
import { resolveCaseConflict } from '@edc/shared/domain';
import {
  addRxPlugin,
  createRxDatabase,
  deepEqual,
  type RxCollection,
  type RxConflictHandler,
  type RxDatabase,
  type WithDeleted,
} from 'rxdb';
import { RxDBQueryBuilderPlugin } from 'rxdb/plugins/query-builder';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { from, type Observable, switchMap } from 'rxjs';
import { dbNameFor } from './db-name.ts';
import { type LocalStore, openLocalStore } from './local-store.ts';
import { carryOverRows, listDatabases, type UpgradeProgress } from './schema-upgrades.ts';
import {
  type CaseDoc,
  type CaseEventDoc,
  type DeviceDoc,
  type DocTypes,
  type MerchantDoc,
  type NotificationDoc,
  rxSchemas,
  type SlaRuleDoc,
  withLocalAssignee,
  withLocalReadAt,
} from './schemas.ts';

addRxPlugin(RxDBQueryBuilderPlugin);

export type Collections = { [K in keyof DocTypes]: RxCollection<DocTypes[K]> };
export type EdcRxDatabase = RxDatabase<Collections>;

export type EdcDb = {
  userId: string;
  rx: EdcRxDatabase;
  local: LocalStore;
  /**
   * Settles when the collections no first screen needs (`LATER_COLLECTIONS`: SLA rules,
   * holidays, FAQ, announcements) are added too: `openDb` resolves before, so the home and
   * device screens do not wait for their creation. Everything that uses them awaits this
   * (their queries, the sync engine's start, close and logout's wipe); it never rejects
   * (an error is kept in `laterError` and thrown by `withLater`).
   */
  later: Promise<void>;
};

/** Added after `openDb` resolves (see `EdcDb.later`). */
export const LATER_COLLECTIONS = ['sla_rules', 'holidays', 'faq_articles', 'announcements'] as const;

/** Runs `use` once the later collections are there (throws their creation's error). */
export async function withLater<T>(db: EdcDb, use: () => T | Promise<T>): Promise<T> {
  await db.later;
  const error = laterErrors.get(db);
  if (error) throw error;
  return use();
}
const laterErrors = new WeakMap<EdcDb, Error>();

/** A live query of a later collection, subscribed once the collection is there. */
export function laterQuery$<T>(db: EdcDb, query: () => Observable<T>): Observable<T> {
  return from(withLater(db, () => undefined)).pipe(switchMap(query));
}

/** Storage options; tests pass fake-indexeddb here and turn on JSON-schema validation. */
export type StorageDeps = { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange; validate?: boolean };

export { dbNameFor };

/** Pull-only collections: the server is the only writer, so its state always wins. */
function serverWins<T>(): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => deepEqual(a, b),
    resolve: async (input) => input.realMasterState,
  };
}

/**
 * Cases: the shared rule — server-owned fields win; a case is immutable on the device after
 * submit, so the server's document wins whole. Push answers (accepted-and-enriched or
 * rejected docs) arrive here as "conflicts" and so replace the local `submitted` copy.
 * isEqual compares whole documents: same revision pair but enriched fields must still win.
 */
const caseConflictHandler: RxConflictHandler<CaseDoc> = {
  isEqual: (a, b) => deepEqual(a, b),
  resolve: async ({ realMasterState, newDocumentState }) =>
    resolveCaseConflict(newDocumentState, realMasterState) satisfies WithDeleted<CaseDoc>,
};

const open = new Map<string, Promise<EdcDb>>();

/** What opening may report: rows carried over from an older schema version (first start after an update). */
export type OpenHooks = {
  onUpgradeProgress?: (progress: UpgradeProgress) => void;
  /** Rows per step of a schema upgrade's copy (default 2,000; tests use small pages). */
  upgradePageSize?: number;
};

export function openDb(userId: string, deps: StorageDeps = {}, hooks: OpenHooks = {}): Promise<EdcDb> {
  const existing = open.get(userId);
  if (existing) return existing;
  const opening = createDb(userId, deps, hooks);
  open.set(userId, opening);
  opening.catch(() => open.delete(userId));
  return opening;
}

async function createDb(userId: string, deps: StorageDeps, hooks: OpenHooks): Promise<EdcDb> {
  // Listed, and the local store opened, while RxDB opens its collections: each is an
  // IndexedDB round trip of its own, and nothing below needs them until the carry-overs.
  const listing = listDatabases(deps.indexedDB ?? indexedDB);
  const dexie = getRxStorageDexie(
    deps.indexedDB && deps.IDBKeyRange ? { indexedDB: deps.indexedDB, IDBKeyRange: deps.IDBKeyRange } : {},
  );
  // Validation costs time on every write and ajv weighs ~100 KB: tests only (lazy chunk).
  const storage = deps.validate
    ? (await import('rxdb/plugins/validate-ajv')).wrappedValidateAjvStorage({ storage: dexie })
    : dexie;
  const name = dbNameFor(userId);
  const local = openLocalStore(`edc-local-${name}`);
  const localOpening = local.open();
  localOpening.catch(() => undefined); // awaited below; a failure surfaces there
  const rx = await createRxDatabase<Collections>({
    name,
    storage,
    // One tab per phone in practice; skipping cross-tab leader election makes the first
    // replication start immediately after a reload (measured by the cold-start bench).
    multiInstance: false,
    eventReduce: true,
    closeDuplicates: true,
  });
  // The collections the first screens read (home: devices, jobs, outbox, the nav's unread
  // count; the device screen: its merchant and blocking case) first; the others after
  // `openDb` has resolved (`EdcDb.later`): each collection is a storage instance (an
  // IndexedDB database of its own) and a schema to prepare on a slow phone's main thread.
  await rx.addCollections({
    devices: {
      schema: rxSchemas.devices,
      conflictHandler: serverWins(),
      // Version 0 → 1 only dropped an index: the rows are carried over by carryOverRows
      // below, not by RxDB's migration (far too slow for 100,000 devices; see that module).
      migrationStrategies: { 1: (doc: DeviceDoc) => doc },
      autoMigrate: false,
    },
    merchants: {
      schema: rxSchemas.merchants,
      conflictHandler: serverWins(),
      // 0 → 1 added optional fields only: rows carried over by carryOverRows below.
      migrationStrategies: { 1: (doc: MerchantDoc) => doc },
      autoMigrate: false,
    },
    notifications: {
      schema: rxSchemas.notifications,
      conflictHandler: serverWins(),
      // 0 → 1 added the `[readAt+type]` index: rows carried over below, unread ones with
      // `readAt: ''`.
      migrationStrategies: { 1: (doc: NotificationDoc) => withLocalReadAt(doc) },
      autoMigrate: false,
    },
    cases: {
      schema: rxSchemas.cases,
      conflictHandler: caseConflictHandler,
      // 0 → 1 added the optional `contactPhone`, 1 → 2 the `[assignee+status]` index: rows
      // (the outbox's unsent cases among them) carried over below, unassigned ones with
      // `assignee: ''`.
      migrationStrategies: { 1: (doc: CaseDoc) => doc, 2: (doc: CaseDoc) => withLocalAssignee(doc) },
      autoMigrate: false,
    },
    case_events: {
      schema: rxSchemas.case_events,
      conflictHandler: serverWins(),
      // 0 → 1 (`recategorized`) and 1 → 2 (`arrived`) only widened the type enum: rows
      // carried over as they are (below).
      migrationStrategies: { 1: (doc: CaseEventDoc) => doc, 2: (doc: CaseEventDoc) => doc },
      autoMigrate: false,
    },
  });
  // `assignee` is indexed, so required locally: a case made or replaced on this device (a
  // technician's or a merchant's, an imported outbox file, the outbox kept by logout) may
  // have none. Rows from the server get it in toLocalDoc, carried-over rows below.
  const assigneeOrBlank = (doc: CaseDoc) => {
    doc.assignee ??= '';
  };
  rx.cases.preInsert(assigneeOrBlank, false);
  rx.cases.preSave(assigneeOrBlank, false);
  // Likewise `readAt` of notifications (indexed: '' while unread). Replication writes below
  // these hooks, so pulled rows get it in toLocalDoc.
  const unreadOrRead = (doc: NotificationDoc) => {
    doc.readAt ??= '';
  };
  rx.notifications.preInsert(unreadOrRead, false);
  rx.notifications.preSave(unreadOrRead, false);
  await localOpening;
  const upgrade = { ...deps, existing: await listing };
  await carryOverRows(local, rx.devices, 0, upgrade, hooks.onUpgradeProgress, hooks.upgradePageSize);
  await carryOverRows(local, rx.merchants, 0, upgrade);
  // A phone holds version 1 (issue 14's) or 0: copy from whichever exists (the newer first;
  // once copied, the marker makes the other call a no-op).
  const cases = { ...upgrade, mapRow: withLocalAssignee };
  await carryOverRows(local, rx.cases, 1, cases, hooks.onUpgradeProgress, hooks.upgradePageSize);
  await carryOverRows(local, rx.cases, 0, cases, hooks.onUpgradeProgress, hooks.upgradePageSize);
  // A phone holds version 1 (issue 15's) or 0: copy from whichever exists (the newer first;
  // once copied, the marker makes the other call a no-op).
  await carryOverRows(local, rx.case_events, 1, upgrade, hooks.onUpgradeProgress, hooks.upgradePageSize);
  await carryOverRows(local, rx.case_events, 0, upgrade, hooks.onUpgradeProgress, hooks.upgradePageSize);
  await carryOverRows(
    local,
    rx.notifications,
    0,
    { ...upgrade, mapRow: withLocalReadAt },
    hooks.onUpgradeProgress,
    hooks.upgradePageSize,
  );
  const laterCollections = {
    sla_rules: {
      schema: rxSchemas.sla_rules,
      conflictHandler: serverWins(),
      // 0 → 1 added the optional `businessHours`: rows carried over by carryOverRows below.
      migrationStrategies: { 1: (doc: SlaRuleDoc) => doc },
      autoMigrate: false,
    },
    holidays: { schema: rxSchemas.holidays, conflictHandler: serverWins() },
    faq_articles: { schema: rxSchemas.faq_articles, conflictHandler: serverWins() },
    announcements: { schema: rxSchemas.announcements, conflictHandler: serverWins() },
  } satisfies { [K in (typeof LATER_COLLECTIONS)[number]]: unknown };
  const db: EdcDb = { userId, rx, local, later: Promise.resolve() };
  // In a task of its own, after the awaiting screens have taken the open database.
  db.later = new Promise<void>((resolve) => setTimeout(resolve, 0))
    .then(() => rx.addCollections(laterCollections))
    .then(() => carryOverRows(local, rx.sla_rules, 0, upgrade))
    .then(
      () => undefined,
      (error: unknown) => {
        laterErrors.set(db, error instanceof Error ? error : new Error(String(error)));
      },
    );
  return db;
}

/** Drops a database from the open-database cache (before removing it). */
export function forgetOpenDb(userId: string): void {
  open.delete(userId);
}

/** Closes (never deletes) a user's database. */
export async function closeDb(db: EdcDb): Promise<void> {
  if (open.get(db.userId) && db.rx.closed) return; // already removed (logout wipe) and reopened
  open.delete(db.userId);
  await db.later; // never closed under the later collections' creation
  db.local.close();
  if (!db.rx.closed) await db.rx.close();
}
