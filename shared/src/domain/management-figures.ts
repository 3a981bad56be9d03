/**
 * Management figures of the desk (issue 15, seed 001's KPI table): per agent and per team
 * the cases handled, first response within target, resolution within SLA and CSAT, and
 * the complaints received per day. Pure (pass `now`) so the server's figures and the
 * queue's drill-down (which filters the desk's replicated cases with {@link figureMatches})
 * count exactly the same cases.
 */
import { jakartaDateOf } from './sla.ts';

/** The case fields the figures read (a subset of the case document). */
export type FigureCase = {
  id: string;
  status: string;
  channel: string;
  acceptedAt?: string | undefined;
  responseDueAt?: string | undefined;
  firstResponseAt?: string | undefined;
  dueAt?: string | undefined;
  resolvedAt?: string | undefined;
  closedAt?: string | undefined;
  satisfaction?: number | undefined;
  assignee?: string | undefined;
  responsibleUnit?: string | undefined;
};

/** What a drill-down link can ask the queue for (`figure=` in the queue URL). */
export const figureKinds = [
  'handled',
  'response_met',
  'response_missed',
  'resolution_met',
  'resolution_missed',
  'rated',
  'complaints',
] as const;
export type FigureKind = (typeof figureKinds)[number];

/** Inclusive Jakarta calendar dates of the received (accepted) instant. */
export type FigureRange = { from: string; to: string };

type Verdict = 'met' | 'missed' | null;

/**
 * First response: judged once it happened or once its target passed unanswered (an
 * unanswered case still inside its target is not judged yet).
 */
export function responseVerdict(c: FigureCase, now: Date): Verdict {
  if (!c.responseDueAt) return null;
  const due = Date.parse(c.responseDueAt);
  if (c.firstResponseAt) return Date.parse(c.firstResponseAt) <= due ? 'met' : 'missed';
  return now.getTime() > due ? 'missed' : null;
}

/**
 * Resolution: judged by the resolve instant (or the close instant of a case closed straight
 * away), or as missed once the due date passed unresolved.
 */
export function resolutionVerdict(c: FigureCase, now: Date): Verdict {
  if (!c.dueAt) return null;
  const due = Date.parse(c.dueAt);
  const done = c.resolvedAt ?? c.closedAt;
  if (done) return Date.parse(done) <= due ? 'met' : 'missed';
  if (c.status === 'cancelled') return null;
  return now.getTime() > due ? 'missed' : null;
}

/** A merchant's complaint: every accepted case not filed by a technician in the field. */
export function isComplaint(c: Pick<FigureCase, 'channel'>): boolean {
  return c.channel !== 'technician_app';
}

/** True when an accepted case was received inside the range (Jakarta dates, inclusive). */
export function inFigureRange(c: Pick<FigureCase, 'acceptedAt' | 'status'>, range: FigureRange): boolean {
  if (!c.acceptedAt || c.status === 'submitted' || c.status === 'rejected') return false;
  const day = jakartaDateOf(new Date(c.acceptedAt));
  return day >= range.from && day <= range.to;
}

/** The drill-down predicate: does case `c` stand behind figure `kind`? (range checked apart) */
export function figureMatches(c: FigureCase, kind: FigureKind, now: Date): boolean {
  switch (kind) {
    case 'handled':
      return true;
    case 'response_met':
      return responseVerdict(c, now) === 'met';
    case 'response_missed':
      return responseVerdict(c, now) === 'missed';
    case 'resolution_met':
      return resolutionVerdict(c, now) === 'met';
    case 'resolution_missed':
      return resolutionVerdict(c, now) === 'missed';
    case 'rated':
      return c.satisfaction !== undefined;
    case 'complaints':
      return isComplaint(c);
  }
}

export type FigureRow = {
  /** Username (per agent; `''` = unassigned) or responsible unit (per team; `''` = none). */
  key: string;
  handled: number;
  responseMet: number;
  responseJudged: number;
  /** responseMet / responseJudged, null when nothing was judged. */
  responseShare: number | null;
  resolutionMet: number;
  resolutionJudged: number;
  resolutionShare: number | null;
  csatMean: number | null;
  csatCount: number;
};

export type ManagementFigures = {
  agents: FigureRow[];
  teams: FigureRow[];
  /** Every day of the range, oldest first, with the complaints received that day. */
  complaintsPerDay: { date: string; count: number }[];
  /** Mean complaints per day over the range. */
  complaintsMeanPerDay: number;
};

type Acc = {
  handled: number;
  rm: number;
  rj: number;
  sm: number;
  sj: number;
  csatSum: number;
  csatN: number;
};

function toRow(key: string, a: Acc): FigureRow {
  return {
    key,
    handled: a.handled,
    responseMet: a.rm,
    responseJudged: a.rj,
    responseShare: a.rj === 0 ? null : a.rm / a.rj,
    resolutionMet: a.sm,
    resolutionJudged: a.sj,
    resolutionShare: a.sj === 0 ? null : a.sm / a.sj,
    csatMean: a.csatN === 0 ? null : a.csatSum / a.csatN,
    csatCount: a.csatN,
  };
}

/** Calendar dates from `from` to `to` inclusive. */
function daysOf(range: FigureRange): string[] {
  const out: string[] = [];
  const end = Date.parse(`${range.to}T00:00:00Z`);
  for (let t = Date.parse(`${range.from}T00:00:00Z`); t <= end; t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** The figures over the cases received in `range`, judged at `now`. Rows sorted by key. */
export function managementFigures(
  cases: readonly FigureCase[],
  range: FigureRange,
  now: Date,
): ManagementFigures {
  const agents = new Map<string, Acc>();
  const teams = new Map<string, Acc>();
  const perDay = new Map<string, number>(daysOf(range).map((d) => [d, 0]));
  const add = (m: Map<string, Acc>, key: string, c: FigureCase) => {
    let a = m.get(key);
    if (!a) {
      a = { handled: 0, rm: 0, rj: 0, sm: 0, sj: 0, csatSum: 0, csatN: 0 };
      m.set(key, a);
    }
    a.handled++;
    const r = responseVerdict(c, now);
    if (r) {
      a.rj++;
      if (r === 'met') a.rm++;
    }
    const s = resolutionVerdict(c, now);
    if (s) {
      a.sj++;
      if (s === 'met') a.sm++;
    }
    if (c.satisfaction !== undefined) {
      a.csatN++;
      a.csatSum += c.satisfaction;
    }
  };
  for (const c of cases) {
    if (!inFigureRange(c, range)) continue;
    add(agents, c.assignee ?? '', c);
    add(teams, c.responsibleUnit ?? '', c);
    if (isComplaint(c) && c.acceptedAt) {
      const day = jakartaDateOf(new Date(c.acceptedAt));
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
  }
  const rows = (m: Map<string, Acc>) =>
    [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, a]) => toRow(k, a));
  const complaintsPerDay = [...perDay].map(([date, count]) => ({ date, count }));
  const total = complaintsPerDay.reduce((n, d) => n + d.count, 0);
  return {
    agents: rows(agents),
    teams: rows(teams),
    complaintsPerDay,
    complaintsMeanPerDay: complaintsPerDay.length === 0 ? 0 : total / complaintsPerDay.length,
  };
}
