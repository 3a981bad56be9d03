/**
 * The RxDB schemas are derived from the shared zod schemas; this keeps them honest: one
 * realistic sample per collection must pass zod AND be stored by RxDB with JSON-schema
 * validation on (ajv), and an invalid one must fail both.
 */
import 'fake-indexeddb/auto';
import { documentSchemas, syncCollections } from '@edc/shared';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../lib/uuid.ts';
import { closeDb, openDb } from './database.ts';
import { rxSchemaSpecs, rxSchemas, toLocalDoc, toRxSchema } from './schemas.ts';

const at = '2026-11-25T03:41:00.000Z';
const caseId = uuidv7();

const samples = {
  devices: {
    id: 'A9200001306',
    serialNumber: 'A9200001306',
    model: 'PAX A920',
    tid: 'JK324463',
    mid: '000819013697386',
    status: 'on_operation',
    simSerial: '8962109012463597814',
    region: 'JKT',
    updatedAt: at,
    _deleted: false,
  },
  merchants: {
    id: '000819013697386',
    mid: '000819013697386',
    name: 'Toko Sumber Rejeki',
    address: 'Jl. Kebon Jeruk 12',
    city: 'Jakarta Barat',
    region: 'JKT',
    phone: '+62215550123',
    status: 'active',
    updatedAt: at,
    _deleted: false,
  },
  sla_rules: {
    id: 'replace_device:edc_mati',
    category: 'replace_device',
    subcase: 'edc_mati',
    label: 'EDC mati total',
    caseType: 'escalation',
    responsibleUnit: 'Merchant Operation - MEM',
    priority: 'major',
    responseMinutes: 60,
    businessDays: 2,
    active: true,
    updatedAt: at,
    _deleted: false,
  },
  holidays: { id: '2026-12-25', date: '2026-12-25', name: 'Hari Raya Natal', updatedAt: at, _deleted: false },
  notifications: {
    id: uuidv7(),
    type: 'case_rejected',
    caseId,
    title: 'Kasus ditolak: sudah ada CASE-20261125-00001',
    body: 'Masih ada kasus terbuka untuk TID/MID ini: CASE-20261125-00001.',
    url: `/tech/cases/${caseId}`,
    createdAt: at,
    updatedAt: at,
    _deleted: false,
  },
  cases: {
    id: caseId,
    clientRev: crypto.randomUUID(),
    serverRev: 3,
    status: 'rejected',
    rejectReason: 'tid_mid_open',
    blockingCaseNumber: 'CASE-20261125-00001',
    category: 'replace_device',
    subcase: 'edc_mati',
    description: 'mati total',
    channel: 'technician_app',
    serialNumber: 'A9200001306',
    tid: 'JK324463',
    mid: '000819013697386',
    location: { lat: -6.2, lng: 106.8, accuracyM: 12 },
    attachmentIds: [uuidv7()],
    reportedAt: at,
    createdBy: 'tech1',
    escalationLevel: 0,
    updatedAt: at,
    _deleted: false,
  },
  case_events: {
    id: uuidv7(),
    caseId,
    type: 'rejected',
    at,
    actor: 'system',
    data: { reason: 'tid_mid_open' },
    _deleted: false,
  },
  faq_articles: {
    id: '01936f4e-8a2b-7c3d-9e4f-5a6b7c8d9e0f',
    category: 'paper_supply',
    locale: 'id',
    question: 'Kertas struk habis?',
    answer: 'Minta roll kertas lewat aplikasi.',
    updatedAt: at,
    _deleted: false,
  },
  announcements: {
    id: uuidv7(),
    title: 'Pemeliharaan sistem',
    body: 'EDC tidak dapat settlement 22.00–23.00 WIB.',
    severity: 'maintenance',
    audience: 'region:JKT',
    startsAt: at,
    endsAt: '2026-11-26T03:41:00.000Z',
    createdBy: 'supervisor1',
    updatedAt: at,
    _deleted: false,
  },
} as const;

describe('RxDB schemas derived from zod', () => {
  it.each(syncCollections)('%s: a valid sample passes zod and RxDB validation', async (collection) => {
    const sample = samples[collection];
    expect(documentSchemas[collection].safeParse(sample).success).toBe(true);
    const db = await openDb(`schema-${collection}-${uuidv7()}`, { validate: true });
    try {
      // SLA rules, holidays, FAQ and announcements are added after openDb resolves.
      await db.later;
      const { _deleted, ...doc } = toLocalDoc(collection, sample);
      await db.rx[collection].insert(doc as never);
      expect(await db.rx[collection].count().exec()).toBe(1);
    } finally {
      await closeDb(db); // an open database left behind counts against RxDB's collection limit
    }
  });

  it('an invalid device fails both', async () => {
    const bad = { ...samples.devices, id: 'X1', serialNumber: 'X1', status: 'lost' };
    expect(documentSchemas.devices.safeParse(bad).success).toBe(false);
    const db = await openDb(`schema-bad-${uuidv7()}`, { validate: true });
    const { _deleted, ...doc } = toLocalDoc('devices', bad);
    await expect(db.rx.devices.insert(doc as never)).rejects.toThrow();
    await closeDb(db);
  });
});

describe('generated RxDB schemas (rx-schemas.generated.ts)', () => {
  // Same text, key order included: RxDB keys a stored collection by its schema's hash.
  it.each(Object.keys(rxSchemaSpecs) as (keyof typeof rxSchemaSpecs)[])(
    '%s equals toRxSchema of its zod schema (else: npm run gen:rx-schemas -w @edc/client)',
    (name) => {
      const spec = rxSchemaSpecs[name];
      expect(JSON.stringify(rxSchemas[name])).toBe(JSON.stringify(toRxSchema(spec.zod, spec.overrides)));
    },
  );
});
