import { describe, expect, it } from 'vitest';
import type { CaseDoc, CaseEventDoc } from '../../db/index.ts';
import { caseProgress } from './case-progress.ts';

const base: CaseDoc = {
  id: '01936f4e-8a2b-7c3d-9e4f-5a6b7c8d9e0f',
  clientRev: '01936f4e-8a2b-7c3d-9e4f-5a6b7c8d9e10',
  serverRev: 1,
  status: 'open',
  caseNumber: 'CASE-20260302-00001',
  category: 'replace_device',
  description: 'EDC mati',
  channel: 'merchant_app',
  mid: '000000000000001',
  attachmentIds: [],
  reportedAt: '2026-03-02T03:00:00.000Z',
  createdBy: 'merchant1',
  acceptedAt: '2026-03-02T03:00:05.000Z',
  responseDueAt: '2026-03-02T04:00:05.000Z',
  dueAt: '2026-03-04T03:00:05.000Z',
  escalationLevel: 0,
  updatedAt: '2026-03-02T03:00:05.000Z',
};
const ev = (type: CaseEventDoc['type'], at: string, extra: Partial<CaseEventDoc> = {}): CaseEventDoc => ({
  id: `01936f4e-8a2b-7c3d-9e4f-${String(at.length + type.length).padStart(12, '0')}`,
  caseId: base.id,
  type,
  at,
  actor: 'agent1',
  ...extra,
});
const states = (p: ReturnType<typeof caseProgress>) => p?.steps.map((s) => `${s.key}:${s.state}`).join(' ');
const NOW = new Date('2026-03-02T03:30:00.000Z');

describe('caseProgress', () => {
  it.each([
    [
      'waiting in the outbox',
      { status: 'submitted', caseNumber: undefined, acceptedAt: undefined },
      'received:current number:upcoming assigned:upcoming onTheWay:upcoming resolved:upcoming confirmed:upcoming',
    ],
    [
      'accepted, nobody yet',
      {},
      'received:done number:done assigned:current onTheWay:upcoming resolved:upcoming confirmed:upcoming',
    ],
    [
      'assigned',
      { assignee: 'agent1', firstResponseAt: '2026-03-02T03:20:00.000Z' },
      'received:done number:done assigned:done onTheWay:current resolved:upcoming confirmed:upcoming',
    ],
    [
      'in progress',
      { status: 'in_progress', assignee: 'agent1' },
      'received:done number:done assigned:done onTheWay:done resolved:current confirmed:upcoming',
    ],
    [
      'resolved',
      { status: 'resolved', assignee: 'agent1', resolvedAt: '2026-03-03T03:00:00.000Z' },
      'received:done number:done assigned:done onTheWay:done resolved:done confirmed:current',
    ],
    [
      'closed',
      {
        status: 'closed',
        assignee: 'agent1',
        resolvedAt: '2026-03-03T03:00:00.000Z',
        closedAt: '2026-03-03T05:00:00.000Z',
      },
      'received:done number:done assigned:done onTheWay:done resolved:done confirmed:done',
    ],
  ] as const)('%s', (_label, patch, expected) => {
    expect(states(caseProgress({ ...base, ...patch }, [], NOW))).toBe(expected);
  });

  it('has no stepper for rejected or cancelled cases', () => {
    expect(caseProgress({ ...base, status: 'rejected' }, [], NOW)).toBeNull();
    expect(caseProgress({ ...base, status: 'cancelled' }, [], NOW)).toBeNull();
  });

  it.each([
    ['responded in time', '2026-03-02T03:59:00.000Z', NOW, 'met'],
    ['responded late', '2026-03-02T04:10:00.000Z', NOW, 'late'],
    ['no response, still before the target', undefined, NOW, 'open'],
    ['no response, past the target', undefined, new Date('2026-03-02T05:00:00.000Z'), 'late'],
  ] as const)('first response target: %s → %s', (_label, firstResponseAt, now, expected) => {
    const p = caseProgress({ ...base, firstResponseAt }, [], now);
    expect(p?.steps.find((s) => s.key === 'assigned')?.target).toEqual({
      kind: 'response',
      due: base.responseDueAt,
      outcome: expected,
    });
  });

  it('resolution target met or late once resolved; auto-close date while awaiting confirmation', () => {
    const late = caseProgress(
      { ...base, status: 'resolved', resolvedAt: '2026-03-05T00:00:00.000Z' },
      [],
      NOW,
    );
    expect(late?.steps.find((s) => s.key === 'resolved')?.target?.outcome).toBe('late');
    expect(late?.steps.find((s) => s.key === 'confirmed')?.target).toEqual({
      kind: 'autoClose',
      due: '2026-03-08T00:00:00.000Z',
      outcome: 'open',
    });
    const met = caseProgress(
      { ...base, status: 'resolved', resolvedAt: '2026-03-03T00:00:00.000Z' },
      [],
      NOW,
    );
    expect(met?.steps.find((s) => s.key === 'resolved')?.target?.outcome).toBe('met');
  });

  it('names the handler by display name from the assignment, and tells an automatic close', () => {
    const events = [
      ev('assigned', '2026-03-02T03:10:00.000Z', { data: { to: 'tech1', toName: 'Budi Santoso' } }),
      ev('closed', '2026-03-06T03:00:00.000Z', { actor: 'system', data: { reason: 'auto' } }),
    ];
    const p = caseProgress(
      { ...base, status: 'closed', assignee: 'tech1', closedAt: '2026-03-06T03:00:00.000Z' },
      events,
      NOW,
    );
    expect(p?.handler).toBe('Budi Santoso');
    expect(p?.autoClosed).toBe(true);
    expect(caseProgress({ ...base, assignee: 'agent7' }, [], NOW)?.handler).toBe('agent7');
    const started = [
      ev('started', '2026-03-02T03:20:00.000Z', { data: { assignee: 'agent7', assigneeName: 'Rina' } }),
    ];
    expect(caseProgress({ ...base, status: 'in_progress', assignee: 'agent7' }, started, NOW)?.handler).toBe(
      'Rina',
    );
    // A later reassignment wins over an older name.
    expect(caseProgress({ ...base, assignee: 'tech1' }, [...started, ...events], NOW)?.handler).toBe(
      'Budi Santoso',
    );
  });
});
