/**
 * Back-office (desk) reads over the device database. Owns no data of its own: it reads the
 * replicated `cases`, `case_events` and `merchants` collections, which the back office
 * holds in full. Documents are handed out read-only (`toJSON`, no deep clone) because the
 * desk re-reads ALL cases on every change: cloning 10,000+ documents each time would cost
 * more than the filtering itself.
 */
import { auditTime, map, type Observable } from 'rxjs';
import type { EdcDb } from './database.ts';
import { getKv, setKv } from './local-store.ts';
import type { CaseDoc, CaseEventDoc, MerchantDoc } from './schemas.ts';

// The desk never mutates these; the cast only drops RxDB's DeepReadonly wrapper type.
const readOnlyCase = (d: { toJSON(): unknown }): CaseDoc => d.toJSON() as CaseDoc;

/**
 * Replication writes arrive in bursts (a 1,000-row pull page, a pushed batch): the desk
 * re-reads everything per emission, so it takes the latest result at most every 200 ms.
 */
const BURST_MS = 200;

/** Every case on this device (the back office replicates all of them), in storage order. */
export function observeAllCases(db: EdcDb): Observable<readonly CaseDoc[]> {
  return db.rx.cases.find().$.pipe(
    auditTime(BURST_MS),
    map((docs) => docs.map(readOnlyCase)),
  );
}

/** Every `escalated` event (the queue's "escalated to me" reads who each case went to). */
export function observeEscalations(db: EdcDb): Observable<readonly CaseEventDoc[]> {
  return db.rx.case_events.find({ selector: { type: 'escalated' } }).$.pipe(
    auditTime(BURST_MS),
    map((docs) => docs.map((d) => d.toJSON() as CaseEventDoc)),
  );
}

/**
 * Every event's case, time and actor (the queue's unread marker reduces them to the latest
 * activity per case; features/desk/unread.ts). Read-only, no clone, bursts coalesced.
 */
export function observeEventTimes(
  db: EdcDb,
): Observable<readonly Pick<CaseEventDoc, 'caseId' | 'at' | 'actor'>[]> {
  return db.rx.case_events.find().$.pipe(
    auditTime(BURST_MS),
    map((docs) => docs.map((d) => d.toJSON() as CaseEventDoc)),
  );
}

const LAST_SEEN_KEY = 'desk:last-seen';

/** The user's last looks at cases (unread marker), as stored by {@link saveLastSeen}; null when none. */
export async function loadLastSeen(db: EdcDb): Promise<string | null> {
  return getKv(db, LAST_SEEN_KEY);
}

/** Stores the user's last looks (JSON) in their own local store. */
export async function saveLastSeen(db: EdcDb, json: string): Promise<void> {
  await setKv(db, LAST_SEEN_KEY, json);
}

/** Every merchant on this device, for MID → name/region lookups in the queue. */
export function observeAllMerchants(db: EdcDb): Observable<readonly MerchantDoc[]> {
  return db.rx.merchants.find().$.pipe(map((docs) => docs.map((d) => d.toJSON())));
}

/** Merchants whose MID starts with, or whose name contains, `query` (intake's MID picker). */
export async function searchMerchants(db: EdcDb, query: string, limit = 10): Promise<MerchantDoc[]> {
  const q = query.trim().toLowerCase();
  if (q.length < 2) return [];
  const all = await db.rx.merchants.find().exec();
  const out: MerchantDoc[] = [];
  for (const d of all) {
    const m = d.toJSON();
    if (m.mid.startsWith(q) || m.name.toLowerCase().includes(q)) out.push(d.toMutableJSON());
    if (out.length >= limit) break;
  }
  return out;
}
