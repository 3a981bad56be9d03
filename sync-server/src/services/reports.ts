/**
 * Back-office reports (issue 4, DESIGN section 6): turns the SQL aggregates of
 * db/reports.ts into the shared `ReportSummary` / `MonthlyReport` contracts, streams the
 * case CSV export, and lists problem candidates, SLA monitor rows and sync health.
 */
import {
  AppError,
  ageingBuckets,
  type CaseStatus,
  type Category,
  caseStatuses,
  categories,
  type ProblemCandidate,
  type ReportSummary,
  type SlaMonitorRow,
  type SyncHealthRow,
} from '@edc/shared';
import {
  AGEING_LIMIT_HOURS,
  formatCsvRow,
  monthBounds,
  monthsInRange,
  previousMonth,
  type ReportRange,
  ratio,
  resolveReportRange,
  slaState,
} from '@edc/shared/domain';
import { slaCandidates, syncHealth } from '../db/desk-monitors.ts';
import type { Db } from '../db/pool.ts';
import {
  type CaseExportRow,
  caseExportColumns,
  caseExportPage,
  openBacklog,
  problemCandidates,
  summaryAggregates,
} from '../db/reports.ts';

/** Share of the acceptedAt → dueAt target after which an open case is "at risk". */
export const AT_RISK_SHARE = 0.8;

/** Resolves `{from, to}` or throws `invalid_query` naming the problem. */
export function reportRange(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date,
): ReportRange {
  const r = resolveReportRange(query, now);
  if (!r.ok) throw new AppError('invalid_query', r.reason, [{ path: 'from', message: r.reason }]);
  return r.range;
}

const isCategory = (s: string): s is Category => (categories as readonly string[]).includes(s);
const isStatus = (s: string): s is CaseStatus => (caseStatuses as readonly string[]).includes(s);
const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

export async function buildSummary(db: Db, range: ReportRange, now: Date): Promise<ReportSummary> {
  const [agg, backlogCount] = await Promise.all([
    summaryAggregates(db.pool, {
      start: range.start,
      end: range.end,
      now,
      ageing: { labels: ageingBuckets, limitsHours: AGEING_LIMIT_HOURS },
    }),
    openBacklog(db.pool),
  ]);

  const months = monthsInRange(range.from, range.to);
  const volume = new Map(
    months.map((m) => [m, Object.fromEntries(categories.map((c) => [c, 0])) as Record<Category, number>]),
  );
  for (const r of agg.byMonthCategory) {
    const row = volume.get(r.month);
    if (row && isCategory(r.category)) row[r.category] += r.count;
  }
  const volumeByCategory = months.map((month) => {
    const counts = volume.get(month)!;
    return { month, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
  });

  const backlogByBucket = new Map(agg.backlog.map((b) => [b.bucket, b.count]));

  return {
    range: { from: range.from, to: range.to },
    generatedAt: now.toISOString(),
    total: agg.byStatus.reduce((a, r) => a + r.count, 0),
    byStatus: agg.byStatus.flatMap((r) => (isStatus(r.key) ? [{ key: r.key, count: r.count }] : [])),
    byCategory: agg.byCategory.flatMap((r) => (isCategory(r.key) ? [{ key: r.key, count: r.count }] : [])),
    byUnit: agg.byUnit,
    byMonth: volumeByCategory.map((v) => ({ month: v.month, count: v.total })),
    openBacklog: backlogCount,
    firstResponse: {
      count: agg.firstResponse.count,
      meanMinutes: round1(agg.firstResponse.mean),
      medianMinutes: round1(agg.firstResponse.median),
    },
    resolution: {
      count: agg.resolution.count,
      meanMinutes: round1(agg.resolution.mean),
      medianMinutes: round1(agg.resolution.median),
    },
    resolvedWithinSla: ratio(agg.withinSla.numerator, agg.withinSla.denominator),
    reopenRate: ratio(agg.reopen.numerator, agg.reopen.denominator),
    csat: agg.csat.map((r) => ({
      month: r.month,
      unit: r.unit,
      mean: Math.round(r.mean * 100) / 100,
      count: r.count,
    })),
    backlogAgeing: ageingBuckets.map((bucket) => ({ bucket, count: backlogByBucket.get(bucket) ?? 0 })),
    slaByUnit: agg.slaByUnit.map((r) => ({ unit: r.unit, ...ratio(r.numerator, r.denominator) })),
    volumeByCategory,
  };
}

export const PROBLEM_LATEST_CASES = 5;

export async function listProblems(
  db: Db,
  { days, min }: { days: number; min: number },
  now: Date,
): Promise<ProblemCandidate[]> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const rows = await problemCandidates(db.pool, { since, min, latest: PROBLEM_LATEST_CASES });
  return rows.map((r) => ({
    kind: r.kind,
    key: r.key,
    label: r.label,
    count: r.count,
    latestCaseNumbers: r.latest.filter((n): n is string => typeof n === 'string'),
    lastCaseAt: r.last_at,
  }));
}

/** Seed 003 section 7 monthly evaluation: the month's summary plus trend and problems. */
export async function buildMonthlyReport(db: Db, month: string, now: Date) {
  const bounds = monthBounds(month);
  const range = reportRange(bounds, now);
  const prev = reportRange(monthBounds(previousMonth(month)), now);
  const [summary, prevSummary, problems] = await Promise.all([
    buildSummary(db, range, now),
    summaryAggregates(db.pool, {
      start: prev.start,
      end: prev.end,
      now,
      ageing: { labels: ageingBuckets, limitsHours: AGEING_LIMIT_HOURS },
    }),
    // Problem candidates over the 90 days up to the end of the month (or now, if sooner).
    listProblems(db, { days: 90, min: 3 }, new Date(Math.min(range.end.getTime(), now.getTime()))),
  ]);
  const topCategories = summary.byCategory.slice(0, 5).map((r) => ({
    category: r.key,
    count: r.count,
    share: summary.total === 0 ? null : r.count / summary.total,
  }));
  return {
    month,
    summary,
    topCategories,
    previousMonthTotal: prevSummary.byStatus.reduce((a, r) => a + r.count, 0),
    problemCandidates: problems,
  };
}

const EXPORT_PAGE = 1000;

/**
 * The case export as a stream of CSV chunks (header first, CRLF records, UTF-8 with a BOM
 * so Excel opens Indonesian text correctly). Pages are fetched lazily as the client reads.
 */
export function caseCsvStream(db: Db, range: ReportRange): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: { receivedAt: string; id: string } | null = null;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${formatCsvRow(caseExportColumns)}`));
        return;
      }
      if (done) {
        controller.close();
        return;
      }
      const rows: CaseExportRow[] = await caseExportPage(db.pool, {
        start: range.start,
        end: range.end,
        after,
        limit: EXPORT_PAGE,
      });
      const last = rows.at(-1);
      if (last) after = { receivedAt: last.received_at, id: last.id };
      if (rows.length < EXPORT_PAGE) done = true;
      if (rows.length === 0) {
        controller.close();
        return;
      }
      controller.enqueue(
        encoder.encode(rows.map((r) => formatCsvRow(caseExportColumns.map((col) => r[col]))).join('')),
      );
    },
  });
}

export async function listSlaMonitor(
  db: Db,
  { state, limit }: { state?: 'on_track' | 'at_risk' | 'breached' | undefined; limit: number },
  now: Date,
): Promise<SlaMonitorRow[]> {
  const rows = await slaCandidates(db.pool, {
    now,
    atRiskShare: AT_RISK_SHARE,
    includeOnTrack: state === undefined || state === 'on_track',
    limit: state === undefined ? limit : Math.max(limit * 4, 2000),
  });
  const out: SlaMonitorRow[] = [];
  for (const r of rows) {
    const s = slaState({
      now,
      acceptedAt: new Date(r.accepted_at),
      dueAt: new Date(r.due_at),
      atRiskShare: AT_RISK_SHARE,
    });
    // Open cases are never `met`; the guard keeps the type narrow.
    if (s === 'met') continue;
    const responseOverdue =
      r.first_response_at === null &&
      r.response_due_at !== null &&
      Date.parse(r.response_due_at) < now.getTime();
    if (state && s !== state) continue;
    out.push({
      id: r.id,
      caseNumber: r.case_number,
      status: isStatus(r.status) ? r.status : 'open',
      category: isCategory(r.category) ? r.category : 'other',
      ...(r.priority === 'minor' || r.priority === 'major' || r.priority === 'critical'
        ? { priority: r.priority }
        : {}),
      mid: r.mid,
      ...(r.tid ? { tid: r.tid } : {}),
      ...(r.responsible_unit ? { responsibleUnit: r.responsible_unit } : {}),
      escalationLevel: r.escalation_level,
      acceptedAt: r.accepted_at,
      ...(r.response_due_at ? { responseDueAt: r.response_due_at } : {}),
      dueAt: r.due_at,
      ...(r.first_response_at ? { firstResponseAt: r.first_response_at } : {}),
      state: s,
      responseOverdue,
      minutesToDue: Math.round((Date.parse(r.due_at) - now.getTime()) / 60_000),
    });
    if (out.length >= limit) break;
  }
  return out;
}

/** A phone's oldest unsent entry older than this is "stuck" (e.g. in a blank spot). */
export const STUCK_AFTER_MINUTES = 60;
/** No sync for this long is "stale". */
export const STALE_AFTER_HOURS = 24;

export async function listSyncHealth(db: Db, now: Date): Promise<SyncHealthRow[]> {
  const rows = await syncHealth(db.pool);
  return rows.map((r) => {
    const ageMinutes =
      r.outbox_oldest_at === null
        ? undefined
        : Math.max(0, Math.floor((now.getTime() - Date.parse(r.outbox_oldest_at)) / 60_000));
    const state: SyncHealthRow['state'] =
      r.last_sync_at === null
        ? 'never'
        : r.outbox_count > 0 && ageMinutes !== undefined && ageMinutes >= STUCK_AFTER_MINUTES
          ? 'stuck'
          : now.getTime() - Date.parse(r.last_sync_at) > STALE_AFTER_HOURS * 3_600_000
            ? 'stale'
            : 'ok';
    return {
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
      regions: r.regions,
      ...(r.last_sync_at ? { lastSyncAt: r.last_sync_at } : {}),
      outboxCount: r.outbox_count,
      ...(r.outbox_oldest_at ? { outboxOldestAt: r.outbox_oldest_at } : {}),
      ...(ageMinutes !== undefined ? { outboxOldestAgeMinutes: ageMinutes } : {}),
      ...(r.last_accepted_case_at ? { lastAcceptedCaseAt: r.last_accepted_case_at } : {}),
      state,
    };
  });
}
