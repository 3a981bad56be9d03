import { describe, expect, it } from 'vitest';
import type { CaseDoc } from '../../db/index.ts';
import { buildRows, caseSlaState, defaultFilters, type QueueFilters, queueView } from './queue-model.ts';

const NOW = new Date('2026-11-25T05:00:00.000Z');
let seq = 0;

function kase(over: Partial<CaseDoc>): CaseDoc {
  seq++;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    clientRev: '00000000-0000-4000-8000-000000000000',
    serverRev: 1,
    status: 'open',
    category: 'replace_device',
    description: 'x',
    channel: 'technician_app',
    mid: '000000000000001',
    attachmentIds: [],
    reportedAt: '2026-11-25T00:00:00.000Z',
    createdBy: 'tech1',
    escalationLevel: 0,
    updatedAt: '2026-11-25T00:00:00.000Z',
    ...over,
  };
}

describe('caseSlaState', () => {
  it.each([
    [
      'on track: 50% used',
      { acceptedAt: '2026-11-25T03:00:00.000Z', dueAt: '2026-11-25T07:00:00.000Z' },
      'on_track',
    ],
    [
      'at risk: exactly 80% used',
      { acceptedAt: '2026-11-25T01:00:00.000Z', dueAt: '2026-11-25T06:00:00.000Z' },
      'at_risk',
    ],
    [
      'breached: due passed',
      { acceptedAt: '2026-11-24T01:00:00.000Z', dueAt: '2026-11-25T04:59:59.000Z' },
      'breached',
    ],
    [
      'breached: first response overdue although resolution is on track',
      {
        acceptedAt: '2026-11-25T03:00:00.000Z',
        responseDueAt: '2026-11-25T04:00:00.000Z',
        dueAt: '2026-11-26T03:00:00.000Z',
      },
      'breached',
    ],
    [
      'on track: responded before the response due time',
      {
        acceptedAt: '2026-11-25T03:00:00.000Z',
        responseDueAt: '2026-11-25T04:00:00.000Z',
        firstResponseAt: '2026-11-25T03:30:00.000Z',
        dueAt: '2026-11-26T03:00:00.000Z',
      },
      'on_track',
    ],
    ['no clock before acceptance', { status: 'submitted' as const }, null],
    [
      'no clock for rejected',
      {
        status: 'rejected' as const,
        acceptedAt: '2026-11-25T01:00:00.000Z',
        dueAt: '2026-11-25T02:00:00.000Z',
      },
      null,
    ],
    [
      'met: resolved before due',
      {
        status: 'resolved' as const,
        acceptedAt: '2026-11-24T01:00:00.000Z',
        dueAt: '2026-11-25T02:00:00.000Z',
        resolvedAt: '2026-11-25T01:00:00.000Z',
      },
      'met',
    ],
    [
      'breached: resolved after due',
      {
        status: 'closed' as const,
        acceptedAt: '2026-11-24T01:00:00.000Z',
        dueAt: '2026-11-25T02:00:00.000Z',
        resolvedAt: '2026-11-25T03:00:00.000Z',
      },
      'breached',
    ],
  ])('%s', (_name, over, want) => {
    expect(caseSlaState(kase(over), NOW)).toBe(want);
  });
});

describe('queueView', () => {
  const merchants = new Map([
    ['000000000000001', { name: 'Toko A', region: 'JKT' }],
    ['000000000000002', { name: 'Toko B', region: 'BDG' }],
  ]);
  const a = kase({
    caseNumber: 'CASE-20261125-00001',
    tid: 'TID00001',
    acceptedAt: '2026-11-25T01:00:00.000Z',
    dueAt: '2026-11-25T09:00:00.000Z',
    priority: 'minor',
    responsibleUnit: 'MEM',
  });
  const b = kase({
    caseNumber: 'CASE-20261125-00002',
    tid: 'TID00002',
    mid: '000000000000002',
    acceptedAt: '2026-11-25T02:00:00.000Z',
    dueAt: '2026-11-25T04:00:00.000Z',
    priority: 'critical',
    serialNumber: 'SN-ABC',
    responsibleUnit: 'CS',
  });
  const c = kase({
    caseNumber: 'CASE-20261125-00003',
    status: 'closed',
    acceptedAt: '2026-11-25T00:00:00.000Z',
    dueAt: '2026-11-25T08:00:00.000Z',
    resolvedAt: '2026-11-25T03:00:00.000Z',
    priority: 'major',
  });
  const d = kase({
    caseNumber: 'CASE-20261125-00004',
    status: 'in_progress',
    acceptedAt: '2026-11-25T04:00:00.000Z',
    dueAt: '2026-11-26T04:00:00.000Z',
    category: 'paper_supply',
    priority: 'major',
  });
  const rows = buildRows([a, b, c, d], merchants, NOW);
  const view = (f: Partial<QueueFilters>) =>
    queueView(rows, { ...defaultFilters, ...f }).rows.map((r) => r.c.caseNumber);

  it.each<[string, Partial<QueueFilters>, (string | undefined)[]]>([
    [
      'default: active cases by due time',
      {},
      ['CASE-20261125-00002', 'CASE-20261125-00001', 'CASE-20261125-00004'],
    ],
    [
      'all statuses',
      { status: 'all' },
      ['CASE-20261125-00002', 'CASE-20261125-00003', 'CASE-20261125-00001', 'CASE-20261125-00004'],
    ],
    ['closed only', { status: 'closed' }, ['CASE-20261125-00003']],
    ['category', { category: 'paper_supply' }, ['CASE-20261125-00004']],
    ['region from the merchant', { region: 'BDG' }, ['CASE-20261125-00002']],
    ['responsible unit', { unit: 'MEM' }, ['CASE-20261125-00001']],
    ['SLA breached', { sla: 'breached' }, ['CASE-20261125-00002']],
    ['search by TID, case-insensitive', { q: 'tid00001' }, ['CASE-20261125-00001']],
    ['search by serial', { q: 'sn-abc' }, ['CASE-20261125-00002']],
    ['search by MID', { q: '000000000000002' }, ['CASE-20261125-00002']],
    ['search by case number suffix', { q: '00004' }, ['CASE-20261125-00004']],
    [
      'sort by priority',
      { sort: 'priority' },
      ['CASE-20261125-00002', 'CASE-20261125-00004', 'CASE-20261125-00001'],
    ],
    [
      'sort by created, newest first',
      { sort: 'created' },
      ['CASE-20261125-00004', 'CASE-20261125-00002', 'CASE-20261125-00001'],
    ],
    ['no match', { q: 'nothing-like-this' }, []],
  ])('%s', (_name, f, want) => {
    expect(view(f)).toEqual(want);
  });

  it('sorts by priority from critical down, a case without a priority last', () => {
    const none = kase({ caseNumber: 'NONE', dueAt: '2026-11-25T03:00:00.000Z' });
    const order = queueView(buildRows([none, a, b, d], merchants, NOW), {
      ...defaultFilters,
      sort: 'priority',
    });
    expect(order.rows.map((r) => r.c.priority ?? 'none')).toEqual(['critical', 'major', 'minor', 'none']);
  });

  it('counts SLA states over the other filters', () => {
    const v = queueView(rows, { ...defaultFilters, sla: 'breached' });
    // a: 4 of 8 h used, d: 1 of 24 h, b: past due; the closed case is outside the active filter.
    expect(v.slaCounts).toEqual({ on_track: 2, at_risk: 0, breached: 1, met: 0 });
  });
});

describe('drill-down from a management figure', () => {
  // Received 25 Nov (WIB); response target 04:00Z, answered at 04:30Z by agent1 → missed.
  const late = kase({
    caseNumber: 'L',
    acceptedAt: '2026-11-25T02:00:00.000Z',
    responseDueAt: '2026-11-25T04:00:00.000Z',
    firstResponseAt: '2026-11-25T04:30:00.000Z',
    assignee: 'agent1',
    responsibleUnit: 'CS',
  });
  const ontime = kase({
    caseNumber: 'O',
    acceptedAt: '2026-11-25T02:00:00.000Z',
    responseDueAt: '2026-11-25T04:00:00.000Z',
    firstResponseAt: '2026-11-25T03:00:00.000Z',
    assignee: 'agent1',
    responsibleUnit: 'CS',
  });
  const other = kase({
    caseNumber: 'X',
    acceptedAt: '2026-11-25T02:00:00.000Z',
    responseDueAt: '2026-11-25T04:00:00.000Z',
    assignee: 'agent2',
  });
  const earlier = kase({
    caseNumber: 'E',
    acceptedAt: '2026-11-20T02:00:00.000Z',
    responseDueAt: '2026-11-20T04:00:00.000Z',
    assignee: 'agent1',
  });
  const drillRows = buildRows([late, ontime, other, earlier], new Map(), NOW);
  const numbers = (drill: QueueFilters['drill']) =>
    queueView(drillRows, { ...defaultFilters, status: 'all', drill }, { now: NOW })
      .rows.map((r) => r.c.caseNumber)
      .sort();

  it.each([
    [
      'missed responses of agent1',
      { figure: 'response_missed', from: '2026-11-25', to: '2026-11-25', assignee: 'agent1' },
      ['L'],
    ],
    [
      'met responses of agent1',
      { figure: 'response_met', from: '2026-11-25', to: '2026-11-25', assignee: 'agent1' },
      ['O'],
    ],
    [
      'missed responses of anyone (unanswered counts)',
      { figure: 'response_missed', from: '2026-11-20', to: '2026-11-25' },
      ['E', 'L', 'X'],
    ],
    [
      'handled by team CS',
      { figure: 'handled', from: '2026-11-25', to: '2026-11-25', team: 'CS' },
      ['L', 'O'],
    ],
    [
      'handled by nobody in particular',
      { figure: 'handled', from: '2026-11-20', to: '2026-11-25', assignee: '-' },
      [],
    ],
  ] as const)('%s', (_name, drill, want) => {
    expect(numbers(drill)).toEqual(want);
  });
});
