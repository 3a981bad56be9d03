/**
 * Logout on a shared phone (issue 11): the user's replicated data (devices, merchants,
 * cases, events, SLA rules, holidays) leaves the phone, except what has not reached the
 * server yet — cases still `submitted`, events still marked local-pending, and photos
 * waiting for upload — plus the user's own drafts. Unsent work is never deleted here; the
 * UI says so and offers the outbox export before logging out.
 *
 * How: the kept rows are read, the whole RxDB database is removed (collections and their
 * replication checkpoints, so the next login pulls everything again instead of resuming
 * after rows that are gone), and the kept rows are written into a fresh one, from which
 * the next login's replication pushes them as before. The pull pages the service worker
 * staged for the user (db/sw-refresh.ts) and the lookup snapshot in localStorage
 * (db/lookup-snapshot.ts) are wiped with the database.
 */
import type { EdcDb, StorageDeps } from './database.ts';
import { closeDb, forgetOpenDb, openDb } from './database.ts';
import { clearSnapshot } from './lookup-snapshot.ts';
import { LOCAL_PENDING_KEY } from './merchant-queries.ts';
import { stripUndefined } from './queries.ts';
import type { CaseDoc, CaseEventDoc } from './schemas.ts';
import { wipeRefreshStaging } from './sw-refresh.ts';

export type WipeResult = { keptCases: number; keptEvents: number };

/** Removes `db`'s user data except the unsent outbox and drafts; closes `db`. */
export async function wipeExceptOutbox(db: EdcDb, deps: StorageDeps = {}): Promise<WipeResult> {
  const cases: CaseDoc[] = (await db.rx.cases.find({ selector: { status: 'submitted' } }).exec()).map((d) =>
    d.toMutableJSON(),
  );
  const events: CaseEventDoc[] = (await db.rx.case_events.find().exec())
    .map((d) => d.toMutableJSON())
    .filter((e) => e.data?.[LOCAL_PENDING_KEY] === true);

  // Photos: those of kept cases and of drafts stay; a refused one has nothing left to show.
  await db.local.transaction('rw', db.local.attachments, db.local.kv, async () => {
    await db.local.attachments.where('state').equals('refused').delete();
    await db.local.kv.clear();
  });
  // Pages the service worker pulled for this user while the app was closed go too, and the
  // lookup snapshot of the devices (lookup-snapshot.ts).
  await wipeRefreshStaging(db.userId);
  clearSnapshot();
  forgetOpenDb(db.userId);
  await db.later; // the later collections' creation done, so none is added to a removed database
  db.local.close();
  await db.rx.remove();

  const fresh = await openDb(db.userId, deps);
  try {
    if (cases.length > 0) await fresh.rx.cases.bulkInsert(cases.map((c) => stripUndefined(c)));
    if (events.length > 0) await fresh.rx.case_events.bulkInsert(events.map((e) => stripUndefined(e)));
  } finally {
    await closeDb(fresh);
  }
  return { keptCases: cases.length, keptEvents: events.length };
}
