/**
 * Queue views and the queue's URL (issue 15), pure: which cases a view shows for the
 * signed-in agent, who a case was escalated to (from the replicated `escalated` events),
 * and the filters <-> URL query round trip that makes a view shareable and reload-proof.
 */
import {
  type CaseStatus,
  type Category,
  caseStatuses,
  categories,
  type Priority,
  priorities,
  type QueueView,
  queueViews,
  workingStatuses,
} from '@edc/shared';
import { type FigureKind, figureKinds, type SlaState } from '@edc/shared/domain';
import type { CaseDoc, CaseEventDoc } from '../../db/index.ts';
import { type DrillFilter, defaultFilters, type QueueFilters } from './queue-model.ts';

/** Who is looking: the view "mine" and "my team" need it. */
export type Viewer = { username: string; team?: string | undefined };

/** The named person of each case's last escalation (`data.escalatedTo` of its newest `escalated` event). */
export function escalationTargets(events: readonly Pick<CaseEventDoc, 'caseId' | 'type' | 'at' | 'data'>[]) {
  const latest = new Map<string, { at: string; to: string }>();
  for (const e of events) {
    if (e.type !== 'escalated') continue;
    const to = e.data?.escalatedTo;
    if (typeof to !== 'string') continue;
    const seen = latest.get(e.caseId);
    if (!seen || e.at >= seen.at) latest.set(e.caseId, { at: e.at, to });
  }
  return new Map([...latest].map(([id, v]) => [id, v.to]));
}

const LIVE: ReadonlySet<CaseStatus> = new Set(workingStatuses);

/**
 * True when case `c` belongs to `view` for `viewer`. `waiting` = resolved and not yet
 * confirmed by the merchant; `escalated` = live and last escalated to the viewer.
 */
export function inView(
  c: Pick<CaseDoc, 'id' | 'assignee' | 'responsibleUnit' | 'status' | 'escalationLevel'>,
  view: QueueView,
  viewer: Viewer,
  escalatedTo: ReadonlyMap<string, string>,
): boolean {
  switch (view) {
    case 'all':
      return true;
    case 'mine':
      return c.assignee === viewer.username;
    case 'team':
      return viewer.team !== undefined && c.responsibleUnit === viewer.team;
    case 'unassigned':
      return !c.assignee && LIVE.has(c.status);
    case 'waiting':
      return c.status === 'resolved';
    case 'escalated':
      return LIVE.has(c.status) && c.escalationLevel > 0 && escalatedTo.get(c.id) === viewer.username;
  }
}

const SLA: readonly SlaState[] = ['on_track', 'at_risk', 'breached', 'met'];
const SORTS = ['due', 'created', 'priority'] as const;

/**
 * Filters as a URL query (only what differs from the defaults, fixed key order), plus the
 * open case. `filtersFromQuery` ignores unknown or malformed values, so a hand-edited or
 * old link still opens a sensible queue.
 */
export function filtersToQuery(f: QueueFilters, openCase?: string | null): string {
  const p = new URLSearchParams();
  const d = defaultFilters;
  if (f.view !== d.view) p.set('view', f.view);
  if (f.status !== d.status) p.set('status', f.status);
  if (f.category !== d.category) p.set('category', f.category);
  if (f.priority !== d.priority) p.set('priority', f.priority);
  if (f.unit !== d.unit) p.set('unit', f.unit);
  if (f.region !== d.region) p.set('region', f.region);
  if (f.sla !== d.sla) p.set('sla', f.sla);
  if (f.q !== d.q) p.set('q', f.q);
  if (f.sort !== d.sort) p.set('sort', f.sort);
  if (f.drill) {
    p.set('figure', f.drill.figure);
    p.set('from', f.drill.from);
    p.set('to', f.drill.to);
    if (f.drill.assignee !== undefined) p.set('assignee', f.drill.assignee);
    if (f.drill.team !== undefined) p.set('team', f.drill.team);
  }
  if (openCase) p.set('case', openCase);
  return p.toString();
}

export function filtersFromQuery(search: string): QueueFilters {
  const p = new URLSearchParams(search);
  const pick = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = p.get(key);
    return allowed.find((a) => a === v) ?? fallback;
  };
  const status = p.get('status');
  return {
    view: pick<QueueView>('view', queueViews, defaultFilters.view),
    status:
      status === 'active' || status === 'all'
        ? status
        : (caseStatuses.find((s) => s === status) ?? defaultFilters.status),
    category: pick<Category | ''>('category', categories, ''),
    priority: pick<Priority | ''>('priority', priorities, ''),
    unit: (p.get('unit') ?? '').slice(0, 100),
    region: (p.get('region') ?? '').slice(0, 10),
    sla: pick<SlaState | ''>('sla', SLA, ''),
    q: (p.get('q') ?? '').slice(0, 200),
    sort: pick('sort', SORTS, defaultFilters.sort),
    drill: drillFromParams(p),
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The drill-down of a figure link, or null when its figure or dates are missing or malformed. */
function drillFromParams(p: URLSearchParams): DrillFilter | null {
  const figure = figureKinds.find((k): k is FigureKind => k === p.get('figure'));
  const from = p.get('from') ?? '';
  const to = p.get('to') ?? '';
  if (!figure || !DATE.test(from) || !DATE.test(to)) return null;
  const assignee = p.get('assignee');
  const team = p.get('team');
  return {
    figure,
    from,
    to,
    ...(assignee ? { assignee: assignee.slice(0, 100) } : {}),
    ...(team ? { team: team.slice(0, 100) } : {}),
  };
}
