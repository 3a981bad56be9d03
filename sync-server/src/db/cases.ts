/**
 * Owns writes and scoped reads of `cases` and `case_events` (plus the per-day
 * `case_number_counters`). The rules themselves are pure functions in shared/ and are
 * applied by services/case-acceptance.ts and services/transitions.ts; this module only
 * speaks SQL, in as few round trips as a batch allows.
 */
import {
  type Case,
  type CaseEvent,
  caseEventSchema,
  caseSchema,
  type Device,
  type SlaRule,
} from '@edc/shared';
import type { Queryable } from './pool.ts';
import type { PullScope } from './sync.ts';
import { caseDocSql, eventDocSql } from './sync.ts';

/** Name of the partial unique index of case rule 2 (migration 007). */
export const BLOCKING_INDEX = 'cases_blocking_tid_mid_key';

const BACK_OFFICE = new Set(['agent', 'supervisor', 'admin']);

/**
 * SQL predicate (on `cases` alias `c`) for "the caller may see this case", params from
 * `$start`. Same scope as the pull, except that a technician also sees region cases that
 * stopped blocking when asking for one directly (the desk link in a poke, say): they
 * were visible while blocking and contain nothing new.
 */
export function caseVisibleSql(scope: PullScope, start: number): { sql: string; params: unknown[] } {
  if (BACK_OFFICE.has(scope.role)) return { sql: 'true', params: [] };
  if (scope.role === 'merchant') {
    return scope.mid ? { sql: `c.mid = $${start}`, params: [scope.mid] } : { sql: 'false', params: [] };
  }
  if (scope.role === 'technician') {
    return {
      sql: `(c.created_by = $${start} OR (c.region = ANY($${start + 1}::text[]) AND c.case_number IS NOT NULL))`,
      params: [scope.username, [...scope.regions]],
    };
  }
  return { sql: 'false', params: [] };
}

/** Parsed case document plus its JSON text (returned to clients as is). */
export type StoredCase = { doc: Case; json: string; region: string | null };

function parseCase(json: string, region: string | null = null): StoredCase {
  return { doc: caseSchema.parse(JSON.parse(json)), json, region };
}

/** Case documents by id (no scope: callers decide what to reveal). */
export async function getCasesByIds(q: Queryable, ids: readonly string[]): Promise<Map<string, StoredCase>> {
  const out = new Map<string, StoredCase>();
  if (ids.length === 0) return out;
  const { rows } = await q.query<{ d: string; region: string | null }>(
    `SELECT json_strip_nulls(${caseDocSql('deleted', 'c')})::text AS d, c.region FROM cases c WHERE c.id = ANY($1::uuid[])`,
    [ids],
  );
  for (const r of rows) {
    const stored = parseCase(r.d, r.region);
    out.set(stored.doc.id, stored);
  }
  return out;
}

/** One case the caller may see, optionally locked `FOR UPDATE`; undefined otherwise. */
export async function getVisibleCase(
  q: Queryable,
  scope: PullScope,
  where: { id: string } | { caseNumber: string },
  lock = false,
): Promise<StoredCase | undefined> {
  const vis = caseVisibleSql(scope, 2);
  const key = 'id' in where ? 'c.id = $1::uuid' : 'c.case_number = $1';
  const { rows } = await q.query<{ d: string; region: string | null }>(
    `SELECT json_strip_nulls(${caseDocSql('c.deleted', 'c')})::text AS d, c.region
       FROM cases c WHERE ${key} AND NOT c.deleted AND ${vis.sql}${lock ? ' FOR UPDATE' : ''}`,
    ['id' in where ? where.id : where.caseNumber, ...vis.params],
  );
  const row = rows[0];
  return row ? parseCase(row.d, row.region) : undefined;
}

export type DeviceRow = Device;

/**
 * Devices whose serial, SAM serial or SIM serial (upper-cased) is one of `keys`, plus
 * devices whose TID is one of `tids`: one query for a whole push batch. The expression
 * indexes of migration 003 serve each arm.
 */
export async function findDevicesByKeys(
  q: Queryable,
  keys: readonly string[],
  tids: readonly string[],
): Promise<DeviceRow[]> {
  if (keys.length === 0 && tids.length === 0) return [];
  const { rows } = await q.query<{ d: Device }>(
    `SELECT json_strip_nulls(json_build_object('id', id, 'serialNumber', serial_number, 'model', model, 'tid', tid,
              'mid', mid, 'status', status, 'samSerial', sam_serial, 'simSerial', sim_serial, 'region', region,
              'updatedAt', updated_at, '_deleted', deleted)) AS d
       FROM devices
      WHERE NOT deleted AND (upper(serial_number) = ANY($1::text[]) OR upper(sam_serial) = ANY($1::text[])
            OR upper(sim_serial) = ANY($1::text[]) OR upper(tid) = ANY($2::text[]))`,
    [keys, tids],
  );
  return rows.map((r) => r.d);
}

/** Regions of merchants by MID (a merchant's complaint without a device). */
export async function merchantRegions(q: Queryable, mids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (mids.length === 0) return out;
  const { rows } = await q.query<{ id: string; region: string }>(
    'SELECT id, region FROM merchants WHERE id = ANY($1::text[])',
    [mids],
  );
  for (const r of rows) out.set(r.id, r.region);
  return out;
}

/** The SLA catalogue rows (active and not), for `findSlaRule`. */
export async function loadSlaRules(q: Queryable): Promise<SlaRule[]> {
  const { rows } = await q.query<{ d: SlaRule }>(
    `SELECT json_strip_nulls(json_build_object('id', id, 'category', category, 'subcase', subcase, 'label', label,
              'caseType', case_type, 'responsibleUnit', responsible_unit, 'priority', priority,
              'responseMinutes', response_minutes, 'businessDays', business_days, 'hours', hours,
              'active', active AND NOT deleted, 'updatedAt', updated_at, '_deleted', deleted)) AS d
       FROM sla_rules`,
  );
  return rows.map((r) => r.d);
}

/** Holiday dates (`YYYY-MM-DD`) from the editable table. */
export async function loadHolidayDates(q: Queryable): Promise<Set<string>> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM holidays WHERE NOT deleted');
  return new Set(rows.map((r) => r.id));
}

/** A case row as written by the push path (snake_case columns, NULL = absent). */
export type NewCaseRow = {
  id: string;
  client_rev: string;
  status: 'open' | 'rejected';
  reject_reason: string | null;
  blocking_case_number: string | null;
  category: string;
  subcase: string | null;
  priority: string | null;
  description: string;
  channel: string;
  serial_number: string | null;
  tid: string | null;
  mid: string;
  replacement_serial: string | null;
  location: unknown;
  attachment_ids: string[];
  reported_at: string;
  created_by: string;
  accepted_at: string | null;
  response_due_at: string | null;
  due_at: string | null;
  case_type: string | null;
  responsible_unit: string | null;
  region: string | null;
  updated_at: string;
};

const CASE_COLUMNS = [
  'id uuid',
  'client_rev uuid',
  'status text',
  'reject_reason text',
  'blocking_case_number text',
  'category text',
  'subcase text',
  'priority text',
  'description text',
  'channel text',
  'serial_number text',
  'tid text',
  'mid text',
  'replacement_serial text',
  'location jsonb',
  'attachment_ids uuid[]',
  'reported_at timestamptz',
  'created_by text',
  'accepted_at timestamptz',
  'response_due_at timestamptz',
  'due_at timestamptz',
  'case_type text',
  'responsible_unit text',
  'region text',
  'updated_at timestamptz',
] as const;
const CASE_COLUMN_NAMES = CASE_COLUMNS.map((c) => c.split(' ')[0]).join(', ');

/**
 * Inserts rows in one statement; `open` rows that collide with a blocking case on the
 * partial unique index are skipped (ON CONFLICT … DO NOTHING with that index as arbiter:
 * the same guarantee as catching 23505 in a savepoint, without a savepoint round trip per
 * row; a conflicting in-flight transaction is waited for, exactly like the plain INSERT).
 * Returns the ids actually inserted.
 */
export async function insertCases(q: Queryable, rows: readonly NewCaseRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const { rows: inserted } = await q.query<{ id: string }>(
    `INSERT INTO cases (${CASE_COLUMN_NAMES}, server_rev)
     SELECT ${CASE_COLUMN_NAMES}, 1
       FROM jsonb_to_recordset($1::jsonb) AS r(${CASE_COLUMNS.join(', ')})
     ON CONFLICT (tid, mid) WHERE tid IS NOT NULL AND NOT deleted AND status NOT IN ('closed', 'rejected', 'cancelled')
     DO NOTHING
     RETURNING id`,
    [JSON.stringify(rows)],
  );
  return new Set(inserted.map((r) => r.id));
}

/** Case numbers of the blocking cases for these (tid, mid) pairs. */
export async function blockingCaseNumbers(
  q: Queryable,
  pairs: readonly { tid: string; mid: string }[],
  excludeId: string | null = null,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (pairs.length === 0) return out;
  const { rows } = await q.query<{ tid: string; mid: string; case_number: string | null }>(
    `SELECT c.tid, c.mid, c.case_number FROM cases c
       JOIN jsonb_to_recordset($1::jsonb) AS p(tid text, mid text) ON p.tid = c.tid AND p.mid = c.mid
      WHERE NOT c.deleted AND c.status NOT IN ('closed', 'rejected', 'cancelled') AND c.id IS DISTINCT FROM $2::uuid`,
    [JSON.stringify(pairs), excludeId],
  );
  for (const r of rows) if (r.case_number) out.set(`${r.tid}|${r.mid}`, r.case_number);
  return out;
}

/**
 * Reserves `count` consecutive numbers of Jakarta day `day` and returns the first. The
 * counter row stays locked until commit, so callers do this last.
 */
export async function reserveCaseNumbers(q: Queryable, day: string, count: number): Promise<number> {
  const { rows } = await q.query<{ last: number }>(
    `INSERT INTO case_number_counters AS c (day, last) VALUES ($1::date, $2)
     ON CONFLICT (day) DO UPDATE SET last = c.last + $2 RETURNING last`,
    [day, count],
  );
  return rows[0]!.last - count + 1;
}

/** Sets the official numbers of freshly inserted open cases. */
export async function setCaseNumbers(q: Queryable, numbers: readonly { id: string; caseNumber: string }[]) {
  if (numbers.length === 0) return;
  await q.query(
    `UPDATE cases c SET case_number = n.case_number
       FROM jsonb_to_recordset($1::jsonb) AS n(id uuid, case_number text) WHERE c.id = n.id`,
    [JSON.stringify(numbers.map((n) => ({ id: n.id, case_number: n.caseNumber })))],
  );
}

/** A case event row; `mid`/`region` copy the case's for scoped pulls. */
export type NewEventRow = {
  id: string;
  case_id: string;
  type: CaseEvent['type'];
  at: string;
  actor: string;
  note: string | null;
  data: Record<string, unknown> | null;
  mid: string;
  region: string | null;
};

/** Inserts events in one statement; an existing id is left alone (idempotent re-push). */
export async function insertEvents(q: Queryable, events: readonly NewEventRow[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO case_events (id, case_id, type, at, actor, note, data, mid, region)
     SELECT id, case_id, type, at, actor, note, data, mid, region
       FROM jsonb_to_recordset($1::jsonb)
         AS e(id uuid, case_id uuid, type text, at timestamptz, actor text, note text, data jsonb, mid text, region text)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [JSON.stringify(events)],
  );
  return new Set(rows.map((r) => r.id));
}

/** Event documents by id (no scope). */
export async function getEventsByIds(q: Queryable, ids: readonly string[]): Promise<Map<string, CaseEvent>> {
  const out = new Map<string, CaseEvent>();
  if (ids.length === 0) return out;
  const { rows } = await q.query<{ d: string }>(
    `SELECT json_strip_nulls(${eventDocSql('deleted', 'e')})::text AS d FROM case_events e WHERE e.id = ANY($1::uuid[])`,
    [ids],
  );
  for (const r of rows) {
    const ev = caseEventSchema.parse(JSON.parse(r.d));
    out.set(ev.id, ev);
  }
  return out;
}

/** Columns a transition may change, wire name → column. */
const PATCHABLE = {
  status: 'status',
  assignee: 'assignee',
  escalationLevel: 'escalation_level',
  firstResponseAt: 'first_response_at',
  resolvedAt: 'resolved_at',
  closedAt: 'closed_at',
  rca: 'rca',
  capa: 'capa',
  satisfaction: 'satisfaction',
  updatedAt: 'updated_at',
} as const satisfies Partial<Record<keyof Case, string>>;

/**
 * Applies a transition patch (a key with value `undefined` clears the column) and bumps
 * `server_rev`; returns the new document. Unknown patch keys are ignored: the status
 * machine only ever patches the fields above.
 */
export async function patchCase(q: Queryable, id: string, patch: Partial<Case>): Promise<StoredCase> {
  const sets: string[] = ['server_rev = server_rev + 1'];
  const params: unknown[] = [id];
  for (const [key, column] of Object.entries(PATCHABLE)) {
    if (!(key in patch)) continue;
    const value = patch[key as keyof typeof PATCHABLE];
    params.push(value ?? null);
    sets.push(`${column} = $${params.length}`);
  }
  const { rows } = await q.query<{ d: string }>(
    `UPDATE cases c SET ${sets.join(', ')} WHERE c.id = $1
     RETURNING json_strip_nulls(${caseDocSql('c.deleted', 'c')})::text AS d`,
    params,
  );
  return parseCase(rows[0]!.d);
}

/** Mirrors {@link caseVisibleSql} for a row already loaded. */
export function isCaseVisible(scope: PullScope, stored: StoredCase): boolean {
  if (BACK_OFFICE.has(scope.role)) return true;
  if (scope.role === 'merchant') return !!scope.mid && stored.doc.mid === scope.mid;
  if (scope.role === 'technician') {
    return (
      stored.doc.createdBy === scope.username ||
      (!!stored.region && scope.regions.includes(stored.region) && !!stored.doc.caseNumber)
    );
  }
  return false;
}
