/**
 * Master-data CSV import (DESIGN section 6): parse (RFC 4180, shared/domain/csv.ts),
 * validate every row with the shared entity schemas, then upsert the good rows in one
 * transaction. A bad row never aborts the good ones; each is reported with its 1-based
 * file line (the header is line 1).
 */
import { AppError, deviceSchema, type ImportErrorCode, type ImportResult, merchantSchema } from '@edc/shared';
import { parseCsv, recordsToObjects } from '@edc/shared/domain';
import type { z } from 'zod';
import { withActor } from '../db/audit.ts';
import {
  type DeviceImportRow,
  deviceOwnershipConflicts,
  existingMids,
  type MerchantImportRow,
  upsertDevices,
  upsertMerchants,
} from '../db/import.ts';
import type { Db } from '../db/pool.ts';

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

// The shared entity schema (ranges of lat/lng included); that coordinates come as a pair
// (a latitude alone places the shop nowhere) is checked before it, per line.
const merchantRowSchema = merchantSchema.omit({ updatedAt: true, _deleted: true });

/** A coordinate cell: blank → absent; a decimal number (dot, optional sign) → the number; anything else → NaN. */
function coordinate(v: string | undefined): number | undefined {
  const t = v?.trim();
  if (!t) return undefined;
  return /^[-+]?\d{1,3}(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}
const deviceRowSchema = deviceSchema.omit({ updatedAt: true, _deleted: true });

type ImportError = ImportResult['errors'][number];

const DB_WHY: Record<string, string> = {
  out_of_range: 'a value is out of the allowed range',
  duplicate: 'the key already exists',
  too_long: 'a value is too long',
  other: 'unknown cause',
};

/** English sentences of the refusal codes (a client words them in its own language). */
const ENGLISH: Record<ImportErrorCode, (p: Record<string, string>) => string> = {
  extra_fields: () => 'This line has more fields than the header has columns.',
  missing_field: (p) => `The ${p.field} is missing.`,
  invalid_field: (p) => `The ${p.field} "${p.value}" is not valid.`,
  duplicate_in_file: (p) => `The same key is already on line ${p.line} of this file.`,
  tid_in_file: (p) => `TID ${p.tid} is already on line ${p.line} of this file.`,
  unknown_merchant: (p) => `Merchant ${p.mid} does not exist; import the merchant first.`,
  tid_taken: (p) => `TID ${p.tid} already belongs to another terminal (${p.serial}).`,
  serial_taken: (p) => `Serial ${p.value} is already recorded on another terminal (${p.serial}).`,
  db_refused: (p) => `The database refused this line (${DB_WHY[p.why ?? ''] ?? 'unknown cause'}).`,
};

/** One refused line: a code and its values, with the English sentence as `reason`. */
export function refusal(
  line: number,
  code: ImportErrorCode,
  params: Record<string, string> = {},
): ImportError {
  return { line, code, params, reason: ENGLISH[code](params) };
}

/**
 * The first problem of a row only (one reason per bad line): the field it is about and
 * whether it was empty or wrong. `id` mirrors the natural key, so its issue is skipped.
 */
function fieldRefusal(line: number, error: z.ZodError, values: Record<string, string>): ImportError {
  const issue = error.issues.find((i) => i.path[0] !== 'id') ?? error.issues[0];
  const field = String(issue?.path[0] ?? 'row');
  const value = (values[field] ?? '').trim();
  return value === ''
    ? refusal(line, 'missing_field', { field })
    : refusal(line, 'invalid_field', { field, value: value.slice(0, 60) });
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
    // A decimal comma ("-6,2") or any other text is refused, never read as a number.
    const notNumber = (['lat', 'lng'] as const).find((k) => Number.isNaN(k === 'lat' ? lat : lng));
    if (notNumber) {
      out.errors.push(
        refusal(line, 'invalid_field', {
          field: notNumber,
          value: (values[notNumber] ?? '').trim().slice(0, 60),
        }),
      );
      continue;
    }
    if ((lat === undefined) !== (lng === undefined)) {
      out.errors.push(refusal(line, 'missing_field', { field: lat === undefined ? 'lat' : 'lng' }));
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
      out.errors.push(fieldRefusal(line, parsed.error, values));
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
      out.errors.push(fieldRefusal(line, parsed.error, values));
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
      v.errors.push(refusal(r.line, 'duplicate_in_file', { line: String(first) }));
      continue;
    }
    seen.set(k, r.line);
    rows.push(r);
  }
  return { rows, errors: v.errors };
}

/** Parses, validates and upserts one CSV file; throws `invalid_csv` only for file-level faults. */
export async function importCsv(
  db: Db,
  kind: ImportKind,
  text: string,
  now: Date,
  /** Who imports: the audit log records every changed row as theirs. */
  actor: string,
): Promise<ImportResult> {
  const parsed = parseCsv(text);
  if (!parsed.ok)
    throw new AppError('invalid_csv', parsed.reason, { line: parsed.line, reason: parsed.reason });
  const cols = importColumns[kind];
  const table = recordsToObjects(parsed.records, cols.all, cols.required);
  if (!table.ok) throw new AppError('invalid_csv', 'missing columns', { line: 1, missing: table.missing });
  if (table.rows.length > MAX_IMPORT_ROWS) {
    throw new AppError('invalid_csv', 'too many rows', { maxRows: MAX_IMPORT_ROWS });
  }
  const fieldErrors = table.rows.filter((r) => r.extraFields).map((r) => refusal(r.line, 'extra_fields'));
  const wellFormed = table.rows.filter((r) => !r.extraFields);

  const result = await withActor(db, actor, async (client) => {
    if (kind === 'merchants') {
      const v = dropDuplicates(validateMerchants(wellFormed), (r) => r.mid);
      const written = await upsertMerchants(client, v.rows, now);
      return {
        ...written,
        errors: [...v.errors, ...written.errors.map((e) => refusal(e.line, 'db_refused', { why: e.why }))],
      };
    }
    const v = dropDuplicates(validateDevices(wellFormed), (r) => r.serialNumber);
    // A device must belong to a known merchant (inside the transaction, so a merchant
    // deleted concurrently is not trusted from a stale read).
    const known = await existingMids(
      client,
      v.rows.map((r) => r.mid),
    );
    const merchantKnown = v.rows.filter((r) => {
      if (known.has(r.mid)) return true;
      v.errors.push(refusal(r.line, 'unknown_merchant', { mid: r.mid }));
      return false;
    });
    // A TID identifies one terminal: a second row with it in this file is refused, and so
    // is a TID, serial, SAM or SIM serial that already belongs to ANOTHER terminal (case
    // rule 1 looks devices up by them, so two owners would make the lookup ambiguous).
    const conflicts = await deviceOwnershipConflicts(client, merchantKnown);
    const owned = merchantKnown.filter((r) => {
      const c = conflicts.get(r.line);
      if (!c) return true;
      v.errors.push(
        c.kind === 'tid'
          ? refusal(r.line, 'tid_taken', { tid: c.value, serial: c.owner })
          : refusal(r.line, 'serial_taken', { value: c.value, serial: c.owner }),
      );
      return false;
    });
    // Checked after ownership, so a row refused for a taken TID does not block a later one.
    const tidLine = new Map<string, number>();
    const good = owned.filter((r) => {
      const first = tidLine.get(r.tid.toUpperCase());
      if (first === undefined) {
        tidLine.set(r.tid.toUpperCase(), r.line);
        return true;
      }
      v.errors.push(refusal(r.line, 'tid_in_file', { tid: r.tid, line: String(first) }));
      return false;
    });
    const written = await upsertDevices(client, good, now);
    return {
      ...written,
      errors: [...v.errors, ...written.errors.map((e) => refusal(e.line, 'db_refused', { why: e.why }))],
    };
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
