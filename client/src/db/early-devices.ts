/**
 * The device lookup and the device count with plain IndexedDB, for the start of the app
 * before RxDB is open: a technician who types a serial right after an offline start sees the
 * device screen without waiting for RxDB to open every collection (issue 16, offline start
 * on a cheap phone). Each read gives what the RxDB query of the same name in `queries.ts`
 * gives (`early-devices.test.ts` checks them side by side), or `undefined` when the stored
 * data cannot be read this way (no database yet, another layout): the caller then waits
 * for RxDB. Kept free of Dexie and RxDB; reads through `early-read.ts`.
 */
import { nonBlockingStatuses } from '@edc/shared';
import { CASES_SCHEMA_VERSION, DEVICES_SCHEMA_VERSION, MERCHANTS_SCHEMA_VERSION } from './db-name.ts';
import { type DocsStore, docOf, LIVE, readDocs } from './early-read.ts';
import type { CaseDoc, DeviceDoc, MerchantDoc } from './schemas.ts';

export type LookupField = 'serialNumber' | 'samSerial' | 'simSerial' | 'tid';
export type DeviceMatch = { device: DeviceDoc; matchedBy: LookupField };

/** Candidate spellings of what was typed/scanned: as is, and upper-cased (stickers are upper case). */
export function lookupVariants(query: string): string[] {
  const trimmed = query.trim();
  const upper = trimmed.toUpperCase();
  return upper === trimmed ? [trimmed] : [trimmed, upper];
}

/** The live rows of an index on `[_deleted+field+id]` whose `field` is `value`. */
function rowsWhere(store: DocsStore, field: string, value: string) {
  return store.getAll(['_deleted', field, 'id'], IDBKeyRange.bound([LIVE, value], [LIVE, value, []]));
}

const live = (row: Record<string, unknown> | undefined) => (row && row._deleted === LIVE ? row : undefined);
/** What a read found, told apart from readDocs' null (not readable). */
type Found<T> = { found: T | null };

/** As `findDevice`: by serial (primary key), then SAM serial, SIM serial, TID; lowest id of a field's matches. */
export async function findDeviceEarly(
  factory: IDBFactory,
  userId: string,
  query: string,
): Promise<DeviceMatch | null | undefined> {
  const candidates = lookupVariants(query);
  if (candidates[0] === '') return null;
  const result = await readDocs<Found<DeviceMatch>>(
    factory,
    userId,
    'devices',
    DEVICES_SCHEMA_VERSION,
    async (store) => {
      for (const value of candidates) {
        const row = live(await store.get(value));
        if (row) return { found: { device: docOf<DeviceDoc>(row), matchedBy: 'serialNumber' } };
      }
      for (const field of ['samSerial', 'simSerial', 'tid'] as const satisfies readonly LookupField[]) {
        const matches: Record<string, unknown>[] = [];
        for (const value of candidates) {
          const rows = await rowsWhere(store, field, value);
          if (!rows) return null;
          matches.push(...rows);
        }
        // RxDB's default order: the primary key as IndexedDB compares it (code units, not locale).
        const first = matches.sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1))[0];
        if (first) return { found: { device: docOf<DeviceDoc>(first), matchedBy: field } };
      }
      return { found: null };
    },
  );
  return result ? result.found : undefined;
}

/** As `countDevices`: the live devices stored. */
export async function countDevicesEarly(factory: IDBFactory, userId: string): Promise<number | undefined> {
  const count = await readDocs(factory, userId, 'devices', DEVICES_SCHEMA_VERSION, (store) =>
    store.count(['_deleted', 'id'], IDBKeyRange.bound([LIVE], [LIVE, []])),
  );
  return count ?? undefined;
}

/** As `getMerchant`. */
export async function getMerchantEarly(
  factory: IDBFactory,
  userId: string,
  mid: string,
): Promise<MerchantDoc | null | undefined> {
  const result = await readDocs<Found<MerchantDoc>>(
    factory,
    userId,
    'merchants',
    MERCHANTS_SCHEMA_VERSION,
    async (store) => {
      const row = live(await store.get(mid));
      return { found: row ? docOf<MerchantDoc>(row) : null };
    },
  );
  return result ? result.found : undefined;
}

/** As `findBlockingCase`: the earliest reported local case on this TID/MID that still blocks a new one. */
export async function findBlockingCaseEarly(
  factory: IDBFactory,
  userId: string,
  tid: string,
  mid: string,
): Promise<CaseDoc | null | undefined> {
  const rows = await readDocs(factory, userId, 'cases', CASES_SCHEMA_VERSION, (store) =>
    rowsWhere(store, 'mid', mid),
  );
  if (!rows) return undefined;
  const blocking = rows
    .map((row) => docOf<CaseDoc>(row))
    .filter((c) => c.tid === tid && !(nonBlockingStatuses as readonly string[]).includes(c.status))
    .sort((a, b) => a.reportedAt.localeCompare(b.reportedAt))[0];
  return blocking ?? null;
}
