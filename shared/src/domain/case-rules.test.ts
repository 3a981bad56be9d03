import { describe, expect, it } from 'vitest';
import type { CaseStatus } from '../schemas/common.ts';
import type { Device } from '../schemas/entities.ts';
import {
  checkDevice,
  findDeviceBySerial,
  formatCaseNumber,
  isBlockingStatus,
  matchDeviceBySerial,
  normalizeSerial,
} from './case-rules.ts';
import { clampReportedAt } from './reported-at.ts';

const jkt = (local: string): Date => new Date(`${local}+07:00`);

const MID = '000123456789012';

const device = (over: Partial<Device> = {}): Device => ({
  id: 'V2T1234567',
  serialNumber: 'V2T1234567',
  model: 'Verifone V200T',
  tid: 'JKT00017',
  mid: MID,
  status: 'on_operation',
  samSerial: 'SAM0001234',
  simSerial: '8962100012345678901',
  region: 'JKT',
  updatedAt: '2026-11-01T00:00:00.000Z',
  _deleted: false,
  ...over,
});

const NOW = jkt('2026-11-25T10:00'); // Wednesday

describe('isBlockingStatus', () => {
  it.each([
    ['submitted', true],
    ['open', true],
    ['in_progress', true],
    ['resolved', true],
    ['closed', false],
    ['rejected', false],
    ['cancelled', false],
  ] satisfies [CaseStatus, boolean][])('%s → %s', (status, expected) => {
    expect(isBlockingStatus(status)).toBe(expected);
  });
});

describe('formatCaseNumber', () => {
  it.each([
    ['2026-11-25T03:00:00.000Z', 1, 'CASE-20261125-00001'],
    ['2026-11-25T03:00:00.000Z', 99_999, 'CASE-20261125-99999'],
    ['2026-11-25T03:00:00.000Z', 100_000, 'CASE-20261125-100000'],
    // 17:30 UTC on the 31st is already 1 January in Jakarta.
    ['2026-12-31T17:30:00.000Z', 7, 'CASE-20270101-00007'],
    ['2026-12-31T16:59:59.999Z', 7, 'CASE-20261231-00007'],
  ])('%s #%i → %s', (iso, seq, expected) => {
    expect(formatCaseNumber(new Date(iso), seq)).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects sequence %s', (seq) => {
    expect(() => formatCaseNumber(NOW, seq)).toThrow(RangeError);
  });
});

describe('checkDevice (case rule 1)', () => {
  it.each([
    [null, { ok: false, reason: 'device_not_found' }],
    [{ status: 'on_operation' }, { ok: true }],
    [{ status: 'in_warehouse' }, { ok: false, reason: 'device_not_operational' }],
    [{ status: 'under_repair' }, { ok: false, reason: 'device_not_operational' }],
    [{ status: 'decommissioned' }, { ok: false, reason: 'device_not_operational' }],
  ] as const)('%j → %j', (d, expected) => {
    expect(checkDevice(d)).toEqual(expected);
  });
});

describe('serial lookups', () => {
  it.each([
    ['  v2t1234567 ', 'V2T1234567'],
    ['V2T-123 4567', 'V2T-123 4567'],
    ['\tabc\n', 'ABC'],
  ])('normalizeSerial(%j) → %j', (raw, expected) => {
    expect(normalizeSerial(raw)).toBe(expected);
  });

  it.each([
    ['v2t1234567', 'serialNumber'],
    ['sam0001234', 'samSerial'],
    [' 8962100012345678901', 'simSerial'],
    ['jkt00017', 'tid'],
    ['V2T-1234567', null],
    ['', null],
  ])('matchDeviceBySerial(%j) → %s', (query, expected) => {
    expect(matchDeviceBySerial(device(), query)).toBe(expected);
  });

  it('prefers a serial-number match over a SAM match of another device', () => {
    const a = device({ id: 'A', serialNumber: 'A920X1', samSerial: 'ZZ1' });
    const b = device({ id: 'B', serialNumber: 'ZZ1', samSerial: 'SAM2', tid: 'TID00002' });
    expect(findDeviceBySerial([a, b], 'zz1')?.id).toBe('B');
    expect(findDeviceBySerial([a, b], 'nothing')).toBeNull();
  });
});

describe('clampReportedAt', () => {
  const earliest = jkt('2026-11-20T00:00');
  it.each([
    ['in range', '2026-11-25T09:50', '2026-11-25T09:50'],
    ['exactly now', '2026-11-25T10:00', '2026-11-25T10:00'],
    ['future (phone clock ahead)', '2026-11-25T11:00', '2026-11-25T10:00'],
    ['too old', '2026-10-01T00:00', '2026-11-20T00:00'],
    ['exactly earliest', '2026-11-20T00:00', '2026-11-20T00:00'],
  ])('%s', (_what, reported, expected) => {
    expect(clampReportedAt(jkt(reported), NOW, earliest).toISOString()).toBe(jkt(expected).toISOString());
  });

  it('treats an invalid date as now', () => {
    expect(clampReportedAt(new Date('nope'), NOW, earliest).toISOString()).toBe(NOW.toISOString());
  });
});
