/**
 * The technician's Tugas rows read at start with plain IndexedDB, straight from the database
 * RxDB's Dexie storage keeps the cases in: from module load of the shell (`providers.tsx`,
 * once a stored technician session is found), while the data layer's chunk loads and RxDB
 * opens all its collections, which the job rows do not need. The job list takes them for its
 * first render, so the cards come with the home screen itself (issue 12: 200 jobs on screen
 * ≤ 100 ms after an offline start); RxDB's live query (`observeJobs`) takes over after.
 *
 * Read through `early-read.ts` (RxDB's Dexie layout, index `[_deleted+assignee+status+id]`):
 * anything unexpected gives null, and the list simply waits for RxDB. Kept free of Dexie and
 * RxDB (initial JavaScript).
 */
import { CASES_SCHEMA_VERSION } from './db-name.ts';
import { docOf, LIVE, readDocs } from './early-read.ts';
import type { CaseDoc } from './schemas.ts';

/** The statuses of a technician's job: assigned and not yet resolved. */
export const JOB_STATUSES: readonly CaseDoc['status'][] = ['open', 'in_progress'];
const INDEX = ['_deleted', 'assignee', 'status', 'id'];

type Early = { key: string; rows: CaseDoc[] | null | undefined };
let early: Early | null = null;

/** Starts the read for this user (once per user; a later call for another user replaces it). */
export function prefetchJobs(
  userId: string,
  username: string,
  factory: IDBFactory = indexedDB,
): Promise<void> {
  const key = `${userId}\n${username}`;
  const entry: Early = { key, rows: undefined };
  early = entry;
  return readJobRows(factory, userId, username).then(
    (rows) => {
      entry.rows = rows;
    },
    () => {
      entry.rows = null;
    },
  );
}

/** The rows read at start, when they are there for this user (not yet read: undefined). */
export function earlyJobs(userId: string, username: string): CaseDoc[] | undefined {
  return early?.key === `${userId}\n${username}` ? (early.rows ?? undefined) : undefined;
}

/** Once the list has shown them: a later visit of home must not start from old rows. */
export function dropEarlyJobs(): void {
  early = null;
}

/** Open and in-progress cases assigned to `username`, as RxDB's documents; null if not readable. */
export async function readJobRows(
  factory: IDBFactory,
  userId: string,
  username: string,
): Promise<CaseDoc[] | null> {
  if (!username) return [];
  // 'in_progress' < 'open': the two statuses bound the range (filtered below all the same).
  const range = IDBKeyRange.bound([LIVE, username, 'in_progress', ''], [LIVE, username, 'open', '\uffff']);
  const rows = await readDocs(factory, userId, 'cases', CASES_SCHEMA_VERSION, (docs) =>
    docs.getAll(INDEX, range),
  );
  return rows && jobDocs(rows);
}

/** Rows of RxDB's Dexie `docs` store (an index range that may hold other statuses) as the job documents RxDB would give. */
export function jobDocs(rows: readonly Record<string, unknown>[]): CaseDoc[] {
  return rows
    .filter((row) => JOB_STATUSES.includes(row.status as CaseDoc['status']))
    .map((row) => docOf<CaseDoc>(row));
}
