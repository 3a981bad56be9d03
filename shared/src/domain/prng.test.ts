import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.ts';

const take = (next: () => number, n: number) => Array.from({ length: n }, () => next());

describe('mulberry32', () => {
  it('repeats the same stream for the same seed', () => {
    expect(take(mulberry32(42), 100)).toEqual(take(mulberry32(42), 100));
  });

  it('gives different streams for different seeds', () => {
    expect(take(mulberry32(1), 20)).not.toEqual(take(mulberry32(2), 20));
  });

  it('stays in [0, 1) and spreads over the range', () => {
    const values = take(mulberry32(7), 10_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    // Each tenth of the range gets roughly its share (a stuck or biased stream would not).
    const buckets = new Array<number>(10).fill(0);
    for (const v of values) buckets[Math.floor(v * 10)] = (buckets[Math.floor(v * 10)] ?? 0) + 1;
    for (const count of buckets) expect(count).toBeGreaterThan(800);
  });
});
