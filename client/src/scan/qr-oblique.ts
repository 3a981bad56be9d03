// A QR code seen steeply from the side: its modules are foreshortened along one image axis, two
// to three times narrower across the tilt than along it. ZXing's QR detector (zxing-cpp's
// QRDetector.cpp, v3.0–3.1 sources) takes three finder patterns as one symbol only when the angle
// at the corner pattern is within 30° of a right angle. Foreshortening does not change that angle
// for a symbol whose edges run along and across the tilt, but it closes it for one turned in its
// plane: a symbol turned 45° and seen 60° from the normal (half its width) shows the corner at
// 2·atan(0.5) = 53°, so the right three patterns are never tried and nothing, or a wrong triple,
// is found. Stretching the frame 2× across the tilt opens the angle again (80° at 65° from the
// normal) and makes the finder patterns nearly square; ZXing's own perspective transform, fitted
// to the stretched symbol, samples it. Which axis the tilt runs along is not known, so both are
// tried. This file only resamples; the decoding (and so Reed–Solomon, which validates the text) is
// ZXing's, on the stretched plane.

export interface GreyPlane {
  luma: Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * The plane resampled to `outWidth`×`outHeight`, each axis on its own (x, then y): linear
 * interpolation between pixel centres where an axis grows, the mean of the source pixels an
 * output pixel covers where it shrinks (no aliasing of fine modules); an axis that keeps its
 * length is left as it is.
 */
export function resampleGrey(plane: GreyPlane, outWidth: number, outHeight: number): GreyPlane {
  const ow = Math.max(1, Math.round(outWidth));
  const oh = Math.max(1, Math.round(outHeight));
  const { luma, width: w, height: h } = plane;
  let rows = luma;
  if (ow !== w) {
    rows = new Uint8ClampedArray(ow * h);
    const { start, index, weight } = axisWeights(w, ow);
    if (ow > w) {
      // Growing: two source pixels each, the second's weight f.
      const i0 = new Int32Array(ow);
      const f = new Float32Array(ow);
      for (let x = 0; x < ow; x++) {
        i0[x] = index[start[x]!]!;
        f[x] = weight[start[x]! + 1]!;
      }
      const step = w > 1 ? 1 : 0;
      for (let y = 0; y < h; y++) {
        const src = y * w;
        const dst = y * ow;
        for (let x = 0; x < ow; x++) {
          const p = src + i0[x]!;
          const a = luma[p]!;
          // Uint8ClampedArray rounds to the nearest integer on assignment.
          rows[dst + x] = a + (luma[p + step]! - a) * f[x]!;
        }
      }
    } else {
      for (let y = 0; y < h; y++) {
        const src = y * w;
        const dst = y * ow;
        for (let x = 0; x < ow; x++) {
          let sum = 0;
          for (let k = start[x]!; k < start[x + 1]!; k++) sum += luma[src + index[k]!]! * weight[k]!;
          rows[dst + x] = sum;
        }
      }
    }
  }
  if (oh === h) return { luma: rows === luma ? luma.slice() : rows, width: ow, height: oh };
  const out = new Uint8ClampedArray(ow * oh);
  const acc = new Float32Array(ow);
  const { start, index, weight } = axisWeights(h, oh);
  for (let y = 0; y < oh; y++) {
    const dst = y * ow;
    if (start[y + 1]! - start[y]! === 2) {
      // Growing: two source rows.
      const r0 = index[start[y]!]! * ow;
      const r1 = index[start[y]! + 1]! * ow;
      const f = weight[start[y]! + 1]!;
      for (let x = 0; x < ow; x++) {
        const a = rows[r0 + x]!;
        out[dst + x] = a + (rows[r1 + x]! - a) * f;
      }
      continue;
    }
    acc.fill(0);
    for (let k = start[y]!; k < start[y + 1]!; k++) {
      const src = index[k]! * ow;
      const wgt = weight[k]!;
      for (let x = 0; x < ow; x++) acc[x] = acc[x]! + rows[src + x]! * wgt;
    }
    for (let x = 0; x < ow; x++) out[dst + x] = acc[x]!;
  }
  return { luma: out, width: ow, height: oh };
}

/** Source pixels and weights of each output pixel along one axis (CSR: start[i]..start[i+1]). */
function axisWeights(n: number, on: number): { start: Int32Array; index: Int32Array; weight: Float32Array } {
  const scale = on / n;
  const start = new Int32Array(on + 1);
  const index: number[] = [];
  const weight: number[] = [];
  for (let o = 0; o < on; o++) {
    start[o] = index.length;
    if (scale >= 1) {
      const s = Math.min(n - 1, Math.max(0, (o + 0.5) / scale - 0.5));
      const i0 = Math.min(n - 2, Math.floor(s));
      index.push(Math.max(0, i0), Math.min(n - 1, i0 + 1));
      weight.push(1 - (s - i0), s - i0);
    } else {
      // The source interval [o/scale, (o+1)/scale), partial pixels at its ends.
      const a = o / scale;
      const b = Math.min(n, (o + 1) / scale);
      for (let i = Math.floor(a); i < Math.ceil(b); i++) {
        const cover = Math.min(b, i + 1) - Math.max(a, i);
        if (cover <= 0) continue;
        index.push(i);
        weight.push(cover / (b - a));
      }
    }
  }
  start[on] = index.length;
  return { start, index: Int32Array.from(index), weight: Float32Array.from(weight) };
}

/** How much longer the foreshortened axis is made than the other. */
export const OBLIQUE_STRETCH = 2;

/**
 * Pixels of a resampled plane at most: a 1280×720 frame is stretched 2× as it is (1.8 MP); a
 * larger photo is also shrunk along the other axis, where its modules are large enough anyway,
 * so each pass costs about as much as ZXing's quick pass on a 2 MP frame.
 */
export const OBLIQUE_MAX_PIXELS = 2_000_000;

/**
 * The two views the oblique pass reads: the plane stretched `OBLIQUE_STRETCH`× along x (a
 * symbol seen from its left or right) and along y (seen from above or below), each scaled down
 * as a whole when it would exceed `OBLIQUE_MAX_PIXELS`.
 */
export function obliqueViews(plane: GreyPlane): { axis: 'x' | 'y'; width: number; height: number }[] {
  const { width: w, height: h } = plane;
  const s = Math.min(1, Math.sqrt(OBLIQUE_MAX_PIXELS / (OBLIQUE_STRETCH * w * h)));
  return [
    { axis: 'x', width: Math.round(w * OBLIQUE_STRETCH * s), height: Math.round(h * s) },
    { axis: 'y', width: Math.round(w * s), height: Math.round(h * OBLIQUE_STRETCH * s) },
  ];
}
