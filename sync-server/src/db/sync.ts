/**
 * Owns the replication pull queries (DESIGN section 5).
 *
 * Checkpoint invariant: a pull serves rows with `(txid, id) > checkpoint` AND
 * `txid < pg_snapshot_xmin(pg_current_snapshot())`, ordered by `(txid, id)`. Every write
 * re-stamps `txid` with the writer's transaction id (trigger `edc_stamp_row`). A
 * transaction still running has a txid ≥ xmin, so none of its rows, nor any row with a
 * larger txid, is served before it commits or aborts: a late commit can never land
 * behind a checkpoint already handed out. (An `updated_at` or sequence checkpoint loses
 * exactly those rows.) The cost is that a long transaction delays everything after it.
 *
 * Documents are built as JSON text in SQL (`json_strip_nulls(json_build_object(...))`):
 * the response is the concatenation of those strings, with no JS object per row. This
 * is what keeps a 100,000-device pull within a small factor of a raw keyset SELECT.
 * Optional fields are NULL columns and disappear in `json_strip_nulls`, which is the
 * wire rule "omitted, never null". (json_strip_nulls is recursive: a null inside an
 * event's `data` is dropped too, which the same rule wants.)
 */
import type { Checkpoint, Role, SyncCollection } from '@edc/shared';
import { announcementDocSql } from './announcements.ts';
import type { Queryable } from './pool.ts';

/** Who is pulling; all of it comes from the verified token. */
export type PullScope = {
  role: Role;
  username: string;
  regions: readonly string[];
  mid?: string | undefined;
};

export type PullPage = {
  /** Each document as JSON text, in checkpoint order. */
  docs: string[];
  /** `(txid, id)` of the last document, or null when the page is empty. */
  last: Checkpoint | null;
};

/** `timestamptz` → `2026-11-25T03:41:00.123Z`, the same shape the pool's type parser yields. */
const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Case rule 2's blocking statuses, as in the partial unique index of migration 007. */
const blocking = (col = 'status') => `${col} NOT IN ('closed', 'rejected', 'cancelled')`;
const BLOCKING = blocking();

/**
 * A technician's region cases that stopped blocking stay visible for this long as
 * `_deleted: true`: see `casesScope`.
 */
export const TOMBSTONE_WINDOW = '30 days';

type Built = {
  where: string;
  params: unknown[];
  deleted?: string;
  /** A caller-specific document (e.g. a merchant's event without an internal note). */
  doc?: (deleted: string) => string;
};

/**
 * Per collection: the document JSON, the id column type (checkpoint id is cast to it),
 * and the scope filter for a caller. `$1`, `$2` and `$3` are reserved for the
 * checkpoint txid, checkpoint id and limit, so scope params start at `$4`.
 */
type CollectionSpec = {
  table: string;
  idType: 'text' | 'uuid';
  /**
   * Either flat fields, turned into JSON text in JS (the big master-data collections:
   * cheaper than json_build_object per row, see pullPage), or a SQL expression building
   * the document (cases and events: one mapper shared with the push and command paths).
   */
  fields?: readonly Field[];
  doc: (deleted: string) => string;
  scope: (s: PullScope) => Built | 'none';
};

/** Wire key, SQL column/expression, and how its value is written. */
type Field = readonly [key: string, sql: string, kind: 'str' | 'num' | 'bool'];

const ALL: Built = { where: 'true', params: [] };
const NONE = 'none' as const;

const isBackOffice = (role: Role) => role === 'agent' || role === 'supervisor' || role === 'admin';

/** Devices / merchants: technicians their regions, merchants their own MID. */
const masterScope =
  (midColumn: string) =>
  (s: PullScope): Built | 'none' => {
    if (isBackOffice(s.role)) return ALL;
    if (s.role === 'technician') {
      return s.regions.length ? { where: 'region = ANY($4::text[])', params: [s.regions] } : NONE;
    }
    if (s.role === 'merchant' && s.mid) return { where: `${midColumn} = $4`, params: [s.mid] };
    return NONE;
  };

/**
 * Merchants: as devices, plus, for a technician, the merchants of open cases assigned to
 * them in another region (the job list needs the name, address and phone offline). The
 * assignment re-stamps that merchant row, so it is served after the phone's checkpoint.
 */
const merchantsScope = (s: PullScope): Built | 'none' => {
  if (s.role !== 'technician') return masterScope('id')(s);
  const assigned = `id IN (SELECT c.mid FROM cases c WHERE c.assignee = $4 AND c.status IN ('open', 'in_progress') AND NOT c.deleted)`;
  if (!s.regions.length) return { where: assigned, params: [s.username] };
  return { where: `(region = ANY($5::text[]) OR ${assigned})`, params: [s.username, s.regions] };
};

/** Notifications: every role pulls only its own. */
const notificationsScope = (s: PullScope): Built => ({
  where: 'lower(recipient) = lower($4)',
  params: [s.username],
});

/**
 * Cases. Technicians: their own cases, the cases assigned to them (any region, DESIGN
 * section 9), plus the blocking cases of their regions.
 *
 * Scope change: a region case that stops blocking (closed, cancelled) would simply fall
 * out of the filter, and the technician's local copy would stay `open` forever (a pull
 * only ever sends rows that match). So non-blocking region cases that were once accepted
 * are served as `_deleted: true` for TOMBSTONE_WINDOW after their last change: the
 * status change re-stamps the row's txid, so it comes after any checkpoint the phone
 * holds, and the phone drops the case from its list. Older ones are not sent at all (a
 * phone offline for longer than the window keeps a stale row; acceptable for a list of
 * "who else is working on this terminal", which the server re-checks anyway).
 *
 * Dispatch works the same way: a case reassigned away from a technician lists them in
 * `former_assignees`, and the reassignment re-stamps the row, so it is served to them once
 * more as `_deleted: true` (unless they still see it as creator or through their region).
 */
const casesScope = (s: PullScope): Built | 'none' => {
  if (isBackOffice(s.role)) return ALL;
  if (s.role === 'merchant') return s.mid ? { where: 'mid = $4', params: [s.mid] } : NONE;
  if (s.role === 'technician') {
    const mine = '(created_by = $4 OR assignee = $4)';
    // NULL-safe for `_deleted` (an unassigned case's `assignee = $4` is NULL, not false).
    const mineNow = '(created_by = $4 OR coalesce(assignee = $4, false))';
    const recent = `updated_at > now() - interval '${TOMBSTONE_WINDOW}'`;
    const former = `($4 = ANY(former_assignees) AND ${recent})`;
    if (!s.regions.length) {
      return {
        where: `(${mine} OR ${former})`,
        params: [s.username],
        deleted: `(deleted OR NOT ${mineNow})`,
      };
    }
    const region = `region = ANY($5::text[]) AND case_number IS NOT NULL`;
    return {
      where: `(${mine} OR ${former} OR (${region} AND (${BLOCKING} OR ${recent})))`,
      params: [s.username, s.regions],
      deleted: `(deleted OR NOT coalesce(${mineNow} OR (${region} AND ${BLOCKING}), false))`,
    };
  }
  return NONE;
};

/** SQL: the event carries an internal note (DESIGN section 9, `data.internal: true`). */
export const INTERNAL_EVENT_SQL = `coalesce(data @> '{"internal": true}', false)`;

/**
 * Events follow their case: merchants by the copied MID, technicians through the case
 * (own, assigned, or a blocking case of their regions). A case newly assigned to a
 * technician has its earlier events re-stamped by the assignment (db/dispatch.ts), so
 * they come after the technician's checkpoint.
 *
 * Internal notes (DESIGN section 9) never reach a merchant: an internal `comment` is not
 * served at all, and a status event whose note is internal (escalate, resolve, assign) is
 * served without its note, so the merchant still sees that the case was resolved.
 */
const eventsScope = (s: PullScope): Built | 'none' => {
  if (isBackOffice(s.role)) return ALL;
  if (s.role === 'merchant') {
    return s.mid
      ? {
          where: `mid = $4 AND NOT (type = 'comment' AND ${INTERNAL_EVENT_SQL})`,
          params: [s.mid],
          doc: merchantEventDocSql,
        }
      : NONE;
  }
  if (s.role === 'technician') {
    // IN (…) rather than a correlated EXISTS: the visible case ids are a small set that
    // Postgres hashes once, and the (txid, id) scan of events only probes the hash.
    return {
      where: `case_id IN (SELECT c.id FROM cases c WHERE c.created_by = $4 OR c.assignee = $4 OR (c.region = ANY($5::text[]) AND ${blocking('c.status')}))`,
      params: [s.username, s.regions],
    };
  }
  return NONE;
};

/**
 * Announcements: the back office all (it manages them); technicians and merchants those
 * whose audience reaches them (`announcementReaches`), served before their start time
 * too, so the phone shows the banner on time while offline.
 */
const announcementsScope = (s: PullScope): Built | 'none' => {
  if (isBackOffice(s.role)) return ALL;
  if (s.role === 'technician') {
    return {
      where: `(audience IN ('all', 'technicians') OR audience = ANY ($4::text[]))`,
      params: [s.regions.map((r) => `region:${r}`)],
    };
  }
  if (s.role === 'merchant' && s.mid) {
    return {
      where: `(audience IN ('all', 'merchants') OR audience = (SELECT 'region:' || region FROM merchants WHERE id = $4))`,
      params: [s.mid],
    };
  }
  return NONE;
};

const specs: Record<SyncCollection, CollectionSpec> = {
  devices: {
    table: 'devices',
    idType: 'text',
    fields: [
      ['id', 'id', 'str'],
      ['serialNumber', 'serial_number', 'str'],
      ['model', 'model', 'str'],
      ['tid', 'tid', 'str'],
      ['mid', 'mid', 'str'],
      ['status', 'status', 'str'],
      ['samSerial', 'sam_serial', 'str'],
      ['simSerial', 'sim_serial', 'str'],
      ['region', 'region', 'str'],
      ['updatedAt', 'updated_at', 'str'],
    ],
    doc: (deleted) => `json_build_object(
      'id', id, 'serialNumber', serial_number, 'model', model, 'tid', tid, 'mid', mid, 'status', status,
      'samSerial', sam_serial, 'simSerial', sim_serial, 'region', region,
      'updatedAt', ${iso('updated_at')}, '_deleted', ${deleted})`,
    scope: masterScope('mid'),
  },
  merchants: {
    table: 'merchants',
    idType: 'text',
    fields: [
      ['id', 'id', 'str'],
      ['mid', 'mid', 'str'],
      ['name', 'name', 'str'],
      ['address', 'address', 'str'],
      ['city', 'city', 'str'],
      ['region', 'region', 'str'],
      ['phone', 'phone', 'str'],
      ['status', 'status', 'str'],
      ['lat', 'lat', 'num'],
      ['lng', 'lng', 'num'],
      ['updatedAt', 'updated_at', 'str'],
    ],
    doc: (deleted) => `json_build_object(
      'id', id, 'mid', mid, 'name', name, 'address', address, 'city', city, 'region', region,
      'phone', phone, 'status', status, 'lat', lat, 'lng', lng,
      'updatedAt', ${iso('updated_at')}, '_deleted', ${deleted})`,
    scope: merchantsScope,
  },
  sla_rules: {
    table: 'sla_rules',
    idType: 'text',
    doc: (deleted) => `json_build_object(
      'id', id, 'category', category, 'subcase', subcase, 'label', label, 'caseType', case_type,
      'responsibleUnit', responsible_unit, 'priority', priority, 'responseMinutes', response_minutes,
      'businessDays', business_days, 'hours', hours, 'active', active,
      'businessHours', (SELECT json_build_object('mode', k.mode, 'startMinute', k.start_minute,
        'endMinute', k.end_minute) FROM sla_calendars k WHERE k.priority = sla_rules.priority),
      'updatedAt', ${iso('updated_at')}, '_deleted', ${deleted})`,
    scope: () => ALL,
  },
  holidays: {
    table: 'holidays',
    idType: 'text',
    doc: (deleted) => `json_build_object(
      'id', id, 'date', to_char(date, 'YYYY-MM-DD'), 'name', name,
      'updatedAt', ${iso('updated_at')}, '_deleted', ${deleted})`,
    scope: () => ALL,
  },
  notifications: {
    table: 'notifications',
    idType: 'uuid',
    doc: (deleted) => notificationDocSql(deleted),
    scope: notificationsScope,
  },
  cases: {
    table: 'cases',
    idType: 'uuid',
    doc: (deleted) => caseDocSql(deleted),
    scope: casesScope,
  },
  case_events: {
    table: 'case_events',
    idType: 'uuid',
    doc: (deleted) => eventDocSql(deleted),
    scope: eventsScope,
  },
  // DESIGN section 9: every role reads the FAQ (merchants offline on the complaint form).
  faq_articles: {
    table: 'faq_articles',
    idType: 'uuid',
    doc: (deleted) => faqDocSql(deleted),
    scope: () => ALL,
  },
  announcements: {
    table: 'announcements',
    idType: 'uuid',
    doc: (deleted) => announcementDocSql(deleted),
    scope: announcementsScope,
  },
};

/** The FAQ article document as JSON text; shared with the admin routes. */
export function faqDocSql(deleted = 'deleted'): string {
  return `json_build_object(
      'id', id, 'category', category, 'locale', locale, 'question', question, 'answer', answer,
      'updatedAt', ${iso('updated_at')}, '_deleted', ${deleted})`;
}

/** The case document as JSON text; shared with the push/command paths (one mapper). */
export function caseDocSql(deleted = 'deleted', alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `json_build_object(
      'id', ${a}id, 'clientRev', ${a}client_rev, 'serverRev', ${a}server_rev, 'status', ${a}status,
      'rejectReason', ${a}reject_reason, 'blockingCaseNumber', ${a}blocking_case_number,
      'caseNumber', ${a}case_number, 'category', ${a}category, 'subcase', ${a}subcase,
      'priority', ${a}priority, 'description', ${a}description, 'channel', ${a}channel,
      'serialNumber', ${a}serial_number, 'tid', ${a}tid, 'mid', ${a}mid,
      'replacementSerial', ${a}replacement_serial, 'location', ${a}location,
      'attachmentIds', to_json(${a}attachment_ids), 'contactPhone', ${a}contact_phone,
      'reportedAt', ${iso(`${a}reported_at`)},
      'createdBy', ${a}created_by, 'acceptedAt', ${iso(`${a}accepted_at`)},
      'responseDueAt', ${iso(`${a}response_due_at`)}, 'dueAt', ${iso(`${a}due_at`)},
      'caseType', ${a}case_type, 'responsibleUnit', ${a}responsible_unit,
      'escalationLevel', ${a}escalation_level, 'assignee', ${a}assignee,
      'firstResponseAt', ${iso(`${a}first_response_at`)}, 'resolvedAt', ${iso(`${a}resolved_at`)},
      'closedAt', ${iso(`${a}closed_at`)}, 'rca', ${a}rca, 'capa', ${a}capa,
      'satisfaction', ${a}satisfaction, 'updatedAt', ${iso(`${a}updated_at`)}, '_deleted', ${deleted})`;
}

/** The case event document as JSON text. */
export function eventDocSql(deleted = 'deleted', alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `json_build_object(
      'id', ${a}id, 'caseId', ${a}case_id, 'type', ${a}type, 'at', ${iso(`${a}at`)}, 'actor', ${a}actor,
      'note', ${a}note, 'data', ${a}data, '_deleted', ${deleted})`;
}

/** The notification document as JSON text. */
export function notificationDocSql(deleted = 'deleted', alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `json_build_object(
      'id', ${a}id, 'type', ${a}type, 'caseId', ${a}case_id, 'title', ${a}title, 'body', ${a}body,
      'url', ${a}url, 'createdAt', ${iso(`${a}created_at`)}, 'readAt', ${iso(`${a}read_at`)},
      'updatedAt', ${iso(`${a}updated_at`)}, '_deleted', ${deleted})`;
}

/** The event as a merchant may see it: an internal note (and the flag) left out. */
export function merchantEventDocSql(deleted = 'deleted'): string {
  return `json_build_object(
      'id', id, 'caseId', case_id, 'type', type, 'at', ${iso('at')}, 'actor', actor,
      'note', CASE WHEN ${INTERNAL_EVENT_SQL} THEN NULL ELSE note END,
      'data', CASE WHEN ${INTERNAL_EVENT_SQL} THEN nullif(data - 'internal', '{}'::jsonb) ELSE data END,
      '_deleted', ${deleted})`;
}

export function collectionIdType(collection: SyncCollection): 'text' | 'uuid' {
  return specs[collection].idType;
}

/**
 * One pull page: up to `limit` documents after `checkpoint` (exclusive) in the caller's
 * scope, below the oldest running transaction.
 */
export async function pullPage(
  q: Queryable,
  collection: SyncCollection,
  scope: PullScope,
  checkpoint: Checkpoint | null,
  limit: number,
): Promise<PullPage> {
  const spec = specs[collection];
  const built = spec.scope(scope);
  if (built === NONE) return { docs: [], last: null };
  const deleted = built.deleted ?? 'deleted';
  // Without a checkpoint the comparison is dropped entirely (rather than comparing with a
  // minimal sentinel) so the planner sees a plain ordered index scan.
  const after = checkpoint
    ? `(txid, id) > ($1::xid8, $2::${spec.idType})`
    : '$1::text IS NULL AND $2::text IS NULL';
  const fields = spec.fields;
  const select = fields
    ? `${fields.map(([, col]) => col).join(', ')}, ${deleted}`
    : `json_strip_nulls(${(built.doc ?? spec.doc)(deleted)})::text`;
  const sql = `SELECT txid::text AS t, id::text AS i, ${select}
    FROM ${spec.table}
    WHERE ${after}
      AND txid < pg_snapshot_xmin(pg_current_snapshot())
      AND ${built.where}
    ORDER BY txid, id
    LIMIT $3`;
  const params = [checkpoint?.txid ?? null, checkpoint?.id ?? null, limit, ...built.params];
  // Array rowMode: no per-row object with named keys; a little less work per row.
  const result = await q.query<unknown[]>({ text: sql, values: params, rowMode: 'array' });
  const rows = result.rows;
  const docs = new Array<string>(rows.length);
  if (fields) {
    // JSON text by concatenation: keys are constants, strings go through JSON.stringify
    // (escaping), NULL columns are omitted (the wire rule), `_deleted` comes last.
    const keys = fields.map(([key]) => `${JSON.stringify(key)}:`);
    const n = fields.length;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      let out = '{';
      for (let f = 0; f < n; f++) {
        const v = row[f + 2];
        if (v === null || v === undefined) continue;
        out += `${keys[f]}${fields[f]![2] === 'str' ? JSON.stringify(v) : String(v)},`;
      }
      docs[i] = `${out}"_deleted":${row[n + 2] === true}}`;
    }
  } else {
    for (let i = 0; i < rows.length; i++) docs[i] = String(rows[i]![2]);
  }
  const lastRow = rows[rows.length - 1];
  return { docs, last: lastRow ? { txid: String(lastRow[0]), id: String(lastRow[1]) } : null };
}

/**
 * How many documents a pull from `checkpoint` would still serve in the caller's scope
 * (progress of a first sync; `x-sync-remaining`). Same filter as {@link pullPage}, no
 * limit; rows held back by a running transaction are not counted (they come later).
 */
export async function countRemaining(
  q: Queryable,
  collection: SyncCollection,
  scope: PullScope,
  checkpoint: Checkpoint | null,
): Promise<number> {
  const spec = specs[collection];
  const built = spec.scope(scope);
  if (built === NONE) return 0;
  const after = checkpoint
    ? `(txid, id) > ($1::xid8, $2::${spec.idType})`
    : '$1::text IS NULL AND $2::text IS NULL';
  // $3 is the limit in pullPage; kept as an unused slot so the scope's $4/$5 line up.
  const sql = `SELECT count(*)::int AS n
    FROM ${spec.table}
    WHERE ${after}
      AND $3::int IS NULL
      AND txid < pg_snapshot_xmin(pg_current_snapshot())
      AND ${built.where}`;
  const params = [checkpoint?.txid ?? null, checkpoint?.id ?? null, null, ...built.params];
  const result = await q.query<{ n: number }>(sql, params);
  return result.rows[0]?.n ?? 0;
}

/**
 * The oldest running transaction id now (`pg_snapshot_xmin`, xid8 as decimal text): taken
 * before a pull, it is a lower bound of the horizon that pull serves below (xmin never goes
 * back), for {@link hasHeldBackRows}.
 */
export async function snapshotHorizon(q: Queryable): Promise<string> {
  const result = await q.query<{ x: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x');
  const x = result.rows[0]?.x;
  if (x === undefined) throw new Error('no snapshot horizon');
  return x;
}

/**
 * True when committed rows after `checkpoint` exist that a pull bounded by `horizon` (see
 * {@link snapshotHorizon}, taken before the pull) did not serve because an older
 * transaction was still running (`txid ≥ xmin`). Their NOTIFY has already fired, and the
 * transaction holding xmin back may never notify (it may write only non-replicated
 * tables), so without a second poke a client that pulled too early would not learn about
 * those rows until some unrelated change. Scope is ignored on purpose: a needless poke
 * costs one empty pull, a missing one a stale phone.
 *
 * The bound is the pull's horizon, not the xmin of this query's own snapshot: when the
 * older transaction ends between the pull and this check, the current xmin has already
 * passed the rows the pull held back, and comparing with it would answer "nothing held"
 * and lose the only wake-up those rows get (the merchant-self e2e stall, issue 13).
 */
export async function hasHeldBackRows(
  q: Queryable,
  collection: SyncCollection,
  checkpoint: Checkpoint | null,
  horizon: string,
): Promise<boolean> {
  const spec = specs[collection];
  const after = checkpoint ? `AND (txid, id) > ($2::xid8, $3::${spec.idType})` : '';
  const result = await q.query<{ held: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM ${spec.table}
       WHERE txid >= $1::xid8 ${after}
     ) AS held`,
    checkpoint ? [horizon, checkpoint.txid, checkpoint.id] : [horizon],
  );
  return result.rows[0]?.held === true;
}

/** Sends the collection's change notice again, so every instance pokes its streams. */
export async function renotify(q: Queryable, collection: SyncCollection): Promise<void> {
  await q.query(`SELECT pg_notify('edc_sync', $1)`, [collection]);
}
