import 'fake-indexeddb/auto';
import { caseEventSubmissionSchema, caseSchema, caseSubmissionSchema } from '@edc/shared';
import { addRxPlugin } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../lib/uuid.ts';
import { closeDb, openDb } from './database.ts';
import {
  addClientEvent,
  findCaseByNumber,
  isPendingEvent,
  listDevicesOfMid,
  observeAllCases,
  submitComplaint,
} from './merchant-queries.ts';
import { listPendingAttachments, outboxStats, putAttachment } from './queries.ts';

// Dev-mode checks on, its "do not ship dev-mode" banner off (RxDB's documented switch).
disableWarnings();
addRxPlugin(RxDBDevModePlugin);

const MID = '000810000000001';
const now = new Date('2026-11-25T03:41:00.000Z');

describe('merchant queries', () => {
  it('queues a complaint as a submitted merchant_app case, idempotently, in the shared outbox', async () => {
    const db = await openDb(`merchant-${uuidv7()}`, { validate: true });
    const id = uuidv7();
    const input = {
      id,
      category: 'transaction_settlement' as const,
      priority: 'major' as const,
      description: '  dana belum masuk  ',
      mid: MID,
      contactPhone: '+6281234567890',
      username: 'merchant1',
      now,
    };
    const doc = await submitComplaint(db, input);
    expect(doc).toMatchObject({
      status: 'submitted',
      channel: 'merchant_app',
      mid: MID,
      description: 'dana belum masuk',
      contactPhone: '+6281234567890',
    });
    expect(caseSchema.safeParse({ ...doc, _deleted: false }).success).toBe(true);
    // What the replication pushes is a valid submission (server-owned fields are stripped there).
    expect(caseSubmissionSchema.safeParse(doc).success).toBe(true);
    await submitComplaint(db, input);
    expect((await outboxStats(db)).cases).toBe(1);
    expect((await firstValueFrom(observeAllCases(db))).map((c) => c.id)).toEqual([id]);
    await closeDb(db);
  });

  it('sends a complaint with its photos: they move from draft to waiting for upload', async () => {
    const db = await openDb(`merchant-${uuidv7()}`, { validate: true });
    const id = uuidv7();
    const photo = (photoId: string, caseId: string) => ({
      id: photoId,
      caseId,
      state: 'draft' as const,
      contentType: 'image/jpeg' as const,
      bytes: 3,
      blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }),
      createdAt: now.toISOString(),
      attempts: 0,
    });
    const mine = uuidv7();
    const other = uuidv7();
    await putAttachment(db, photo(mine, id));
    await putAttachment(db, photo(other, uuidv7()));
    expect(await listPendingAttachments(db)).toEqual([]);
    const doc = await submitComplaint(db, {
      id,
      attachmentIds: [mine],
      category: 'other',
      description: 'struk buram',
      mid: MID,
      username: 'merchant1',
      now,
    });
    expect(doc.attachmentIds).toEqual([mine]);
    // Only this complaint's photo; another form's draft photo stays a draft.
    expect((await listPendingAttachments(db)).map((a) => a.id)).toEqual([mine]);
    expect((await outboxStats(db)).attachments).toBe(1);
    await closeDb(db);
  });

  it('finds a case by number and lists the MID’s terminals', async () => {
    const db = await openDb(`merchant-${uuidv7()}`, { validate: true });
    const doc = await submitComplaint(db, {
      category: 'other',
      description: 'x',
      mid: MID,
      username: 'merchant1',
      now,
    });
    await db.rx.cases.upsert({ ...doc, status: 'open', caseNumber: 'CASE-20261125-00042', serverRev: 1 });
    expect((await findCaseByNumber(db, ' case-20261125-00042 '))?.id).toBe(doc.id);
    expect(await findCaseByNumber(db, 'CASE-20261125-00043')).toBeNull();
    await db.rx.devices.bulkInsert(
      ['SN2', 'SN1', 'SN3'].map((sn, i) => ({
        id: sn,
        serialNumber: sn,
        model: 'X990',
        tid: `T000000${i}`,
        mid: i === 2 ? '000810000000002' : MID,
        status: 'on_operation' as const,
        samSerial: '',
        simSerial: '',
        region: 'JKT',
        updatedAt: now.toISOString(),
      })),
    );
    expect((await listDevicesOfMid(db, MID)).map((d) => d.serialNumber)).toEqual(['SN1', 'SN2']);
    await closeDb(db);
  });

  it('writes client events marked pending; the server copy (without the mark) reads as sent', async () => {
    const db = await openDb(`merchant-${uuidv7()}`, { validate: true });
    const caseId = uuidv7();
    const ev = await addClientEvent(db, {
      caseId,
      type: 'confirmed',
      satisfaction: 4,
      username: 'merchant1',
      now,
    });
    expect(isPendingEvent(ev)).toBe(true);
    const pushed = caseEventSubmissionSchema.parse(ev);
    expect(pushed.data).toMatchObject({ satisfaction: 4 });
    const { data, ...rest } = ev;
    expect(isPendingEvent({ ...rest, data: { satisfaction: 4 } })).toBe(false);
    await closeDb(db);
  });
});
