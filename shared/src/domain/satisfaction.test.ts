import { describe, expect, it } from 'vitest';
import {
  deflectionRate,
  isAutoCloseDue,
  isNpsDue,
  isReminderDue,
  isSurveyOpen,
  npsClass,
  summarizeNps,
} from './satisfaction.ts';

const at = (iso: string) => new Date(iso);
const resolved = at('2026-03-02T10:00:00Z');

describe('isAutoCloseDue', () => {
  it.each([
    ['71 h 59 min later', '2026-03-05T09:59:00Z', 72, false],
    ['exactly 72 h later', '2026-03-05T10:00:00Z', 72, true],
    ['a week later', '2026-03-09T10:00:00Z', 72, true],
    ['1 h setting, 30 min later', '2026-03-02T10:30:00Z', 1, false],
    ['1 h setting, 1 h later', '2026-03-02T11:00:00Z', 1, true],
  ])('%s → %s', (_label, now, hours, due) => {
    expect(isAutoCloseDue(resolved, at(now), hours)).toBe(due);
  });
});

describe('isReminderDue', () => {
  it.each([
    ['23 h later', '2026-03-03T09:00:00Z', false, false],
    ['24 h later', '2026-03-03T10:00:00Z', false, true],
    ['24 h later, reminded already', '2026-03-03T10:00:00Z', true, false],
  ])('%s → %s', (_label, now, reminded, due) => {
    expect(isReminderDue(resolved, at(now), reminded)).toBe(due);
  });
});

describe('isNpsDue', () => {
  it.each([
    ['never answered', undefined, true],
    ['answered 89 days ago', '2025-12-03T10:00:01Z', false],
    ['answered 90 days ago', '2025-12-02T10:00:00Z', true],
  ])('%s → %s', (_label, last, due) => {
    expect(isNpsDue(last === undefined ? undefined : at(last), resolved)).toBe(due);
  });
});

describe('NPS', () => {
  it.each([
    [0, 'detractor'],
    [6, 'detractor'],
    [7, 'passive'],
    [8, 'passive'],
    [9, 'promoter'],
    [10, 'promoter'],
  ] as const)('score %i is a %s', (score, cls) => {
    expect(npsClass(score)).toBe(cls);
  });

  it.each([
    [[], null],
    [[10, 9, 8, 3], 25],
    [[0, 0, 10], -33.3],
    [[9, 10], 100],
  ])('summary of %j has score %s', (scores, score) => {
    expect(summarizeNps(scores).score).toBe(score);
  });

  it('counts every band', () => {
    expect(summarizeNps([10, 7, 1, 2])).toEqual({
      responses: 4,
      promoters: 1,
      passives: 1,
      detractors: 2,
      score: -25,
    });
  });
});

describe('deflectionRate', () => {
  it.each([
    [0, 0, null],
    [1, 3, 0.25],
    [2, 1, 0.667],
    [0, 5, 0],
  ])('%i solved, %i complaints → %s', (solved, complaints, rate) => {
    expect(deflectionRate(solved, complaints)).toBe(rate);
  });
});

describe('isSurveyOpen', () => {
  const w = { startsAt: '2026-03-01T00:00:00Z', endsAt: '2026-03-15T00:00:00Z' };
  it.each([
    ['before', '2026-02-28T23:59:59Z', false],
    ['at the start', '2026-03-01T00:00:00Z', true],
    ['inside', '2026-03-10T00:00:00Z', true],
    ['at the end', '2026-03-15T00:00:00Z', false],
  ])('%s → %s', (_label, now, open) => {
    expect(isSurveyOpen(w, at(now))).toBe(open);
  });
});
