/**
 * Pull pages the service worker fetched while the app was closed (issue 13, Periodic
 * Background Sync `edc-refresh`), staged for RxDB. The worker cannot write RxDB's storage
 * (it would have to forge RxDB's private document, revision and checkpoint bookkeeping, and
 * a case edited offline is exactly where a forged row loses or doubles a change), so it only
 * pulls and keeps the answers here; at the next open RxDB's own pull takes them, through its
 * own downstream, conflict handler and checkpoint. One small global Dexie database
 * `edc-sw-refresh`, read and written by `public/push-sw.js` with plain IndexedDB. Owns:
 * - `cursors`: per user and collection, the pull checkpoint (and page size) the page last
 *   handed RxDB: where the worker starts.
 * - `pages`: per user and collection, pages keyed by the checkpoint each starts from
 *   ({@link pullPageKey}).
 *
 * Why a staged page is safe: it is the server's answer for exactly the checkpoint it starts
 * from, and it is given to RxDB only when RxDB asks for exactly that checkpoint and page
 * size. Checkpoints never skip a row (DESIGN section 5), so an answer from earlier is still a
 * correct page for that checkpoint: a row changed since has a newer txid and comes in a later
 * pull, and RxDB's next pull starts after the page. Anything else is dropped, never merged:
 * a page that does not start at RxDB's checkpoint (stale: the app pulled from the network
 * meanwhile), or after logout ({@link wipeRefreshStaging}).
 */
import type { Checkpoint } from '@edc/shared';
import type { Dexie, EntityTable } from 'dexie';
import { swDatabase } from './sw-database.ts';

export type PullCursor = {
  /** `${userId}|${collection}` */
  key: string;
  userId: string;
  collection: string;
  checkpoint: Checkpoint | null;
  batchSize: number;
  at: string;
};

/** A page as the worker stored it; unchecked until the engine parses it like any page. */
export type StagedPage = {
  /** `${userId}|${collection}|${from}` */
  key: string;
  userId: string;
  collection: string;
  /** {@link pullPageKey} of the checkpoint and page size the page was pulled with. */
  from: string;
  documents: unknown[];
  checkpoint: unknown;
  at: string;
};

type SwRefreshDb = Dexie & {
  cursors: EntityTable<PullCursor, 'key'>;
  pages: EntityTable<StagedPage, 'key'>;
};

/** Database name shared with public/push-sw.js (which cannot import this). */
export const SW_REFRESH_DB = 'edc-sw-refresh';

const db = swDatabase<SwRefreshDb>(SW_REFRESH_DB, { cursors: 'key', pages: 'key' });

/**
 * Identity of a pull request: checkpoint and page size (the worker builds the same string).
 * RxDB treats a page shorter than its page size as "caught up", so a page is only ever an
 * answer for the page size it was asked with.
 */
export function pullPageKey(checkpoint: Checkpoint | null | undefined, batchSize: number): string {
  return `${checkpoint?.txid ?? ''}/${checkpoint?.id ?? ''}/${batchSize}`;
}

const prefixOf = (userId: string, collection?: string) =>
  collection === undefined ? `${userId}|` : `${userId}|${collection}|`;

/** Mirrors the checkpoint the page just handed RxDB: the worker's next pull starts there. */
export async function mirrorPullCursor(
  userId: string,
  collection: string,
  checkpoint: Checkpoint | null,
  batchSize: number,
): Promise<void> {
  await db().cursors.put({
    key: `${userId}|${collection}`,
    userId,
    collection,
    checkpoint,
    batchSize,
    at: new Date().toISOString(),
  });
}

/** Collections of `userId` with staged pages (read once when the sync engine starts). */
export async function stagedCollections(userId: string): Promise<string[]> {
  const pages = await db().pages.where('key').startsWith(prefixOf(userId)).toArray();
  return [...new Set(pages.map((p) => p.collection))];
}

/**
 * The staged page that starts at exactly `checkpoint` and `batchSize`, taken (deleted) in
 * the same transaction; the pages chained after it stay for RxDB's next requests. No page
 * starts there: every staged page of the collection is stale and dropped.
 */
export async function takeStagedPage(
  userId: string,
  collection: string,
  checkpoint: Checkpoint | null | undefined,
  batchSize: number,
): Promise<StagedPage | null> {
  const t = db();
  return t.transaction('rw', t.pages, async () => {
    const key = `${prefixOf(userId, collection)}${pullPageKey(checkpoint, batchSize)}`;
    const page = await t.pages.get(key);
    if (page) await t.pages.delete(key);
    else await t.pages.where('key').startsWith(prefixOf(userId, collection)).delete();
    return page ?? null;
  });
}

/** Drops the staged pages of one collection (or all of `userId`'s). */
export async function dropStagedPages(userId: string, collection?: string): Promise<void> {
  await db().pages.where('key').startsWith(prefixOf(userId, collection)).delete();
}

/**
 * Logout: the user's cursors and staged pages go with the database. One transaction with
 * both tables: the worker stages a page only in a transaction that finds its cursor still
 * there, so nothing it fetched before the logout lands after it.
 */
export async function wipeRefreshStaging(userId: string): Promise<void> {
  const t = db();
  await t.transaction('rw', t.cursors, t.pages, async () => {
    await t.cursors.where('key').startsWith(prefixOf(userId)).delete();
    await t.pages.where('key').startsWith(prefixOf(userId)).delete();
  });
}
