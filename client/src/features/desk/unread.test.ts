import { describe, expect, it } from 'vitest';
import { isUnread, LAST_SEEN_LIMIT, type LastSeen, latestActivityByOthers, markSeen } from './unread.ts';

const seen: LastSeen = { since: '2026-11-25T03:00:00.000Z', cases: { a: '2026-11-25T05:00:00.000Z' } };

describe('isUnread', () => {
  it.each([
    ['no activity by others', 'a', undefined, false],
    ['activity before the last look', 'a', '2026-11-25T04:00:00.000Z', false],
    ['activity exactly at the last look', 'a', '2026-11-25T05:00:00.000Z', false],
    ['activity after the last look', 'a', '2026-11-25T05:00:00.001Z', true],
    ['never opened, activity before the baseline', 'b', '2026-11-25T02:59:59.999Z', false],
    ['never opened, activity after the baseline', 'b', '2026-11-25T03:00:01.000Z', true],
  ])('%s', (_name, id, latest, expected) => {
    expect(isUnread(id, latest, seen)).toBe(expected);
  });

  it('is never unread before the last looks are loaded', () => {
    expect(isUnread('a', '2030-01-01T00:00:00.000Z', null)).toBe(false);
  });
});

describe('markSeen', () => {
  it('records the latest activity, or now for a case without any', () => {
    expect(markSeen(seen, 'b', '2026-11-25T06:00:00.000Z', '2026-11-25T07:00:00.000Z').cases.b).toBe(
      '2026-11-25T06:00:00.000Z',
    );
    expect(markSeen(seen, 'c', undefined, '2026-11-25T07:00:00.000Z').cases.c).toBe(
      '2026-11-25T07:00:00.000Z',
    );
  });

  it('returns the same object when nothing new was seen (no write)', () => {
    expect(markSeen(seen, 'a', '2026-11-25T04:00:00.000Z', '2026-11-25T07:00:00.000Z')).toBe(seen);
  });

  it('keeps at most the limit, dropping the oldest looks', () => {
    let s: LastSeen = { since: seen.since, cases: {} };
    for (let i = 0; i <= LAST_SEEN_LIMIT; i++) {
      s = markSeen(s, `c${i}`, new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), '');
    }
    expect(Object.keys(s.cases)).toHaveLength(LAST_SEEN_LIMIT);
    expect(s.cases.c0).toBeUndefined();
    expect(s.cases[`c${LAST_SEEN_LIMIT}`]).toBeDefined();
  });
});

describe('latestActivityByOthers', () => {
  it('takes the newest event per case and ignores the viewer’s own', () => {
    const m = latestActivityByOthers(
      [
        { caseId: 'a', at: '2026-11-25T01:00:00.000Z', actor: 'merchant1' },
        { caseId: 'a', at: '2026-11-25T03:00:00.000Z', actor: 'agent1' },
        { caseId: 'a', at: '2026-11-25T02:00:00.000Z', actor: 'tech1' },
        { caseId: 'b', at: '2026-11-25T04:00:00.000Z', actor: 'agent1' },
      ],
      'agent1',
    );
    expect([...m]).toEqual([['a', '2026-11-25T02:00:00.000Z']]);
  });
});
