/**
 * The desk queue as pure functions: local cases + merchants → rows with their SLA state at
 * `now`, then filters, search and sort. Pure so it is table-tested and so the page can
 * recompute it on every RxDB change and every 30 s tick without surprises.
 */
import {
  type CaseStatus,
  type Category,
  type Priority,
  priorities,
  type QueueView as QueueViewName,
  workingStatuses,
} from '@edc/shared';
import { type FigureKind, figureMatches, inFigureRange, type SlaState, slaState } from '@edc/shared/domain';
import type { CaseDoc, MerchantDoc } from '../../db/index.ts';

export type QueueSort = 'due' | 'created' | 'priority';
/** `active` = what the desk works on: open and in progress. */
export type StatusFilter = CaseStatus | 'active' | 'all';

export type QueueFilters = {
  /** Ownership view (issue 15): mine, my team, unassigned, waiting for merchant, escalated to me, all. */
  view: QueueViewName;
  status: StatusFilter;
  category: Category | '';
  priority: Priority | '';
  unit: string;
  region: string;
  sla: SlaState | '';
  q: string;
  sort: QueueSort;
  /** Drill-down from a management figure (issue 15): the cases behind one number, or null. */
  drill: DrillFilter | null;
};

/**
 * The cases behind a figure of the management report: received in [from, to] (Jakarta
 * dates), matching `figure`, of one agent and/or team (`-` = none).
 */
export type DrillFilter = {
  figure: FigureKind;
  from: string;
  to: string;
  assignee?: string | undefined;
  team?: string | undefined;
};

/** True when case `c` stands behind the drill-down figure at `now` (same rule as the server). */
export function matchesDrill(c: CaseDoc, d: DrillFilter, now: Date): boolean {
  // '' is how the phone stores "nobody" (the field is indexed locally).
  if (d.assignee !== undefined && (c.assignee || '-') !== d.assignee) return false;
  if (d.team !== undefined && (c.responsibleUnit ?? '-') !== d.team) return false;
  return inFigureRange(c, d) && figureMatches(c, d.figure, now);
}

export const defaultFilters: QueueFilters = {
  view: 'all',
  status: 'active',
  category: '',
  priority: '',
  unit: '',
  region: '',
  sla: '',
  q: '',
  sort: 'due',
  drill: null,
};

export type QueueRow = {
  c: CaseDoc;
  region: string;
  merchantName: string;
  /** null when the case has no SLA clock (not accepted, rejected, cancelled). */
  sla: SlaState | null;
  /** Lower-cased case number, TID, MID and serial, for the search box. */
  haystack: string;
  /** Sort keys parsed once per build, not once per comparison (10,000+ rows). */
  dueMs: number;
  createdMs: number;
};

const far = Number.MAX_SAFE_INTEGER;
const ACTIVE: ReadonlySet<CaseStatus> = new Set(workingStatuses);

/**
 * SLA state of one case at `now` (shared `slaState` on acceptedAt → dueAt), or null when no
 * clock runs. An active case whose response is overdue (no first response by
 * `responseDueAt`) is `breached` as well.
 */
export function caseSlaState(c: CaseDoc, now: Date): SlaState | null {
  if (!c.acceptedAt || !c.dueAt) return null;
  if (c.status === 'rejected' || c.status === 'cancelled' || c.status === 'submitted') return null;
  const done = c.status === 'resolved' || c.status === 'closed';
  // A missed first response is an SLA breach too (the escalation job raises the level for it).
  if (!done && !c.firstResponseAt && c.responseDueAt && now.getTime() > Date.parse(c.responseDueAt))
    return 'breached';
  // A closed case without resolvedAt (closed straight away) is judged by its close time.
  const finished = done ? (c.resolvedAt ?? c.closedAt ?? c.updatedAt) : undefined;
  return slaState({
    now,
    acceptedAt: new Date(c.acceptedAt),
    dueAt: new Date(c.dueAt),
    resolvedAt: finished ? new Date(finished) : undefined,
  });
}

export function buildRows(
  cases: readonly CaseDoc[],
  merchants: ReadonlyMap<string, Pick<MerchantDoc, 'name' | 'region'>>,
  now: Date,
): QueueRow[] {
  const rows: QueueRow[] = [];
  for (const c of cases) {
    const m = merchants.get(c.mid);
    rows.push({
      c,
      region: m?.region ?? '',
      merchantName: m?.name ?? '',
      sla: caseSlaState(c, now),
      haystack: [c.caseNumber ?? '', c.tid ?? '', c.mid, c.serialNumber ?? '', c.replacementSerial ?? '']
        .join(' ')
        .toLowerCase(),
      dueMs: c.dueAt ? Date.parse(c.dueAt) : far,
      createdMs: Date.parse(c.acceptedAt ?? c.reportedAt),
    });
  }
  return rows;
}

function matchesStatus(status: CaseStatus, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'active') return ACTIVE.has(status);
  return status === filter;
}

/**
 * What the queue knows beyond the rows: the view's predicate (who is looking) and the
 * server's full-text hits for the search box (merchant names, descriptions, comments).
 */
export type QueueContext = {
  inView?: ((c: CaseDoc) => boolean) | undefined;
  /** Case ids the server search found for `f.q`; matched in addition to the local haystack. */
  searchHits?: ReadonlySet<string> | undefined;
  /** The instant a drill-down figure is judged at (the rows' `now`). */
  now?: Date | undefined;
};

/** Rows passing every filter except SLA state (the SLA counts are taken over these). */
export function filterRows(rows: readonly QueueRow[], f: QueueFilters, ctx: QueueContext = {}): QueueRow[] {
  const q = f.q.trim().toLowerCase();
  const status = f.view === 'waiting' ? 'resolved' : f.status;
  const view = ctx.inView;
  const hits = ctx.searchHits;
  const drill = f.drill;
  const now = ctx.now ?? new Date(0);
  return rows.filter(
    (r) =>
      (view === undefined || view(r.c)) &&
      (drill === null || matchesDrill(r.c, drill, now)) &&
      matchesStatus(r.c.status, status) &&
      (f.category === '' || r.c.category === f.category) &&
      (f.priority === '' || r.c.priority === f.priority) &&
      (f.unit === '' || r.c.responsibleUnit === f.unit) &&
      (f.region === '' || r.region === f.region) &&
      (q === '' || r.haystack.includes(q) || (hits?.has(r.c.id) ?? false)),
  );
}

/** Comparator: due time ascending (no due date last), created newest first, or priority then due. */
export function compareRows(sort: QueueSort): (a: QueueRow, b: QueueRow) => number {
  const tie = (a: QueueRow, b: QueueRow) => (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0);
  const byDue = (a: QueueRow, b: QueueRow) => a.dueMs - b.dueMs || tie(a, b);
  if (sort === 'created') return (a, b) => b.createdMs - a.createdMs || tie(a, b);
  if (sort === 'priority') return (a, b) => rank(a) - rank(b) || byDue(a, b);
  return byDue;
}

/**
 * Most urgent first: the shared `priorities` order (minor → critical) read backwards, so a
 * priority added there sorts where it belongs; a case without a priority comes last.
 */
const priorityRank = (p: Priority | undefined): number =>
  p ? priorities.length - 1 - priorities.indexOf(p) : priorities.length;
const rank = (r: QueueRow): number => priorityRank(r.c.priority);

export type SlaCounts = Record<SlaState, number>;

export type QueueView = { rows: QueueRow[]; matched: number; slaCounts: SlaCounts };

/** Filter, count by SLA state, filter by SLA state, sort. */
export function queueView(all: readonly QueueRow[], f: QueueFilters, ctx: QueueContext = {}): QueueView {
  const base = filterRows(all, f, ctx);
  const slaCounts: SlaCounts = { on_track: 0, at_risk: 0, breached: 0, met: 0 };
  for (const r of base) if (r.sla) slaCounts[r.sla]++;
  const rows = f.sla === '' ? base : base.filter((r) => r.sla === f.sla);
  rows.sort(compareRows(f.sort));
  return { rows, matched: rows.length, slaCounts };
}

/** Distinct non-empty values, sorted: the options of the unit and region filters. */
export function distinct(values: Iterable<string | undefined>): string[] {
  const set = new Set<string>();
  for (const v of values) if (v) set.add(v);
  return [...set].sort();
}
