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
  nonBlockingStatuses,
  type SlaRule,
} from '@edc/shared';
import { type BusinessCalendars, type BusinessHoursSetting, calendarsOf } from '@edc/shared/domain';
import { type NotificationRow, notificationInsertSql } from './notifications.ts';
import type { Queryable } from './pool.ts';
import type { PullScope } from './sync.ts';
import { caseDocSql, eventDocSql } from './sync.ts';

/** Name of the partial unique index of case rule 2 (migration 007). */
export const BLOCKING_INDEX = 'cases_blocking_tid_mid_key';

const BACK_OFFICE = new Set(['agent', 'supervisor', 'admin']);

/** Case rule 2's blocking statuses (the partial unique index of migration 007). */
const NON_BLOCKING: ReadonlySet<string> = new Set(nonBlockingStatuses);

/**
 * SQL predicate (on `cases` alias `c`) for "the caller may see this case", params from
 * `$start`. Exactly the pull scope (db/sync.ts): a technician sees their own cases and the
 * blocking cases of their regions. Security (issue 11): direct reads and comments by id
 * or number once also reached every closed region case (399 of 400 probed), which the
 * pull never serves.
 */
export function caseVisibleSql(scope: PullScope, start: number): { sql: string; params: unknown[] } {
  if (BACK_OFFICE.has(scope.role)) return { sql: 'true', params: [] };
  if (scope.role === 'merchant') {
    return scope.mid ? { sql: `c.mid = $${start}`, params: [scope.mid] } : { sql: 'false', params: [] };
  }
  if (scope.role === 'technician') {
    return {
      sql: `(c.created_by = $${start} OR c.assignee = $${start} OR (c.region = ANY($${start + 1}::text[]) AND c.case_number IS NOT NULL
              AND c.status NOT IN ('closed', 'rejected', 'cancelled')))`,
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

/** Case numbers of the cases among `ids` the caller may see (bulk answers name them). */
export async function visibleCaseNumbers(
  q: Queryable,
  scope: PullScope,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const vis = caseVisibleSql(scope, 2);
  const { rows } = await q.query<{ id: string; n: string | null }>(
    `SELECT c.id::text AS id, c.case_number AS n FROM cases c
      WHERE c.id = ANY($1::uuid[]) AND NOT c.deleted AND ${vis.sql}`,
    [ids, ...vis.params],
  );
  const out = new Map<string, string>();
  for (const r of rows) if (r.n) out.set(r.id, r.n);
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

const DEVICE_DOC = `json_strip_nulls(json_build_object('id', d.id, 'serialNumber', d.serial_number, 'model', d.model,
  'tid', d.tid, 'mid', d.mid, 'status', d.status, 'samSerial', d.sam_serial, 'simSerial', d.sim_serial,
  'region', d.region, 'updatedAt', d.updated_at, '_deleted', d.deleted))`;

const RULE_DOC = `json_strip_nulls(json_build_object('id', r.id, 'category', r.category, 'subcase', r.subcase,
  'label', r.label, 'caseType', r.case_type, 'responsibleUnit', r.responsible_unit, 'priority', r.priority,
  'responseMinutes', r.response_minutes, 'businessDays', r.business_days, 'hours', r.hours,
  'active', r.active AND NOT r.deleted, 'updatedAt', r.updated_at, '_deleted', r.deleted))`;

/**
 * The SLA catalogue and holiday dates as of one snapshot, with the version they were read
 * at. Every push needs them and they change a few times a year, so the push path keeps
 * the last copy and asks Postgres only whether it is still current (see
 * `loadAcceptanceInputs`).
 */
export type ReferenceData = {
  version: string;
  rules: SlaRule[];
  holidays: ReadonlySet<string>;
  /** Business hours per priority (`sla_calendars`, issue 15). */
  calendars: BusinessCalendars;
};

/** `sla_calendars` as one JSON object keyed by priority (flat settings, nulls stripped). */
export const CALENDARS_JSON = `(SELECT coalesce(json_object_agg(k.priority, json_strip_nulls(json_build_object(
  'mode', k.mode, 'startMinute', k.start_minute, 'endMinute', k.end_minute))), '{}') FROM sla_calendars k)`;

/** Everything a push batch needs to decide, fetched in ONE round trip. */
export type AcceptanceInputs = {
  existing: Map<string, StoredCase>;
  devices: DeviceRow[];
  reference: ReferenceData;
};

/**
 * Version of sla_rules + holidays: a random value set in the same transaction as any write
 * to either table (migration 024), so a snapshot that sees a changed row sees a new version.
 * A one-row read instead of building and parsing a hundred rows on every push.
 */
const REFERENCE_VERSION = '(SELECT version::text FROM reference_data_version)';

/**
 * Existing cases with these ids, devices matching `keys` (serial / SAM / SIM, upper-case)
 * or `tids`, and the reference data: one query, so a push costs few round trips (the
 * benchmark's 50 concurrent clients are round-trip bound). `known` is the caller's cached
 * reference data: when its version is still current, the rules and holidays are not read
 * or sent again (the CASE leaves those subqueries unevaluated) and `known` is returned.
 * Same snapshot as the device lookup either way, so a push never decides with a catalogue
 * older than the statement.
 */
export async function loadAcceptanceInputs(
  q: Queryable,
  ids: readonly string[],
  keys: readonly string[],
  tids: readonly string[],
  known: ReferenceData | null,
): Promise<AcceptanceInputs> {
  const { rows } = await q.query<{
    existing: { d: string; region: string | null }[];
    devices: Device[];
    version: string;
    rules: SlaRule[] | null;
    holidays: string[] | null;
    calendars: Record<string, BusinessHoursSetting> | null;
  }>({
    // Named (prepared once per connection): this runs on every push, and parsing and
    // planning the text each time costs Postgres CPU the pushes compete for.
    name: 'push-acceptance-inputs',
    text: `WITH v AS (SELECT ${REFERENCE_VERSION} AS version)
     SELECT
       (SELECT coalesce(json_agg(json_build_object('d', json_strip_nulls(${caseDocSql('c.deleted', 'c')})::text,
                 'region', c.region)), '[]') FROM cases c WHERE c.id = ANY($1::uuid[])) AS existing,
       (SELECT coalesce(json_agg(${DEVICE_DOC}), '[]') FROM devices d
         WHERE (cardinality($2::text[]) > 0 OR cardinality($3::text[]) > 0) AND NOT d.deleted
           AND (upper(d.serial_number) = ANY($2::text[]) OR upper(d.sam_serial) = ANY($2::text[])
                OR upper(d.sim_serial) = ANY($2::text[]) OR upper(d.tid) = ANY($3::text[]))) AS devices,
       v.version,
       CASE WHEN v.version IS DISTINCT FROM $4::text
         THEN (SELECT coalesce(json_agg(${RULE_DOC}), '[]') FROM sla_rules r) END AS rules,
       CASE WHEN v.version IS DISTINCT FROM $4::text
         THEN (SELECT coalesce(array_agg(h.id), '{}') FROM holidays h WHERE NOT h.deleted) END AS holidays,
       CASE WHEN v.version IS DISTINCT FROM $4::text THEN ${CALENDARS_JSON} END AS calendars
     FROM v`,
    values: [ids, keys, tids, known?.version ?? null],
  });
  const row = rows[0]!;
  const existing = new Map<string, StoredCase>();
  for (const e of row.existing) {
    const stored = parseCase(e.d, e.region);
    existing.set(stored.doc.id, stored);
  }
  const reference =
    known && row.version === known.version
      ? known
      : {
          version: row.version,
          rules: row.rules ?? [],
          holidays: new Set(row.holidays ?? []),
          calendars: calendarsOf(row.calendars ?? {}),
        };
  return { existing, devices: row.devices, reference };
}

/** A case row as written by the push path (snake_case columns, NULL = absent). */
export type NewCaseRow = {
  id: string;
  client_rev: string;
  status: 'open' | 'rejected';
  /** Always null on the way in: the INSERT draws the number for `open` rows. */
  case_number: string | null;
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
  contact_phone: string | null;
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
  'case_number text',
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
  'contact_phone text',
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

const EVENT_RECORD =
  'x(id uuid, case_id uuid, type text, at timestamptz, actor text, note text, data jsonb, mid text, region text)';

/**
 * Inserts case rows AND their events in ONE statement (so one implicit transaction per
 * batch: a case is never stored without its events, and no BEGIN/COMMIT round trips).
 * `open` rows that collide with a blocking case on the partial unique index are skipped
 * (ON CONFLICT … DO NOTHING with that index as arbiter: the guarantee of catching 23505
 * in a savepoint, without a savepoint per row; a conflicting in-flight transaction is
 * waited for, exactly like a plain INSERT), and so are their events (joined on the
 * inserted ids). `open` rows get their official number from the day's sequence (migrations
 * 011 and 024: looked up once per statement, drawn per row) inside this statement, and the `accepted` event's data names it.
 * Returns the inserted case documents by id.
 */
export async function insertCasesWithEvents(
  q: Queryable,
  rows: readonly NewCaseRow[],
  events: readonly NewEventRow[],
  day: string,
  notifications: readonly NotificationRow[] = [],
): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const { rows: inserted } = await q.query<{ id: string; d: string }>({
    name: 'push-insert-cases-with-events',
    text: `WITH ins AS (
       INSERT INTO cases (${CASE_COLUMN_NAMES}, server_rev)
       SELECT ${CASE_COLUMN_NAMES.replace('case_number', "CASE WHEN r.status = 'open' THEN edc_format_case_number($3::date, nextval((SELECT edc_case_number_sequence($3::date)))) END")}, 1
         FROM jsonb_to_recordset($1::jsonb) AS r(${CASE_COLUMNS.join(', ')})
       ON CONFLICT (tid, mid) WHERE tid IS NOT NULL AND NOT deleted AND status NOT IN ('closed', 'rejected', 'cancelled')
       DO NOTHING
       RETURNING *
     ), ev AS (
       INSERT INTO case_events (id, case_id, type, at, actor, note, data, mid, region)
       SELECT x.id, x.case_id, x.type, x.at, x.actor, x.note,
              CASE WHEN x.type = 'accepted' THEN jsonb_build_object('caseNumber', ins.case_number) ELSE x.data END,
              x.mid, x.region
         FROM jsonb_to_recordset($2::jsonb) AS ${EVENT_RECORD}
         JOIN ins ON ins.id = x.case_id
     ), nt AS (
       -- The creator's case_accepted / case_rejected (services/notifications.ts), for the
       -- rows this statement stored, with the number it drew.
       ${notificationInsertSql('$4', 'JOIN ins ON ins.id = n.case_id', 'ins.case_number')}
     )
     SELECT ins.id, json_strip_nulls(${caseDocSql('ins.deleted', 'ins')})::text AS d FROM ins`,
    values: [JSON.stringify(rows), JSON.stringify(events), day, JSON.stringify(notifications)],
  });
  return new Map(inserted.map((r) => [r.id, r.d]));
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
  replacementSerial: 'replacement_serial',
  escalationLevel: 'escalation_level',
  firstResponseAt: 'first_response_at',
  resolvedAt: 'resolved_at',
  closedAt: 'closed_at',
  rca: 'rca',
  capa: 'capa',
  satisfaction: 'satisfaction',
  updatedAt: 'updated_at',
  // recategorize (DESIGN section 9)
  category: 'category',
  subcase: 'subcase',
  priority: 'priority',
  caseType: 'case_type',
  responsibleUnit: 'responsible_unit',
  responseDueAt: 'response_due_at',
  dueAt: 'due_at',
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
      stored.doc.assignee === scope.username ||
      (!!stored.region &&
        scope.regions.includes(stored.region) &&
        !!stored.doc.caseNumber &&
        !NON_BLOCKING.has(stored.doc.status))
    );
  }
  return false;
}
