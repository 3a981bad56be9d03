/**
 * Owns the master-data upserts of the CSV import (`POST /api/import/{devices|merchants}`).
 * Rows arrive already validated; each chunk is written with one multi-row upsert inside a
 * SAVEPOINT, and a chunk the database refuses is replayed row by row (each in its own
 * savepoint) so one bad row is reported with its line and never takes good rows with it.
 *
 * An upsert that would change nothing is skipped (`IS DISTINCT FROM`): rewriting an
 * identical row would re-stamp its txid and make every phone download it again.
 */
import type { DbClient, Queryable } from './pool.ts';
import { pgErrorCode } from './pool.ts';

export type MerchantImportRow = {
  line: number;
  mid: string;
  name: string;
  address: string;
  city: string;
  region: string;
  phone: string;
  status: 'active' | 'inactive';
  /** Shop coordinates; null (blank cells, or no such columns) keeps what the row has. */
  lat: number | null;
  lng: number | null;
};

export type DeviceImportRow = {
  line: number;
  serialNumber: string;
  model: string;
  tid: string;
  mid: string;
  status: string;
  samSerial: string | null;
  simSerial: string | null;
  region: string;
};

export type UpsertOutcome = {
  inserted: number;
  updated: number;
  unchanged: number;
  /** `why`: the database's refusal as a code (the service makes the sentence). */
  errors: { line: number; why: string }[];
};

const CHUNK = 500;

// Coordinates: a file without them (or with blank cells) never wipes the ones a row has,
// so an older template re-imported loses nothing; the pair is written together.
const MERCHANT_SQL = `
  INSERT INTO merchants AS t (id, mid, name, address, city, region, phone, status, lat, lng, deleted, updated_at)
  SELECT u.mid, u.mid, u.name, u.address, u.city, u.region, u.phone, u.status, u.lat, u.lng, false, $11
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
              $8::float8[], $9::float8[], $10::int[])
       AS u(mid, name, address, city, region, phone, status, lat, lng, line)
  ON CONFLICT (id) DO UPDATE SET
    name = EXCLUDED.name, address = EXCLUDED.address, city = EXCLUDED.city, region = EXCLUDED.region,
    phone = EXCLUDED.phone, status = EXCLUDED.status,
    lat = CASE WHEN EXCLUDED.lat IS NULL THEN t.lat ELSE EXCLUDED.lat END,
    lng = CASE WHEN EXCLUDED.lat IS NULL THEN t.lng ELSE EXCLUDED.lng END,
    deleted = false, updated_at = EXCLUDED.updated_at
  WHERE (t.name, t.address, t.city, t.region, t.phone, t.status, t.deleted)
    IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.address, EXCLUDED.city, EXCLUDED.region, EXCLUDED.phone, EXCLUDED.status, false)
    OR (EXCLUDED.lat IS NOT NULL AND (t.lat, t.lng) IS DISTINCT FROM (EXCLUDED.lat, EXCLUDED.lng))
  RETURNING (xmax = 0) AS inserted`;

const DEVICE_SQL = `
  INSERT INTO devices AS t (id, serial_number, model, tid, mid, status, sam_serial, sim_serial, region, deleted, updated_at)
  SELECT u.serial, u.serial, u.model, u.tid, u.mid, u.status, u.sam, u.sim, u.region, false, $10
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[])
       AS u(serial, model, tid, mid, status, sam, sim, region, line)
  ON CONFLICT (id) DO UPDATE SET
    model = EXCLUDED.model, tid = EXCLUDED.tid, mid = EXCLUDED.mid, status = EXCLUDED.status,
    sam_serial = EXCLUDED.sam_serial, sim_serial = EXCLUDED.sim_serial, region = EXCLUDED.region,
    deleted = false, updated_at = EXCLUDED.updated_at
  WHERE (t.model, t.tid, t.mid, t.status, t.sam_serial, t.sim_serial, t.region, t.deleted)
    IS DISTINCT FROM (EXCLUDED.model, EXCLUDED.tid, EXCLUDED.mid, EXCLUDED.status, EXCLUDED.sam_serial,
                      EXCLUDED.sim_serial, EXCLUDED.region, false)
  RETURNING (xmax = 0) AS inserted`;

function merchantParams(rows: readonly MerchantImportRow[], now: Date): unknown[] {
  return [
    rows.map((r) => r.mid),
    rows.map((r) => r.name),
    rows.map((r) => r.address),
    rows.map((r) => r.city),
    rows.map((r) => r.region),
    rows.map((r) => r.phone),
    rows.map((r) => r.status),
    rows.map((r) => r.lat),
    rows.map((r) => r.lng),
    rows.map((r) => r.line),
    now,
  ];
}

function deviceParams(rows: readonly DeviceImportRow[], now: Date): unknown[] {
  return [
    rows.map((r) => r.serialNumber),
    rows.map((r) => r.model),
    rows.map((r) => r.tid),
    rows.map((r) => r.mid),
    rows.map((r) => r.status),
    rows.map((r) => r.samSerial),
    rows.map((r) => r.simSerial),
    rows.map((r) => r.region),
    rows.map((r) => r.line),
    now,
  ];
}

/** A database refusal as a code for the import report (no SQL, no values). */
function dbReason(err: unknown): 'out_of_range' | 'duplicate' | 'too_long' | 'other' {
  const code = pgErrorCode(err);
  if (code === '23514') return 'out_of_range';
  if (code === '23505') return 'duplicate';
  if (code === '22001') return 'too_long';
  return 'other';
}

async function upsertChunked<R extends { line: number }>(
  client: DbClient,
  rows: readonly R[],
  sql: string,
  params: (rows: readonly R[], now: Date) => unknown[],
  now: Date,
): Promise<UpsertOutcome> {
  const out: UpsertOutcome = { inserted: 0, updated: 0, unchanged: 0, errors: [] };
  const tally = (result: { rows: { inserted: boolean }[] }, size: number) => {
    const inserted = result.rows.filter((r) => r.inserted).length;
    out.inserted += inserted;
    out.updated += result.rows.length - inserted;
    out.unchanged += size - result.rows.length;
  };
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await client.query('SAVEPOINT import_chunk');
    try {
      tally(await client.query<{ inserted: boolean }>(sql, params(chunk, now)), chunk.length);
      await client.query('RELEASE SAVEPOINT import_chunk');
      continue;
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT import_chunk');
    }
    // The chunk failed as a whole: find the culprit rows one by one.
    for (const row of chunk) {
      await client.query('SAVEPOINT import_row');
      try {
        tally(await client.query<{ inserted: boolean }>(sql, params([row], now)), 1);
        await client.query('RELEASE SAVEPOINT import_row');
      } catch (err) {
        await client.query('ROLLBACK TO SAVEPOINT import_row');
        out.errors.push({ line: row.line, why: dbReason(err) });
      }
    }
  }
  return out;
}

export function upsertMerchants(
  client: DbClient,
  rows: readonly MerchantImportRow[],
  now: Date,
): Promise<UpsertOutcome> {
  return upsertChunked(client, rows, MERCHANT_SQL, merchantParams, now);
}

export function upsertDevices(
  client: DbClient,
  rows: readonly DeviceImportRow[],
  now: Date,
): Promise<UpsertOutcome> {
  return upsertChunked(client, rows, DEVICE_SQL, deviceParams, now);
}

/** Which of `mids` exist as (not deleted) merchants. */
export async function existingMids(db: Queryable, mids: readonly string[]): Promise<Set<string>> {
  if (mids.length === 0) return new Set();
  const { rows } = await db.query<{ mid: string }>(
    'SELECT mid FROM merchants WHERE mid = ANY($1::text[]) AND NOT deleted',
    [[...new Set(mids)]],
  );
  return new Set(rows.map((r) => r.mid));
}

export type OwnershipConflict = { kind: 'tid' | 'serial'; value: string; owner: string };

/**
 * Rows whose TID, serial, SAM or SIM serial already belongs to another (not deleted)
 * device, by line (the first conflict of a line). Case-insensitive like every device
 * lookup, so each probe uses the `upper()` expression indexes of migration 003.
 */
export async function deviceOwnershipConflicts(
  db: Queryable,
  rows: readonly Pick<DeviceImportRow, 'line' | 'serialNumber' | 'tid' | 'samSerial' | 'simSerial'>[],
): Promise<Map<number, OwnershipConflict>> {
  const out = new Map<number, OwnershipConflict>();
  if (rows.length === 0) return out;
  const { rows: found } = await db.query<{
    line: number;
    kind: 'tid' | 'serial';
    value: string;
    owner: string;
  }>(
    `WITH u AS (
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(line, serial, tid, sam, sim)
     ), probe AS (
       SELECT line, serial, 'tid' AS kind, tid AS value FROM u
       UNION ALL SELECT line, serial, 'serial', serial FROM u
       UNION ALL SELECT line, serial, 'serial', sam FROM u WHERE sam IS NOT NULL
       UNION ALL SELECT line, serial, 'serial', sim FROM u WHERE sim IS NOT NULL
     )
     SELECT DISTINCT ON (p.line) p.line, p.kind, p.value, d.id AS owner
     FROM probe p
     JOIN LATERAL (
       SELECT d.id FROM devices d WHERE NOT d.deleted AND d.id <> p.serial AND p.kind = 'tid' AND upper(d.tid) = upper(p.value)
       UNION ALL
       SELECT d.id FROM devices d WHERE NOT d.deleted AND d.id <> p.serial AND p.kind = 'serial' AND upper(d.serial_number) = upper(p.value)
       UNION ALL
       SELECT d.id FROM devices d WHERE NOT d.deleted AND d.id <> p.serial AND p.kind = 'serial' AND upper(d.sam_serial) = upper(p.value)
       UNION ALL
       SELECT d.id FROM devices d WHERE NOT d.deleted AND d.id <> p.serial AND p.kind = 'serial' AND upper(d.sim_serial) = upper(p.value)
       LIMIT 1
     ) d ON true
     ORDER BY p.line, p.kind DESC`,
    [
      rows.map((r) => r.line),
      rows.map((r) => r.serialNumber),
      rows.map((r) => r.tid),
      rows.map((r) => r.samSerial),
      rows.map((r) => r.simSerial),
    ],
  );
  for (const f of found) out.set(f.line, { kind: f.kind, value: f.value, owner: f.owner });
  return out;
}
