import { describe, expect, it } from 'vitest';
import { formatMinutes, formatShare } from './format.ts';

describe('formatMinutes / formatShare', () => {
  it.each<[number | null, 'id' | 'en', string]>([
    [null, 'en', '—'],
    [0, 'en', '0 min'],
    [42, 'en', '42 min'],
    [60, 'en', '1 h'],
    [83, 'en', '1 h 23 min'],
    [1440, 'en', '1 d'],
    [1505, 'en', '1 d 1 h'],
    [1505, 'id', '1 hr 1 j'],
    [-90, 'en', '1 h 30 min'],
  ])('%s min (%s) → %s', (minutes, language, want) => {
    expect(formatMinutes(language, minutes)).toBe(want);
  });

  it.each<[number | null, string]>([
    [null, '—'],
    [0, '0.0%'],
    [0.7834, '78.3%'],
    [1, '100.0%'],
  ])('%s → %s', (share, want) => {
    expect(formatShare(share)).toBe(want);
  });
});
