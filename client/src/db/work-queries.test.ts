import 'fake-indexeddb/auto';
import type { Case } from '@edc/shared';
import { addRxPlugin } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { filter, firstValueFrom } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { uuidv7 } from '../lib/uuid.ts';
import { caseAt as at, caseDoc } from '../test/case-doc.ts';
import { closeDb, openDb } from './database.ts';
import { dropEarlyJobs, prefetchJobs, readJobRows } from './early-jobs.ts';
import {
  addOnSiteEvent,
  dismissRefusal,
  earlyJobCards,
  type JobCard,
  listRefusals,
  observeJobs,
  observeRefusals,
  readJobs,
  recordBatchRefusal,
  recordRefusals,
} from './work-queries.ts';

disableWarnings();
addRxPlugin(RxDBDevModePlugin);

const job = (over: Partial<Case>) => caseDoc(over);

describe('work queries', () => {
  it('lists only open/in-progress jobs assigned to the user, soonest due first', async () => {
    const db = await openDb(`jobs-${uuidv7()}`, { validate: true });
    const late = job({ assignee: 'tech1', dueAt: '2026-11-27T00:00:00.000Z' });
    const soon = job({ assignee: 'tech1', status: 'in_progress', dueAt: '2026-11-26T00:00:00.000Z' });
    await db.rx.cases.bulkInsert([
      late,
      soon,
      job({ assignee: 'tech2', dueAt: '2026-11-25T00:00:00.000Z' }),
      job({ assignee: 'tech1', status: 'resolved', dueAt: '2026-11-25T00:00:00.000Z' }),
    ]);
    await db.rx.merchants.insert({
      id: '000810000000001',
      mid: '000810000000001',
      name: 'Toko Sinar Jaya',
      address: 'Jl. Melati 5',
      city: 'Jakarta',
      region: 'JKT',
      phone: '+62215550101',
      status: 'active',
      updatedAt: at,
    });
    // The cards come from the cases first (nothing waits for the merchant lookup), then
    // again with their merchants once it answers.
    const seen: JobCard[][] = [];
    const sub = observeJobs(db, 'tech1').subscribe((cards) => seen.push(cards));
    await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(2));
    const [first, second] = seen;
    expect(first?.map((j) => j.job.id)).toEqual([soon.id, late.id]);
    expect(first?.map((j) => j.merchant)).toEqual([undefined, undefined]);
    expect(second?.map((j) => j.job.id)).toEqual([soon.id, late.id]);
    expect(second?.map((j) => j.merchant?.name)).toEqual(['Toko Sinar Jaya', 'Toko Sinar Jaya']);
    // A later change of the jobs renders with the merchants already known (no blank lines
    // again); only a MID not looked up yet waits for its lookup.
    await db.rx.cases.insert(job({ assignee: 'tech1', mid: '000810000000002', dueAt: at }));
    await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(4));
    const [third, fourth] = seen.slice(2);
    expect(third?.map((j) => j.merchant?.name)).toEqual([undefined, 'Toko Sinar Jaya', 'Toko Sinar Jaya']);
    expect(third?.[0]?.merchant).toBeUndefined();
    // The unknown MID is looked up: not stored, so `null` (the card shows the MID).
    expect(fourth?.map((j) => j.merchant?.name ?? j.merchant)).toEqual([
      null,
      'Toko Sinar Jaya',
      'Toko Sinar Jaya',
    ]);
    await db.rx.cases.insert(job({ assignee: 'tech2' }));
    await db.rx.cases.insert(job({ assignee: 'tech1', dueAt: '2026-12-01T00:00:00.000Z' }));
    await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(5));
    expect(seen[4]?.map((j) => j.merchant?.name ?? j.merchant)).toEqual([
      null,
      'Toko Sinar Jaya',
      'Toko Sinar Jaya',
      'Toko Sinar Jaya',
    ]);
    sub.unsubscribe();
    // No signed-in user: nothing, although unassigned cases are stored with assignee ''.
    await db.rx.cases.insert(job({}));
    expect(await firstValueFrom(observeJobs(db, ''))).toEqual([]);
    await closeDb(db);
  });

  it('reads the jobs straight from the index exactly as the RxDB query gives them', async () => {
    const userId = `jobs-direct-${uuidv7()}`;
    const db = await openDb(userId, { validate: true });
    const mine = [
      job({ assignee: 'tech1', dueAt: '2026-11-27T00:00:00.000Z', description: 'pakai | dan "kutip"' }),
      job({ assignee: 'tech1', status: 'in_progress', location: { lat: -6.2, lng: 106.8, accuracyM: 5 } }),
    ];
    await db.rx.cases.bulkInsert([
      ...mine,
      job({ assignee: 'tech1', status: 'resolved' }),
      job({ assignee: 'tech1', status: 'closed' }),
      job({ assignee: 'tech10' }),
      job({ assignee: 'tech' }),
      job({}),
    ]);
    const gone = job({ assignee: 'tech1' });
    await db.rx.cases.insert(gone);
    await (await db.rx.cases.findOne(gone.id).exec())?.remove();
    const viaRx = (
      await db.rx.cases
        .find({ selector: { assignee: 'tech1', status: { $in: ['open', 'in_progress'] } } })
        .exec()
    ).map((d) => d.toMutableJSON());
    const direct = await readJobs(db, 'tech1');
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(direct?.sort(byId)).toEqual(viaRx.sort(byId));
    expect(direct?.map((d) => d.id).sort()).toEqual(mine.map((d) => d.id).sort());
    expect(await readJobs(db, 'nobody')).toEqual([]);
    // The same rows read at start with plain IndexedDB, before RxDB is open (early-jobs.ts).
    const early = await readJobRows(indexedDB, userId, 'tech1');
    expect(early?.sort(byId)).toEqual(viaRx.sort(byId));
    expect(await readJobRows(indexedDB, userId, 'nobody')).toEqual([]);
    await closeDb(db);
    // A user with nothing stored: null, and no database is created for RxDB to trip over.
    const stranger = `nobody-${uuidv7()}`;
    expect(await readJobRows(indexedDB, stranger, 'tech1')).toBeNull();
    expect((await indexedDB.databases()).map((d) => d.name).filter((n) => n?.includes(stranger))).toEqual([]);
    // Taken by the list's first render through prefetchJobs / earlyJobCards, sorted by due.
    await prefetchJobs(userId, 'tech1');
    expect(earlyJobCards(userId, 'tech1')?.map((c) => c.job.id)).toEqual(
      [...mine].sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999')).map((c) => c.id),
    );
    expect(earlyJobCards(userId, 'tech2')).toBeUndefined();
    dropEarlyJobs();
    expect(earlyJobCards(userId, 'tech1')).toBeUndefined();
  });

  it('writes on-site events to the outbox with only the allowed data, and keeps refusals per case', async () => {
    const db = await openDb(`onsite-${uuidv7()}`, { validate: true });
    const c = job({ assignee: 'tech1' });
    await db.rx.cases.insert(c);
    const ev = await addOnSiteEvent(db, {
      caseId: c.id,
      type: 'arrived',
      username: 'tech1',
      now: new Date(at),
      data: { location: { lat: -6.2, lng: 106.8, accuracyM: 9 } },
    });
    expect(ev).toMatchObject({ type: 'arrived', actor: 'tech1', at, data: { location: { lat: -6.2 } } });
    await expect(
      addOnSiteEvent(db, {
        caseId: c.id,
        type: 'resolved',
        username: 'tech1',
        now: new Date(at),
        note: 'x'.repeat(5000),
      }),
    ).rejects.toThrow();

    const refused = {
      id: ev.id,
      caseId: c.id,
      type: 'started',
      at,
      actor: '',
      data: { refusedReason: 'illegal_transition' },
      _deleted: true,
    };
    expect(await recordRefusals(db, [refused, { ...refused, id: uuidv7(), _deleted: false, data: {} }])).toBe(
      1,
    );
    // A re-sent answer is not recorded twice.
    expect(await recordRefusals(db, [refused])).toBe(0);
    expect(await listRefusals(db, c.id)).toEqual([
      { eventId: ev.id, type: 'started', reason: 'illegal_transition', at },
    ]);
    expect(await listRefusals(db, uuidv7())).toEqual([]);
    await closeDb(db);
  });

  it('shows refusals live until dismissed; a whole push refused keeps every event with the status and code', async () => {
    const db = await openDb(`refusals-${uuidv7()}`, { validate: true });
    const caseId = uuidv7();
    const live = observeRefusals(db, caseId);
    expect(await firstValueFrom(live)).toEqual([]);
    const comment = { id: uuidv7(), caseId, type: 'comment', at, actor: 'merchant1', note: 'Kapan datang?' };
    const reopen = { ...comment, id: uuidv7(), type: 'reopened', note: 'Masih rusak' };
    const shown = firstValueFrom(live.pipe(filter((list) => list.length === 2)));
    expect(await recordBatchRefusal(db, [comment, reopen], { status: 413, code: 'payload_too_large' })).toBe(
      2,
    );
    const batch = { status: 413, code: 'payload_too_large' };
    expect(await shown).toEqual([
      { eventId: comment.id, type: 'comment', reason: 'invalid', at, note: 'Kapan datang?', batch },
      { eventId: reopen.id, type: 'reopened', reason: 'invalid', at, note: 'Masih rusak', batch },
    ]);
    const afterDismiss = firstValueFrom(live.pipe(filter((list) => list.length === 1)));
    await dismissRefusal(db, caseId, comment.id);
    expect((await afterDismiss).map((r) => r.eventId)).toEqual([reopen.id]);
    await dismissRefusal(db, caseId, reopen.id);
    expect(await listRefusals(db, caseId)).toEqual([]);
    await closeDb(db);
  });
});
