/**
 * The outbox as the service worker sees it (issue 13, Background Sync): RxDB's storage is
 * not readable from the worker, so every push the page attempts is first mirrored here,
 * in one small global Dexie database `edc-sw-outbox` that `public/push-sw.js` reads with
 * plain IndexedDB. Owns: tables `rows` (push rows not answered yet, per user) and `sent`
 * (rows the worker pushed while no page was open, with the server's answer for the page).
 *
 * The page and the worker never push at the same time (both hold the Web Lock
 * `edc-outbox`, sync/background-sync.ts), and the page never re-sends what the worker
 * sent: under the lock it takes the worker's answers first ({@link takeSentByWorker}).
 * A row is keyed by collection, document id and `clientRev` (cases) or the event id, so
 * a case edited after the worker sent it is a new row.
 */
import type { Dexie, EntityTable } from 'dexie';
import type { PushRowOut } from './replication.ts';
import { swDatabase } from './sw-database.ts';

export type MirroredRow = {
  key: string;
  userId: string;
  collection: string;
  row: PushRowOut;
  at: string;
};

export type SentRow = {
  key: string;
  userId: string;
  /** The server's document for this row when it was not stored as sent (accepted, numbered…). */
  answer: Record<string, unknown> | null;
};

type SwOutboxDb = Dexie & {
  rows: EntityTable<MirroredRow, 'key'>;
  sent: EntityTable<SentRow, 'key'>;
};

/** Database and table names shared with public/push-sw.js (which cannot import this). */
export const SW_OUTBOX_DB = 'edc-sw-outbox';

const db = swDatabase<SwOutboxDb>(SW_OUTBOX_DB, { rows: 'key, userId', sent: 'key, userId' });

/** The row's identity: collection, id and the client's revision of it. */
export function rowKey(collection: string, row: PushRowOut): string {
  const doc = row.newDocumentState;
  const rev = typeof doc.clientRev === 'string' ? doc.clientRev : '';
  return `${collection}|${String(doc.id)}|${rev}`;
}

/** Mirrors rows about to be pushed, so the worker can send them if the page goes away. */
export async function mirrorPushRows(
  userId: string,
  collection: string,
  rows: readonly PushRowOut[],
): Promise<void> {
  const at = new Date().toISOString();
  await db().rows.bulkPut(rows.map((row) => ({ key: rowKey(collection, row), userId, collection, row, at })));
}

/** The server answered these rows: the worker has nothing left to send for them. */
export async function forgetPushRows(collection: string, rows: readonly PushRowOut[]): Promise<void> {
  await db().rows.bulkDelete(rows.map((row) => rowKey(collection, row)));
}

/**
 * Splits `rows` into those the worker already pushed (their answers, to hand to RxDB as
 * the server's) and those still to send; the worker's records are consumed.
 */
export async function takeSentByWorker(
  userId: string,
  collection: string,
  rows: readonly PushRowOut[],
): Promise<{ answers: Record<string, unknown>[]; rest: PushRowOut[] }> {
  const keys = rows.map((row) => rowKey(collection, row));
  const sent = await db().sent.bulkGet(keys);
  const answers: Record<string, unknown>[] = [];
  const rest: PushRowOut[] = [];
  const taken: string[] = [];
  rows.forEach((row, i) => {
    const s = sent[i];
    if (s && s.userId === userId) {
      taken.push(s.key);
      if (s.answer) answers.push(s.answer);
    } else {
      rest.push(row);
    }
  });
  if (taken.length) await db().sent.bulkDelete(taken);
  return { answers, rest };
}
