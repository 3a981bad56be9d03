import { describe, expect, it } from 'vitest';
import type { TransitionRequest } from '../schemas/api.ts';
import {
  type CaseStatus,
  caseStatuses,
  type TransitionAction,
  transitionActions,
} from '../schemas/common.ts';
import { type Case, caseSchema } from '../schemas/entities.ts';
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

function expectedOutcome(
  actorKey: keyof typeof actors,
  status: CaseStatus,
  action: TransitionAction,
): string {
  const legal = LEGAL.has(`${status}:${action}`);
  if (actorKey === 'technician' || actorKey === 'merchantOther') return 'forbidden';
  if (actorKey === 'merchantOwn' && !MERCHANT_ACTIONS.has(action)) return 'forbidden';
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
      current: baseCase({ status }),
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
      expect(plan.event).toEqual({ type: 'escalated', note: 'Belum ada teknisi', data: { from: level, to } });
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
