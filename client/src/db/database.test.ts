import 'fake-indexeddb/auto';
import { caseSchema, deviceSchema } from '@edc/shared';
import { addRxPlugin } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../lib/uuid.ts';
import { closeDb, dbNameFor, openDb } from './database.ts';
import {
  countCaseAttachments,
  findBlockingCase,
  findDevice,
  importPendingCases,
  listHolidays,
  listPendingAttachments,
  listRefusedAttachments,
  listSlaRules,
  observeMyCases,
  outboxStats,
  putAttachment,
  putDraft,
  refuseAttachment,
  submitCase,
} from './queries.ts';
import type { DeviceDoc } from './schemas.ts';

// Dev-mode checks our derived RxDB schemas (index/maxLength rules) in tests only.
// Dev-mode checks on, its "do not ship dev-mode" banner off (RxDB's documented switch).
disableWarnings();
addRxPlugin(RxDBDevModePlugin);

const now = '2026-11-25T03:41:00.000Z';

function device(i: number, overrides: Partial<DeviceDoc> = {}): DeviceDoc {
  return {
    id: `SN${String(i).padStart(8, '0')}`,
    serialNumber: `SN${String(i).padStart(8, '0')}`,
    model: 'Verifone X990',
    tid: `T${String(i).padStart(7, '0')}`,
    mid: `00000000000${String(i % 10000).padStart(4, '0')}`,
    status: 'on_operation',
    samSerial: `SAM${i}`,
    simSerial: `8962${String(i).padStart(15, '0')}`,
    region: 'JKT',
    updatedAt: now,
    ...overrides,
  };
}

describe('device database', () => {
  it("opens with the first screens' collections; SLA rules, holidays, FAQ and announcements follow", async () => {
    const db = await openDb(`later-${uuidv7()}`, { validate: true });
    // The home and device screens' collections are there when openDb resolves, the others not yet.
    for (const name of ['devices', 'merchants', 'cases', 'case_events', 'notifications'])
      expect(db.rx.collections).toHaveProperty(name);
    for (const name of ['sla_rules', 'holidays', 'faq_articles', 'announcements'])
      expect(db.rx.collections).not.toHaveProperty(name);
    // Their queries wait for them instead of failing.
    const rules = listSlaRules(db);
    const holidays = listHolidays(db);
    expect(await rules).toEqual([]);
    expect(await holidays).toEqual([]);
    await db.later;
    for (const name of ['sla_rules', 'holidays', 'faq_articles', 'announcements'])
      expect(db.rx.collections).toHaveProperty(name);
    await closeDb(db);
  });

  it('finds a device by serial, SAM serial, SIM serial and TID', async () => {
    const db = await openDb(`lookup-${uuidv7()}`, { validate: true });
    await db.rx.devices.bulkInsert([1, 2, 3].map((i) => device(i)));
    expect((await findDevice(db, 'SN00000002'))?.matchedBy).toBe('serialNumber');
    expect((await findDevice(db, ' sn00000002 '))?.device.id).toBe('SN00000002');
    expect(await findDevice(db, 'SAM3')).toMatchObject({
      matchedBy: 'samSerial',
      device: { id: 'SN00000003' },
    });
    expect((await findDevice(db, '8962000000000000001'))?.matchedBy).toBe('simSerial');
    expect((await findDevice(db, 'T0000001'))?.device.id).toBe('SN00000001');
    expect(await findDevice(db, 'NOPE')).toBeNull();
    await closeDb(db);
  });

  it('submits a draft into the outbox idempotently and keeps it across reopen', async () => {
    const userId = `submit-${uuidv7()}`;
    let db = await openDb(userId, { validate: true });
    const d = device(7);
    await db.rx.devices.insert(d);
    const id = uuidv7();
    const draft = {
      id,
      serialNumber: d.serialNumber,
      tid: d.tid,
      mid: d.mid,
      category: 'replace_device',
      subcase: 'dead',
      description: 'layar mati',
      replacementSerial: '',
      attachmentIds: [],
      reportedAt: now,
      updatedAt: now,
    };
    await putDraft(db, draft);
    const doc = await submitCase(db, { draft, username: 'tech1', now: new Date(now) });
    expect(caseSchema.safeParse({ ...doc, _deleted: false }).success).toBe(true);
    expect(doc.status).toBe('submitted');
    await submitCase(db, { draft, username: 'tech1', now: new Date(now) });
    expect((await outboxStats(db)).cases).toBe(1);
    expect((await findBlockingCase(db, d.tid, d.mid))?.id).toBe(id);
    await closeDb(db);
    db = await openDb(userId, { validate: true });
    const mine = await firstValueFrom(observeMyCases(db, { id: userId, username: 'tech1' }));
    expect(mine.map((c) => c.id)).toEqual([id]);
    expect(await importPendingCases(db, mine)).toBe(0);
    await closeDb(db);
  });

  it('a refused photo leaves the outbox with its reason and is not listed for upload again', async () => {
    const db = await openDb(`refused-${uuidv7()}`, { validate: true });
    const caseId = uuidv7();
    for (const id of [uuidv7(), uuidv7()]) {
      await putAttachment(db, {
        id,
        caseId,
        state: 'pending',
        contentType: 'image/jpeg',
        bytes: 3,
        blob: new Blob([new Uint8Array([0xff, 0xd8, 0xff])]),
        createdAt: now,
        attempts: 0,
      });
    }
    const [first] = await listPendingAttachments(db);
    if (!first) throw new Error('no pending photo');
    await refuseAttachment(db, first.id, { status: 415, code: 'unsupported_media_type' });
    expect((await listPendingAttachments(db)).map((a) => a.id)).not.toContain(first.id);
    expect((await outboxStats(db)).attachments).toBe(1);
    expect(await countCaseAttachments(db, caseId)).toBe(1);
    expect(await listRefusedAttachments(db, caseId)).toEqual([
      { id: first.id, status: 415, code: 'unsupported_media_type' },
    ]);
    await closeDb(db);
  });

  it('keeps users apart by database name', () => {
    expect(dbNameFor('tech1')).not.toBe(dbNameFor('tech2'));
    expect(dbNameFor('A')).not.toBe(dbNameFor('a_41'));
    expect(deviceSchema.safeParse({ ...device(1), _deleted: false }).success).toBe(true);
  });
});
