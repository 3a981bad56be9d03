/**
 * The whole acceptance decision as tables: who may file what about which terminal, the
 * fields an accepted case is stamped with, what a rejected row may reveal, the channel,
 * the device a submission names, and the row kept of a malformed document.
 */
import { describe, expect, it } from 'vitest';
import type { Channel, RejectReason, Role } from '../schemas/common.ts';
import { type CaseSubmission, caseSchema, type Device } from '../schemas/entities.ts';
import {
  type AcceptCaseInput,
  acceptCase,
  caseChannel,
  deviceLookupKey,
  findSubmissionDevice,
  type MalformedCaseFields,
  type RejectedCaseFields,
  rejectMalformedCase,
  submissionRule,
} from './case-acceptance.ts';
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

/** The rejected row's fields for the default submission (sent 09:50 JKT, kept), as `role` files it. */
const rej = (
  role: Role,
  mid: string,
  tid?: string,
  over: Partial<RejectedCaseFields> = {},
): RejectedCaseFields => ({
  mid,
  ...(tid ? { tid } : {}),
  serialNumber: 'V2T1234567',
  reportedAt: '2026-11-25T02:50:00.000Z',
  channel: role === 'technician' ? 'technician_app' : role === 'merchant' ? 'merchant_app' : 'technician_app',
  ...over,
});

describe('acceptCase rejections: the reason and what the rejected row shows', () => {
  it.each([
    ['technician, no device found', input({ device: null }), 'device_not_found', rej('technician', '')],
    [
      'technician, device in warehouse (own region: TID/MID shown)',
      input({ device: device({ status: 'in_warehouse' }) }),
      'device_not_operational',
      rej('technician', MID, 'JKT00017'),
    ],
    [
      'technician, device under repair',
      input({ device: device({ status: 'under_repair' }) }),
      'device_not_operational',
      rej('technician', MID, 'JKT00017'),
    ],
    [
      'technician, device decommissioned',
      input({ device: device({ status: 'decommissioned' }) }),
      'device_not_operational',
      rej('technician', MID, 'JKT00017'),
    ],
    [
      'technician, device in another region (nothing of it shown)',
      input({ regions: ['BDG'] }),
      'not_authorized',
      rej('technician', ''),
    ],
    [
      'technician, other region wins over status (no probing)',
      input({ regions: ['BDG'], device: device({ status: 'under_repair' }) }),
      'not_authorized',
      rej('technician', ''),
    ],
    ['technician without regions', input({ regions: undefined }), 'not_authorized', rej('technician', '')],
    [
      'technician, non-field category (own-region terminal shown)',
      input({ submission: submission({ category: 'transaction_settlement', subcase: 'settlement_gagal' }) }),
      'invalid',
      rej('technician', MID, 'JKT00017'),
    ],
    [
      'merchant without MID in token',
      input({ role: 'merchant', userMid: undefined }),
      'not_authorized',
      rej('merchant', ''),
    ],
    [
      'merchant, unknown serial (own MID kept)',
      input({ role: 'merchant', userMid: MID, device: null }),
      'device_not_found',
      rej('merchant', MID),
    ],
    [
      'merchant, another merchant’s terminal (reported as not found, its TID not shown)',
      input({ role: 'merchant', userMid: OTHER_MID }),
      'device_not_found',
      rej('merchant', OTHER_MID),
    ],
    [
      'merchant, another merchant’s terminal found by TID only',
      input({ role: 'merchant', userMid: OTHER_MID, submission: submission({ serialNumber: undefined }) }),
      'device_not_found',
      rej('merchant', OTHER_MID, undefined, { serialNumber: undefined }),
    ],
    [
      'merchant, replacement for own terminal in repair (own TID shown)',
      input({ role: 'merchant', userMid: MID, device: device({ status: 'under_repair' }) }),
      'device_not_operational',
      rej('merchant', MID, 'JKT00017'),
    ],
    [
      'back office, unknown serial (Table 2 row 21): the submitted MID kept',
      input({ role: 'agent', device: null }),
      'device_not_found',
      rej('agent', OTHER_MID),
    ],
    [
      'back office, non-operational terminal (Table 2 row 21): the device’s TID/MID',
      input({ role: 'agent', device: device({ status: 'in_warehouse' }) }),
      'device_not_operational',
      rej('agent', MID, 'JKT00017'),
    ],
    [
      'back office, no device and a malformed MID',
      input({ role: 'agent', device: null, submission: submission({ serialNumber: undefined, mid: '' }) }),
      'invalid',
      rej('agent', '', undefined, { serialNumber: undefined }),
    ],
  ] satisfies [string, AcceptCaseInput, RejectReason, RejectedCaseFields][])(
    '%s → %s',
    (_what, args, reason, fields) => {
      const expected = { ...fields };
      if (expected.serialNumber === undefined) delete expected.serialNumber;
      expect(acceptCase(args)).toEqual({ kind: 'rejected', reason, fields: expected });
    },
  );

  it.each([
    ['future report time is clamped to now', '2026-11-26T10:00', '2026-11-25T10:00'],
    ['older than 30 days is kept at the bound', '2026-09-01T10:00', '2026-10-26T10:00'],
    ['not a date becomes now', 'yesterday', '2026-11-25T10:00'],
  ])('rejected rows bound the report time too: %s', (_what, reported, expected) => {
    const sent = reported === 'yesterday' ? reported : jkt(reported).toISOString();
    const result = acceptCase(input({ device: null, submission: submission({ reportedAt: sent }) }));
    expect(result.kind === 'rejected' && result.fields.reportedAt).toBe(jkt(expected).toISOString());
  });
});

describe('caseChannel', () => {
  it.each([
    ['technician', 'phone', 'technician_app'],
    ['technician', undefined, 'technician_app'],
    ['merchant', 'walk_in', 'merchant_app'],
    ['agent', 'whatsapp', 'whatsapp'],
    ['supervisor', 'email', 'email'],
    ['admin', 'fax', 'web'],
    ['agent', undefined, 'web'],
  ] satisfies [Role, unknown, Channel][])('%s sending %j → %s', (role, sent, expected) => {
    expect(caseChannel(role, sent)).toBe(expected);
  });

  it.each([
    ['technician', 'technician_app'],
    ['merchant', 'merchant_app'],
    ['agent', 'phone'],
  ] satisfies [Role, Channel][])('stamped on accepted and rejected rows: %s → %s', (role, channel) => {
    const sub = submission({ channel: 'phone', category: 'paper_supply', subcase: 'kertas_habis' });
    const common = { submission: sub, role, userMid: MID, rule: null };
    const accepted = acceptCase(input(common));
    const rejectedCase = acceptCase(input({ ...common, device: device({ status: 'in_warehouse' }) }));
    expect([accepted.fields.channel, rejectedCase.fields.channel]).toEqual([channel, channel]);
    expect([accepted.kind, rejectedCase.kind]).toEqual(['accepted', 'rejected']);
  });
});

describe('the device a submission names', () => {
  const a = device();
  // Another vendor's terminal whose TID happens to be the text typed as a serial.
  const b = device({
    id: 'B',
    serialNumber: 'PAXB0001',
    samSerial: undefined,
    simSerial: undefined,
    tid: 'V2T9',
  });
  it.each([
    ['serial', { serialNumber: ' v2t1234567 ' }, { kind: 'serial', key: 'V2T1234567' }, 'V2T1234567'],
    ['SAM serial', { serialNumber: 'sam0001234' }, { kind: 'serial', key: 'SAM0001234' }, 'V2T1234567'],
    [
      'SIM ICCID',
      { serialNumber: '8962100012345678901' },
      { kind: 'serial', key: '8962100012345678901' },
      'V2T1234567',
    ],
    [
      'a TID typed as serial matches no device',
      { serialNumber: 'v2t9' },
      { kind: 'serial', key: 'V2T9' },
      null,
    ],
    ['TID only (desk intake)', { tid: ' jkt00017' }, { kind: 'tid', key: 'JKT00017' }, 'V2T1234567'],
    [
      'blank serial falls back to the TID',
      { serialNumber: '  ', tid: 'V2T9' },
      { kind: 'tid', key: 'V2T9' },
      'PAXB0001',
    ],
    ['nothing named', { serialNumber: ' ' }, null, null],
    ['unknown serial', { serialNumber: 'NOPE' }, { kind: 'serial', key: 'NOPE' }, null],
  ] as const)('%s', (_what, sent, key, serial) => {
    expect(deviceLookupKey(sent)).toEqual(key);
    expect(findSubmissionDevice(sent, [a, b])?.serialNumber ?? null).toBe(serial);
  });
});

describe('who may choose a priority (issue 11: a merchant filed everything as critical)', () => {
  // `paper_supply` without a subcase falls back to the category default, priority minor.
  const sent = submission({ category: 'paper_supply', subcase: undefined, priority: 'critical' });
  it.each([
    ['merchant', 'critical'], // a general complaint: the merchant's urgency (no rule to decide)
    ['technician', 'minor'],
    ['agent', 'critical'],
    ['supervisor', 'critical'],
    ['admin', 'critical'],
  ] as const)('%s → %s', (role, priority) => {
    expect(submissionRule(DEFAULT_SLA_CATALOGUE, sent, role).priority).toBe(priority);
    const result = acceptCase(
      input({
        submission: sent,
        rule: null,
        role,
        userMid: MID,
        device: device(),
      }),
    );
    expect(result.kind === 'accepted' && result.fields.priority).toBe(priority);
  });

  it('a catalogue subcase decides, whatever anyone sends', () => {
    const withSubcase = submission({
      category: 'paper_supply',
      subcase: 'kertas_habis',
      priority: 'critical',
    });
    expect(submissionRule(DEFAULT_SLA_CATALOGUE, withSubcase, 'merchant').priority).toBe('minor');
  });
});

describe('rejectMalformedCase', () => {
  const base = { role: 'technician', now: NOW } as const;
  const fields = (over: Partial<MalformedCaseFields>): MalformedCaseFields => ({
    category: 'other',
    description: '',
    mid: '',
    reportedAt: NOW.toISOString(),
    channel: 'technician_app',
    ...over,
  });
  it.each([
    ['nothing usable', { ...base, raw: {} }, fields({})],
    [
      'the valid parts are kept',
      {
        ...base,
        raw: {
          category: 'paper_supply',
          description: 'Kertas habis',
          serialNumber: 'V2T1',
          reportedAt: '2026-11-25T02:00:00.000Z',
        },
      },
      fields({
        category: 'paper_supply',
        description: 'Kertas habis',
        serialNumber: 'V2T1',
        reportedAt: '2026-11-25T02:00:00.000Z',
      }),
    ],
    [
      'texts are cut, an unknown category is other',
      { ...base, raw: { category: 'bogus', description: 'x'.repeat(5000), serialNumber: 'S'.repeat(100) } },
      fields({ description: 'x'.repeat(4000), serialNumber: 'S'.repeat(64) }),
    ],
    [
      'non-strings are ignored, a future report time is now',
      { ...base, raw: { description: 42, serialNumber: ['a'], reportedAt: '2030-01-01T00:00:00.000Z' } },
      fields({}),
    ],
    ['a bad report time is now', { ...base, raw: { reportedAt: 'kemarin' } }, fields({})],
    [
      'a merchant’s row carries their own MID, never the sent one',
      { ...base, role: 'merchant', userMid: MID, raw: { mid: OTHER_MID, channel: 'phone' } },
      fields({ mid: MID, channel: 'merchant_app' }),
    ],
    [
      'back office: the sent MID is not trusted, the channel is',
      { ...base, role: 'agent', raw: { mid: OTHER_MID, channel: 'email' } },
      fields({ channel: 'email' }),
    ],
    [
      // Issue 11: the kept copy must be storable, or storing the refusal fails the push.
      'NUL is dropped and lone surrogates become U+FFFD in the kept texts',
      { ...base, raw: { description: 'a\u0000b\ud800c', serialNumber: '\udfffSN\u0000' } },
      fields({ description: 'ab\ufffdc', serialNumber: '\ufffdSN' }),
    ],
    [
      'a cut through a surrogate pair leaves no half of it',
      { ...base, raw: { description: `${'x'.repeat(3999)}😀` } },
      fields({ description: `${'x'.repeat(3999)}\ufffd` }),
    ],
    [
      'a report older than 30 days is kept at the bound',
      { ...base, raw: { reportedAt: '2026-01-01T00:00:00.000Z' } },
      fields({ reportedAt: jkt('2026-10-26T10:00').toISOString() }),
    ],
  ] as const)('%s', (_what, args, expected) => {
    expect(rejectMalformedCase(args)).toEqual(expected);
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

  it('falls back to the category default rule and the priority the desk chose', () => {
    const sub = submission({ category: 'replace_device', subcase: undefined, priority: 'critical' });
    const result = acceptCase(input({ submission: sub, rule: null, role: 'agent' }));
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
