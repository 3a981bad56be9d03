import { describe, expect, it } from 'vitest';
import { encodeAttempts, fitWithin } from './image-resize.ts';

describe('photo resize policy', () => {
  it.each([
    [4000, 3000, { width: 1600, height: 1200 }],
    [3000, 4000, { width: 1200, height: 1600 }],
    [800, 600, { width: 800, height: 600 }],
    [1600, 1600, { width: 1600, height: 1600 }],
    [10000, 10, { width: 1600, height: 2 }],
  ])('fits %ix%i within 1600', (w, h, expected) => {
    expect(fitWithin(w, h, 1600)).toEqual(expected);
  });

  it('lowers quality before size, then shrinks, never upscaling', () => {
    const attempts = [...encodeAttempts(4000, 3000)];
    expect(attempts[0]).toEqual({ width: 1600, height: 1200, quality: 0.85 });
    expect(attempts[1]?.quality).toBeLessThan(0.85);
    expect(attempts[6]).toEqual({ width: 1280, height: 960, quality: 0.85 });
    const widths = attempts.map((a) => a.width);
    expect([...widths].sort((a, b) => b - a)).toEqual(widths);
  });
});
