/**
 * What the device screen shows, read from local data, with a head start: the home screen
 * (typed serial or scan) starts the lookup at the tap, so the database work runs while the
 * router and React change screens instead of after the device screen has mounted.
 */

import type { EdcDb } from '../../db/index.ts';
import { findBlockingCase, findDevice, getMerchant } from '../../db/index.ts';

export type DeviceLookup = NonNullable<Awaited<ReturnType<typeof lookupDevice>>>;

async function lookupDevice(db: EdcDb, query: string) {
  const match = await findDevice(db, query);
  if (!match) return null;
  const [merchant, blocking] = await Promise.all([
    getMerchant(db, match.device.mid),
    findBlockingCase(db, match.device.tid, match.device.mid),
  ]);
  return { ...match, merchant, blocking };
}

/** At most one lookup started ahead (the one for the screen being opened). */
let ahead: { db: EdcDb; query: string; result: Promise<DeviceLookup | null> } | null = null;

/** Starts the lookup for `query` now; the device screen picks it up when it mounts. */
export function prefetchDeviceLookup(db: EdcDb, query: string): void {
  const result = lookupDevice(db, query);
  result.catch(() => undefined); // reported by the screen that takes it
  ahead = { db, query, result };
}

/** The lookup started ahead for this query (taken once), or a fresh one. */
export function deviceLookup(db: EdcDb, query: string): Promise<DeviceLookup | null> {
  if (ahead && ahead.db === db && ahead.query === query) {
    const { result } = ahead;
    ahead = null;
    return result;
  }
  return lookupDevice(db, query);
}
