/**
 * The lookup snapshot (issue 16, an offline start on a cheap phone): a compact copy of what
 * the device screen shows first for each of the signed-in technician's devices — serial,
 * model, SAM, SIM, TID, MID, status, the merchant's name and address, and the case that
 * blocks a new one — kept in localStorage, so that right after a start the home's lookup
 * and the device screen answer before RxDB has opened its collections (≈ 600 ms at CPU ×4),
 * without any IndexedDB read (perf16d: reads issued then wait behind RxDB's own opening).
 *
 * The data is the same the phone already holds in IndexedDB (the technician's regions), in
 * the same origin; it is tied to the user it was written for (never read for another),
 * versioned (`FORMAT`), bounded in size (a region too large has no snapshot: lookups wait
 * for RxDB as before), and removed with the rest of the local data at logout
 * (`logout-wipe.ts`) and as soon as any device, merchant or case changes, until the writer
 * (`lookup-snapshot-writer.ts`, in the data layer) has written it again from the stored rows.
 *
 * Read once per start: `snapshotCount` reads the header only (the home's device count);
 * the body is parsed and indexed at the first lookup (`findInSnapshot`), and dropped once
 * RxDB is open (`dropSnapshotIndex`). Kept free of Dexie, RxDB and zod (the home's chunk).
 */
import type { CaseDoc, DeviceDoc, MerchantDoc } from './schemas.ts';

/** localStorage key of the snapshot (one per phone: the signed-in user's). */
export const SNAPSHOT_KEY = 'edc.lookup-snapshot';
/** Format of the stored text; a snapshot of another format is never read (and rewritten). */
export const SNAPSHOT_FORMAT = 1;
/**
 * Largest snapshot written, in characters (localStorage allows ~5 M per origin, and the
 * whole area is loaded at the page's first localStorage access): ~20,000 devices.
 */
export const MAX_SNAPSHOT_CHARS = 3_000_000;

/** What the device screen shows of a device, a merchant and a blocking case. */
export type DeviceView = Pick<
  DeviceDoc,
  'id' | 'serialNumber' | 'model' | 'samSerial' | 'simSerial' | 'tid' | 'mid' | 'status'
>;
export type MerchantView = Pick<MerchantDoc, 'mid' | 'name' | 'address' | 'city'>;
export type BlockingView = Pick<CaseDoc, 'id' | 'caseNumber' | 'status'>;
export type LookupField = 'serialNumber' | 'samSerial' | 'simSerial' | 'tid';
export type SnapshotMatch = {
  device: DeviceView;
  matchedBy: LookupField;
  merchant: MerchantView | null;
  blocking: BlockingView | null;
};

/** The rows a snapshot is made of (as stored locally; deleted rows already left out). */
export type SnapshotRows = {
  devices: readonly DeviceView[];
  merchants: readonly MerchantView[];
  /** Cases that block a new one (status not closed/rejected/cancelled), any order. */
  blocking: readonly (BlockingView & Pick<CaseDoc, 'tid' | 'mid' | 'reportedAt'>)[];
};

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
const defaultStorage = (): StorageLike | null => (typeof localStorage === 'undefined' ? null : localStorage);

/** Body: merchants `[mid, name, address, city]`; devices `[id, serial|'', model, sam, sim, tid, merchant index|-1, mid, status]`; blocking `[tid, mid, id, caseNumber, status]`. */
type Body = {
  m: [string, string, string, string][];
  d: [string, string, string, string, string, string, number, string, string][];
  b: [string, string, string, string | null, string][];
};

const HEAD = 'edc-lookup';

/** The stored text: three header lines (format, user, device count), then the JSON body. */
export function encodeSnapshot(userId: string, rows: SnapshotRows): string {
  const merchantIndex = new Map<string, number>();
  const m: Body['m'] = [];
  for (const merchant of rows.merchants) {
    merchantIndex.set(merchant.mid, m.length);
    m.push([merchant.mid, merchant.name, merchant.address, merchant.city]);
  }
  const d: Body['d'] = rows.devices.map((v) => [
    v.id,
    v.serialNumber === v.id ? '' : v.serialNumber,
    v.model,
    v.samSerial ?? '',
    v.simSerial ?? '',
    v.tid,
    merchantIndex.get(v.mid) ?? -1,
    v.mid,
    v.status,
  ]);
  // The blocking case of a TID/MID is its earliest reported one (queries.ts findBlockingCase).
  const first = new Map<string, SnapshotRows['blocking'][number]>();
  for (const c of rows.blocking) {
    if (!c.tid) continue; // never the answer for a device's TID
    const key = `${c.tid}\n${c.mid}`;
    const seen = first.get(key);
    // Ties: RxDB's query gives rows in primary key order, and the sort is stable.
    const order = seen ? c.reportedAt.localeCompare(seen.reportedAt) : -1;
    if (order < 0 || (order === 0 && seen && c.id < seen.id)) first.set(key, c);
  }
  const b: Body['b'] = [...first.values()].map((c) => [
    c.tid ?? '',
    c.mid,
    c.id,
    c.caseNumber ?? null,
    c.status,
  ]);
  return `${HEAD} ${SNAPSHOT_FORMAT}\n${userId}\n${d.length}\n${JSON.stringify({ m, d, b })}`;
}

export type WriteResult = 'written' | 'too-large' | 'failed';

/**
 * Stores the user's snapshot, replacing any other. Too large for the bound, or refused by
 * the browser (quota): no snapshot at all, so lookups wait for RxDB as they did before.
 */
export function writeSnapshot(
  userId: string,
  rows: SnapshotRows,
  {
    storage = defaultStorage(),
    maxChars = MAX_SNAPSHOT_CHARS,
  }: { storage?: StorageLike | null; maxChars?: number } = {},
): WriteResult {
  if (!storage) return 'failed';
  const text = encodeSnapshot(userId, rows);
  dropSnapshotIndex();
  counted = undefined;
  if (text.length > maxChars) {
    clearSnapshot(storage);
    return 'too-large';
  }
  try {
    storage.setItem(SNAPSHOT_KEY, text);
    return 'written';
  } catch {
    clearSnapshot(storage);
    return 'failed';
  }
}

/** No snapshot (logout, a change not yet written again). */
export function clearSnapshot(storage: StorageLike | null = defaultStorage()): void {
  dropSnapshotIndex();
  counted = undefined;
  try {
    storage?.removeItem(SNAPSHOT_KEY);
  } catch {
    // nothing stored, nothing to remove
  }
}

type Header = { userId: string; count: number; bodyAt: number; text: string };

function readHeader(storage: StorageLike | null): Header | null {
  let text: string | null;
  try {
    text = storage?.getItem(SNAPSHOT_KEY) ?? null;
  } catch {
    return null;
  }
  if (!text?.startsWith(`${HEAD} ${SNAPSHOT_FORMAT}\n`)) return null;
  const userAt = text.indexOf('\n') + 1;
  const countAt = text.indexOf('\n', userAt) + 1;
  const bodyAt = text.indexOf('\n', countAt) + 1;
  if (countAt === 0 || bodyAt === 0) return null;
  const count = Number(text.slice(countAt, bodyAt - 1));
  if (!Number.isInteger(count) || count < 0) return null;
  return { userId: text.slice(userAt, countAt - 1), count, bodyAt, text };
}

/** Whether this user has a snapshot of this format (the home and device screen render before RxDB then). */
export function hasSnapshot(userId: string, storage: StorageLike | null = defaultStorage()): boolean {
  return snapshotCount(userId, storage) !== null;
}

/** The header read last (one read per start; forgotten when the snapshot is written or cleared). */
let counted: { storage: StorageLike | null; userId: string; count: number | null } | undefined;

/** The number of devices in this user's snapshot (what RxDB would count), or null without one. */
export function snapshotCount(userId: string, storage: StorageLike | null = defaultStorage()): number | null {
  if (counted?.storage === storage && counted.userId === userId) return counted.count;
  const header = readHeader(storage);
  const count = header && header.userId === userId && userId !== '' ? header.count : null;
  counted = { storage, userId, count };
  return count;
}

type Index = {
  storage: StorageLike | null;
  userId: string;
  byId: Map<string, number>;
  bySam: Map<string, number>;
  bySim: Map<string, number>;
  byTid: Map<string, number>;
  body: Body;
  blocking: Map<string, Body['b'][number]>;
};
let index: Index | null = null;

/** Forgets the parsed snapshot (RxDB is open: lookups go there; or the snapshot changed). */
export function dropSnapshotIndex(): void {
  index = null;
}

function indexFor(userId: string, storage: StorageLike | null): Index | null {
  if (index?.userId === userId && index.storage === storage) return index;
  // User Timing marks of the first lookup's read and parse (the cheap-phone benches print them).
  performance.mark('edc:snapshot-read');
  const header = readHeader(storage);
  if (!header || header.userId !== userId || userId === '') return null;
  let body: Body;
  try {
    body = JSON.parse(header.text.slice(header.bodyAt)) as Body;
  } catch {
    return null;
  }
  if (!Array.isArray(body?.m) || !Array.isArray(body.d) || !Array.isArray(body.b)) return null;
  const byId = new Map<string, number>();
  const bySam = new Map<string, number>();
  const bySim = new Map<string, number>();
  const byTid = new Map<string, number>();
  // A value held by several devices answers as RxDB's index does: the smallest primary key.
  const keep = (map: Map<string, number>, value: string, at: number) => {
    if (value === '') return;
    const other = map.get(value);
    if (other === undefined || (body.d[at]?.[0] ?? '') < (body.d[other]?.[0] ?? '')) map.set(value, at);
  };
  body.d.forEach(([id, , , sam, sim, tid], at) => {
    byId.set(id, at);
    keep(bySam, sam, at);
    keep(bySim, sim, at);
    keep(byTid, tid, at);
  });
  const blocking = new Map(body.b.map((row) => [`${row[0]}\n${row[1]}`, row] as const));
  index = { storage, userId, byId, bySam, bySim, byTid, body, blocking };
  performance.mark('edc:snapshot-index');
  return index;
}

/** Candidate spellings of what was typed/scanned: as is, and upper-cased (as queries.ts). */
function variants(query: string): string[] {
  const trimmed = query.trim();
  const upper = trimmed.toUpperCase();
  return upper === trimmed ? [trimmed] : [trimmed, upper];
}

/**
 * The device screen's data for a serial, SAM, SIM or TID, from this user's snapshot, with
 * the same answer as RxDB's lookup (queries.ts `findDevice`, `getMerchant`,
 * `findBlockingCase`); null when the snapshot does not hold it (or there is none): the
 * caller waits for RxDB, so a "not found" is only ever RxDB's answer.
 */
export function findInSnapshot(
  userId: string,
  query: string,
  storage: StorageLike | null = defaultStorage(),
): SnapshotMatch | null {
  const candidates = variants(query);
  if (candidates[0] === '') return null;
  const found = indexFor(userId, storage);
  if (!found) return null;
  for (const value of candidates) {
    const at = found.byId.get(value);
    if (at !== undefined) return matchAt(found, at, 'serialNumber');
  }
  const fields = [
    ['samSerial', found.bySam, 3],
    ['simSerial', found.bySim, 4],
    ['tid', found.byTid, 5],
  ] as const;
  for (const [field, map, column] of fields) {
    // RxDB's findOne over the index answers the smallest (value, primary key) of the candidates.
    let best: number | undefined;
    for (const value of candidates) {
      const at = map.get(value);
      if (at === undefined) continue;
      if (best === undefined) best = at;
      else {
        const a = found.body.d[at];
        const b = found.body.d[best];
        if (a && b && (a[column] < b[column] || (a[column] === b[column] && a[0] < b[0]))) best = at;
      }
    }
    if (best !== undefined) return matchAt(found, best, field);
  }
  return null;
}

function matchAt(found: Index, at: number, matchedBy: LookupField): SnapshotMatch | null {
  const row = found.body.d[at];
  if (!row) return null;
  const [id, serial, model, sam, sim, tid, merchantAt, mid, status] = row;
  const device: DeviceView = {
    id,
    serialNumber: serial === '' ? id : serial,
    model,
    tid,
    mid,
    status: status as DeviceView['status'],
    ...(sam === '' ? {} : { samSerial: sam }),
    ...(sim === '' ? {} : { simSerial: sim }),
  };
  const m = merchantAt >= 0 ? found.body.m[merchantAt] : undefined;
  const merchant: MerchantView | null = m ? { mid: m[0], name: m[1], address: m[2], city: m[3] } : null;
  const b = found.blocking.get(`${tid}\n${mid}`);
  const blocking: BlockingView | null = b
    ? { id: b[2], ...(b[3] === null ? {} : { caseNumber: b[3] }), status: b[4] as BlockingView['status'] }
    : null;
  return { device, matchedBy, merchant, blocking };
}
