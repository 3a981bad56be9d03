/**
 * RxDB JSON schemas of the replicated collections, DERIVED from the shared zod schemas
 * (`z.toJSONSchema`) so the two never drift; `schemas.test.ts` also validates sample
 * documents against both. RxDB-specific additions (primary key, indexes, maxLength of
 * indexed strings) are layered on top here and nowhere else.
 */
import {
  type Announcement,
  announcementSchema,
  type Case,
  type CaseEvent,
  caseEventSchema,
  caseSchema,
  type Device,
  deviceSchema,
  type FaqArticle,
  faqArticleSchema,
  type Holiday,
  holidaySchema,
  type Merchant,
  merchantSchema,
  type Notification,
  notificationSchema,
  type SlaRule,
  type SyncCollection,
  slaRuleSchema,
} from '@edc/shared';
import type { RxJsonSchema } from 'rxdb';
import { z } from 'zod';
import { CASES_SCHEMA_VERSION, DEVICES_SCHEMA_VERSION, MERCHANTS_SCHEMA_VERSION } from './db-name.ts';
import { generatedRxSchemas } from './rx-schemas.generated.ts';

/** A replicated document as stored locally: RxDB keeps `_deleted` as its own meta field. */
export type DeviceDoc = Omit<Device, '_deleted'>;
export type MerchantDoc = Omit<Merchant, '_deleted'>;
export type SlaRuleDoc = Omit<SlaRule, '_deleted'>;
export type NotificationDoc = Omit<Notification, '_deleted'>;
export type HolidayDoc = Omit<Holiday, '_deleted'>;
export type CaseDoc = Omit<Case, '_deleted'>;
export type CaseEventDoc = Omit<CaseEvent, '_deleted'>;
export type FaqArticleDoc = Omit<FaqArticle, '_deleted'>;
export type AnnouncementDoc = Omit<Announcement, '_deleted'>;

export type DocTypes = {
  devices: DeviceDoc;
  merchants: MerchantDoc;
  sla_rules: SlaRuleDoc;
  notifications: NotificationDoc;
  holidays: HolidayDoc;
  cases: CaseDoc;
  case_events: CaseEventDoc;
  faq_articles: FaqArticleDoc;
  announcements: AnnouncementDoc;
};

type JsonObject = { [key: string]: unknown };

export type Overrides = {
  /** Schema version; bump together with a migration strategy when a shape changes. */
  version: number;
  /** Indexed strings need a finite maxLength (RxDB SC34); listed per field. */
  maxLength: Record<string, number>;
  indexes: (string | string[])[];
  /**
   * Optional fields that are indexed: Dexie cannot index a missing field (RxDB DXE1), so
   * they are required locally and stored as '' when the server omits them (see
   * `toLocalDoc`). '' never matches a lookup.
   */
  requiredLocally?: string[];
};

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** zod → JSON schema → RxDB schema: drop `_deleted` (RxDB meta) and `$schema`, add keys/indexes. */
export function toRxSchema<T>(schema: z.ZodObject, overrides: Overrides): RxJsonSchema<T> {
  const json = z.toJSONSchema(schema, { target: 'draft-07', io: 'output' }) as JsonObject;
  const properties = isObject(json.properties) ? { ...json.properties } : {};
  delete properties._deleted;
  for (const [field, maxLength] of Object.entries(overrides.maxLength)) {
    // An indexed field becomes a plain bounded string (e.g. `mid` is `^\d{15}$ | ''`).
    properties[field] = { type: 'string', maxLength };
  }
  const required = Array.isArray(json.required)
    ? json.required.filter((name): name is string => typeof name === 'string' && name !== '_deleted')
    : [];
  for (const field of overrides.requiredLocally ?? []) if (!required.includes(field)) required.push(field);
  const rxSchema = {
    version: overrides.version,
    primaryKey: 'id',
    type: 'object',
    properties,
    required,
    indexes: overrides.indexes,
  };
  return rxSchema as unknown as RxJsonSchema<T>;
}

export const rxSchemaSpecs = {
  devices: {
    zod: deviceSchema,
    overrides: {
      // Version 1 dropped the `mid` index (version 0 had it): every stored index is one more
      // IndexedDB entry per device on a 100,000-device first sync (~1 s of it), and the only
      // query by MID is a merchant's, over the handful of terminals a merchant holds. Phones
      // with version-0 rows get them copied over at start (db/schema-upgrades.ts).
      version: DEVICES_SCHEMA_VERSION,
      maxLength: { id: 64, serialNumber: 64, samSerial: 64, simSerial: 64, tid: 16, mid: 15 },
      // Lookups by SAM/SIM serial and TID (serial = primary key).
      indexes: ['samSerial', 'simSerial', 'tid'],
      requiredLocally: ['samSerial', 'simSerial'],
    },
  },
  merchants: {
    zod: merchantSchema,
    overrides: {
      // Version 1 added the optional shop coordinates (lat, lng); rows carried over as they are.
      version: MERCHANTS_SCHEMA_VERSION,
      maxLength: { id: 15, mid: 15 },
      indexes: [],
    },
  },
  sla_rules: {
    zod: slaRuleSchema,
    overrides: {
      // Version 1 added the optional `businessHours` (issue 15, SLA calendars): rows carried
      // over as they are (db/schema-upgrades.ts) and pulled again (sync/engine.ts).
      version: 1,
      maxLength: { id: 200, category: 40 },
      indexes: ['category'],
    },
  },
  notifications: {
    zod: notificationSchema,
    overrides: {
      // Version 1 added the `[readAt+type]` index (issue 12): the unread badge counts it and
      // the rejection banner reads its unread rejections from it, where version 0 read every
      // notification of the phone (10,000 on a busy technician's) at each start and change.
      // `readAt` is '' locally while unread; carried-over rows get it (`withLocalReadAt`).
      version: 1,
      maxLength: { id: 36, createdAt: 40, readAt: 40, type: 20 },
      // The inbox lists newest first.
      indexes: ['createdAt', ['readAt', 'type']],
      requiredLocally: ['readAt'],
    },
  },
  holidays: { zod: holidaySchema, overrides: { version: 0, maxLength: { id: 10 }, indexes: [] } },
  cases: {
    zod: caseSchema,
    overrides: {
      // Version 1 added the optional `contactPhone` (issue 14): stored rows are valid as they
      // are and are carried over (db/schema-upgrades.ts). Version 2 added the
      // `[assignee+status]` index (issue 12): without it the Tugas list read every open case
      // of the phone (the `status` index) to find the technician's few; carried-over rows
      // get `assignee: ''` when unassigned (`toLocalCaseRow`).
      version: CASES_SCHEMA_VERSION,
      maxLength: { id: 36, mid: 15, createdBy: 100, status: 20, reportedAt: 40, assignee: 100 },
      // Blocking-case check by MID (then TID); "my cases" by creator, newest first; outbox by
      // status; Tugas (jobs) by assignee and live status.
      indexes: ['mid', ['createdBy', 'reportedAt'], 'status', ['assignee', 'status']],
      requiredLocally: ['assignee'],
    },
  },
  case_events: {
    zod: caseEventSchema,
    overrides: {
      // Version 1 added the event type `recategorized` (issue 15), version 2 `arrived` (issue 12)
      // to the type enum: stored rows are valid as they are and are carried over
      // (db/schema-upgrades.ts).
      version: 2,
      maxLength: { id: 36, caseId: 36 },
      indexes: ['caseId'],
    },
  },
  // A few hundred articles at most: searched in memory (shared faq-search), no index needed.
  faq_articles: {
    zod: faqArticleSchema,
    overrides: {
      version: 0,
      maxLength: { id: 36 },
      indexes: [],
    },
  },
  announcements: {
    zod: announcementSchema,
    overrides: {
      version: 0,
      maxLength: { id: 36 },
      indexes: [],
    },
  },
} satisfies { [K in SyncCollection]: { zod: z.ZodObject; overrides: Overrides } };

/**
 * The RxDB schemas the app opens its collections with: `toRxSchema` of the specs above,
 * computed at build time (rx-schemas.generated.ts, `npm run gen:rx-schemas -w @edc/client`)
 * because converting nine zod schemas to JSON schema cost ~20 ms of every start on a slow
 * phone. `schemas.test.ts` fails when the two differ, so they never drift.
 */
export const rxSchemas = generatedRxSchemas as unknown as {
  [K in SyncCollection]: RxJsonSchema<DocTypes[K]>;
};

/** Server document → local document: fills the locally-required indexed fields. */
export function toLocalDoc(
  collection: SyncCollection,
  doc: Record<string, unknown>,
): Record<string, unknown> {
  if (collection === 'devices') {
    return { ...doc, samSerial: doc.samSerial ?? '', simSerial: doc.simSerial ?? '' };
  }
  if (collection === 'cases') return withLocalAssignee(doc);
  if (collection === 'notifications') return withLocalReadAt(doc);
  return doc;
}

/** A notification as stored locally: `readAt` is '' while unread (it is indexed). */
export function withLocalReadAt<T extends { readAt?: string | undefined }>(doc: T): T & { readAt: string } {
  return { ...doc, readAt: doc.readAt ?? '' };
}

/** A case as stored locally: `assignee` is '' when nobody is assigned (it is indexed). */
export function withLocalAssignee<T extends { assignee?: string | undefined }>(
  doc: T,
): T & { assignee: string } {
  return { ...doc, assignee: doc.assignee ?? '' };
}
