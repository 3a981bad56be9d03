import 'fake-indexeddb/auto';
import { addRxPlugin } from 'rxdb';
import { RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../lib/uuid.ts';
import { readStore } from '../test/service-worker.ts';
import { closeDb, openDb } from './database.ts';
import { wipeExceptOutbox } from './logout-wipe.ts';
import { addClientEvent } from './merchant-queries.ts';
import { getDraft, listPendingAttachments, putAttachment, putDraft, setKv, submitCase } from './queries.ts';
import { mirrorPullCursor } from './sw-refresh.ts';

addRxPlugin(RxDBDevModePlugin);

const now = '2026-11-25T03:41:00.000Z';
const photo = (id: string, caseId: string, state: 'draft' | 'pending' | 'refused') => ({
  id,
  caseId,
  state,
  contentType: 'image/jpeg' as const,
  bytes: 3,
  blob: new Blob([new Uint8Array([0xff, 0xd8, 0xff])]),
  createdAt: now,
  attempts: 0,
});

describe('logout wipe (issue 11)', () => {
  it('removes the replicated data (and what the worker stages for the user) but keeps the unsent outbox, drafts and their photos', async () => {
    const userId = `wipe-${uuidv7()}`;
    const db = await openDb(userId, { validate: true });
    const device = {
      id: 'SN00000007',
      serialNumber: 'SN00000007',
      model: 'Verifone X990',
      tid: 'T0000007',
      mid: '000000000000007',
      status: 'on_operation' as const,
      samSerial: 'SAM7',
      simSerial: '8962000000000000007',
      region: 'JKT',
      updatedAt: now,
    };
    await db.rx.devices.insert(device);
    const draftOf = (id: string) => ({
      id,
      serialNumber: device.serialNumber,
      tid: device.tid,
      mid: device.mid,
      category: 'replace_device',
      subcase: 'dead',
      description: 'layar mati',
      replacementSerial: '',
      attachmentIds: [],
      reportedAt: now,
      updatedAt: now,
    });
    // One case in the outbox (with a photo waiting), one the server already answered.
    const unsent = await submitCase(db, { draft: draftOf(uuidv7()), username: 'tech1', now: new Date(now) });
    await putAttachment(db, photo(uuidv7(), unsent.id, 'pending'));
    const answered = await submitCase(db, {
      draft: draftOf(uuidv7()),
      username: 'tech1',
      now: new Date(now),
    });
    const answeredDoc = await db.rx.cases.findOne(answered.id).exec();
    await answeredDoc?.incrementalPatch({
      status: 'open',
      serverRev: 3,
      caseNumber: 'CASE-20261125-00001',
    });
    await putAttachment(db, photo(uuidv7(), answered.id, 'refused'));
    // A comment not sent yet and one from the server.
    const pending = await addClientEvent(db, {
      caseId: answered.id,
      type: 'comment',
      note: 'belum terkirim',
      username: 'tech1',
      now: new Date(now),
    });
    await db.rx.case_events.insert({
      id: uuidv7(),
      caseId: answered.id,
      type: 'comment',
      at: now,
      actor: 'agent1',
      note: 'dari server',
    });
    const draft = draftOf(uuidv7());
    await putDraft(db, draft);
    await putAttachment(db, photo(uuidv7(), draft.id, 'draft'));
    await setKv(db, 'lastSyncAt', now);
    // Where the service worker's periodic pulls start for this user (and another user's).
    await mirrorPullCursor(userId, 'cases', { txid: '7', id: answered.id }, 1000);
    await mirrorPullCursor('someone-else', 'cases', null, 1000);

    expect(await wipeExceptOutbox(db, { validate: true })).toEqual({ keptCases: 1, keptEvents: 1 });

    const after = await openDb(userId, { validate: true });
    try {
      expect(await after.rx.devices.count().exec()).toBe(0);
      expect((await after.rx.cases.find().exec()).map((c) => [c.id, c.status])).toEqual([
        [unsent.id, 'submitted'],
      ]);
      expect((await after.rx.case_events.find().exec()).map((e) => e.id)).toEqual([pending.id]);
      expect((await listPendingAttachments(after)).map((a) => a.caseId)).toEqual([unsent.id]);
      expect(await after.local.attachments.where('state').equals('refused').count()).toBe(0);
      expect(await after.local.attachments.where('caseId').equals(draft.id).count()).toBe(1);
      expect(await getDraft(after, draft.id)).not.toBeNull();
      expect(await after.local.kv.count()).toBe(0);
      // The worker has nothing left to pull or stage for this user.
      expect((await readStore<{ key: string }>('edc-sw-refresh', 'cursors')).map((c) => c.key)).toEqual([
        'someone-else|cases',
      ]);
    } finally {
      await closeDb(after);
    }
  });
});
