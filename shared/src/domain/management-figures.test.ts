import { describe, expect, it } from 'vitest';
import {
  type FigureCase,
  figureMatches,
  inFigureRange,
  managementFigures,
  resolutionVerdict,
  responseVerdict,
} from './management-figures.ts';

const now = new Date('2026-03-10T05:00:00Z'); // 12:00 WIB
const base: FigureCase = {
  id: 'x',
  status: 'open',
  channel: 'phone',
  acceptedAt: '2026-03-09T02:00:00Z',
  responseDueAt: '2026-03-09T03:00:00Z',
  dueAt: '2026-03-11T10:00:00Z',
};

describe('responseVerdict', () => {
  it.each([
    ['answered before the target', { firstResponseAt: '2026-03-09T02:30:00Z' }, 'met'],
    ['answered exactly at the target', { firstResponseAt: '2026-03-09T03:00:00Z' }, 'met'],
    ['answered late', { firstResponseAt: '2026-03-09T03:00:01Z' }, 'missed'],
    ['unanswered, target passed', {}, 'missed'],
    ['unanswered, target still ahead', { responseDueAt: '2026-03-10T06:00:00Z' }, null],
    ['no response target', { responseDueAt: undefined }, null],
  ] as const)('%s → %s', (_what, patch, verdict) => {
    expect(responseVerdict({ ...base, ...patch }, now)).toBe(verdict);
  });
});

describe('resolutionVerdict', () => {
  it.each([
    ['resolved in time', { resolvedAt: '2026-03-10T01:00:00Z' }, 'met'],
    ['resolved late', { dueAt: '2026-03-09T10:00:00Z', resolvedAt: '2026-03-09T11:00:00Z' }, 'missed'],
    ['closed straight away in time', { closedAt: '2026-03-09T04:00:00Z' }, 'met'],
    ['open, due ahead', {}, null],
    ['open, due passed', { dueAt: '2026-03-10T04:00:00Z' }, 'missed'],
    ['cancelled before its due date passed', { status: 'cancelled', dueAt: '2026-03-10T04:00:00Z' }, null],
    ['no due date', { dueAt: undefined }, null],
  ] as const)('%s → %s', (_what, patch, verdict) => {
    expect(resolutionVerdict({ ...base, ...patch }, now)).toBe(verdict);
  });
});

describe('inFigureRange', () => {
  it.each([
    ['accepted on the first day (00:30 WIB)', { acceptedAt: '2026-03-07T17:30:00Z' }, true],
    ['accepted the evening before (23:30 WIB)', { acceptedAt: '2026-03-07T16:30:00Z' }, false],
    ['accepted on the last day', { acceptedAt: '2026-03-10T16:59:59Z' }, true],
    ['rejected', { status: 'rejected' }, false],
    ['never accepted', { acceptedAt: undefined }, false],
  ] as const)('%s → %s', (_what, patch, inside) => {
    expect(inFigureRange({ ...base, ...patch }, { from: '2026-03-08', to: '2026-03-10' })).toBe(inside);
  });
});

describe('managementFigures', () => {
  const cases: FigureCase[] = [
    {
      ...base,
      id: 'a',
      assignee: 'agent1',
      responsibleUnit: 'CS',
      firstResponseAt: '2026-03-09T02:10:00Z',
      resolvedAt: '2026-03-09T05:00:00Z',
      satisfaction: 5,
    },
    {
      ...base,
      id: 'b',
      assignee: 'agent1',
      responsibleUnit: 'CS',
      firstResponseAt: '2026-03-09T04:00:00Z',
      satisfaction: 2,
    },
    { ...base, id: 'c', assignee: 'agent2', responsibleUnit: 'Ops', channel: 'technician_app' },
    {
      ...base,
      id: 'd',
      responsibleUnit: 'CS',
      acceptedAt: '2026-03-08T01:00:00Z',
      responseDueAt: '2026-03-10T06:00:00Z',
    },
    { ...base, id: 'e', assignee: 'agent1', acceptedAt: '2026-03-01T01:00:00Z' }, // outside the range
  ];
  const f = managementFigures(cases, { from: '2026-03-08', to: '2026-03-10' }, now);

  it('counts per agent, unassigned under the empty key', () => {
    expect(
      f.agents.map((r) => [
        r.key,
        r.handled,
        r.responseMet,
        r.responseJudged,
        r.resolutionMet,
        r.resolutionJudged,
      ]),
    ).toEqual([
      ['', 1, 0, 0, 0, 0],
      ['agent1', 2, 1, 2, 1, 1],
      ['agent2', 1, 0, 1, 0, 0],
    ]);
    const a1 = f.agents.find((r) => r.key === 'agent1');
    expect(a1?.responseShare).toBe(0.5);
    expect(a1?.csatMean).toBe(3.5);
    expect(a1?.csatCount).toBe(2);
  });

  it('counts per team', () => {
    expect(f.teams.map((r) => [r.key, r.handled, r.resolutionShare])).toEqual([
      ['CS', 3, 1],
      ['Ops', 1, null],
    ]);
  });

  it('lists every day of the range with its complaints (technician cases are not complaints)', () => {
    expect(f.complaintsPerDay).toEqual([
      { date: '2026-03-08', count: 1 },
      { date: '2026-03-09', count: 2 },
      { date: '2026-03-10', count: 0 },
    ]);
    expect(f.complaintsMeanPerDay).toBe(1);
  });

  it('the drill-down predicate finds exactly the counted cases', () => {
    const inRange = cases.filter((c) => inFigureRange(c, { from: '2026-03-08', to: '2026-03-10' }));
    const ids = (kind: Parameters<typeof figureMatches>[1]) =>
      inRange.filter((c) => c.assignee === 'agent1' && figureMatches(c, kind, now)).map((c) => c.id);
    expect(ids('response_met')).toEqual(['a']);
    expect(ids('response_missed')).toEqual(['b']);
    expect(ids('resolution_met')).toEqual(['a']);
    expect(ids('rated')).toEqual(['a', 'b']);
  });
});
