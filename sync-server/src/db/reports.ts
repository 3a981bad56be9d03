/**
 * Owns the read-only report queries of the back office over a range of received cases
 * (issue 4): KPI aggregates, the case CSV export pages and problem candidates. The live
 * monitors (SLA list, sync health) are desk-monitors.ts. Nothing here writes. Aggregation runs in Postgres so a six-month range over tens of
 * thousands of cases returns a few hundred rows, not the cases themselves.
 *
 * "Received" instant of a case = `accepted_at`, or `reported_at` for a rejected case that
 * never got one; report ranges and months are taken on it in Asia/Jakarta.
 */
import type { Queryable } from './pool.ts';

const RECEIVED = 'coalesce(c.accepted_at, c.reported_at)';
const JKT_MONTH = (col: string) => `to_char(${col} AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM')`;
/** Cases in the report population: received in [start, end), never device-only drafts. */
const POPULATION = `
  SELECT c.* FROM cases c
  WHERE NOT c.deleted AND c.status <> 'submitted'
    AND ${RECEIVED} >= $1 AND ${RECEIVED} < $2`;

type KeyCountRow = { key: string; count: number };
type DurationRow = { count: number; mean: number | null; median: number | null };
type RatioRow = { numerator: number; denominator: number };

export type SummaryAggregates = {
  byStatus: KeyCountRow[];
  byCategory: KeyCountRow[];
  byUnit: KeyCountRow[];
  byMonthCategory: { month: string; category: string; count: number }[];
  firstResponse: DurationRow;
  resolution: DurationRow;
  withinSla: RatioRow;
  slaByUnit: (RatioRow & { unit: string })[];
  reopen: RatioRow;
  csat: { month: string; unit: string; mean: number; count: number }[];
  backlog: { bucket: string; count: number }[];
};

/**
 * Aggregates of the cases received in [start, end); backlog ageing at `now` with bucket
 * limits `ageingHours` (ascending, exclusive upper bounds, last bucket open-ended).
 */
export async function summaryAggregates(
  db: Queryable,
  {
    start,
    end,
    now,
    ageing,
  }: {
    start: Date;
    end: Date;
    now: Date;
    ageing: { labels: readonly string[]; limitsHours: readonly number[] };
  },
): Promise<SummaryAggregates> {
  const range = [start, end];
  const keyCount = async (expr: string): Promise<KeyCountRow[]> =>
    (
      await db.query<KeyCountRow>(
        `SELECT ${expr} AS key, count(*)::int AS count FROM (${POPULATION}) c GROUP BY 1 ORDER BY 2 DESC, 1`,
        range,
      )
    ).rows;
  const duration = async (until: string): Promise<DurationRow> => {
    const minutes = `extract(epoch FROM c.${until} - c.accepted_at) / 60`;
    const { rows } = await db.query<DurationRow>(
      `SELECT count(*)::int AS count, avg(${minutes})::float8 AS mean,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutes}) AS median
       FROM (${POPULATION}) c WHERE c.accepted_at IS NOT NULL AND c.${until} IS NOT NULL`,
      range,
    );
    return rows[0] ?? { count: 0, mean: null, median: null };
  };

  const [byStatus, byCategory, byUnit, firstResponse, resolution] = await Promise.all([
    keyCount('c.status'),
    keyCount('c.category'),
    keyCount(`coalesce(c.responsible_unit, '(none)')`),
    duration('first_response_at'),
    duration('resolved_at'),
  ]);

  const byMonthCategory = (
    await db.query<{ month: string; category: string; count: number }>(
      `SELECT ${JKT_MONTH(RECEIVED)} AS month, c.category, count(*)::int AS count
       FROM (${POPULATION}) c GROUP BY 1, 2 ORDER BY 1, 2`,
      range,
    )
  ).rows;

  const sla = (
    await db.query<RatioRow & { unit: string }>(
      `SELECT coalesce(c.responsible_unit, '(none)') AS unit,
              count(*) FILTER (WHERE c.resolved_at <= c.due_at)::int AS numerator,
              count(*)::int AS denominator
       FROM (${POPULATION}) c WHERE c.resolved_at IS NOT NULL AND c.due_at IS NOT NULL
       GROUP BY 1 ORDER BY 1`,
      range,
    )
  ).rows;
  const withinSla = sla.reduce<RatioRow>(
    (acc, r) => ({ numerator: acc.numerator + r.numerator, denominator: acc.denominator + r.denominator }),
    { numerator: 0, denominator: 0 },
  );

  const reopen = (
    await db.query<RatioRow>(
      `SELECT count(*) FILTER (WHERE resolved AND reopened)::int AS numerator,
              count(*) FILTER (WHERE resolved)::int AS denominator
       FROM (
         SELECT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'resolved' AND NOT e.deleted) AS resolved,
                EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'reopened' AND NOT e.deleted) AS reopened
         FROM (${POPULATION}) c
       ) x`,
      range,
    )
  ).rows[0] ?? { numerator: 0, denominator: 0 };

  const csat = (
    await db.query<{ month: string; unit: string; mean: number; count: number }>(
      `SELECT ${JKT_MONTH('c.closed_at')} AS month, coalesce(c.responsible_unit, '(none)') AS unit,
              avg(c.satisfaction)::float8 AS mean, count(*)::int AS count
       FROM cases c
       WHERE NOT c.deleted AND c.satisfaction IS NOT NULL AND c.closed_at >= $1 AND c.closed_at < $2
       GROUP BY 1, 2 ORDER BY 1, 2`,
      range,
    )
  ).rows;

  // Bucket limits come from shared/domain/kpi.ts so the SQL and the pure rule agree.
  // width_bucket: 0 below the first limit, i between limit i and i+1, n above the last.
  const { labels, limitsHours: limits } = ageing;
  const backlog = (
    await db.query<{ idx: number; count: number }>(
      `SELECT width_bucket(extract(epoch FROM $1::timestamptz - c.accepted_at) / 3600, $2::float8[])::int AS idx,
              count(*)::int AS count
       FROM cases c
       WHERE NOT c.deleted AND c.status IN ('open', 'in_progress') AND c.accepted_at IS NOT NULL
       GROUP BY 1`,
      [now, limits],
    )
  ).rows.map((r) => ({ bucket: labels[r.idx] ?? labels[0] ?? '', count: r.count }));

  return {
    byStatus,
    byCategory,
    byUnit,
    byMonthCategory,
    firstResponse,
    resolution,
    withinSla,
    slaByUnit: sla,
    reopen,
    csat,
    backlog,
  };
}

/** Count of open/in-progress cases (the backlog) right now. */
export async function openBacklog(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM cases WHERE NOT deleted AND status IN ('open', 'in_progress')`,
  );
  return rows[0]?.n ?? 0;
}

/** One row of the case CSV export; timestamps already in Jakarta local time with offset. */
export type CaseExportRow = Record<(typeof caseExportColumns)[number], string | number | null> & {
  received_at: string;
  id: string;
};

/** Columns of `cases.csv`, in order (header names are these, camelCase on the wire). */
export const caseExportColumns = [
  'caseNumber',
  'status',
  'rejectReason',
  'blockingCaseNumber',
  'category',
  'subcase',
  'priority',
  'channel',
  'mid',
  'merchantName',
  'tid',
  'serialNumber',
  'model',
  'region',
  'reportedAt',
  'acceptedAt',
  'responseDueAt',
  'firstResponseAt',
  'dueAt',
  'resolvedAt',
  'closedAt',
  'slaMet',
  'caseType',
  'responsibleUnit',
  'escalationLevel',
  'assignee',
  'createdBy',
  'satisfaction',
  'description',
  'rca',
  'capa',
] as const;

const jkt = (col: string) => `to_char(${col} AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"')`;

/**
 * One keyset page of the export, ordered by (received instant, id). Keyset paging keeps
 * memory flat for any range and needs no cursor held open across the HTTP stream.
 */
export async function caseExportPage(
  db: Queryable,
  {
    start,
    end,
    after,
    limit,
  }: { start: Date; end: Date; after: { receivedAt: string; id: string } | null; limit: number },
): Promise<CaseExportRow[]> {
  const params: unknown[] = [start, end, limit];
  let keyset = '';
  if (after) {
    params.push(after.receivedAt, after.id);
    keyset = `AND (${RECEIVED}, c.id) > ($4::timestamptz, $5::uuid)`;
  }
  const { rows } = await db.query<CaseExportRow>(
    // received_at as text keeps Postgres' microseconds: the ms-precision ISO the pool
    // returns for timestamptz would repeat or skip rows at a page boundary.
    `SELECT c.id, (${RECEIVED})::text AS received_at,
            c.case_number AS "caseNumber", c.status, c.reject_reason AS "rejectReason",
            c.blocking_case_number AS "blockingCaseNumber", c.category, c.subcase, c.priority, c.channel,
            c.mid, m.name AS "merchantName", c.tid, c.serial_number AS "serialNumber", d.model,
            coalesce(c.region, m.region) AS region,
            ${jkt('c.reported_at')} AS "reportedAt", ${jkt('c.accepted_at')} AS "acceptedAt",
            ${jkt('c.response_due_at')} AS "responseDueAt", ${jkt('c.first_response_at')} AS "firstResponseAt",
            ${jkt('c.due_at')} AS "dueAt", ${jkt('c.resolved_at')} AS "resolvedAt", ${jkt('c.closed_at')} AS "closedAt",
            CASE WHEN c.resolved_at IS NULL OR c.due_at IS NULL THEN NULL
                 WHEN c.resolved_at <= c.due_at THEN 'yes' ELSE 'no' END AS "slaMet",
            c.case_type AS "caseType", c.responsible_unit AS "responsibleUnit",
            c.escalation_level AS "escalationLevel", c.assignee, c.created_by AS "createdBy",
            c.satisfaction, c.description, c.rca, c.capa
     FROM cases c
     LEFT JOIN merchants m ON m.mid = c.mid
     LEFT JOIN devices d ON d.serial_number = c.serial_number
     WHERE NOT c.deleted AND c.status <> 'submitted'
       AND ${RECEIVED} >= $1 AND ${RECEIVED} < $2 ${keyset}
     ORDER BY ${RECEIVED}, c.id
     LIMIT $3`,
    params,
  );
  return rows;
}

export type ProblemRow = {
  kind: 'terminal' | 'merchant' | 'model' | 'area';
  key: string;
  label: string;
  count: number;
  latest: string[];
  last_at: string;
};

/**
 * Terminals, merchants, models and areas with at least `min` accepted cases received
 * since `since` (ITIL problem candidates). Merchant complaints without a serial number
 * find their terminal by TID/MID so they still count for the terminal and its model.
 */
export async function problemCandidates(
  db: Queryable,
  { since, min, latest }: { since: Date; min: number; latest: number },
): Promise<ProblemRow[]> {
  const { rows } = await db.query<ProblemRow>(
    `WITH recent AS (
       SELECT c.case_number, c.accepted_at AS at, c.mid,
              coalesce(c.serial_number, d.serial_number) AS serial, coalesce(c.tid, d.tid) AS tid,
              d.model, m.name AS merchant_name, m.city, coalesce(m.region, c.region) AS region
       FROM cases c
       LEFT JOIN LATERAL (
         SELECT dd.serial_number, dd.tid, dd.model FROM devices dd
         WHERE dd.serial_number = c.serial_number
            OR (c.serial_number IS NULL AND c.tid IS NOT NULL AND dd.tid = c.tid AND dd.mid = c.mid)
         LIMIT 1
       ) d ON true
       LEFT JOIN merchants m ON m.mid = c.mid
       WHERE NOT c.deleted AND c.accepted_at IS NOT NULL AND c.accepted_at >= $1
     ),
     grouped AS (
       SELECT 'terminal' AS kind, serial AS key, serial || coalesce(' / TID ' || max(tid), '') AS label,
              count(*) AS n, (array_agg(case_number ORDER BY at DESC))[1:$3] AS latest, max(at) AS last_at
       FROM recent WHERE serial IS NOT NULL GROUP BY serial
       UNION ALL
       SELECT 'merchant', mid, mid || coalesce(' – ' || max(merchant_name), ''),
              count(*), (array_agg(case_number ORDER BY at DESC))[1:$3], max(at)
       FROM recent WHERE mid <> '' GROUP BY mid
       UNION ALL
       SELECT 'model', model, model, count(*), (array_agg(case_number ORDER BY at DESC))[1:$3], max(at)
       FROM recent WHERE model IS NOT NULL AND model <> '' GROUP BY model
       UNION ALL
       SELECT 'area', city || ' (' || region || ')', city || ' (' || region || ')',
              count(*), (array_agg(case_number ORDER BY at DESC))[1:$3], max(at)
       FROM recent WHERE city IS NOT NULL AND city <> '' AND region IS NOT NULL GROUP BY city, region
     )
     SELECT kind, key, label, n::int AS count, latest, last_at
     FROM grouped WHERE n >= $2
     ORDER BY array_position(ARRAY['terminal', 'merchant', 'model', 'area'], kind), n DESC, key`,
    [since, min, latest],
  );
  return rows;
}
