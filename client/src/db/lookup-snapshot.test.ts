import 'fake-indexeddb/auto';
import type { Case } from '@edc/shared';
import { addRxPlugin } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from '../lib/uuid.ts';
import { caseDoc } from '../test/case-doc.ts';
import { closeDb, type EdcDb, openDb } from './database.ts';
import { wipeExceptOutbox } from './logout-wipe.ts';
import {
  clearSnapshot,
  encodeSnapshot,
  findInSnapshot,
  hasSnapshot,
  SNAPSHOT_KEY,
  type SnapshotMatch,
  snapshotCount,
  writeSnapshot,
} from './lookup-snapshot.ts';
import { readSnapshotRows, startSnapshotWriter } from './lookup-snapshot-writer.ts';
import { findBlockingCase, findDevice, getMerchant } from './queries.ts';
import type { DeviceDoc, MerchantDoc } from './schemas.ts';

disableWarnings();
addRxPlugin(RxDBDevModePlugin);

const now = '2026-11-25T03:41:00.000Z';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
  };
}

const device = (n: number, over: Partial<DeviceDoc> = {}): DeviceDoc => ({
  id: `SN${String(n).padStart(8, '0')}`,
  serialNumber: `SN${String(n).padStart(8, '0')}`,
  model: 'Verifone X990',
  tid: `T${String(n).padStart(7, '0')}`,
  mid: `00000000000000${n % 3}`,
  status: 'on_operation',
  samSerial: `SAM${n}`,
  simSerial: `89620000${n}`,
  region: 'JKT',
  updatedAt: now,
  ...over,
});

const merchant = (n: number, over: Partial<MerchantDoc> = {}): MerchantDoc => ({
  id: `00000000000000${n}`,
  mid: `00000000000000${n}`,
  name: `Toko ${n}`,
  address: `Jl. Sudirman ${n}`,
  city: 'Jakarta',
  region: 'JKT',
  phone: '',
  status: 'active',
  updatedAt: now,
  ...over,
});

const aCase = (over: Partial<Case>) =>
  caseDoc(over, {
    mid: '000000000000001',
    tid: 'T0000001',
    reportedAt: now,
    createdBy: 'tech1',
    updatedAt: now,
  });

/** RxDB's answer, in the fields the device screen shows (device-lookup.ts). */
async function rxLookup(db: EdcDb, query: string): Promise<SnapshotMatch | null> {
  const match = await findDevice(db, query);
  if (!match) return null;
  const [m, b] = await Promise.all([
    getMerchant(db, match.device.mid),
    findBlockingCase(db, match.device.tid, match.device.mid),
  ]);
  const { id, serialNumber, model, samSerial, simSerial, tid, mid, status } = match.device;
  return {
    device: {
      id,
      serialNumber,
      model,
      tid,
      mid,
      status,
      ...(samSerial === undefined ? {} : { samSerial }),
      ...(simSerial === undefined ? {} : { simSerial }),
    },
    matchedBy: match.matchedBy,
    merchant: m && { mid: m.mid, name: m.name, address: m.address, city: m.city },
    blocking: b && {
      id: b.id,
      status: b.status,
      ...(b.caseNumber === undefined ? {} : { caseNumber: b.caseNumber }),
    },
  };
}

/** A database with devices (one deleted, odd spellings), merchants and cases. */
async function seeded(): Promise<EdcDb> {
  const db = await openDb(`snap-${uuidv7()}`, { validate: true });
  const inserted = (result: { error: unknown[] }) => expect(result.error).toEqual([]);
  inserted(await db.rx.merchants.bulkInsert([merchant(0), merchant(1)]));
  inserted(
    await db.rx.devices.bulkInsert([
      device(1),
      device(2, { status: 'under_repair' }),
      device(3, { samSerial: 'sam-lower', simSerial: '' }),
      device(4, { samSerial: 'SAM-LOWER' }),
      device(5, { samSerial: 'SAMDUP' }),
      device(6, { samSerial: 'SAMDUP' }),
      device(7),
      device(8, { mid: '000000000000009' }), // its merchant is not on the phone
    ]),
  );
  await (await db.rx.devices.findOne('SN00000007').exec())?.remove();
  inserted(
    await db.rx.cases.bulkInsert([
      // Two blocking cases on device 1's TID/MID: the earlier reported one is the answer.
      aCase({ tid: 'T0000001', mid: '000000000000001', reportedAt: '2026-11-25T05:00:00.000Z' }),
      aCase({
        tid: 'T0000001',
        mid: '000000000000001',
        status: 'in_progress',
        caseNumber: 'CASE-20261125-00002',
        reportedAt: '2026-11-25T04:00:00.000Z',
      }),
      // Device 4: an outbox case (no number yet) blocks; device 5's only case is closed.
      aCase({ tid: 'T0000004', mid: '000000000000001', status: 'submitted', caseNumber: undefined }),
      aCase({ tid: 'T0000005', mid: '000000000000002', status: 'closed' }),
      aCase({ tid: 'T0000006', mid: '000000000000000', status: 'resolved' }),
    ]),
  );
  return db;
}

const queries = [
  'SN00000001',
  'sn00000001',
  ' SN00000002 ',
  'SAM1',
  'sam1',
  'sam-lower',
  'SAM-LOWER',
  'Sam-Lower',
  'SAMDUP',
  '896200003',
  '',
  'T0000004',
  't0000005',
  'SN00000006',
  'SN00000007', // deleted
  'T0000007',
  'SN00000008',
  'NOPE',
];

afterEach(() => {
  vi.unstubAllGlobals();
  clearSnapshot(null);
});

describe('lookup snapshot (issue 16)', () => {
  it('answers every lookup as RxDB does, from the stored rows', async () => {
    const db = await seeded();
    try {
      const storage = memoryStorage();
      const rows = await readSnapshotRows(indexedDB, db.userId, IDBKeyRange);
      expect(rows).not.toBeNull();
      expect(
        writeSnapshot(db.userId, rows ?? { devices: [], merchants: [], blocking: [] }, { storage }),
      ).toBe('written');
      expect(snapshotCount(db.userId, storage)).toBe(await db.rx.devices.count().exec());
      for (const query of queries) {
        const rx = await rxLookup(db, query);
        // Not in the snapshot means "ask RxDB": never a different device.
        expect({ query, answer: findInSnapshot(db.userId, query, storage) }).toEqual({ query, answer: rx });
      }
      // The answers the comparison rests on.
      expect(findInSnapshot(db.userId, 'SN00000001', storage)?.blocking?.caseNumber).toBe(
        'CASE-20261125-00002',
      );
      expect(findInSnapshot(db.userId, 'T0000004', storage)?.blocking).toMatchObject({ status: 'submitted' });
      expect(findInSnapshot(db.userId, 'T0000004', storage)?.blocking?.caseNumber).toBeUndefined();
      expect(findInSnapshot(db.userId, 't0000005', storage)?.blocking).toBeNull();
      expect(findInSnapshot(db.userId, 'SN00000007', storage)).toBeNull();
      expect(findInSnapshot(db.userId, 'SN00000008', storage)?.merchant).toBeNull();
    } finally {
      await closeDb(db);
    }
  });

  it('is never read for another user, in another format, or when unreadable', () => {
    const storage = memoryStorage();
    const rows = { devices: [device(1)], merchants: [merchant(1)], blocking: [] };
    writeSnapshot('tech-a', rows, { storage });
    expect(hasSnapshot('tech-a', storage)).toBe(true);
    expect(findInSnapshot('tech-a', 'SN00000001', storage)?.device.tid).toBe('T0000001');
    expect(hasSnapshot('tech-b', storage)).toBe(false);
    expect(findInSnapshot('tech-b', 'SN00000001', storage)).toBeNull();
    expect(findInSnapshot('', 'SN00000001', storage)).toBeNull();

    for (const text of [
      encodeSnapshot('tech-c', rows).replace(/^edc-lookup 1/, 'edc-lookup 2'),
      'edc-lookup 1\ntech-c\n1\n{not json',
      'edc-lookup 1\ntech-c',
      '',
    ]) {
      clearSnapshot(storage);
      storage.items.set(SNAPSHOT_KEY, text);
      expect(findInSnapshot('tech-c', 'SN00000001', storage)).toBeNull();
    }
    clearSnapshot(storage);
    storage.items.set(SNAPSHOT_KEY, encodeSnapshot('tech-c', rows).replace(/^edc-lookup 1/, 'edc-lookup 2'));
    expect(hasSnapshot('tech-c', storage)).toBe(false);
  });

  it('keeps tabs, newlines and backslashes in values (fields and rows are tab and newline separated)', () => {
    const storage = memoryStorage();
    const odd = device(1, { model: 'X990\nrev\\2', samSerial: 'S\tA', mid: '000000000000001' });
    writeSnapshot(
      'tech\ta',
      { devices: [odd, device(2)], merchants: [merchant(1, { name: 'Toko\t\\n' })], blocking: [] },
      { storage },
    );
    const found = findInSnapshot('tech\ta', 's\ta', storage);
    expect(found?.device).toEqual({ ...odd, region: undefined, updatedAt: undefined });
    expect(found?.matchedBy).toBe('samSerial');
    expect(found?.merchant?.name).toBe('Toko\t\\n');
    expect(findInSnapshot('tech\ta', 'SN00000002', storage)?.device.id).toBe('SN00000002');
    expect(findInSnapshot('tech', 'SN00000002', storage)).toBeNull();
  });

  it('is not kept when larger than the bound or refused by the browser', () => {
    const storage = memoryStorage();
    const rows = { devices: [device(1), device(2)], merchants: [merchant(1)], blocking: [] };
    expect(writeSnapshot('tech-a', rows, { storage })).toBe('written');
    const size = storage.items.get(SNAPSHOT_KEY)?.length ?? 0;
    // Too large: no snapshot at all, not the old one.
    expect(
      writeSnapshot(
        'tech-a',
        { ...rows, devices: [...rows.devices, device(3)] },
        { storage, maxChars: size },
      ),
    ).toBe('too-large');
    expect(storage.items.has(SNAPSHOT_KEY)).toBe(false);
    expect(hasSnapshot('tech-a', storage)).toBe(false);
    expect(writeSnapshot('tech-a', rows, { storage, maxChars: size })).toBe('written');
    const full = {
      ...memoryStorage(),
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    full.items.set(SNAPSHOT_KEY, encodeSnapshot('tech-a', rows));
    expect(writeSnapshot('tech-a', rows, { storage: full })).toBe('failed');
    expect(full.items.has(SNAPSHOT_KEY)).toBe(false);
  });

  it('is removed at the first change and written again from the stored rows: an updated device shows its new state, a deleted one is gone', async () => {
    const db = await seeded();
    const storage = memoryStorage();
    const writer = startSnapshotWriter(db, { storage, quietMs: 60_000 });
    try {
      // No snapshot yet: the writer writes one.
      expect(await writer.flush()).toBe('written');
      expect(findInSnapshot(db.userId, 'SN00000001', storage)?.device.status).toBe('on_operation');

      await (await db.rx.devices.findOne('SN00000001').exec())?.incrementalPatch({ status: 'under_repair' });
      // Gone in the change's own task, before any rewrite.
      expect(storage.items.has(SNAPSHOT_KEY)).toBe(false);
      expect(findInSnapshot(db.userId, 'SN00000001', storage)).toBeNull();
      expect(await writer.flush()).toBe('written');
      expect(findInSnapshot(db.userId, 'SN00000001', storage)?.device.status).toBe('under_repair');

      await (await db.rx.devices.findOne('SN00000002').exec())?.remove();
      await db.rx.cases.insert(aCase({ tid: 'T0000005', mid: '000000000000002', caseNumber: 'CASE-9' }));
      await db.rx.merchants.upsert(merchant(0, { name: 'Toko Baru' }));
      expect(storage.items.has(SNAPSHOT_KEY)).toBe(false);
      expect(await writer.flush()).toBe('written');
      expect(findInSnapshot(db.userId, 'SN00000002', storage)).toBeNull();
      expect(findInSnapshot(db.userId, 'T0000005', storage)?.blocking?.caseNumber).toBe('CASE-9');
      expect(findInSnapshot(db.userId, 'SN00000006', storage)?.merchant?.name).toBe('Toko Baru');
      expect(snapshotCount(db.userId, storage)).toBe(await db.rx.devices.count().exec());

      // Stopped (logout, close): a change removes nothing and nothing is written any more.
      writer.stop();
      clearSnapshot(storage);
      await db.rx.devices.insert(device(9));
      expect(await writer.flush()).toBeNull();
      expect(storage.items.has(SNAPSHOT_KEY)).toBe(false);
    } finally {
      writer.stop();
      await closeDb(db);
    }
  });

  it('leaves the phone with the rest of the data at logout', async () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    const db = await seeded();
    const rows = await readSnapshotRows(indexedDB, db.userId, IDBKeyRange);
    expect(writeSnapshot(db.userId, rows ?? { devices: [], merchants: [], blocking: [] })).toBe('written');
    expect(hasSnapshot(db.userId)).toBe(true);
    await wipeExceptOutbox(db, { validate: true });
    expect(storage.items.has(SNAPSHOT_KEY)).toBe(false);
    expect(hasSnapshot(db.userId)).toBe(false);
  });
});
