import { describe, expect, it } from 'vitest';
import { defaultFilters, type QueueFilters } from './queue-model.ts';
import { escalationTargets, filtersFromQuery, filtersToQuery, inView } from './queue-views.ts';

const base = {
  id: 'c1',
  status: 'open',
  escalationLevel: 0,
  responsibleUnit: 'Merchant Operation - MEM',
} as const;
const me = { username: 'agent1', team: 'Merchant Operation - MEM' };

describe('inView', () => {
  const escalated = new Map([['c1', 'agent1']]);
  it.each([
    ['all', {}, true],
    ['mine', { assignee: 'agent1' }, true],
    ['mine', { assignee: 'agent2' }, false],
    ['team', {}, true],
    ['team', { responsibleUnit: 'Customer Care - CC' }, false],
    ['unassigned', {}, true],
    ['unassigned', { assignee: 'agent2' }, false],
    ['unassigned', { status: 'resolved' }, false],
    ['waiting', { status: 'resolved' }, true],
    ['waiting', { status: 'closed' }, false],
    ['escalated', { escalationLevel: 1 }, true],
    ['escalated', { escalationLevel: 0 }, false],
    ['escalated', { escalationLevel: 2, status: 'resolved' }, false],
  ] as const)('%s with %o → %s', (view, over, expected) => {
    expect(inView({ ...base, ...over }, view, me, escalated)).toBe(expected);
  });

  it('my team needs a team', () => {
    expect(inView(base, 'team', { username: 'admin1' }, new Map())).toBe(false);
  });
});

describe('escalationTargets', () => {
  it('takes the newest escalated event per case that names someone', () => {
    const ev = (caseId: string, at: string, data?: Record<string, unknown>, type = 'escalated' as const) => ({
      caseId,
      at,
      type,
      data,
    });
    const map = escalationTargets([
      ev('a', '2026-11-25T01:00:00.000Z', { escalatedTo: 'supervisor1' }),
      ev('a', '2026-11-25T03:00:00.000Z', { escalatedTo: 'manager1' }),
      ev('a', '2026-11-25T02:00:00.000Z', { escalatedTo: 'supervisor2' }),
      ev('b', '2026-11-25T01:00:00.000Z', { from: 0, to: 1 }),
      { caseId: 'c', at: '2026-11-25T01:00:00.000Z', type: 'comment' as const, data: { escalatedTo: 'x' } },
    ]);
    expect([...map]).toEqual([['a', 'manager1']]);
  });
});

describe('filters in the URL', () => {
  it.each<[string, Partial<QueueFilters>, string | null, string]>([
    ['defaults are an empty query', {}, null, ''],
    ['the open case alone', {}, 'abc', 'case=abc'],
    [
      'a view with filters',
      {
        view: 'team',
        status: 'all',
        category: 'paper_supply',
        sla: 'breached',
        q: 'warung jaya',
        sort: 'priority',
      },
      null,
      'view=team&status=all&category=paper_supply&sla=breached&q=warung+jaya&sort=priority',
    ],
    [
      'a drill-down from a management figure',
      {
        status: 'all',
        drill: { figure: 'response_missed', from: '2026-03-01', to: '2026-03-31', assignee: 'agent1' },
      },
      null,
      'status=all&figure=response_missed&from=2026-03-01&to=2026-03-31&assignee=agent1',
    ],
  ] as const)('%s', (_name, patch, open, query) => {
    const filters = { ...defaultFilters, ...patch };
    expect(filtersToQuery(filters, open)).toBe(query);
    expect(filtersFromQuery(query)).toEqual(filters);
  });

  it.each([
    ['unknown view', 'view=boss', { view: 'all' }],
    ['unknown status', 'status=gone', { status: 'active' }],
    ['unknown category', 'category=printer', { category: '' }],
    ['bad sort', 'sort=random', { sort: 'due' }],
    ['waiting view', 'view=waiting', { view: 'waiting' }],
    ['unknown figure', 'figure=bonus&from=2026-03-01&to=2026-03-02', { drill: null }],
    ['figure without dates', 'figure=handled&from=2026-03-01', { drill: null }],
    [
      'figure of a team',
      'figure=handled&from=2026-03-01&to=2026-03-02&team=CS',
      { drill: { figure: 'handled', from: '2026-03-01', to: '2026-03-02', team: 'CS' } },
    ],
  ])('ignores or keeps: %s', (_name, query, expected) => {
    expect(filtersFromQuery(query)).toMatchObject(expected);
  });
});
