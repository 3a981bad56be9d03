/**
 * "Kasus saya" as a flat list of rows for the virtualiser: search, a status filter and
 * day headers (Asia/Jakarta calendar days, newest first). Pure, so the rules are tested
 * without a browser; the screen only renders what this returns.
 */
import { type CaseStatus, workingStatuses } from '@edc/shared';

export const caseFilters = ['all', 'waiting', 'active', 'done', 'rejected'] as const;
export type CaseFilter = (typeof caseFilters)[number];

const filterStatuses: Record<Exclude<CaseFilter, 'all'>, readonly CaseStatus[]> = {
  waiting: ['submitted'],
  active: workingStatuses,
  done: ['resolved', 'closed'],
  rejected: ['rejected', 'cancelled'],
};

export type ListableCase = {
  id: string;
  status: CaseStatus;
  reportedAt: string;
  caseNumber?: string | undefined;
  serialNumber?: string | undefined;
  tid?: string | undefined;
  mid?: string | undefined;
  description?: string | undefined;
};

export type CaseListRow<C extends ListableCase> =
  | { kind: 'day'; key: string; day: string; count: number }
  | { kind: 'case'; key: string; doc: C };

export function matchesFilter(status: CaseStatus, filter: CaseFilter): boolean {
  return filter === 'all' || filterStatuses[filter].includes(status);
}

/** Case-insensitive search over number, serial, TID, MID, description and extra words (labels). */
export function matchesQuery(doc: ListableCase, query: string, extra: readonly string[] = []): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [doc.caseNumber, doc.serialNumber, doc.tid, doc.mid, doc.description, ...extra].some((field) =>
    field?.toLowerCase().includes(q),
  );
}

export function countByFilter(docs: readonly ListableCase[]): Record<CaseFilter, number> {
  const counts: Record<CaseFilter, number> = {
    all: docs.length,
    waiting: 0,
    active: 0,
    done: 0,
    rejected: 0,
  };
  for (const doc of docs) {
    for (const f of caseFilters) if (f !== 'all' && matchesFilter(doc.status, f)) counts[f]++;
  }
  return counts;
}

/**
 * Rows: a day header before the cases of each day (cases sorted newest first by their
 * on-site report time). `dayOf` maps an ISO time to the calendar-day key (Jakarta).
 */
export function buildCaseRows<C extends ListableCase>(
  docs: readonly C[],
  options: {
    filter: CaseFilter;
    query: string;
    dayOf: (iso: string) => string;
    words?: (doc: C) => string[];
  },
): CaseListRow<C>[] {
  const shown = docs
    .filter((d) => matchesFilter(d.status, options.filter))
    .filter((d) => matchesQuery(d, options.query, options.words?.(d) ?? []))
    .sort((a, b) => b.reportedAt.localeCompare(a.reportedAt));
  const rows: CaseListRow<C>[] = [];
  let header: { kind: 'day'; key: string; day: string; count: number } | null = null;
  for (const doc of shown) {
    const day = options.dayOf(doc.reportedAt);
    if (!header || header.day !== day) {
      header = { kind: 'day', key: `day:${day}`, day, count: 0 };
      rows.push(header);
    }
    header.count++;
    rows.push({ kind: 'case', key: doc.id, doc });
  }
  return rows;
}

/** Jakarta calendar day of an instant, `YYYY-MM-DD` (UTC+7, no DST in Indonesia). */
export function jakartaDay(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  return new Date(t + 7 * 3600_000).toISOString().slice(0, 10);
}
