import { describe, expect, it } from 'vitest';
import {
  ageingBucket,
  mean,
  median,
  monthBounds,
  monthsInRange,
  previousMonth,
  ratio,
  resolveReportRange,
} from './kpi.ts';

describe('resolveReportRange', () => {
  // 2026-11-25 20:00 UTC is already 26 November in Jakarta (UTC+7).
  const now = new Date('2026-11-25T20:00:00Z');

  it.each([
    ['defaults to the last 30 Jakarta days', {}, '2026-10-28', '2026-11-26'],
    ['only from: up to today', { from: '2026-11-01' }, '2026-11-01', '2026-11-26'],
    ['only from in the future: a one-day range', { from: '2026-12-05' }, '2026-12-05', '2026-12-05'],
    ['only to: 30 days ending there', { to: '2026-03-01' }, '2026-01-31', '2026-03-01'],
    ['leap year February', { from: '2028-02-28', to: '2028-03-01' }, '2028-02-28', '2028-03-01'],
    ['single day', { from: '2026-11-25', to: '2026-11-25' }, '2026-11-25', '2026-11-25'],
  ])('%s', (_name, query, from, to) => {
    const r = resolveReportRange(query, now);
    if (!r.ok) throw new Error(r.reason);
    expect([r.range.from, r.range.to]).toEqual([from, to]);
  });

  it('bounds are Jakarta midnights, the end exclusive', () => {
    const r = resolveReportRange({ from: '2026-11-25', to: '2026-11-25' }, now);
    if (!r.ok) throw new Error(r.reason);
    expect(r.range.start.toISOString()).toBe('2026-11-24T17:00:00.000Z');
    expect(r.range.end.toISOString()).toBe('2026-11-25T17:00:00.000Z');
  });

  it.each([
    ['from after to', { from: '2026-11-02', to: '2026-11-01' }, 'from_after_to'],
    ['longer than ten years', { from: '2010-01-01', to: '2026-01-01' }, 'range_too_long'],
    // Issue 11: `to=9999-12-31` threw a RangeError (a 500) in the date arithmetic.
    ['to in year 9999', { to: '9999-12-31' }, 'date_out_of_range'],
    ['from in year 9999', { from: '9999-12-31' }, 'date_out_of_range'],
    ['from in year 0', { from: '0000-01-01', to: '2026-01-01' }, 'date_out_of_range'],
    ['to in year 0', { to: '0000-01-05' }, 'date_out_of_range'],
    ['the day after the last date', { from: '2099-12-01', to: '2100-01-01' }, 'date_out_of_range'],
  ])('rejects %s', (_name, query, reason) => {
    expect(resolveReportRange(query, now)).toEqual({ ok: false, reason });
  });
});

describe('months', () => {
  it.each([
    ['2026-02', '2026-02-01', '2026-02-28'],
    ['2028-02', '2028-02-01', '2028-02-29'],
    ['2026-12', '2026-12-01', '2026-12-31'],
    ['2026-04', '2026-04-01', '2026-04-30'],
  ])('monthBounds(%s)', (month, from, to) => {
    expect(monthBounds(month)).toEqual({ from, to });
  });

  it.each([
    ['2026-01', '2025-12'],
    ['2026-03', '2026-02'],
  ])('previousMonth(%s) = %s', (m, prev) => {
    expect(previousMonth(m)).toBe(prev);
  });

  it('rejects a bad month', () => {
    expect(() => monthBounds('2026-13')).toThrow(RangeError);
  });

  it('lists the months of a range across a year end', () => {
    expect(monthsInRange('2025-11-30', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('ageingBucket', () => {
  const h = 3_600_000;
  it.each([
    [0, '0-1d'],
    [24 * h - 1, '0-1d'],
    [24 * h, '1-3d'],
    [72 * h - 1, '1-3d'],
    [72 * h, '3-7d'],
    [168 * h - 1, '3-7d'],
    [168 * h, '>7d'],
    [1000 * h, '>7d'],
  ])('%d ms → %s', (age, bucket) => {
    expect(ageingBucket(age)).toBe(bucket);
  });
});

describe('statistics', () => {
  it.each([
    [[], null, null],
    [[5], 5, 5],
    [[3, 1, 2], 2, 2],
    [[4, 1, 3, 2], 2.5, 2.5],
    [[10, 0, 0, 2], 1, 3],
  ])('median/mean of %j', (values, med, avg) => {
    expect(median(values)).toBe(med);
    expect(mean(values)).toBe(avg);
  });

  it('ratio is null for an empty denominator', () => {
    expect(ratio(0, 0)).toEqual({ numerator: 0, denominator: 0, share: null });
    expect(ratio(1, 4)).toEqual({ numerator: 1, denominator: 4, share: 0.25 });
  });
});
