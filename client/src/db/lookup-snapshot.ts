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

const HEAD = 'edc-lookup';

/** Tabs and newlines separate the fields and rows: escaped inside values. */
const escapeField = (value: string): string =>
  value.replace(/[\\\t\n]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : '\\n'));
const unescapeField = (value: string): string =>
  value.includes('\\')
    ? value.replace(/\\(.)/g, (_, ch: string) => (ch === 't' ? '\t' : ch === 'n' ? '\n' : ch))
    : value;
const line = (fields: readonly string[]): string => `${fields.map(escapeField).join('\t')}\n`;

/**
 * The stored text: three header lines (format, user, device count), then one line per row,
 * fields separated by tabs, so a lookup is a string search (no parse of thousands of rows
 * at start):
 * - `D id serial|'' model sam sim tid mid status` per device (serial empty when equal to id);
 * - `M mid name address city` per merchant;
 * - `B tid mid id caseNumber|'' status`: the case that blocks a new one on that TID/MID.
 */
export function encodeSnapshot(userId: string, rows: SnapshotRows): string {
  const parts = [`${HEAD} ${SNAPSHOT_FORMAT}\n${escapeField(userId)}\n${rows.devices.length}\n`];
  for (const v of rows.devices)
    parts.push(
      line([
        'D',
        v.id,
        v.serialNumber === v.id ? '' : v.serialNumber,
        v.model,
        v.samSerial ?? '',
        v.simSerial ?? '',
        v.tid,
        v.mid,
        v.status,
      ]),
    );
  for (const m of rows.merchants) parts.push(line(['M', m.mid, m.name, m.address, m.city]));
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
  for (const c of first.values())
    parts.push(line(['B', c.tid ?? '', c.mid, c.id, c.caseNumber ?? '', c.status]));
  return parts.join('');
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
  return { userId: unescapeField(text.slice(userAt, countAt - 1)), count, bodyAt, text };
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

/** The snapshot's text, read once for the lookups until RxDB is open. */
type Index = { storage: StorageLike | null; userId: string; text: string };
let index: Index | null = null;

/** Forgets the snapshot read for lookups (RxDB is open: lookups go there; or the snapshot changed). */
export function dropSnapshotIndex(): void {
  index = null;
}

function indexFor(userId: string, storage: StorageLike | null): Index | null {
  if (index?.userId === userId && index.storage === storage) return index;
  // User Timing marks of the first lookup's read (the cheap-phone benches print them).
  performance.mark('edc:snapshot-read');
  const header = readHeader(storage);
  if (!header || header.userId !== userId || userId === '') return null;
  index = { storage, userId, text: header.text };
  performance.mark('edc:snapshot-index');
  return index;
}

/** The fields of the row whose line starts at `start`. */
function rowAt(text: string, start: number): string[] {
  const end = text.indexOf('\n', start);
  return text
    .slice(start, end < 0 ? undefined : end)
    .split('\t')
    .map(unescapeField);
}

/** The row of `kind` whose first fields are `keys` (a unique key), or null. */
function rowByKey(text: string, kind: 'D' | 'M' | 'B', keys: readonly string[]): string[] | null {
  const at = text.indexOf(`\n${[kind, ...keys].map(escapeField).join('\t')}\t`);
  return at < 0 ? null : rowAt(text, at + 1);
}

/** Device rows whose column `column` holds `value`, as [row, line start]. */
function devicesWith(text: string, column: number, value: string): string[][] {
  const needle = `\t${escapeField(value)}\t`;
  const rows: string[][] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const start = text.lastIndexOf('\n', at) + 1;
    if (text[start] !== 'D' || text[start + 1] !== '\t') continue;
    let tabs = 0;
    for (let i = start; i <= at; i++) if (text.charCodeAt(i) === 9) tabs++;
    if (tabs === column) rows.push(rowAt(text, start));
  }
  return rows;
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
  const { text } = found;
  for (const value of candidates) {
    const row = rowByKey(text, 'D', [value]);
    if (row) return matchOf(text, row, 'serialNumber');
  }
  const fields = [
    ['samSerial', 4],
    ['simSerial', 5],
    ['tid', 6],
  ] as const;
  for (const [field, column] of fields) {
    // RxDB's findOne over the index answers the smallest (value, primary key) of the candidates.
    let best: string[] | undefined;
    for (const value of candidates)
      for (const row of devicesWith(text, column, value)) {
        const [v, id] = [row[column] ?? '', row[1] ?? ''];
        const [bv, bid] = [best?.[column] ?? '', best?.[1] ?? ''];
        if (!best || v < bv || (v === bv && id < bid)) best = row;
      }
    if (best) return matchOf(text, best, field);
  }
  return null;
}

function matchOf(text: string, row: readonly string[], matchedBy: LookupField): SnapshotMatch {
  const [, id = '', serial = '', model = '', sam = '', sim = '', tid = '', mid = '', status = ''] = row;
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
  const m = rowByKey(text, 'M', [mid]);
  const merchant: MerchantView | null = m
    ? { mid: m[1] ?? '', name: m[2] ?? '', address: m[3] ?? '', city: m[4] ?? '' }
    : null;
  const b = rowByKey(text, 'B', [tid, mid]);
  const blocking: BlockingView | null = b
    ? { id: b[3] ?? '', ...(b[4] ? { caseNumber: b[4] } : {}), status: b[5] as BlockingView['status'] }
    : null;
  return { device, matchedBy, merchant, blocking };
}
