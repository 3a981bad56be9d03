import { describe, expect, it } from 'vitest';
import { countdown, formatDuration } from './sla-countdown.ts';

const NOW = Date.parse('2026-11-25T03:00:00.000Z');

describe('countdown', () => {
  it.each([
    ['no deadline', undefined, undefined, 'none', 0],
    ['running, plenty left', '2026-11-25T05:00:00.000Z', undefined, 'ok', 2 * 3_600_000],
    ['running, last half hour', '2026-11-25T03:20:00.000Z', undefined, 'risk', 20 * 60_000],
    ['running, overdue', '2026-11-25T02:00:00.000Z', undefined, 'over', 3_600_000],
    ['stopped in time', '2026-11-25T02:00:00.000Z', '2026-11-25T01:30:00.000Z', 'met', 30 * 60_000],
    ['stopped late', '2026-11-25T02:00:00.000Z', '2026-11-25T02:10:00.000Z', 'missed', 10 * 60_000],
    ['stopped exactly at the deadline', '2026-11-25T02:00:00.000Z', '2026-11-25T02:00:00.000Z', 'met', 0],
  ] as const)('%s', (_name, due, done, state, ms) => {
    expect(countdown(NOW, due, done)).toEqual({ state, ms });
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 m 00 s'],
    [61_000, '1 m 01 s'],
    [2 * 3_600_000 + 5 * 60_000, '2 h 05 m'],
    [3 * 86_400_000 + 4 * 3_600_000 + 59_000, '3 d 4 h'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
