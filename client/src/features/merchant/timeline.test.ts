import { describe, expect, it } from 'vitest';
import type { CaseDoc, CaseEventDoc } from '../../db/index.ts';
import { buildTimeline, chatMessages, OFFLINE_GAP_MS, pendingAnswer } from './timeline.ts';

const ID = '0193a3b4-0000-7000-8000-000000000001';

function caseDoc(overrides: Partial<CaseDoc> = {}): CaseDoc {
  return {
    id: ID,
    clientRev: '0193a3b4-0000-4000-8000-000000000009',
    serverRev: 1,
    status: 'open',
    category: 'replace_device',
    description: 'EDC mati',
    channel: 'technician_app',
    serialNumber: 'SN1',
    tid: 'T0000001',
    mid: '000810000000001',
    attachmentIds: [],
    // 10:41 in Jakarta (UTC+7).
    reportedAt: '2026-11-25T03:41:00.000Z',
    createdBy: 'tech1',
    acceptedAt: '2026-11-25T06:05:00.000Z',
    caseNumber: 'CASE-20261125-00007',
    escalationLevel: 0,
    updatedAt: '2026-11-25T06:05:00.000Z',
    ...overrides,
  };
}

let n = 0;
function ev(
  type: CaseEventDoc['type'],
  at: string,
  actor: string,
  extra: Partial<CaseEventDoc> = {},
): CaseEventDoc {
  n++;
  return {
    id: `0193a3b4-0000-7000-8000-${String(n).padStart(12, '0')}`,
    caseId: ID,
    type,
    at,
    actor,
    ...extra,
  };
}

describe('buildTimeline', () => {
  it('orders report → receipt → number → desk work, and flags the hours-late receipt as offline', () => {
    const events = [
      ev('resolved', '2026-11-25T09:00:00.000Z', 'agent1'),
      ev('submitted', '2026-11-25T03:41:00.000Z', 'tech1'),
      ev('accepted', '2026-11-25T06:05:00.000Z', 'system', { data: { caseNumber: 'CASE-20261125-00007' } }),
      ev('started', '2026-11-25T07:00:00.000Z', 'agent1'),
      ev('comment', '2026-11-25T07:30:00.000Z', 'agent1', { note: 'on the way' }),
    ];
    const timeline = buildTimeline(caseDoc(), events, 'merchant1');
    expect(timeline.map((e) => (e.kind === 'event' ? e.type : e.kind))).toEqual([
      'reported',
      'received',
      'number',
      'started',
      'resolved',
    ]);
    expect(timeline[0]).toMatchObject({
      kind: 'reported',
      offline: true,
      role: 'technician',
      actor: 'tech1',
    });
    expect(timeline[1]).toMatchObject({ kind: 'received', at: '2026-11-25T06:05:00.000Z' });
    expect(timeline[2]).toMatchObject({ kind: 'number', caseNumber: 'CASE-20261125-00007' });
    expect(timeline[3]).toMatchObject({ role: 'back_office', actor: 'agent1', pending: false });
  });

  it('credits the work of the technician who came to the technician, not the back office', () => {
    // A merchant's complaint: nobody filed it from the technician app.
    const doc = caseDoc({ channel: 'merchant_app', createdBy: 'merchant1' });
    const events = [
      ev('accepted', '2026-11-25T03:42:00.000Z', 'system', { data: { caseNumber: 'CASE-20261125-00008' } }),
      ev('assigned', '2026-11-25T04:00:00.000Z', 'agent1', { data: { to: 'tech7', toName: 'Budi' } }),
      ev('arrived', '2026-11-25T06:00:00.000Z', 'tech7'),
      ev('started', '2026-11-25T06:05:00.000Z', 'tech7'),
      ev('resolved', '2026-11-25T07:00:00.000Z', 'tech7', { note: 'EDC diganti' }),
      ev('escalated', '2026-11-25T07:10:00.000Z', 'agent1'),
    ];
    const roles = buildTimeline(doc, events, 'merchant1').flatMap((e) =>
      e.kind === 'event' ? [`${e.type}:${e.role}`] : [],
    );
    expect(roles).toEqual([
      'assigned:back_office',
      'arrived:technician',
      'started:technician',
      'resolved:technician',
      'escalated:back_office',
    ]);
  });

  it.each([
    ['received within seconds', 30_000, false, false],
    ['received just under the gap', OFFLINE_GAP_MS - 1, false, false],
    ['received after the gap', OFFLINE_GAP_MS + 1, false, true],
    ['filed offline on this device', 30_000, true, true],
  ])('offline flag: %s', (_label, gapMs, filedOffline, expected) => {
    const reported = Date.parse('2026-11-25T03:41:00.000Z');
    const doc = caseDoc({ acceptedAt: new Date(reported + gapMs).toISOString() });
    expect(buildTimeline(doc, [], 'tech1', filedOffline)[0]).toMatchObject({
      kind: 'reported',
      offline: expected,
    });
  });

  it('a case still in the outbox shows only the report and "waiting", never a receipt', () => {
    const doc = caseDoc({
      status: 'submitted',
      acceptedAt: undefined,
      caseNumber: undefined,
      createdBy: 'merchant1',
    });
    const timeline = buildTimeline(doc, [], 'merchant1');
    expect(timeline).toEqual([
      expect.objectContaining({ kind: 'reported', role: 'you', offline: false }),
      { kind: 'waiting' },
    ]);
  });

  it('a rejected case is "received" at its rejection and has no number', () => {
    const doc = caseDoc({
      status: 'rejected',
      acceptedAt: undefined,
      caseNumber: undefined,
      rejectReason: 'tid_mid_open',
    });
    const events = [
      ev('rejected', '2026-11-25T03:42:00.000Z', 'system', { data: { reason: 'tid_mid_open' } }),
    ];
    const kinds = buildTimeline(doc, events, 'merchant1').map((e) => (e.kind === 'event' ? e.type : e.kind));
    expect(kinds).toEqual(['reported', 'received', 'rejected']);
  });

  it('marks the merchant’s own confirmation as pending until the server answers', () => {
    const doc = caseDoc({ status: 'resolved' });
    const local = ev('confirmed', '2026-11-25T10:00:00.000Z', 'merchant1', {
      data: { localPending: true, satisfaction: 5 },
    });
    const timeline = buildTimeline(doc, [local], 'merchant1');
    expect(timeline.at(-1)).toMatchObject({ kind: 'event', type: 'confirmed', role: 'you', pending: true });
    expect(pendingAnswer([local])?.id).toBe(local.id);
    const answered = { ...local, data: { satisfaction: 5 } };
    expect(pendingAnswer([answered])).toBeNull();
  });
});

describe('chatMessages', () => {
  it('keeps only comments, oldest first', () => {
    const a = ev('comment', '2026-11-25T08:00:00.000Z', 'agent1', { note: 'b' });
    const b = ev('comment', '2026-11-25T07:00:00.000Z', 'merchant1', { note: 'a' });
    const c = ev('started', '2026-11-25T06:00:00.000Z', 'agent1');
    expect(chatMessages([a, b, c]).map((m) => m.note)).toEqual(['a', 'b']);
  });
});
