import { mulberry32 } from '@edc/shared/domain';
import { describe, expect, it } from 'vitest';
import {
  barSpan,
  joinFragments,
  type LinearCandidate,
  locateLinearCodes,
  refineAngle,
  sampleStrip,
  splitStacked,
} from './linear-locator.ts';

/**
 * A grey frame with a field of random bars (1–3 px wide, `height` tall) centred at (cx, cy) and
 * turned so that the direction across the bars is `degrees`; optionally a line of "text" blocks
 * above the bars, and sensor noise. Deterministic.
 */
function barsFrame(options: {
  w: number;
  h: number;
  cx: number;
  cy: number;
  degrees: number;
  length: number;
  height: number;
  text?: boolean;
  noise?: number;
  /** Exposure: the clean picture is scaled by this before the noise (low light). */
  gain?: number;
}): Uint8ClampedArray {
  const { w, h, cx, cy, length, height } = options;
  const rng = mulberry32(7);
  // The bar pattern along the code: 1 = dark.
  const pattern: number[] = [];
  while (pattern.length < length) {
    const dark = pattern.length % 2 === 0 ? 1 : 0;
    const width = 1 + Math.floor(rng() * 3);
    for (let i = 0; i < width; i++) pattern.push(dark);
  }
  const textBlocks = Array.from({ length: Math.floor(length / 6) }, () => rng() < 0.6);
  const rad = (options.degrees * Math.PI) / 180;
  const ux = Math.cos(rad);
  const uy = Math.sin(rad);
  const shade = (x: number, y: number) => {
    const u = (x - cx) * ux + (y - cy) * uy + length / 2;
    const v = -(x - cx) * uy + (y - cy) * ux;
    if (u >= 0 && u < length && Math.abs(v) < height / 2 && pattern[Math.floor(u)] === 1) return 30;
    // Text: 4x5-pixel blocks in a row 10 px above the bars.
    const tv = v + height / 2 + 10;
    if (
      options.text &&
      u >= 0 &&
      u < length &&
      tv >= 0 &&
      tv < 5 &&
      textBlocks[Math.floor(u / 6)] &&
      u % 6 < 4
    )
      return 40;
    return 235;
  };
  const luma = new Uint8ClampedArray(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // 4×4 samples per pixel: a camera's optics never alias a bar edge into a staircase.
      let sum = 0;
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) sum += shade(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4);
      const n = options.noise ? (rng() + rng() + rng() - 1.5) * 2 * options.noise : 0;
      luma[y * w + x] = (sum / 9) * (options.gain ?? 1) + n;
    }
  }
  return luma;
}

describe('locateLinearCodes', () => {
  it.each([0, 17, -35, 62, 90])(
    'finds bars turned %i° (angle within 1.5°, centre within 10 px)',
    (degrees) => {
      const luma = barsFrame({
        w: 480,
        h: 400,
        cx: 250,
        cy: 210,
        degrees,
        length: 240,
        height: 70,
        noise: 6,
      });
      const [best] = locateLinearCodes(luma, 480, 400);
      expect(best).toBeDefined();
      if (!best) return;
      const diff = (((((best.angle * 180) / Math.PI - degrees + 90) % 180) + 180) % 180) - 90;
      expect(Math.abs(diff)).toBeLessThan(1.5);
      expect(Math.hypot(best.cx - 250, best.cy - 210)).toBeLessThan(10);
      // The region spans the bars (cells are 16 px, so within a cell either way).
      expect(best.halfLength * 2).toBeGreaterThan(240 - 32);
      expect(best.halfLength * 2).toBeLessThan(240 + 48);
    },
  );

  it('finds bars in low light under strong sensor noise (the noise floor is taken off the coherence)', () => {
    // Bars ~45 grey levels above black, noise σ 14: the raw tensor's coherence stays below the
    // bar threshold in every cell.
    const luma = barsFrame({
      w: 480,
      h: 400,
      cx: 240,
      cy: 200,
      degrees: 25,
      length: 260,
      height: 80,
      noise: 14,
      gain: 0.12,
    });
    const [best] = locateLinearCodes(luma, 480, 400);
    expect(best).toBeDefined();
    if (!best) return;
    const diff = (best.angle * 180) / Math.PI - 25;
    expect(Math.abs(diff)).toBeLessThan(2);
    expect(Math.hypot(best.cx - 240, best.cy - 200)).toBeLessThan(16);
  });

  it('does not take a cable lying across the frame for bars (its edges are lines, not a code)', () => {
    // A dark round cable 44 px thick with a sheen along its middle, crossing a 480x400 frame at 80°.
    const w = 480;
    const h = 400;
    const rng = mulberry32(5);
    const a = (80 * Math.PI) / 180;
    const luma = new Uint8ClampedArray(w * h);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const across = Math.abs((x - 240) * Math.cos(a) + (y - 200) * Math.sin(a));
        const cable = across < 22 ? 30 * (1 + 1.8 * Math.max(0, 1 - across / 8)) : 200;
        luma[y * w + x] = cable + (rng() - 0.5) * 6;
      }
    expect(locateLinearCodes(luma, w, h)).toEqual([]);
  });

  it('refine: false returns the same regions unrefined, and refineAngle on each gives the refined ones', () => {
    // Two codes at different angles: the decoder refines each region only when it reads it.
    const a = barsFrame({ w: 640, h: 400, cx: 180, cy: 200, degrees: 12, length: 200, height: 70 });
    const b = barsFrame({ w: 640, h: 400, cx: 470, cy: 200, degrees: -20, length: 180, height: 70 });
    const luma = a.map((v, i) => Math.min(v, b[i]!));
    const refined = locateLinearCodes(luma, 640, 400);
    const rough = locateLinearCodes(luma, 640, 400, { refine: false });
    expect(refined.length).toBe(2);
    expect(rough.map((c) => refineAngle(luma, 640, 400, c))).toEqual(refined);
    // Refining moved at least one angle: the option really skipped it.
    expect(rough.some((c, i) => c.angle !== refined[i]!.angle)).toBe(true);
  });

  it('finds nothing in a blank or noise-only frame', () => {
    expect(locateLinearCodes(new Uint8ClampedArray(320 * 240).fill(200), 320, 240)).toEqual([]);
    const rng = mulberry32(3);
    const noise = Uint8ClampedArray.from({ length: 320 * 240 }, () => 128 + (rng() - 0.5) * 60);
    expect(locateLinearCodes(noise, 320, 240)).toEqual([]);
  });
});

describe('joinFragments (a code cut in two by a cable or a finger)', () => {
  const piece = (cx: number, cy: number, degrees: number, halfLength: number): LinearCandidate => ({
    cx,
    cy,
    angle: (degrees * Math.PI) / 180,
    axis: (degrees * Math.PI) / 180,
    halfLength,
    halfHeight: 30,
    score: 1,
  });

  it('joins two pieces side by side along the code, offset along the bars, into one region over both', () => {
    // Bars turned 20°: the code runs along (cos 20°, sin 20°). Left piece 100 px long, right
    // piece 120 px, a 30-px gap (the cable), the right one 20 px lower along the bars.
    const a = (20 * Math.PI) / 180;
    const along = (t: number, s: number): [number, number] => [
      300 + t * Math.cos(a) - s * Math.sin(a),
      200 + t * Math.sin(a) + s * Math.cos(a),
    ];
    const [lx, ly] = along(-80, 0);
    const [rx, ry] = along(60, 20);
    const [joined, ...more] = joinFragments([piece(lx, ly, 20, 50), piece(rx, ry, 21, 60)]);
    expect(more).toEqual([]);
    expect(joined).toBeDefined();
    if (!joined) return;
    expect(joined.halfLength * 2).toBeCloseTo(100 + 30 + 120, 0);
    expect(joined.halfHeight * 2).toBeCloseTo(60 + 20, 0);
    expect((joined.angle * 180) / Math.PI).toBeGreaterThan(20);
    expect((joined.angle * 180) / Math.PI).toBeLessThan(21);
  });

  it('leaves stacked codes, crossed directions and far-apart codes alone', () => {
    // A part-number code 70 px above the serial (stacked, not side by side).
    expect(joinFragments([piece(300, 200, 0, 120), piece(300, 130, 0, 120)])).toEqual([]);
    // Side by side but the bars 20° apart.
    expect(joinFragments([piece(200, 200, 0, 50), piece(330, 200, 20, 50)])).toEqual([]);
    // Same direction, but a gap longer than the pieces.
    expect(joinFragments([piece(100, 200, 0, 50), piece(400, 200, 0, 50)])).toEqual([]);
  });
});

describe('barSpan and sampleStrip', () => {
  it('barSpan keeps the bars and leaves out the text line above them', () => {
    const luma = barsFrame({
      w: 480,
      h: 320,
      cx: 240,
      cy: 170,
      degrees: 0,
      length: 300,
      height: 60,
      text: true,
    });
    const [best] = locateLinearCodes(luma, 480, 320);
    expect(best).toBeDefined();
    if (!best) return;
    const span = barSpan(luma, 480, 320, best);
    // Span in frame rows: centre ± span × halfHeight. The text sits 10–15 px above the bars.
    const top = best.cy + span.from * best.halfHeight;
    const bottom = best.cy + span.to * best.halfHeight;
    expect(top).toBeGreaterThan(170 - 30 - 4);
    expect(bottom).toBeLessThan(170 + 30 + 4);
    expect(bottom - top).toBeGreaterThan(40);
  });

  it('sampleStrip cuts the bars out upright: every row shows the same bars', () => {
    const luma = barsFrame({ w: 480, h: 480, cx: 240, cy: 240, degrees: 30, length: 200, height: 80 });
    const [best] = locateLinearCodes(luma, 480, 480);
    expect(best).toBeDefined();
    if (!best) return;
    const strip = sampleStrip(luma, 480, 480, best, { scale: 2, rows: 8, heightShare: 0.6 });
    expect(strip.height).toBe(8);
    // 2× across the bars plus a quiet zone each side.
    expect(strip.width).toBeGreaterThan(2 * 200);
    // Upright bars: the first and last rows are nearly the same profile.
    let diff = 0;
    for (let x = 0; x < strip.width; x++) diff += Math.abs(strip.luma[x]! - strip.luma[7 * strip.width + x]!);
    expect(diff / strip.width).toBeLessThan(25);
    // And they do contain the bars (dark and light).
    const row = Array.from(strip.luma.subarray(0, strip.width));
    expect(Math.min(...row)).toBeLessThan(80);
    expect(Math.max(...row)).toBeGreaterThan(200);
  });
});

describe('splitStacked (a part-number code above the serial)', () => {
  const W = 640;
  const H = 480;
  const degrees = 25;
  const rad = (degrees * Math.PI) / 180;
  // A point `t` px along the codes and `s` px along the bars from the frame's centre.
  const at = (t: number, s: number): [number, number] => [
    W / 2 + t * Math.cos(rad) - s * Math.sin(rad),
    H / 2 + t * Math.sin(rad) + s * Math.cos(rad),
  ];
  // Part-number code 300 px long on top, the serial 180 px long below it, left ends aligned,
  // 22 px apart with a caption line in between (drawn 10 px above the serial's bars).
  const pn = { t: 0, s: -31, length: 300 };
  const sn = { t: -60, s: 31, length: 180 };
  function stacked(): Uint8ClampedArray {
    const [px, py] = at(pn.t, pn.s);
    const [sx, sy] = at(sn.t, sn.s);
    const top = barsFrame({ w: W, h: H, cx: px, cy: py, degrees, length: pn.length, height: 40 });
    const bottom = barsFrame({
      w: W,
      h: H,
      cx: sx,
      cy: sy,
      degrees,
      length: sn.length,
      height: 40,
      text: true,
    });
    return top.map((v, i) => Math.min(v, bottom[i]!));
  }

  it('one region over both codes becomes one candidate per code, each trimmed to its own bars', () => {
    const luma = stacked();
    const [region] = locateLinearCodes(luma, W, H);
    expect(region).toBeDefined();
    if (!region) return;
    // The precondition: the locator sees one region spanning both codes.
    expect(region.halfHeight * 2).toBeGreaterThan(80);
    const parts = splitStacked(luma, W, H, region);
    expect(parts).toHaveLength(2);
    for (const code of [pn, sn]) {
      const [cx, cy] = at(code.t, code.s);
      const part = parts.find((p) => Math.hypot(p.cx - cx, p.cy - cy) < 12);
      expect(part, `a candidate at the code ${code.length} px long`).toBeDefined();
      if (!part) continue;
      expect(part.halfLength * 2).toBeGreaterThan(code.length * 0.85);
      expect(part.halfLength * 2).toBeLessThan(code.length * 1.15);
      expect(part.halfHeight * 2).toBeLessThan(56);
      expect(Math.abs(part.axis - rad)).toBeLessThan((2 * Math.PI) / 180);
    }
  });

  it('leaves a single code alone, with or without a caption line above it', () => {
    for (const text of [false, true]) {
      const luma = barsFrame({ w: W, h: H, cx: 320, cy: 240, degrees, length: 260, height: 60, text });
      const [region] = locateLinearCodes(luma, W, H);
      expect(region).toBeDefined();
      if (region) expect(splitStacked(luma, W, H, region)).toEqual([]);
    }
  });
});
