import { describe, expect, it } from 'vitest';
import type { TransitionRequest } from '../schemas/api.ts';
import {
  type CaseStatus,
  caseStatuses,
  type TransitionAction,
  transitionActions,
} from '../schemas/common.ts';
import { type Case, caseSchema } from '../schemas/entities.ts';
import { holidayDateSet } from './sla.ts';
import { DEFAULT_SLA_CATALOGUE } from './sla-catalogue.ts';
import { planTransition, type TransitionActor } from './status-machine.ts';

const MID = '000123456789012';
const NOW = new Date('2026-11-25T03:00:00.000Z');

const baseCase = (over: Partial<Case> = {}): Case => ({
  id: '01936f5e-7c1a-7b2c-8d3e-4f5a6b7c8d9e',
  clientRev: '01936f5e-7c1a-7b2c-8d3e-4f5a6b7c8d9f',
  serverRev: 3,
  status: 'open',
  caseNumber: 'CASE-20261124-00012',
  category: 'replace_device',
  subcase: 'layar_rusak',
  priority: 'major',
  description: 'Layar blank',
  channel: 'technician_app',
  serialNumber: 'V2T1234567',
  tid: 'JKT00017',
  mid: MID,
  attachmentIds: [],
  reportedAt: '2026-11-24T02:00:00.000Z',
  createdBy: 'tech1',
  acceptedAt: '2026-11-24T02:01:00.000Z',
  responseDueAt: '2026-11-24T03:01:00.000Z',
  dueAt: '2026-11-26T02:01:00.000Z',
  caseType: 'escalation',
  responsibleUnit: 'Merchant Operation - MEM',
  escalationLevel: 0,
  updatedAt: '2026-11-24T02:01:00.000Z',
  _deleted: false,
  ...over,
});

/** A request that satisfies every action's field requirements. */
const fullRequest = (action: TransitionAction): TransitionRequest => ({
  action,
  assignee: 'agent1',
  rca: 'Konektor layar longgar',
  capa: 'Ganti unit, cek konektor saat preventive maintenance',
});

const actors = {
  technician: { role: 'technician', username: 'tech1' },
  /** The grid's cases are assigned to tech9 (DESIGN section 9: on-site start/resolve). */
  technicianAssigned: { role: 'technician', username: 'tech9' },
  merchantOwn: { role: 'merchant', username: 'merchant1', mid: MID },
  merchantOther: { role: 'merchant', username: 'merchant2', mid: '000999888777666' },
  agent: { role: 'agent', username: 'agent1' },
  supervisor: { role: 'supervisor', username: 'supervisor1' },
  admin: { role: 'admin', username: 'admin1' },
} as const satisfies Record<string, TransitionActor>;

/** The graph of DESIGN section 3, written out independently of the implementation. */
const LEGAL = new Set([
  'open:assign',
  'in_progress:assign',
  'open:start',
  'open:escalate',
  'in_progress:escalate',
  'in_progress:resolve',
  'resolved:close',
  'resolved:reopen',
  'open:cancel',
  'in_progress:cancel',
]);
const MERCHANT_ACTIONS = new Set(['close', 'reopen']);
const TECHNICIAN_ACTIONS = new Set(['start', 'resolve']);

function expectedOutcome(
  actorKey: keyof typeof actors,
  status: CaseStatus,
  action: TransitionAction,
): string {
  const legal = LEGAL.has(`${status}:${action}`);
  if (actorKey === 'technician' || actorKey === 'merchantOther') return 'forbidden';
  if (actorKey === 'merchantOwn' && !MERCHANT_ACTIONS.has(action)) return 'forbidden';
  if (actorKey === 'technicianAssigned' && !TECHNICIAN_ACTIONS.has(action)) return 'forbidden';
  return legal ? 'ok' : 'illegal_transition';
}

const grid = Object.keys(actors).flatMap((actorKey) =>
  caseStatuses.flatMap((status) =>
    transitionActions.map(
      (action) =>
        [actorKey, status, action, expectedOutcome(actorKey as keyof typeof actors, status, action)] as const,
    ),
  ),
);

describe('planTransition: every (role, status, action)', () => {
  it.each(grid)('%s on %s case: %s → %s', (actorKey, status, action, expected) => {
    const plan = planTransition({
      current: baseCase({ status, assignee: 'tech9' }),
      action,
      actor: actors[actorKey as keyof typeof actors],
      request: fullRequest(action),
      now: NOW,
    });
    expect(plan.ok ? 'ok' : plan.code).toBe(expected);
    if (plan.ok) {
      // Applying the patch always yields a valid case document.
      expect(caseSchema.safeParse({ ...baseCase({ status }), ...plan.patch }).success).toBe(true);
    }
  });
});

describe('planTransition: effects', () => {
  const agent = actors.agent;
  const at = NOW.toISOString();

  it.each([
    ['assign', 'open', { assignee: 'agent1', firstResponseAt: at }, 'assigned'],
    ['start', 'open', { status: 'in_progress', assignee: 'agent1', firstResponseAt: at }, 'started'],
    ['escalate', 'in_progress', { escalationLevel: 1, firstResponseAt: at }, 'escalated'],
    [
      'resolve',
      'in_progress',
      {
        status: 'resolved',
        resolvedAt: at,
        rca: 'Konektor layar longgar',
        capa: 'Ganti unit, cek konektor saat preventive maintenance',
      },
      'resolved',
    ],
    ['close', 'resolved', { status: 'closed', closedAt: at }, 'closed'],
    ['reopen', 'resolved', { status: 'open', resolvedAt: undefined }, 'reopened'],
    ['cancel', 'open', { status: 'cancelled' }, 'cancelled'],
  ] as const)('%s from %s by an agent', (action, status, patch, eventType) => {
    const plan = planTransition({
      current: baseCase({
        status,
        resolvedAt: status === 'resolved' ? '2026-11-24T09:00:00.000Z' : undefined,
      }),
      action,
      actor: agent,
      request: { ...fullRequest(action), assignee: action === 'assign' ? 'agent1' : undefined },
      now: NOW,
    });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.patch).toMatchObject({ ...patch, updatedAt: at });
    expect(plan.event.type).toBe(eventType);
    if (action === 'reopen')
      expect('resolvedAt' in plan.patch && plan.patch.resolvedAt === undefined).toBe(true);
  });

  it.each([
    ['without RCA/CAPA', {}, { status: 'resolved', resolvedAt: at }],
    ['with RCA only', { rca: 'Adaptor rusak' }, { status: 'resolved', resolvedAt: at, rca: 'Adaptor rusak' }],
  ] as const)('the assigned technician resolves %s (the desk completes them)', (_what, extra, patch) => {
    const plan = planTransition({
      current: baseCase({ status: 'in_progress', assignee: 'tech9' }),
      action: 'resolve',
      actor: actors.technicianAssigned,
      request: { action: 'resolve', note: 'Unit diganti', ...extra },
      now: NOW,
    });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.patch).toEqual({ ...patch, updatedAt: at });
    // The note is internal unless marked public (issue 15), like any resolve note.
    expect(plan.event).toEqual({ type: 'resolved', note: 'Unit diganti', data: { internal: true } });
  });

  it("a technician's start is not the desk's first response", () => {
    const plan = planTransition({
      current: baseCase({ status: 'open', assignee: 'tech9' }),
      action: 'start',
      actor: actors.technicianAssigned,
      request: { action: 'start' },
      now: NOW,
    });
    expect(plan.ok && plan.patch).toEqual({ status: 'in_progress', assignee: 'tech9', updatedAt: at });
  });

  it('keeps the first response time once set', () => {
    const plan = planTransition({
      current: baseCase({ status: 'open', firstResponseAt: '2026-11-24T02:30:00.000Z' }),
      action: 'escalate',
      actor: agent,
      request: { action: 'escalate' },
      now: NOW,
    });
    expect(plan.ok && plan.patch.firstResponseAt).toBeUndefined();
  });

  it('keeps an existing assignee on start', () => {
    const plan = planTransition({
      current: baseCase({ status: 'open', assignee: 'agent7' }),
      action: 'start',
      actor: actors.supervisor,
      request: { action: 'start' },
      now: NOW,
    });
    expect(plan.ok && plan.patch.assignee).toBe('agent7');
  });

  it.each([
    ['resolve without rca', 'in_progress', 'resolve', { capa: 'x' }, 'rca_capa_required'],
    ['resolve without capa', 'in_progress', 'resolve', { rca: 'x' }, 'rca_capa_required'],
    ['resolve with blank rca', 'in_progress', 'resolve', { rca: '  ', capa: 'x' }, 'rca_capa_required'],
    ['assign without assignee', 'open', 'assign', {}, 'assignee_required'],
    ['resolve straight from open', 'open', 'resolve', { rca: 'x', capa: 'y' }, 'status'],
    ['close an open case', 'open', 'close', {}, 'status'],
    ['reopen a closed case', 'closed', 'reopen', {}, 'status'],
  ] as const)('%s → illegal (%s)', (_what, status, action, extra, detail) => {
    const plan = planTransition({
      current: baseCase({ status }),
      action,
      actor: agent,
      request: { action, ...extra },
      now: NOW,
    });
    expect(plan).toEqual({ ok: false, code: 'illegal_transition', detail });
  });

  it.each([
    [0, true, 1],
    [1, true, 2],
    [2, true, 3],
    [3, false, undefined],
  ] as const)('escalate from level %i → ok=%s, level %s', (level, ok, to) => {
    const plan = planTransition({
      current: baseCase({ status: 'in_progress', escalationLevel: level }),
      action: 'escalate',
      actor: agent,
      request: { action: 'escalate', note: 'Belum ada teknisi' },
      now: NOW,
    });
    expect(plan.ok).toBe(ok);
    if (plan.ok) {
      expect(plan.patch.escalationLevel).toBe(to);
      // An escalation note is internal unless marked public (DESIGN section 9).
      expect(plan.event).toEqual({
        type: 'escalated',
        note: 'Belum ada teknisi',
        data: { from: level, to, internal: true },
      });
    } else {
      expect(plan).toEqual({ ok: false, code: 'illegal_transition', detail: 'max_escalation_level' });
    }
  });

  it.each([
    [5, { status: 'closed', satisfaction: 5 }, { satisfaction: 5 }],
    [1, { status: 'closed', satisfaction: 1 }, { satisfaction: 1 }],
    [undefined, { status: 'closed' }, undefined],
  ] as const)('merchant confirms with satisfaction %s', (satisfaction, patch, data) => {
    const plan = planTransition({
      current: baseCase({ status: 'resolved' }),
      action: 'close',
      actor: actors.merchantOwn,
      request: { action: 'close', satisfaction },
      now: NOW,
    });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.patch).toMatchObject(patch);
    expect(plan.event.type).toBe('confirmed');
    expect(plan.event.data).toEqual(data);
  });

  it.each([
    [0, 1],
    [2, 3],
    [3, 3],
  ] as const)('a merchant reopen raises the escalation level from %i to %i', (level, to) => {
    const plan = planTransition({
      current: baseCase({ status: 'resolved', escalationLevel: level }),
      action: 'reopen',
      actor: actors.merchantOwn,
      request: { action: 'reopen', note: 'Masih mati' },
      now: NOW,
    });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.patch).toMatchObject({ status: 'open', escalationLevel: to });
    expect(plan.event).toEqual({
      type: 'reopened',
      note: 'Masih mati',
      data: { escalationFrom: level, escalationTo: to },
    });
  });

  it('a back-office reopen leaves the escalation level alone', () => {
    const plan = planTransition({
      current: baseCase({ status: 'resolved', escalationLevel: 1 }),
      action: 'reopen',
      actor: agent,
      request: { action: 'reopen' },
      now: NOW,
    });
    expect(plan.ok && 'escalationLevel' in plan.patch).toBe(false);
  });

  it.each([
    [
      { satisfaction: 4, nps: 9 },
      { satisfaction: 4, nps: 9 },
    ],
    [{ nps: 0 }, { nps: 0 }],
  ] as const)('a merchant confirmation carries %j', (extra, data) => {
    const plan = planTransition({
      current: baseCase({ status: 'resolved' }),
      action: 'close',
      actor: actors.merchantOwn,
      request: { action: 'close', ...extra },
      now: NOW,
    });
    expect(plan.ok && plan.event.data).toEqual(data);
  });

  it('rejects an out-of-range NPS even if a caller skipped zod', () => {
    const plan = planTransition({
      current: baseCase({ status: 'resolved' }),
      action: 'close',
      actor: actors.merchantOwn,
      request: { action: 'close', nps: 11 },
      now: NOW,
    });
    expect(plan).toEqual({ ok: false, code: 'illegal_transition', detail: 'nps_out_of_range' });
  });

  it('rejects an out-of-range satisfaction even if a caller skipped zod', () => {
    const plan = planTransition({
      current: baseCase({ status: 'resolved' }),
      action: 'close',
      actor: actors.merchantOwn,
      request: { action: 'close', satisfaction: 6 },
      now: NOW,
    });
    expect(plan).toEqual({ ok: false, code: 'illegal_transition', detail: 'satisfaction_out_of_range' });
  });

  it('ignores a satisfaction sent by the back office', () => {
    const plan = planTransition({
      current: baseCase({ status: 'resolved' }),
      action: 'close',
      actor: agent,
      request: { action: 'close', satisfaction: 5 },
      now: NOW,
    });
    expect(plan.ok && plan.patch.satisfaction).toBeUndefined();
  });

  it('a merchant of another MID is forbidden even for an illegal action (no state leak)', () => {
    const plan = planTransition({
      current: baseCase({ status: 'closed' }),
      action: 'reopen',
      actor: actors.merchantOther,
      request: { action: 'reopen' },
      now: NOW,
    });
    expect(plan).toEqual({ ok: false, code: 'forbidden' });
  });

  it('a merchant token without a MID is forbidden', () => {
    const plan = planTransition({
      current: baseCase({ status: 'resolved' }),
      action: 'close',
      actor: { role: 'merchant', username: 'm' },
      request: { action: 'close' },
      now: NOW,
    });
    expect(plan).toEqual({ ok: false, code: 'forbidden' });
  });
});

describe('planTransition: internal notes', () => {
  it.each([
    // [action, status, internal flag sent, expected data.internal]
    ['assign', 'open', undefined, true],
    ['escalate', 'open', undefined, true],
    ['resolve', 'in_progress', undefined, true],
    ['resolve', 'in_progress', false, undefined],
    ['start', 'open', undefined, undefined],
    ['start', 'open', true, true],
    ['cancel', 'open', undefined, undefined],
  ] as const)('%s with a note (internal=%s) → data.internal %s', (action, status, internal, expected) => {
    const plan = planTransition({
      current: baseCase({ status }),
      action,
      actor: actors.agent,
      request: { ...fullRequest(action), note: 'Catatan', ...(internal === undefined ? {} : { internal }) },
      now: NOW,
    });
    expect(plan.ok && plan.event.data?.internal).toBe(expected ?? (plan.ok ? undefined : false));
  });

  it('a merchant note is never internal, even when the request asks for it', () => {
    const plan = planTransition({
      current: baseCase({ status: 'resolved' }),
      action: 'reopen',
      actor: actors.merchantOwn,
      request: { action: 'reopen', note: 'Masih rusak', internal: true },
      now: NOW,
    });
    // No internal flag; the data holds only the reopen's escalation step (issue 14).
    expect(plan.ok && plan.event.data).toEqual({ escalationFrom: 0, escalationTo: 1 });
  });

  it('without a note no internal flag is written', () => {
    const plan = planTransition({
      current: baseCase(),
      action: 'escalate',
      actor: actors.agent,
      request: { action: 'escalate' },
      now: NOW,
    });
    expect(plan.ok && plan.event.data).toEqual({ from: 0, to: 1 });
  });
});

describe('planTransition: recategorize', () => {
  const catalogue = { rules: DEFAULT_SLA_CATALOGUE, holidays: holidayDateSet([]) };
  // Accepted Tuesday 24 Nov 2026 09:01 WIB.
  const current = baseCase();

  it.each([
    // [case, request, unit, priority, responseDueAt, dueAt]
    [
      'to a critical subcase: 30 min / 8 h from acceptance',
      { category: 'replace_device', subcase: 'edc_mati' },
      'Merchant Operation - MEM',
      'critical',
      '2026-11-24T02:31:00.000Z',
      '2026-11-24T10:01:00.000Z',
    ],
    [
      'to another unit: settlement, major (2 business days)',
      { category: 'transaction_settlement', subcase: 'settlement_gagal' },
      'Settlement & Reconciliation - SRC',
      'major',
      '2026-11-24T03:01:00.000Z',
      '2026-11-26T02:01:00.000Z',
    ],
    [
      're-route only (change team): category, subcase, priority and targets stay',
      { responsibleUnit: 'Customer Care - CC' },
      'Customer Care - CC',
      'major',
      '2026-11-24T03:01:00.000Z',
      '2026-11-26T02:01:00.000Z',
    ],
    [
      're-prioritise only: minor targets (120 min / 1 business day)',
      { category: 'replace_device', subcase: 'layar_rusak', priority: 'minor' },
      'Merchant Operation - MEM',
      'minor',
      '2026-11-24T04:01:00.000Z',
      '2026-11-25T02:01:00.000Z',
    ],
  ] as const)('%s', (_name, change, unit, priority, responseDueAt, dueAt) => {
    const plan = planTransition({
      current,
      action: 'recategorize',
      actor: actors.supervisor,
      request: { action: 'recategorize', ...change },
      now: NOW,
      catalogue,
    });
    if (!plan.ok) throw new Error(`refused: ${JSON.stringify(plan)}`);
    expect(plan.patch).toMatchObject({ responsibleUnit: unit, priority, responseDueAt, dueAt });
    expect(plan.event.type).toBe('recategorized');
    expect(plan.event.data?.from).toMatchObject({ category: 'replace_device', dueAt: current.dueAt });
    expect(plan.event.data?.to).toMatchObject({
      category: 'category' in change ? change.category : current.category,
      responsibleUnit: unit,
      priority,
      dueAt,
    });
  });

  it.each([
    ['no category', { action: 'recategorize' }, baseCase(), 'category_required'],
    [
      'nothing changes',
      { action: 'recategorize', category: 'replace_device', subcase: 'layar_rusak' },
      baseCase({ responseDueAt: '2026-11-24T03:01:00.000Z', dueAt: '2026-11-26T02:01:00.000Z' }),
      'unchanged',
    ],
    [
      'a resolved case',
      { action: 'recategorize', category: 'other' },
      baseCase({ status: 'resolved' }),
      'status',
    ],
  ] as const)('refuses %s', (_name, request, c, detail) => {
    const plan = planTransition({
      current: c,
      action: 'recategorize',
      actor: actors.agent,
      request,
      now: NOW,
      catalogue,
    });
    expect(plan).toEqual({ ok: false, code: 'illegal_transition', detail });
  });

  it('a merchant may not recategorize', () => {
    const plan = planTransition({
      current: baseCase(),
      action: 'recategorize',
      actor: actors.merchantOwn,
      request: { action: 'recategorize', category: 'other' },
      now: NOW,
      catalogue,
    });
    expect(plan).toEqual({ ok: false, code: 'forbidden' });
  });
});
