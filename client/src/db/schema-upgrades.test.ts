import 'fake-indexeddb/auto';
import { caseSchema, notificationSchema } from '@edc/shared';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../lib/uuid.ts';
import { closeDb, dbNameFor, openDb } from './database.ts';
import { listDevicesOfMid } from './merchant-queries.ts';
import { findDevice, outboxStats } from './queries.ts';
import { dexieDatabaseName, listDatabases } from './schema-upgrades.ts';
import { type CaseDoc, type DeviceDoc, type NotificationDoc, rxSchemas, toRxSchema } from './schemas.ts';
import { markReadLocally, observeJobs, observeUnreadCount, observeUnreadRejections } from './work-queries.ts';

// Dev-mode checks on, its "do not ship dev-mode" banner off (RxDB's documented switch).
disableWarnings();
addRxPlugin(RxDBDevModePlugin);

/** The devices schema as version 0 stored it (with the `mid` index). */
const devicesV0: RxJsonSchema<DeviceDoc> = {
  ...rxSchemas.devices,
  version: 0,
  indexes: ['samSerial', 'simSerial', 'tid', 'mid'],
};

function device(i: number, model = 'Verifone X990'): DeviceDoc {
  return {
    id: `SN${String(i).padStart(8, '0')}`,
    serialNumber: `SN${String(i).padStart(8, '0')}`,
    model,
    tid: `T${String(i).padStart(7, '0')}`,
    mid: `00000000000${String(i % 100).padStart(4, '0')}`,
    status: 'on_operation',
    samSerial: `SAM${i}`,
    simSerial: `8962${String(i).padStart(15, '0')}`,
    region: 'JKT',
    updatedAt: '2026-11-25T03:41:00.000Z',
  };
}

/** A phone's database as the previous app version left it: devices stored at version 0. */
async function writeVersion0(userId: string, docs: DeviceDoc[]): Promise<Record<string, unknown>> {
  const rx = await createRxDatabase<{ devices: RxCollection<DeviceDoc> }>({
    name: dbNameFor(userId),
    storage: wrappedValidateAjvStorage({ storage: getRxStorageDexie() }),
    multiInstance: false,
    closeDuplicates: true,
  });
  await rx.addCollections({ devices: { schema: devicesV0 } });
  await rx.devices.bulkUpsert(docs);
  const stored = (await rx.devices.findOne(docs[0]!.id).exec())!.toMutableJSON(true);
  await rx.close();
  return stored;
}

async function databaseNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '');
}

/** The old database is deleted without being awaited (another tab may hold it): poll. */
async function waitUntilGone(name: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (!(await databaseNames()).includes(name)) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`${name} still exists`);
}

describe('devices schema 0 → 1 (mid index dropped)', () => {
  it('carries every stored row over as it was, and removes the old database', async () => {
    const userId = `upg-${uuidv7()}`;
    // Two full pages and a part page (small pages keep the test quick on a busy machine).
    const docs = Array.from({ length: 1234 }, (_, i) => device(i));
    const before = await writeVersion0(userId, docs);
    const oldName = dexieDatabaseName(dbNameFor(userId), 0, 'devices');
    expect(await databaseNames()).toContain(oldName);

    const progress: { copied: number; total: number }[] = [];
    const db = await openDb(
      userId,
      { validate: true },
      { onUpgradeProgress: (p) => progress.push(p), upgradePageSize: 500 },
    );
    expect(await db.rx.devices.count().exec()).toBe(1234);
    // Progress for the loading screen: from 0 to every row, page by page, never backwards.
    expect(progress[0]).toEqual({ copied: 0, total: 1234 });
    expect(progress.at(-1)).toEqual({ copied: 1234, total: 1234 });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.every((p, i) => i === 0 || p.copied > progress[i - 1]!.copied)).toBe(true);
    // The same stored row: revision and replication meta included.
    const after = (await db.rx.devices.findOne(docs[0]!.id).exec())!.toMutableJSON(true);
    expect(after).toEqual(before);
    // Lookups through the remaining indexes, and the merchant's query by MID without one.
    expect((await findDevice(db, 'SAM1000'))?.device.id).toBe('SN00001000');
    expect((await findDevice(db, 'T0001233'))?.device.id).toBe('SN00001233');
    const ofMid = await listDevicesOfMid(db, '000000000000007');
    expect(ofMid.map((d) => d.id).sort()).toEqual(
      docs.filter((d) => d.mid === '000000000000007').map((d) => d.id),
    );
    await waitUntilGone(oldName);
    await closeDb(db);
  });

  it('never copies again once done: old rows left behind do not overwrite newer ones', async () => {
    const userId = `upg-${uuidv7()}`;
    await writeVersion0(userId, [device(1), device(2)]);
    const db = await openDb(userId, { validate: true });
    // A newer version of a device arrives after the upgrade (the live pull).
    await db.rx.devices.upsert(device(1, 'PAX A920'));
    await closeDb(db);
    // Version-0 rows reappear (say the old database could not be deleted while another
    // tab held it open): the next start leaves the current rows alone and removes them.
    await writeVersion0(userId, [device(1, 'Old model'), device(3)]);
    const again = await openDb(userId, { validate: true });
    expect((await again.rx.devices.findOne('SN00000001').exec())?.model).toBe('PAX A920');
    expect(await again.rx.devices.count().exec()).toBe(2);
    await waitUntilGone(dexieDatabaseName(dbNameFor(userId), 0, 'devices'));
    await closeDb(again);
  });

  it('a fresh profile has nothing to carry over', async () => {
    const userId = `upg-${uuidv7()}`;
    const db = await openDb(userId, { validate: true });
    expect(await db.rx.devices.count().exec()).toBe(0);
    expect(await databaseNames()).not.toContain(dexieDatabaseName(dbNameFor(userId), 0, 'devices'));
    expect(await db.local.kv.get('schema:devices:1')).toBeUndefined();
    await closeDb(db);
  });

  it('works where the browser cannot list databases (no indexedDB.databases())', async () => {
    // Dexie and the upgrade see a factory without databases(); everything else is the same.
    const unlisted = {
      open: (name: string, version?: number) => indexedDB.open(name, version),
      deleteDatabase: (name: string) => indexedDB.deleteDatabase(name),
      cmp: (a: unknown, b: unknown) => indexedDB.cmp(a, b),
    } as unknown as IDBFactory;
    const withOld = `upg-${uuidv7()}`;
    await writeVersion0(withOld, [device(1), device(2), device(3)]);
    const db = await openDb(withOld, { validate: true, indexedDB: unlisted, IDBKeyRange });
    expect(await db.rx.devices.count().exec()).toBe(3);
    await waitUntilGone(dexieDatabaseName(dbNameFor(withOld), 0, 'devices'));
    await closeDb(db);
    // A fresh profile: probing for the old database must not create it.
    const fresh = `upg-${uuidv7()}`;
    const db2 = await openDb(fresh, { validate: true, indexedDB: unlisted, IDBKeyRange });
    expect(await db2.rx.devices.count().exec()).toBe(0);
    expect(await databaseNames()).not.toContain(dexieDatabaseName(dbNameFor(fresh), 0, 'devices'));
    await closeDb(db2);
  });
});

/** The cases schema as version 0 stored it (no `contactPhone`). */
type CaseDocV0 = Omit<CaseDoc, 'contactPhone'>;
const casesV0 = toRxSchema<CaseDocV0>(caseSchema.omit({ contactPhone: true }), {
  version: 0,
  maxLength: { id: 36, mid: 15, createdBy: 100, status: 20, reportedAt: 40 },
  indexes: ['mid', ['createdBy', 'reportedAt'], 'status'],
});

describe('cases schema 0 → 1 (optional contactPhone added) → 2', () => {
  it('carries the outbox over: an unsent case stays unsent, and new cases take a phone', async () => {
    const userId = `upg-${uuidv7()}`;
    const unsent: CaseDocV0 = {
      id: uuidv7(),
      clientRev: '3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b',
      serverRev: 0,
      status: 'submitted',
      category: 'other',
      description: 'EDC mati sejak pagi',
      channel: 'merchant_app',
      mid: '000810000000001',
      attachmentIds: [],
      reportedAt: '2026-11-25T03:41:00.000Z',
      createdBy: 'merchant1',
      escalationLevel: 0,
      updatedAt: '2026-11-25T03:41:00.000Z',
    };
    const rx = await createRxDatabase<{ cases: RxCollection<CaseDocV0> }>({
      name: dbNameFor(userId),
      storage: wrappedValidateAjvStorage({ storage: getRxStorageDexie() }),
      multiInstance: false,
      closeDuplicates: true,
    });
    await rx.addCollections({ cases: { schema: casesV0 } });
    await rx.cases.insert(unsent);
    const before = (await rx.cases.findOne(unsent.id).exec())!.toMutableJSON(true);
    await rx.close();

    // A phone that never ran version 1 goes from 0 straight to 2 (unassigned: '' locally).
    const db = await openDb(userId, { validate: true });
    const after = (await db.rx.cases.findOne(unsent.id).exec())!.toMutableJSON(true);
    expect(after).toEqual({ ...before, assignee: '' });
    expect((await outboxStats(db)).cases).toBe(1);
    await db.rx.cases.insert({ ...unsent, id: uuidv7(), contactPhone: '+6281234567890' });
    expect(await db.rx.cases.count().exec()).toBe(2);
    await waitUntilGone(dexieDatabaseName(dbNameFor(userId), 0, 'cases'));
    await closeDb(db);
  });
});

/** The cases schema as version 1 stored it: no `[assignee+status]` index, `assignee` optional. */
const casesV1 = toRxSchema<CaseDoc>(caseSchema, {
  version: 1,
  maxLength: { id: 36, mid: 15, createdBy: 100, status: 20, reportedAt: 40 },
  indexes: ['mid', ['createdBy', 'reportedAt'], 'status'],
});

function serverCase(status: CaseDoc['status'], assignee?: string): CaseDoc {
  const id = uuidv7();
  return {
    id,
    clientRev: '3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b',
    serverRev: 2,
    status,
    caseNumber: `CASE-20261125-${id.slice(-5)}`,
    category: 'replace_device',
    description: 'EDC mati',
    channel: 'technician_app',
    mid: '000810000000001',
    attachmentIds: [],
    reportedAt: '2026-11-25T03:41:00.000Z',
    createdBy: 'tech2',
    escalationLevel: 0,
    dueAt: '2026-11-26T03:41:00.000Z',
    ...(assignee ? { assignee } : {}),
    updatedAt: '2026-11-25T03:41:00.000Z',
  };
}

describe('cases schema 1 → 2 ([assignee+status] index for the Tugas list)', () => {
  it('carries every row over, unassigned ones with assignee "", and the jobs come from the new index', async () => {
    const userId = `upg-${uuidv7()}`;
    const job = serverCase('open', 'tech1');
    const started = serverCase('in_progress', 'tech1');
    const done = serverCase('resolved', 'tech1');
    const others = serverCase('open', 'tech2');
    const unassigned = serverCase('open');
    const unsent: CaseDoc = { ...serverCase('submitted'), serverRev: 0, createdBy: 'tech1' };
    delete unsent.caseNumber;
    const rx = await createRxDatabase<{ cases: RxCollection<CaseDoc> }>({
      name: dbNameFor(userId),
      storage: wrappedValidateAjvStorage({ storage: getRxStorageDexie() }),
      multiInstance: false,
      closeDuplicates: true,
    });
    await rx.addCollections({
      cases: { schema: casesV1, migrationStrategies: { 1: (d: CaseDoc) => d }, autoMigrate: false },
    });
    await rx.cases.bulkInsert([job, started, done, others, unassigned, unsent]);
    const before = (await rx.cases.findOne(job.id).exec())!.toMutableJSON(true);
    const beforeUnsent = (await rx.cases.findOne(unsent.id).exec())!.toMutableJSON(true);
    await rx.close();
    const oldName = dexieDatabaseName(dbNameFor(userId), 1, 'cases');
    expect(await databaseNames()).toContain(oldName);

    // Validation on: a carried-over row without `assignee` would fail the new schema.
    const db = await openDb(userId, { validate: true });
    expect(await db.rx.cases.count().exec()).toBe(6);
    expect((await db.rx.cases.findOne(job.id).exec())!.toMutableJSON(true)).toEqual(before);
    expect((await db.rx.cases.findOne(unsent.id).exec())!.toMutableJSON(true)).toEqual({
      ...beforeUnsent,
      assignee: '',
    });
    expect((await outboxStats(db)).cases).toBe(1);
    expect((await firstValueFrom(observeJobs(db, 'tech1'))).map((c) => c.job.id).sort()).toEqual(
      [job.id, started.id].sort(),
    );
    expect(await firstValueFrom(observeJobs(db, ''))).toEqual([]);
    // The index is really there in the new database (what makes the list independent of
    // how many open cases the phone holds).
    const req = indexedDB.open(dexieDatabaseName(dbNameFor(userId), 2, 'cases'));
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    expect([...idb.transaction('docs').objectStore('docs').indexNames]).toContain(
      '[_deleted+assignee+status+id]',
    );
    idb.close();
    await waitUntilGone(oldName);
    await closeDb(db);
  });
});

/** The notifications schema as version 0 stored it (`createdAt` index only, `readAt` optional). */
const notificationsV0 = toRxSchema<NotificationDoc>(notificationSchema, {
  version: 0,
  maxLength: { id: 36, createdAt: 40 },
  indexes: ['createdAt'],
});

function notification(type: NotificationDoc['type'], readAt?: string): NotificationDoc {
  return {
    id: uuidv7(),
    type,
    title: `${type} title`,
    body: 'body',
    url: '/tech/cases',
    createdAt: '2026-11-25T03:41:00.000Z',
    ...(readAt ? { readAt } : {}),
    updatedAt: '2026-11-25T03:41:00.000Z',
  };
}

describe('notifications schema 0 → 1 ([readAt+type] index for the unread badge and banner)', () => {
  it('carries every row over, unread ones with readAt "", and the badge counts them on the index', async () => {
    const userId = `upg-${uuidv7()}`;
    const rejectedUnread = notification('case_rejected');
    const rejectedRead = notification('case_rejected', '2026-11-25T04:00:00.000Z');
    const acceptedUnread = [1, 2, 3].map(() => notification('case_accepted'));
    const acceptedRead = notification('case_accepted', '2026-11-25T04:00:00.000Z');
    const rx = await createRxDatabase<{ notifications: RxCollection<NotificationDoc> }>({
      name: dbNameFor(userId),
      storage: wrappedValidateAjvStorage({ storage: getRxStorageDexie() }),
      multiInstance: false,
      closeDuplicates: true,
    });
    await rx.addCollections({ notifications: { schema: notificationsV0 } });
    await rx.notifications.bulkInsert([rejectedUnread, rejectedRead, ...acceptedUnread, acceptedRead]);
    const beforeRead = (await rx.notifications.findOne(rejectedRead.id).exec())!.toMutableJSON(true);
    const beforeUnread = (await rx.notifications.findOne(rejectedUnread.id).exec())!.toMutableJSON(true);
    await rx.close();
    const oldName = dexieDatabaseName(dbNameFor(userId), 0, 'notifications');
    expect(await databaseNames()).toContain(oldName);

    // Validation on: a carried-over row without `readAt` would fail the new schema.
    const db = await openDb(userId, { validate: true });
    expect(await db.rx.notifications.count().exec()).toBe(6);
    expect((await db.rx.notifications.findOne(rejectedRead.id).exec())!.toMutableJSON(true)).toEqual(
      beforeRead,
    );
    expect((await db.rx.notifications.findOne(rejectedUnread.id).exec())!.toMutableJSON(true)).toEqual({
      ...beforeUnread,
      readAt: '',
    });
    // RxDB refuses a count its index cannot answer (allowSlowCount is off): this count
    // coming back at all says the index serves it.
    expect(await firstValueFrom(observeUnreadCount(db))).toBe(4);
    expect((await firstValueFrom(observeUnreadRejections(db))).map((n) => n.id)).toEqual([rejectedUnread.id]);
    // A notification written on the phone without `readAt` is unread too (preInsert hook).
    await db.rx.notifications.insert(notification('case_rejected'));
    expect(await firstValueFrom(observeUnreadCount(db))).toBe(5);
    await markReadLocally(db, [rejectedUnread.id], '2026-11-25T05:00:00.000Z');
    expect(await firstValueFrom(observeUnreadCount(db))).toBe(4);
    expect(await firstValueFrom(observeUnreadRejections(db))).toHaveLength(1);
    const req = indexedDB.open(dexieDatabaseName(dbNameFor(userId), 1, 'notifications'));
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    expect([...idb.transaction('docs').objectStore('docs').indexNames]).toContain(
      '[_deleted+readAt+type+id]',
    );
    idb.close();
    await waitUntilGone(oldName);
    await closeDb(db);
  });
});

describe('listDatabases (one listing for all carry-overs of a start)', () => {
  it("lists the origin's database names, or null where the browser cannot", async () => {
    const userId = `list-${uuidv7()}`;
    await writeVersion0(userId, [device(1)]);
    const names = await listDatabases(indexedDB);
    expect(names?.has(dexieDatabaseName(dbNameFor(userId), 0, 'devices'))).toBe(true);
    const withoutListing = { open: indexedDB.open.bind(indexedDB) } as unknown as IDBFactory;
    expect(await listDatabases(withoutListing)).toBeNull();
  });
});
