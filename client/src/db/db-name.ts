/**
 * Names of a user's stored databases, without RxDB: read by `database.ts` and by the start-up
 * reads that run before the data layer's chunk is loaded (`early-jobs.ts`).
 */

/** RxDB database names allow `[a-z0-9_$-]` only; ids are mapped injectively enough for UUIDs/usernames. */
export function dbNameFor(userId: string): string {
  const safe = userId.toLowerCase().replace(/[^a-z0-9]/g, (ch) => `_${ch.charCodeAt(0).toString(16)}`);
  return `edc_u_${safe}`;
}

/** The `cases` schema version (schemas.ts); part of the name of its Dexie database. */
export const CASES_SCHEMA_VERSION = 2;
/** The `devices` and `merchants` schema versions (schemas.ts), for the lookup snapshot's reads. */
export const DEVICES_SCHEMA_VERSION = 1;
export const MERCHANTS_SCHEMA_VERSION = 1;

/** RxDB's Dexie storage names one IndexedDB database per collection and schema version. */
export function dexieDatabaseName(database: string, version: number, collection: string): string {
  return `rxdb-dexie-${database}--${version}--${collection}`;
}
