import 'fake-indexeddb/auto';
import type { Case } from '@edc/shared';
import { addRxPlugin } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../lib/uuid.ts';
import { CASE_AT, caseDoc } from '../test/case-doc.ts';
import { closeDb, openDb } from './database.ts';
import {
  countDevicesEarly,
  findBlockingCaseEarly,
  findDeviceEarly,
  getMerchantEarly,
} from './early-devices.ts';
import { countDevices, findBlockingCase, findDevice, getMerchant } from './queries.ts';

disableWarnings();
addRxPlugin(RxDBDevModePlugin);

const now = CASE_AT;
const MID = '000810000000001';
const device = (n: number, over: Record<string, unknown> = {}) => ({
  id: `SN${n}`,
  serialNumber: `SN${n}`,
  model: 'Verifone X990',
  tid: `T${n}`,
  mid: MID,
  status: 'on_operation' as const,
  samSerial: `SAM${n}`,
  simSerial: `SIM${n}`,
  region: 'JKT',
  updatedAt: now,
  ...over,
});
const caseOf = (over: Partial<Case>) => caseDoc({ mid: MID, tid: 'T1', createdBy: 'tech1', ...over });

describe('device lookup before RxDB is open (early-devices.ts)', () => {
  it('gives what the RxDB queries give: by serial, SAM, SIM, TID, not found, deleted rows, count, merchant, blocking case', async () => {
    const userId = `early-${uuidv7()}`;
    const db = await openDb(userId, { validate: true });
    await db.rx.devices.bulkInsert([
      device(1),
      // Lower-case serial: found as typed; an upper-case sticker read finds the other one.
      device(2, { id: 'sn2', serialNumber: 'sn2', samSerial: 'SHARED', tid: 'T2' }),
      // Two devices share a SAM serial: the lowest id wins in both reads.
      device(3, { samSerial: 'SHARED' }),
      device(4, { simSerial: '', samSerial: '' }),
      device(5, { status: 'in_warehouse' }),
    ]);
    const gone = device(6);
    await db.rx.devices.insert(gone);
    await (await db.rx.devices.findOne(gone.id).exec())?.remove();
    await db.rx.merchants.insert({
      id: MID,
      mid: MID,
      name: 'Toko Satu',
      address: 'Jl. Satu 1',
      city: 'Jakarta',
      region: 'JKT',
      phone: '0211',
      status: 'active',
      lat: -6.2,
      updatedAt: now,
    });
    const first = caseOf({ status: 'in_progress', reportedAt: '2026-11-20T00:00:00.000Z' });
    await db.rx.cases.bulkInsert([
      caseOf({ status: 'open', reportedAt: '2026-11-24T00:00:00.000Z' }),
      first,
      caseOf({ status: 'closed', reportedAt: '2026-11-01T00:00:00.000Z' }),
      caseOf({ tid: 'T9', reportedAt: '2026-11-02T00:00:00.000Z' }),
    ]);

    const queries = [
      'SN1',
      ' sn1 ',
      'sn2',
      'SN2',
      'SAM1',
      'sam1',
      'SHARED',
      'SIM4',
      'T5',
      't5',
      'SN6',
      'SAM6',
      'NOPE',
      '',
      '  ',
    ];
    for (const query of queries) {
      const early = await findDeviceEarly(indexedDB, userId, query);
      expect(early, query).toEqual(await findDevice(db, query));
    }
    expect((await findDeviceEarly(indexedDB, userId, 'SHARED'))?.device.id).toBe('SN3');
    expect(await findDeviceEarly(indexedDB, userId, 'SN6')).toBeNull();
    expect(await findDeviceEarly(indexedDB, userId, 'NOPE')).toBeNull();

    expect(await countDevicesEarly(indexedDB, userId)).toBe(await countDevices(db));
    expect(await countDevicesEarly(indexedDB, userId)).toBe(5);
    expect(await getMerchantEarly(indexedDB, userId, MID)).toEqual(await getMerchant(db, MID));
    expect(await getMerchantEarly(indexedDB, userId, '000810000000009')).toBeNull();
    expect(await findBlockingCaseEarly(indexedDB, userId, 'T1', MID)).toEqual(
      await findBlockingCase(db, 'T1', MID),
    );
    expect((await findBlockingCaseEarly(indexedDB, userId, 'T1', MID))?.id).toBe(first.id);
    expect(await findBlockingCaseEarly(indexedDB, userId, 'T7', MID)).toBeNull();
    expect(await findBlockingCase(db, 'T7', MID)).toBeNull();
    await closeDb(db);

    // A user with nothing stored: undefined ("ask RxDB"), and no database created on the way.
    const stranger = `nobody-${uuidv7()}`;
    expect(await findDeviceEarly(indexedDB, stranger, 'SN1')).toBeUndefined();
    expect(await countDevicesEarly(indexedDB, stranger)).toBeUndefined();
    expect(await getMerchantEarly(indexedDB, stranger, MID)).toBeUndefined();
    expect(await findBlockingCaseEarly(indexedDB, stranger, 'T1', MID)).toBeUndefined();
    expect((await indexedDB.databases()).map((d) => d.name).filter((n) => n?.includes(stranger))).toEqual([]);
  });
});
