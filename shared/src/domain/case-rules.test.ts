import { describe, expect, it } from 'vitest';
import type { CaseStatus, Role } from '../schemas/common.ts';
import { type CaseSubmission, caseSchema, type Device } from '../schemas/entities.ts';
import {
  type AcceptCaseInput,
  acceptCase,
  checkDevice,
  clampReportedAt,
  findDeviceBySerial,
  formatCaseNumber,
  isBlockingStatus,
  matchDeviceBySerial,
  normalizeSerial,
} from './case-rules.ts';
import { INDONESIAN_HOLIDAYS_2025_2027 } from './holidays-id.ts';
import { holidayDateSet } from './sla.ts';
import { DEFAULT_SLA_CATALOGUE, findSlaRule } from './sla-catalogue.ts';

const ID = holidayDateSet(INDONESIAN_HOLIDAYS_2025_2027);
const jkt = (local: string): Date => new Date(`${local}+07:00`);

const MID = '000123456789012';
const OTHER_MID = '000999888777666';

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

const submission = (over: Partial<CaseSubmission> = {}): CaseSubmission => ({
  id: '01936f5e-7c1a-7b2c-8d3e-4f5a6b7c8d9e',
  clientRev: '01936f5e-7c1a-7b2c-8d3e-4f5a6b7c8d9f',
  status: 'submitted',
  category: 'replace_device',
  subcase: 'layar_rusak',
  description: 'Layar EDC blank',
  channel: 'technician_app',
  serialNumber: 'V2T1234567',
  // Client-sent TID/MID are ignored: acceptance takes them from the device.
  tid: 'FAKE0000',
  mid: OTHER_MID,
  attachmentIds: [],
  reportedAt: '2026-11-25T02:50:00.000Z',
  ...over,
});

const NOW = jkt('2026-11-25T10:00'); // Wednesday

const input = (over: Partial<AcceptCaseInput> = {}): AcceptCaseInput => {
  const sub = over.submission ?? submission();
  return {
    submission: sub,
    device: device(),
    rule: findSlaRule(DEFAULT_SLA_CATALOGUE, sub.category, sub.subcase),
    now: NOW,
    holidays: ID,
    seq: 42,
    createdBy: 'tech1',
    role: 'technician',
    regions: ['JKT'],
    ...over,
  };
};

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

describe('acceptCase rejections', () => {
  it.each([
    ['technician, no device found', input({ device: null }), 'device_not_found'],
    [
      'technician, device in warehouse',
      input({ device: device({ status: 'in_warehouse' }) }),
      'device_not_operational',
    ],
    [
      'technician, device under repair',
      input({ device: device({ status: 'under_repair' }) }),
      'device_not_operational',
    ],
    [
      'technician, device decommissioned',
      input({ device: device({ status: 'decommissioned' }) }),
      'device_not_operational',
    ],
    ['technician, device in another region', input({ regions: ['BDG'] }), 'not_authorized'],
    [
      'technician, other region wins over status (no probing)',
      input({ regions: ['BDG'], device: device({ status: 'under_repair' }) }),
      'not_authorized',
    ],
    ['technician without regions', input({ regions: undefined }), 'not_authorized'],
    [
      'technician, non-field category',
      input({ submission: submission({ category: 'transaction_settlement', subcase: 'settlement_gagal' }) }),
      'invalid',
    ],
    ['merchant without MID in token', input({ role: 'merchant', userMid: undefined }), 'not_authorized'],
    ['merchant, unknown serial', input({ role: 'merchant', userMid: MID, device: null }), 'device_not_found'],
    [
      'merchant, another merchant’s terminal (reported as not found)',
      input({ role: 'merchant', userMid: OTHER_MID }),
      'device_not_found',
    ],
    [
      'merchant, another merchant’s terminal found by TID only',
      input({ role: 'merchant', userMid: OTHER_MID, submission: submission({ serialNumber: undefined }) }),
      'device_not_found',
    ],
    [
      'merchant, replacement for own terminal in repair',
      input({ role: 'merchant', userMid: MID, device: device({ status: 'under_repair' }) }),
      'device_not_operational',
    ],
    [
      'back office, unknown serial (Table 2 row 21)',
      input({ role: 'agent', device: null }),
      'device_not_found',
    ],
    [
      'back office, non-operational terminal (Table 2 row 21)',
      input({ role: 'agent', device: device({ status: 'in_warehouse' }) }),
      'device_not_operational',
    ],
    [
      'back office, no device and a malformed MID',
      input({ role: 'agent', device: null, submission: submission({ serialNumber: undefined, mid: '' }) }),
      'invalid',
    ],
  ])('%s → %s', (_what, args, reason) => {
    expect(acceptCase(args)).toEqual({ kind: 'rejected', reason });
  });
});

describe('acceptCase acceptances (seed 000 Table 2)', () => {
  it.each([
    // [what, category, subcase, caseType, unit, priority, acceptedAt (JKT), responseDue, due]
    [
      'row 3/4: replace device, layar rusak (major, 2 business days)',
      'replace_device',
      'layar_rusak',
      'escalation',
      'Merchant Operation - MEM',
      'major',
      '2026-11-25T10:00',
      '2026-11-25T11:00',
      '2026-11-27T10:00',
    ],
    [
      'row 3/4: replace device, EDC mati (critical, 8 hours)',
      'replace_device',
      'edc_mati',
      'escalation',
      'Merchant Operation - MEM',
      'critical',
      '2026-11-25T19:00',
      '2026-11-25T19:30',
      '2026-11-26T03:00',
    ],
    [
      'row 8/9: replace SAM card (major, across a weekend)',
      'replace_sam_card',
      'sam_tidak_terbaca',
      'escalation',
      'Card Operation - CRD',
      'major',
      '2026-11-27T14:00',
      '2026-11-27T15:00',
      '2026-12-01T14:00',
    ],
    [
      'row 13/14: replace network card (major, host time-out)',
      'replace_network_card',
      'host_timeout',
      'escalation',
      'Merchant Operation - MEM',
      'major',
      '2026-12-23T09:00',
      '2026-12-23T10:00',
      '2026-12-29T09:00',
    ],
    [
      'row 16: paper supply (minor, accepted on Saturday)',
      'paper_supply',
      'kertas_habis',
      'escalation',
      'Merchant Operation - MEM',
      'minor',
      '2026-11-28T08:00',
      '2026-11-28T10:00',
      '2026-11-30T23:59:59.999',
    ],
  ] as const)(
    '%s',
    (_what, category, subcase, caseType, unit, priority, acceptedAt, responseDueAt, dueAt) => {
      const sub = submission({ category, subcase });
      const result = acceptCase(input({ submission: sub, now: jkt(acceptedAt), seq: 7 }));
      expect(result.kind).toBe('accepted');
      if (result.kind !== 'accepted') return;
      const f = result.fields;
      expect([f.caseType, f.responsibleUnit, f.priority]).toEqual([caseType, unit, priority]);
      expect(f.acceptedAt).toBe(jkt(acceptedAt).toISOString());
      expect(f.responseDueAt).toBe(jkt(responseDueAt).toISOString());
      expect(f.dueAt).toBe(jkt(dueAt).toISOString());
      expect(f.caseNumber).toBe(`CASE-${acceptedAt.slice(0, 10).replaceAll('-', '')}-00007`);
      // TID/MID from the device, never from the client.
      expect([f.tid, f.mid, f.serialNumber]).toEqual(['JKT00017', MID, 'V2T1234567']);
      // The stamped fields make a valid case document.
      const stored = { ...sub, ...f, status: 'open', serverRev: 1, createdBy: 'tech1', escalationLevel: 0 };
      expect(caseSchema.safeParse({ ...stored, updatedAt: f.acceptedAt, _deleted: false }).success).toBe(
        true,
      );
    },
  );

  it('stamps precomputed deadlines when the caller passes them, the computed ones otherwise', () => {
    const now = jkt('2026-11-25T10:00');
    const sub = submission({ category: 'replace_device', subcase: 'edc_mati' });
    const computed = acceptCase(input({ submission: sub, now }));
    // Deadlines a batch computed once for this rule and instant are used as given.
    const given = { responseDueAt: jkt('2026-11-25T11:11'), dueAt: jkt('2026-11-27T12:12') };
    const reused = acceptCase(input({ submission: sub, now, slaDates: given }));
    expect(reused.kind === 'accepted' && [reused.fields.responseDueAt, reused.fields.dueAt]).toEqual([
      given.responseDueAt.toISOString(),
      given.dueAt.toISOString(),
    ]);
    expect(computed.kind === 'accepted' && computed.fields.dueAt).not.toBe(given.dueAt.toISOString());
  });

  it('finds the device by SAM serial and stores the device serial', () => {
    const result = acceptCase(
      input({
        submission: submission({
          category: 'replace_sam_card',
          subcase: 'sam_blokir',
          serialNumber: 'sam0001234',
        }),
      }),
    );
    expect(result.kind === 'accepted' && result.fields.serialNumber).toBe('V2T1234567');
  });

  it.each([
    [
      'merchant without a device',
      'merchant',
      null,
      { serialNumber: undefined, category: 'other', subcase: 'pertanyaan' },
      MID,
      undefined,
    ],
    [
      'merchant with own terminal',
      'merchant',
      device(),
      { category: 'paper_supply', subcase: 'kertas_habis' },
      MID,
      'JKT00017',
    ],
    [
      'merchant settlement complaint about a terminal under repair',
      'merchant',
      device({ status: 'under_repair' }),
      { category: 'transaction_settlement', subcase: 'dana_belum_masuk' },
      MID,
      'JKT00017',
    ],
    [
      'back office for any MID, no device',
      'agent',
      null,
      { serialNumber: undefined, mid: OTHER_MID, category: 'merchant_data', subcase: 'ubah_rekening' },
      OTHER_MID,
      undefined,
    ],
    ['supervisor with a device takes its MID', 'supervisor', device(), { mid: OTHER_MID }, MID, 'JKT00017'],
    ['admin with a device', 'admin', device(), {}, MID, 'JKT00017'],
  ] satisfies [string, Role, Device | null, Partial<CaseSubmission>, string, string | undefined][])(
    '%s',
    (_what, role, dev, over, mid, tid) => {
      const sub = submission(over);
      const result = acceptCase(
        input({
          submission: sub,
          device: dev,
          role,
          userMid: role === 'merchant' ? MID : undefined,
          regions: undefined,
          rule: findSlaRule(DEFAULT_SLA_CATALOGUE, sub.category, sub.subcase),
        }),
      );
      expect(result.kind).toBe('accepted');
      if (result.kind !== 'accepted') return;
      expect(result.fields.mid).toBe(mid);
      expect(result.fields.tid).toBe(tid);
    },
  );

  it('falls back to the category default rule and the submitted priority', () => {
    const sub = submission({ category: 'replace_device', subcase: undefined, priority: 'critical' });
    const result = acceptCase(input({ submission: sub, rule: null }));
    expect(result.kind === 'accepted' && [result.fields.priority, result.fields.dueAt]).toEqual([
      'critical',
      jkt('2026-11-25T18:00').toISOString(),
    ]);
  });

  it.each([
    ['future report time is clamped to acceptance', '2026-11-26T10:00', '2026-11-25T10:00'],
    ['30-day-old report time is kept at the bound', '2026-09-01T10:00', '2026-10-26T10:00'],
    ['plausible report time is kept', '2026-11-25T08:00', '2026-11-25T08:00'],
  ])('%s', (_what, reported, expected) => {
    const result = acceptCase(input({ submission: submission({ reportedAt: jkt(reported).toISOString() }) }));
    expect(result.kind === 'accepted' && result.fields.reportedAt).toBe(jkt(expected).toISOString());
  });
});
