/**
 * Master-data CSV import (DESIGN section 6): parse (RFC 4180, shared/domain/csv.ts),
 * validate every row with the shared entity schemas, then upsert the good rows in one
 * transaction. A bad row never aborts the good ones; each is reported with its 1-based
 * file line (the header is line 1).
 */
import { AppError, deviceSchema, type ImportResult, merchantSchema } from '@edc/shared';
import { parseCsv, recordsToObjects } from '@edc/shared/domain';
import type { z } from 'zod';
import {
  type DeviceImportRow,
  existingMids,
  type MerchantImportRow,
  upsertDevices,
  upsertMerchants,
} from '../db/import.ts';
import { type Db, withTransaction } from '../db/pool.ts';

export const importKinds = ['devices', 'merchants'] as const;
export type ImportKind = (typeof importKinds)[number];

/** Columns of each import file, in template order; the required ones must be in the header. */
export const importColumns = {
  merchants: {
    // lat/lng (decimal degrees, both or neither) give the shop's coordinates: the desk's
    // visit distance and the technician's maps link (DESIGN section 9).
    all: ['mid', 'name', 'address', 'city', 'region', 'phone', 'status', 'lat', 'lng'],
    required: ['mid', 'name', 'region'],
  },
  devices: {
    all: ['serialNumber', 'model', 'tid', 'mid', 'status', 'samSerial', 'simSerial', 'region'],
    required: ['serialNumber', 'tid', 'mid', 'status', 'region'],
  },
} as const satisfies Record<ImportKind, { all: readonly string[]; required: readonly string[] }>;

/** Most rows one import accepts; bigger files are split by the admin (and stay reviewable). */
export const MAX_IMPORT_ROWS = 50_000;

// The shared entity schema (ranges of lat/lng included), plus: coordinates come as a pair,
// since a latitude alone places the shop nowhere.
const merchantRowSchema = merchantSchema
  .omit({ updatedAt: true, _deleted: true })
  .refine((m) => (m.lat === undefined) === (m.lng === undefined), {
    path: ['lat'],
    message: 'lat and lng go together (give both or neither)',
  });

/** A coordinate cell: blank → absent; a decimal number (dot, optional sign) → the number; anything else → NaN. */
function coordinate(v: string | undefined): number | undefined {
  const t = v?.trim();
  if (!t) return undefined;
  return /^[-+]?\d{1,3}(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}
const deviceRowSchema = deviceSchema.omit({ updatedAt: true, _deleted: true });

function issuesReason(error: z.ZodError): string {
  // `id` mirrors the natural key (mid / serialNumber): its issue would only repeat that one.
  return error.issues
    .filter((i) => i.path[0] !== 'id')
    .map((i) => `${i.path.join('.') || 'row'}: ${i.message}`)
    .join('; ');
}

const blankToUndefined = (v: string | undefined): string | undefined => {
  const t = v?.trim();
  return t ? t : undefined;
};

type Validated<R> = { rows: R[]; errors: ImportResult['errors'] };

function validateMerchants(
  rows: { line: number; values: Record<string, string> }[],
): Validated<MerchantImportRow> {
  const out: Validated<MerchantImportRow> = { rows: [], errors: [] };
  for (const { line, values } of rows) {
    const mid = values.mid?.trim() ?? '';
    const lat = coordinate(values.lat);
    const lng = coordinate(values.lng);
    const notNumber = (['lat', 'lng'] as const).filter((k) => Number.isNaN(k === 'lat' ? lat : lng));
    if (notNumber.length > 0) {
      out.errors.push({
        line,
        reason: notNumber.map((k) => `${k}: not a decimal number (use a dot, e.g. -6.2088)`).join('; '),
      });
      continue;
    }
    const parsed = merchantRowSchema.safeParse({
      id: mid,
      mid,
      name: values.name?.trim() ?? '',
      address: values.address?.trim() ?? '',
      city: values.city?.trim() ?? '',
      region: values.region?.trim().toUpperCase() ?? '',
      phone: values.phone?.trim() ?? '',
      status: blankToUndefined(values.status)?.toLowerCase() ?? 'active',
      lat,
      lng,
    });
    if (!parsed.success) {
      out.errors.push({ line, reason: issuesReason(parsed.error) });
      continue;
    }
    const m = parsed.data;
    out.rows.push({
      line,
      mid: m.mid,
      name: m.name,
      address: m.address,
      city: m.city,
      region: m.region,
      phone: m.phone,
      status: m.status,
      lat: m.lat ?? null,
      lng: m.lng ?? null,
    });
  }
  return out;
}

function validateDevices(
  rows: { line: number; values: Record<string, string> }[],
): Validated<DeviceImportRow> {
  const out: Validated<DeviceImportRow> = { rows: [], errors: [] };
  for (const { line, values } of rows) {
    const serial = values.serialNumber?.trim() ?? '';
    const parsed = deviceRowSchema.safeParse({
      id: serial,
      serialNumber: serial,
      model: values.model?.trim() ?? '',
      tid: values.tid?.trim() ?? '',
      mid: values.mid?.trim() ?? '',
      status: values.status?.trim().toLowerCase() ?? '',
      samSerial: blankToUndefined(values.samSerial),
      simSerial: blankToUndefined(values.simSerial),
      region: values.region?.trim().toUpperCase() ?? '',
    });
    if (!parsed.success) {
      out.errors.push({ line, reason: issuesReason(parsed.error) });
      continue;
    }
    const d = parsed.data;
    out.rows.push({
      line,
      serialNumber: d.serialNumber,
      model: d.model,
      tid: d.tid,
      mid: d.mid,
      status: d.status,
      samSerial: d.samSerial ?? null,
      simSerial: d.simSerial ?? null,
      region: d.region,
    });
  }
  return out;
}

/**
 * A natural key twice in one file is ambiguous (which row wins?), so the later rows are
 * reported instead of silently overwriting the first.
 */
function dropDuplicates<R extends { line: number }>(v: Validated<R>, key: (r: R) => string): Validated<R> {
  const seen = new Map<string, number>();
  const rows: R[] = [];
  for (const r of v.rows) {
    const k = key(r).toUpperCase();
    const first = seen.get(k);
    if (first !== undefined) {
      v.errors.push({ line: r.line, reason: `duplicate of line ${first}` });
      continue;
    }
    seen.set(k, r.line);
    rows.push(r);
  }
  return { rows, errors: v.errors };
}

/** Parses, validates and upserts one CSV file; throws `invalid_csv` only for file-level faults. */
export async function importCsv(db: Db, kind: ImportKind, text: string, now: Date): Promise<ImportResult> {
  const parsed = parseCsv(text);
  if (!parsed.ok)
    throw new AppError('invalid_csv', parsed.reason, { line: parsed.line, reason: parsed.reason });
  const cols = importColumns[kind];
  const table = recordsToObjects(parsed.records, cols.all, cols.required);
  if (!table.ok) throw new AppError('invalid_csv', 'missing columns', { line: 1, missing: table.missing });
  if (table.rows.length > MAX_IMPORT_ROWS) {
    throw new AppError('invalid_csv', 'too many rows', { maxRows: MAX_IMPORT_ROWS });
  }
  const fieldErrors = table.rows
    .filter((r) => r.extraFields)
    .map((r) => ({ line: r.line, reason: 'more fields than header columns' }));
  const wellFormed = table.rows.filter((r) => !r.extraFields);

  const result = await withTransaction(db, async (client) => {
    if (kind === 'merchants') {
      const v = dropDuplicates(validateMerchants(wellFormed), (r) => r.mid);
      const written = await upsertMerchants(client, v.rows, now);
      return { ...written, errors: [...v.errors, ...written.errors] };
    }
    const v = dropDuplicates(validateDevices(wellFormed), (r) => r.serialNumber);
    // A device must belong to a known merchant (inside the transaction, so a merchant
    // deleted concurrently is not trusted from a stale read).
    const known = await existingMids(
      client,
      v.rows.map((r) => r.mid),
    );
    const good = v.rows.filter((r) => known.has(r.mid));
    for (const r of v.rows)
      if (!known.has(r.mid)) v.errors.push({ line: r.line, reason: `mid: merchant ${r.mid} does not exist` });
    const written = await upsertDevices(client, good, now);
    return { ...written, errors: [...v.errors, ...written.errors] };
  });
  return {
    inserted: result.inserted,
    updated: result.updated,
    unchanged: result.unchanged,
    errors: [...fieldErrors, ...result.errors].sort((a, b) => a.line - b.line),
  };
}

/** Header-only template of an import file. */
export function importTemplate(kind: ImportKind): string {
  return `${importColumns[kind].all.join(',')}\r\n`;
}
