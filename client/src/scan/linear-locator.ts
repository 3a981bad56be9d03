// Finds where a linear barcode (Code 128, Code 39) lies in a frame and at what angle, and cuts
// it out as a short strip with the bars exactly vertical. ZXing's linear reader scans single
// rows, so on a whole camera frame it misses a sticker that is small, tilted past the angle a
// row can cross every bar at, or blurred and noisy; a fixed ladder of tilts over the whole
// frame (the old retry) costs ~20 ms a tilt on 1280x720 and still lands up to 4° off. The
// structure tensor measures the bars' direction directly: a barcode is the one region where
// strong gradients all point the same way. Pure functions over a luminance plane, no I/O.

/** A barcode-like region: centre, direction across the bars, extents (pixels of the plane). */
export interface LinearCandidate {
  /** Centre of the bars. */
  cx: number;
  cy: number;
  /** Direction across the bars (the gradient direction), radians, in (-π/2, π/2]. */
  angle: number;
  /**
   * Direction of the code's long axis (the rows to read), radians; equals `angle` unless the
   * bars lean against the label (a sticker seen at a slant).
   */
  axis: number;
  /** Half the extent along the axis (without quiet zone) and half the bar height. */
  halfLength: number;
  halfHeight: number;
  /** Summed coherent gradient energy: bigger = more bar-like. */
  score: number;
}

export interface LocatorOptions {
  /** Cell size in pixels for the tensor sums. */
  cell?: number;
  /** Candidates returned at most, best first. */
  maxCandidates?: number;
}

/** Cells whose gradients agree less than this (0 = random, 1 = one direction) are not bars. */
const MIN_COHERENCE = 0.55;
/**
 * A bar cell's mean squared gradient must reach this share of the 90th percentile over the
 * frame's cells (and an absolute floor): the barcode is the most textured thing on a sticker,
 * while the device body, shadows and sensor noise are not.
 */
const RELATIVE_ENERGY = 0.08;
const ABSOLUTE_ENERGY = 60;
/** Neighbouring cells join a region when their bar directions differ by less than ~15°. */
const SAME_DIRECTION = Math.cos((30 * Math.PI) / 180); // compared on doubled angles

/**
 * Bar-like regions of `luma` (w×h), best first. Cost: one pass over the pixels (central
 * differences summed per cell) plus work per cell; ~1 ms per 100k pixels in V8.
 */
export function locateLinearCodes(
  luma: Uint8ClampedArray,
  w: number,
  h: number,
  options: LocatorOptions = {},
): LinearCandidate[] {
  const cell = options.cell ?? 16;
  const maxCandidates = options.maxCandidates ?? 3;
  const cw = Math.floor(w / cell);
  const ch = Math.floor(h / cell);
  if (cw < 2 || ch < 1) return [];
  const n = cw * ch;
  const jxx = new Float64Array(n);
  const jyy = new Float64Array(n);
  const jxy = new Float64Array(n);
  for (let y = 1; y < ch * cell - 1 && y < h - 1; y++) {
    const rowCell = Math.floor(y / cell) * cw;
    const o = y * w;
    for (let cx = 0; cx < cw; cx++) {
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      const x0 = Math.max(1, cx * cell);
      const x1 = Math.min(w - 1, (cx + 1) * cell);
      for (let x = x0; x < x1; x++) {
        const i = o + x;
        const gx = luma[i + 1]! - luma[i - 1]!;
        const gy = luma[i + w]! - luma[i - w]!;
        sxx += gx * gx;
        syy += gy * gy;
        sxy += gx * gy;
      }
      const c = rowCell + cx;
      jxx[c]! += sxx;
      jyy[c]! += syy;
      jxy[c]! += sxy;
    }
  }

  // Per cell: mean energy, coherence, doubled-angle unit vector.
  const area = cell * cell;
  const energy = new Float64Array(n);
  const dirX = new Float64Array(n);
  const dirY = new Float64Array(n);
  const coherent = new Uint8Array(n);
  for (let c = 0; c < n; c++) {
    const a = jxx[c]!;
    const b = jyy[c]!;
    const d = jxy[c]!;
    const sum = a + b;
    energy[c] = sum / area;
    if (sum <= 0) continue;
    const diff = a - b;
    const mag = Math.sqrt(diff * diff + 4 * d * d);
    dirX[c] = diff / (mag || 1);
    dirY[c] = (2 * d) / (mag || 1);
    coherent[c] = mag / sum >= MIN_COHERENCE ? 1 : 0;
  }
  const sorted = Array.from(energy).sort((p, q) => p - q);
  const p90 = sorted[Math.floor(sorted.length * 0.9)] ?? 0;
  const threshold = Math.max(ABSOLUTE_ENERGY, RELATIVE_ENERGY * p90);
  const candidate = new Uint8Array(n);
  for (let c = 0; c < n; c++) candidate[c] = coherent[c] && energy[c]! >= threshold ? 1 : 0;
  bridgeGaps(candidate, cw, ch, dirX, dirY);

  // Regions: 8-connected cells of similar bar direction.
  const label = new Int32Array(n).fill(-1);
  const found: LinearCandidate[] = [];
  const stack: number[] = [];
  const members: number[] = [];
  for (let seed = 0; seed < n; seed++) {
    if (!candidate[seed] || label[seed] !== -1) continue;
    label[seed] = seed;
    stack.push(seed);
    members.length = 0;
    while (stack.length > 0) {
      const c = stack.pop()!;
      members.push(c);
      const x = c % cw;
      const y = (c - x) / cw;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= ch) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if ((dx === 0 && dy === 0) || nx < 0 || nx >= cw) continue;
          const m = ny * cw + nx;
          if (!candidate[m] || label[m] !== -1) continue;
          if (dirX[c]! * dirX[m]! + dirY[c]! * dirY[m]! < SAME_DIRECTION) continue;
          label[m] = seed;
          stack.push(m);
        }
      }
    }
    if (members.length < 3) continue;
    const region = describeRegion(members, cw, cell, jxx, jyy, jxy);
    // A barcode is longer across its bars than a few cells; a lone edge (label border, device
    // seam) is a thin line along its own direction.
    if (region && region.halfLength * 2 >= cell * 3) found.push(region);
  }
  found.sort((p, q) => q.score - p.score);
  return found.slice(0, maxCandidates).map((c) => refineAngle(luma, w, h, c));
}

/**
 * The tensor's angle is biased by a few degrees on bars 1–2 px wide (central differences are
 * far from isotropic at those frequencies), enough for a 300-px code to smear a narrow bar
 * across its neighbours when averaged along the wrong direction. The true direction is the one
 * along which averaging keeps the bars sharpest: the mean row's total variation peaks there.
 * Searched ±8° around the estimate in 1° steps, then ±0.5°.
 */
function refineAngle(luma: Uint8ClampedArray, w: number, h: number, c: LinearCandidate): LinearCandidate {
  const sharpness = (angle: number) => {
    // Rows follow the axis; when it equals the bar normal it turns with it.
    const probe = { ...c, angle, axis: c.axis === c.angle ? angle : c.axis };
    const row = sampleStrip(luma, w, h, probe, {
      scale: 1,
      rows: 1,
      heightShare: 0.6,
      margin: 0,
      maxSamples: 12,
    }).luma;
    let tv = 0;
    for (let x = 1; x < row.length; x++) tv += Math.abs(row[x]! - row[x - 1]!);
    return tv;
  };
  const degree = Math.PI / 180;
  let best = c.angle;
  let bestScore = sharpness(best);
  for (const [span, step] of [
    [8, 1],
    [0.5, 0.25],
  ] as const) {
    const centre = best;
    for (let d = -span; d <= span + 1e-9; d += step) {
      if (d === 0) continue;
      const score = sharpness(centre + d * degree);
      if (score > bestScore) {
        bestScore = score;
        best = centre + d * degree;
      }
    }
  }
  return { ...c, angle: best, axis: c.axis === c.angle ? best : c.axis };
}

/**
 * Wide bars and spaces of a close-up code leave cells with no gradient inside the code, which
 * would split it into pieces too short to read. A blank cell with bar cells of the same
 * direction on both sides (up to two cells away, along a row, column or diagonal) joins them.
 */
function bridgeGaps(
  candidate: Uint8Array,
  cw: number,
  ch: number,
  dirX: Float64Array,
  dirY: Float64Array,
): void {
  const steps = [
    [1, 0],
    [0, 1],
    [1, 1],
    [1, -1],
  ] as const;
  const bridges: [number, number][] = [];
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const c = y * cw + x;
      if (candidate[c]) continue;
      search: for (const [sx, sy] of steps) {
        for (let k = 1; k <= 2; k++) {
          const bx = x - sx * k;
          const by = y - sy * k;
          if (bx < 0 || by < 0 || bx >= cw || by >= ch || !candidate[by * cw + bx]) continue;
          for (let j = 1; j <= 3 - k; j++) {
            const fx = x + sx * j;
            const fy = y + sy * j;
            if (fx < 0 || fy < 0 || fx >= cw || fy >= ch) continue;
            const b = by * cw + bx;
            const f = fy * cw + fx;
            if (candidate[f] && dirX[b]! * dirX[f]! + dirY[b]! * dirY[f]! >= SAME_DIRECTION) {
              bridges.push([c, b]);
              break search;
            }
          }
        }
      }
    }
  }
  for (const [c, from] of bridges) {
    candidate[c] = 1;
    dirX[c] = dirX[from]!;
    dirY[c] = dirY[from]!;
  }
}

function describeRegion(
  members: readonly number[],
  cw: number,
  cell: number,
  jxx: Float64Array,
  jyy: Float64Array,
  jxy: Float64Array,
): LinearCandidate | null {
  let a = 0;
  let b = 0;
  let d = 0;
  let mx = 0;
  let my = 0;
  for (const c of members) {
    a += jxx[c]!;
    b += jyy[c]!;
    d += jxy[c]!;
    mx += ((c % cw) + 0.5) * cell;
    my += (Math.floor(c / cw) + 0.5) * cell;
  }
  mx /= members.length;
  my /= members.length;
  const angle = 0.5 * Math.atan2(2 * d, a - b);
  // The rows run along the region's long axis, which leaves the bar normal when the sticker is
  // seen at a slant (bars lean against the label): a row along the axis crosses every bar, a
  // row along the normal runs off the bars' ends.
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const c of members) {
    const dx = ((c % cw) + 0.5) * cell - mx;
    const dy = (Math.floor(c / cw) + 0.5) * cell - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const spread = Math.sqrt((sxx - syy) * (sxx - syy) + 4 * sxy * sxy);
  const elongation = (sxx + syy + spread) / Math.max(1e-9, sxx + syy - spread);
  let axis = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const lean = Math.abs(wrapHalfTurn(axis - angle));
  if (elongation < 2.5 || lean > (25 * Math.PI) / 180) axis = angle;
  else axis = angle + wrapHalfTurn(axis - angle);
  const frame = axes(angle, axis);
  let tMin = Number.POSITIVE_INFINITY;
  let tMax = Number.NEGATIVE_INFINITY;
  let sMin = Number.POSITIVE_INFINITY;
  let sMax = Number.NEGATIVE_INFINITY;
  for (const c of members) {
    const [t, s] = frame.toLocal(((c % cw) + 0.5) * cell - mx, (Math.floor(c / cw) + 0.5) * cell - my);
    tMin = Math.min(tMin, t);
    tMax = Math.max(tMax, t);
    sMin = Math.min(sMin, s);
    sMax = Math.max(sMax, s);
  }
  const [ox, oy] = frame.toFrame((tMin + tMax) / 2, (sMin + sMax) / 2);
  const sum = a + b;
  const coherence = sum > 0 ? Math.sqrt((a - b) * (a - b) + 4 * d * d) / sum : 0;
  return {
    cx: mx + ox,
    cy: my + oy,
    angle,
    axis,
    // Cell centres: the region reaches half a cell further on every side.
    halfLength: (tMax - tMin + cell) / 2,
    halfHeight: (sMax - sMin + cell) / 2,
    score: sum * coherence,
  };
}

/** Angle difference folded into (-π/2, π/2] (directions, not vectors). */
function wrapHalfTurn(delta: number): number {
  let r = delta;
  while (r > Math.PI / 2) r -= Math.PI;
  while (r <= -Math.PI / 2) r += Math.PI;
  return r;
}

/**
 * Skewed coordinates of a code: t along the rows (`axis`), s along the bars (perpendicular to
 * the bar normal `angle`). Offsets in the frame ↔ (t, s).
 */
function axes(angle: number, axis: number) {
  const ax = Math.cos(axis);
  const ay = Math.sin(axis);
  const vx = -Math.sin(angle);
  const vy = Math.cos(angle);
  const det = ax * vy - ay * vx;
  return {
    ax,
    ay,
    vx,
    vy,
    toLocal(dx: number, dy: number): [number, number] {
      return [(dx * vy - dy * vx) / det, (ax * dy - ay * dx) / det];
    },
    toFrame(t: number, s: number): [number, number] {
      return [t * ax + s * vx, t * ay + s * vy];
    },
  };
}

export interface StripOptions {
  /** Output pixels per source pixel across the bars (bilinear); 2 helps below ~2 px/module. */
  scale: number;
  /** Output rows; each averages its own slice of the bar height (independent rows). */
  rows: number;
  /**
   * Unsharp mask across the bars after averaging, amount (0 = none). Averaging along the bars
   * has already removed most of the noise, so blur can be undone without amplifying it.
   */
  sharpen?: number;
  /** Quiet zone added each side across the bars, as a share of the bars' length (min 32 px). */
  margin?: number;
  /** Part of the candidate's height sampled, as -1..1 of halfHeight (default the middle 80%). */
  span?: { from: number; to: number };
  /** Shorthand for a centred span: share of the height (ignored when span is given). */
  heightShare?: number;
  /** At most this many samples averaged along the bars per output pixel (default: 1 per px). */
  maxSamples?: number;
}

/**
 * The candidate's bars resampled upright: `rows` rows, each the average of a slice of the bar
 * height (noise and JPEG blocks drop by √slice, the bars stay sharp since the slice runs exactly
 * along them), bilinear across the bars at `scale`. Grey luminance out, white outside the frame.
 */
export function sampleStrip(
  luma: Uint8ClampedArray,
  w: number,
  h: number,
  candidate: LinearCandidate,
  options: StripOptions,
): { luma: Uint8ClampedArray; width: number; height: number } {
  const { scale, rows } = options;
  const margin = options.margin === 0 ? 0 : Math.max(32, candidate.halfLength * (options.margin ?? 0.12));
  const halfU = candidate.halfLength + margin;
  const share = options.heightShare ?? 0.8;
  const span = options.span ?? { from: -share, to: share };
  const vFrom = span.from * candidate.halfHeight;
  const vTo = span.to * candidate.halfHeight;
  const width = Math.max(1, Math.round(2 * halfU * scale));
  const out = new Uint8ClampedArray(width * rows);
  const row = new Float64Array(width);
  const { ax, ay, vx, vy } = axes(candidate.angle, candidate.axis);
  const slice = (vTo - vFrom) / rows;
  const samples = Math.max(1, Math.min(options.maxSamples ?? Number.POSITIVE_INFINITY, Math.round(slice)));
  const step = slice / samples;
  const sharpen = options.sharpen ?? 0;
  for (let r = 0; r < rows; r++) {
    const v0 = vFrom + r * slice + step / 2;
    for (let x = 0; x < width; x++) {
      const t = x / scale - halfU;
      const bx = candidate.cx + t * ax;
      const by = candidate.cy + t * ay;
      let sum = 0;
      for (let k = 0; k < samples; k++) {
        const v = v0 + k * step;
        sum += bilinear(luma, w, h, bx + v * vx, by + v * vy);
      }
      row[x] = sum / samples;
    }
    if (sharpen > 0) unsharp(row, 1.2 * scale, sharpen);
    const o = r * width;
    for (let x = 0; x < width; x++) out[o + x] = (row[x]! + 0.5) | 0;
  }
  return { luma: out, width, height: rows };
}

/** In-place 1-D unsharp mask: row += amount · (row − gaussian(row, sigma)). */
function unsharp(row: Float64Array, sigma: number, amount: number): void {
  const radius = Math.ceil(sigma * 3);
  const kernel = new Float64Array(2 * radius + 1);
  let total = 0;
  for (let i = -radius; i <= radius; i++)
    total += kernel[i + radius] = Math.exp((-i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= total;
  const n = row.length;
  const copy = Float64Array.from(row);
  for (let x = 0; x < n; x++) {
    let blurred = 0;
    for (let i = -radius; i <= radius; i++)
      blurred += kernel[i + radius]! * copy[Math.min(n - 1, Math.max(0, x + i))]!;
    row[x] = copy[x]! + amount * (copy[x]! - blurred);
  }
}

function bilinear(luma: Uint8ClampedArray, w: number, h: number, sx: number, sy: number): number {
  if (sx < 0 || sy < 0 || sx > w - 1 || sy > h - 1) return 255;
  const x0 = sx | 0;
  const y0 = sy | 0;
  const fx = sx - x0;
  const fy = sy - y0;
  const i = y0 * w + x0;
  const right = x0 < w - 1 ? 1 : 0;
  const down = y0 < h - 1 ? w : 0;
  const top = luma[i]! + (luma[i + right]! - luma[i]!) * fx;
  const bottom = luma[i + down]! + (luma[i + down + right]! - luma[i + down]!) * fx;
  return top + (bottom - top) * fy;
}

/**
 * Where along the bars the code is: a region of bar-like cells also takes in the printed
 * serial and caption above and below the bars (their strokes point the same way). Rows of a
 * strip across the whole region are compared by their variation across the bars; the bars are
 * the run of rows around the busiest one that keep at least half its variation.
 */
export function barSpan(
  luma: Uint8ClampedArray,
  w: number,
  h: number,
  candidate: LinearCandidate,
): { from: number; to: number } {
  const rows = Math.max(4, Math.round(candidate.halfHeight));
  const probe = sampleStrip(luma, w, h, candidate, { scale: 1, rows, heightShare: 1, margin: 0 });
  const tv = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * probe.width;
    let sum = 0;
    for (let x = 1; x < probe.width; x++) sum += Math.abs(probe.luma[o + x]! - probe.luma[o + x - 1]!);
    tv[r] = sum;
  }
  let best = 0;
  for (let r = 1; r < rows; r++) if (tv[r]! > tv[best]!) best = r;
  const floor = tv[best]! * 0.5;
  let from = best;
  let to = best;
  while (from > 0 && tv[from - 1]! >= floor) from--;
  while (to < rows - 1 && tv[to + 1]! >= floor) to++;
  // Rows → fraction of the bar height, -1..1.
  return { from: (from / rows) * 2 - 1, to: ((to + 1) / rows) * 2 - 1 };
}
