/**
 * What the device screen shows, read from local data, with a head start: the home screen
 * (typed serial or scan) starts the lookup at the tap, so the database work runs while the
 * router and React change screens instead of after the device screen has mounted.
 *
 * Before RxDB is open (right after a start) the lookup reads with plain IndexedDB
 * (`db/early-devices.ts`, the same answers as RxDB's queries); a device it does not find, or
 * data it cannot read that way, waits for RxDB (`undefined`): a "not found" popup is only
 * ever RxDB's answer. Once RxDB is open the screen looks again with it.
 */

import type { EdcDb } from '../../db/index.ts';
import {
  findBlockingCase,
  findBlockingCaseEarly,
  findDevice,
  findDeviceEarly,
  getMerchant,
  getMerchantEarly,
} from '../../db/index.ts';

export type DeviceLookup = NonNullable<Awaited<ReturnType<typeof lookupDevice>>>;
/** Where a lookup reads: RxDB once open (`db`), else the user's stored data directly. */
export type LookupSource = { db: EdcDb | null; userId: string };

async function lookupDevice(db: EdcDb, query: string) {
  const match = await findDevice(db, query);
  if (!match) return null;
  const [merchant, blocking] = await Promise.all([
    getMerchant(db, match.device.mid),
    findBlockingCase(db, match.device.tid, match.device.mid),
  ]);
  return { ...match, merchant, blocking };
}

/** The same lookup before RxDB is open; undefined: wait for RxDB. */
async function lookupEarly(userId: string, query: string): Promise<DeviceLookup | undefined> {
  // User Timing marks of the early path (printed per offline start by the cheap-phone bench).
  performance.mark('edc:early-lookup-start');
  const match = await findDeviceEarly(indexedDB, userId, query);
  if (!match) return undefined;
  const [merchant, blocking] = await Promise.all([
    getMerchantEarly(indexedDB, userId, match.device.mid),
    findBlockingCaseEarly(indexedDB, userId, match.device.tid, match.device.mid),
  ]);
  performance.mark('edc:early-lookup');
  if (merchant === undefined || blocking === undefined) return undefined;
  return { ...match, merchant, blocking };
}

/** A lookup's answer: the device, null (not found: RxDB's answer only), or undefined (RxDB not open yet). */
export type LookupAnswer = DeviceLookup | null | undefined;

const run = (source: LookupSource, query: string): Promise<LookupAnswer> =>
  source.db ? lookupDevice(source.db, query) : lookupEarly(source.userId, query);

/** At most one lookup started ahead (the one for the screen being opened). */
let ahead: { db: EdcDb | null; query: string; result: Promise<LookupAnswer> } | null = null;

/** Starts the lookup for `query` now; the device screen picks it up when it mounts. */
export function prefetchDeviceLookup(source: LookupSource, query: string): void {
  const result = run(source, query);
  result.catch(() => undefined); // reported by the screen that takes it
  ahead = { db: source.db, query, result };
}

/** The lookup started ahead for this query (taken once), or a fresh one. */
export function deviceLookup(source: LookupSource, query: string): Promise<LookupAnswer> {
  if (ahead && ahead.db === source.db && ahead.query === query) {
    const { result } = ahead;
    ahead = null;
    return result;
  }
  return run(source, query);
}

/** Whether a scanned code is a local device (a misread never opens another terminal's page). */
export async function isLocalDevice(source: LookupSource, code: string): Promise<boolean> {
  const match = source.db
    ? await findDevice(source.db, code)
    : await findDeviceEarly(indexedDB, source.userId, code);
  return Boolean(match);
}
