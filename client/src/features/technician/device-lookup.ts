/**
 * What the device screen shows, read from local data, with a head start: the home screen
 * (typed serial or scan) starts the lookup at the tap, so the database work runs while the
 * router and React change screens instead of after the device screen has mounted.
 *
 * Before RxDB is open (right after a start) the lookup answers from the technician's lookup
 * snapshot (`db/lookup-snapshot.ts`: the same answers as RxDB's queries, no IndexedDB read);
 * a device the snapshot does not hold waits for RxDB (`undefined`): a "not found" popup is
 * only ever RxDB's answer. Once RxDB is open the screen looks again with it.
 */

import type { EdcDb } from '../../db/index.ts';
import { findBlockingCase, findDevice, getMerchant } from '../../db/index.ts';
import { findInSnapshot, type SnapshotMatch } from '../../db/lookup-snapshot.ts';

/** What the device screen shows (RxDB's documents hold these fields and more). */
export type DeviceLookup = SnapshotMatch;
/** Where a lookup reads: RxDB once open (`db`), else the user's snapshot. */
export type LookupSource = { db: EdcDb | null; userId: string };
/** A lookup's answer: the device, null (not found: RxDB's answer only), or undefined (wait for RxDB). */
export type LookupAnswer = DeviceLookup | null | undefined;

async function lookupDevice(db: EdcDb, query: string): Promise<DeviceLookup | null> {
  const match = await findDevice(db, query);
  if (!match) return null;
  const [merchant, blocking] = await Promise.all([
    getMerchant(db, match.device.mid),
    findBlockingCase(db, match.device.tid, match.device.mid),
  ]);
  return { ...match, merchant, blocking };
}

const run = (source: LookupSource, query: string): Promise<LookupAnswer> =>
  source.db
    ? lookupDevice(source.db, query)
    : Promise.resolve(findInSnapshot(source.userId, query) ?? undefined);

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

/**
 * Whether a scanned code is a local device (a misread never opens another terminal's page).
 * Before RxDB is open only the snapshot answers: a code it does not hold is refused until
 * RxDB is there (the scanner keeps reading meanwhile).
 */
export async function isLocalDevice(source: LookupSource, code: string): Promise<boolean> {
  if (source.db) return (await findDevice(source.db, code)) !== null;
  return findInSnapshot(source.userId, code) !== null;
}
