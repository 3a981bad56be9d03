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
  /**
   * Refine every candidate's angle (`refineAngle`, default true). A caller that reads the
   * candidates one by one and stops at the first read passes false and refines each one just
   * before using it: the rest are never refined.
   */
  refine?: boolean;
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
/** A bar cell's energy above the noise floor must reach this multiple of that floor. */
const NOISE_MARGIN = 0.5;
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

  // Sensor noise adds the same energy to both eigenvalues of every cell's tensor, so in low
  // light it drowns the bars' coherence (bars: one large eigenvalue, the other ~0). The noise
  // floor is the median of the smaller eigenvalue over the frame (most cells are not bars, and
  // bars have none of their own along the bars); it is taken off both before coherence.
  const area = cell * cell;
  const minor = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const diff = jxx[c]! - jyy[c]!;
    minor[c] = (jxx[c]! + jyy[c]! - Math.sqrt(diff * diff + 4 * jxy[c]! ** 2)) / 2 / area;
  }
  // Typed-array sort: numeric, native, no comparator calls (this runs on every located frame,
  // often in a fresh worker before the JIT has warmed up).
  const noise = minor.slice().sort()[Math.floor(n / 2)] ?? 0;
  // Per cell: mean energy above the noise, coherence, doubled-angle unit vector.
  const energy = new Float64Array(n);
  const dirX = new Float64Array(n);
  const dirY = new Float64Array(n);
  const coherent = new Uint8Array(n);
  for (let c = 0; c < n; c++) {
    const a = jxx[c]!;
    const b = jyy[c]!;
    const d = jxy[c]!;
    const diff = a - b;
    const mag = Math.sqrt(diff * diff + 4 * d * d);
    const major = Math.max(0, (a + b + mag) / 2 / area - noise);
    const least = Math.max(0, minor[c]! - noise);
    const total = major + least;
    energy[c] = total;
    if (total <= 0) continue;
    dirX[c] = diff / (mag || 1);
    dirY[c] = (2 * d) / (mag || 1);
    coherent[c] = (major - least) / total >= MIN_COHERENCE ? 1 : 0;
  }
  const sorted = energy.slice().sort();
  const p90 = sorted[Math.floor(sorted.length * 0.9)] ?? 0;
  // Above the noise by a margin too: a noise-only cell's larger eigenvalue exceeds the median
  // smaller one by chance.
  const threshold = Math.max(ABSOLUTE_ENERGY, RELATIVE_ENERGY * p90, NOISE_MARGIN * noise);
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
    // seam, the sides of a cable lying across the label) is a thin line along its own direction,
    // far taller along the bars than it is long.
    if (region && region.halfLength * 2 >= cell * 3 && region.halfHeight <= MAX_TALLNESS * region.halfLength)
      found.push(region);
  }
  found.sort((p, q) => q.score - p.score);
  // Whole codes that an occluder cut in two come after the pieces (frames where nothing is cut
  // read as before): a cable or a finger across the bars leaves two regions of one direction
  // side by side along the code, each too short to read.
  const joined = joinFragments(found.slice(0, FRAGMENT_POOL), cell);
  const regions = [...found.slice(0, maxCandidates), ...joined];
  return options.refine === false ? regions : regions.map((c) => refineAngle(luma, w, h, c));
}

/**
 * Bars at most this many times taller than the code is long; a serial barcode is wider than
 * tall, so a region beyond this is an edge (measured from cell centres, so short codes keep a
 * cell of slack either way).
 */
const MAX_TALLNESS = 2.5;

/** Regions examined for pieces of one code, best first. */
const FRAGMENT_POOL = 6;
/** Pieces of one code: bar directions within this angle (before refineAngle: the tensor is a few degrees off). */
const FRAGMENT_ANGLE = (10 * Math.PI) / 180;

/**
 * Pairs of regions that are one code cut by something lying across it: same bar direction, side
 * by side along the code (not stacked: a part-number code above the serial has its own region),
 * within the bar height of each other across it, and a gap shorter than half their length. The
 * joined region spans both, so the fused strip (whose slices give way where the occluder is)
 * sees the whole code. At most two joins.
 */
export function joinFragments(regions: readonly LinearCandidate[], cell = 16): LinearCandidate[] {
  const joined: LinearCandidate[] = [];
  for (let i = 0; i < regions.length && joined.length < 2; i++) {
    for (let j = i + 1; j < regions.length && joined.length < 2; j++) {
      const p = regions[i]!;
      const q = regions[j]!;
      const turn = wrapHalfTurn(q.angle - p.angle);
      if (Math.abs(turn) > FRAGMENT_ANGLE) continue;
      // In the bars' own frame: a piece's region axis leans with its cut edge, not with the code.
      const frame = axes(p.angle, p.angle);
      const [t, s] = frame.toLocal(q.cx - p.cx, q.cy - p.cy);
      const lengths = p.halfLength + q.halfLength;
      const gap = Math.abs(t) - lengths;
      if (Math.abs(t) < 0.5 * lengths || gap > Math.max(2 * cell, 0.5 * lengths)) continue;
      if (Math.abs(s) > p.halfHeight + q.halfHeight) continue;
      const tMin = Math.min(-p.halfLength, t - q.halfLength);
      const tMax = Math.max(p.halfLength, t + q.halfLength);
      const sMin = Math.min(-p.halfHeight, s - q.halfHeight);
      const sMax = Math.max(p.halfHeight, s + q.halfHeight);
      const [ox, oy] = frame.toFrame((tMin + tMax) / 2, (sMin + sMax) / 2);
      const angle = p.angle + (turn * q.score) / (p.score + q.score);
      joined.push({
        cx: p.cx + ox,
        cy: p.cy + oy,
        angle,
        axis: angle,
        halfLength: (tMax - tMin) / 2,
        halfHeight: (sMax - sMin) / 2,
        score: p.score + q.score,
      });
    }
  }
  return joined;
}

/**
 * The tensor's angle is biased by a few degrees on bars 1–2 px wide (central differences are
 * far from isotropic at those frequencies), enough for a 300-px code to smear a narrow bar
 * across its neighbours when averaged along the wrong direction. The true direction is the one
 * along which averaging keeps the bars sharpest: the mean row's total variation peaks there.
 * Searched ±8° around the estimate in 1° steps, then ±0.5°.
 */
export function refineAngle(
  luma: Uint8ClampedArray,
  w: number,
  h: number,
  c: LinearCandidate,
): LinearCandidate {
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

/** The plane at a sub-pixel point (bilinear); white (255) outside it. */
export function bilinear(
  luma: Uint8ClampedArray | Float32Array,
  w: number,
  h: number,
  sx: number,
  sy: number,
): number {
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
  const tv = rowVariations(probe.luma, probe.width, rows);
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

// --- Stacked codes: a part-number code above the serial ----------------------------------------
//
// Two codes printed one above the other with a line of text between them are one region of
// bar-like cells (same bar direction, the cells touch), and its axis leans when their left ends
// are aligned but their lengths differ. The strips of such a region read the busier code, or
// mix rows of both. `splitStacked` measures, straight across the bars, which rows of the region
// carry bars (busy rows that repeat along the bars: text strokes do not) and, when it finds two
// or more separate runs of them, returns one candidate per run, trimmed along the code to where
// that run's bars are.

/** Frame pixels along the bars per profile row. */
const PROFILE_PX = 2;
/** A bar row: busier than this share of the busiest row... */
const STACK_BUSY = 0.2;
/** ...and this correlated with the rows 2 profile rows (4 px) away on both sides. */
const STACK_REPEAT = 0.5;
/** A valley between two codes: rows this much quieter than the busiest row on either side. */
const STACK_VALLEY = 0.35;
/** A code at least this many frame pixels tall (text lines are shorter; a 6 mm code is ~17 px at scale 1). */
const STACK_MIN_PX = 12;

/** One candidate per code when a region holds two or more codes stacked along the bars; else none. */
export function splitStacked(
  luma: Uint8ClampedArray,
  w: number,
  h: number,
  c: LinearCandidate,
): LinearCandidate[] {
  // Straight across the bars, a little beyond the region both ways (a code at its edge).
  const reach = c.halfHeight * 1.15;
  const halfLength = c.halfLength * 1.1;
  const upright: LinearCandidate = { ...c, axis: c.angle, halfHeight: reach, halfLength };
  const rows = Math.max(8, Math.round((2 * reach) / PROFILE_PX));
  const probe = sampleStrip(luma, w, h, upright, { scale: 1, rows, heightShare: 1, margin: 0 });
  const pw = probe.width;
  const row = (r: number) => probe.luma.subarray(r * pw, (r + 1) * pw);
  const tv = rowVariations(probe.luma, pw, rows);
  const busiest = Math.max(...tv);
  if (busiest <= 0) return [];
  const bar = new Uint8Array(rows);
  for (let r = 2; r < rows - 2; r++)
    bar[r] =
      tv[r]! >= STACK_BUSY * busiest &&
      correlation(row(r), row(r - 2)) >= STACK_REPEAT &&
      correlation(row(r), row(r + 2)) >= STACK_REPEAT
        ? 1
        : 0;
  // Runs of bar rows (a single missing row, e.g. a speck, does not cut a run).
  const runs: [number, number][] = [];
  for (let r = 0; r < rows; r++) {
    if (!bar[r]) continue;
    const last = runs[runs.length - 1];
    if (last && r - last[1] <= 2) last[1] = r;
    else runs.push([r, r]);
  }
  // Codes blurred into each other (shake, defocus) leave one run with a valley between them:
  // split a run at the row that is quietest against the busiest rows on both sides of it, while
  // that is under STACK_VALLEY.
  for (let i = 0; i < runs.length; i++) {
    const [a, b] = runs[i]!;
    let cut = -1;
    let depth = STACK_VALLEY;
    for (let r = a + 1; r < b; r++) {
      const sides = Math.min(Math.max(...tv.subarray(a, r)), Math.max(...tv.subarray(r + 1, b + 1)));
      if (tv[r]! < depth * sides) {
        depth = tv[r]! / sides;
        cut = r;
      }
    }
    if (cut >= 0) runs.splice(i--, 1, [a, cut - 1], [cut + 1, b]);
  }
  // Each run trimmed to the rows keeping half its busiest row (a blurred caption beside a code
  // repeats along the bars too, but is less busy than the bars).
  const codes = runs
    .map(([a, b]): [number, number] => {
      let top = a;
      for (let r = a; r <= b; r++) if (tv[r]! > tv[top]!) top = r;
      let from = top;
      let to = top;
      while (from > a && tv[from - 1]! >= 0.5 * tv[top]!) from--;
      while (to < b && tv[to + 1]! >= 0.5 * tv[top]!) to++;
      return [from, to];
    })
    .filter(([a, b]) => (b - a + 1) * PROFILE_PX >= STACK_MIN_PX);
  if (codes.length < 2) return [];
  // The busiest runs first (codes before captions); at most three.
  const busiestIn = ([a, b]: [number, number]) => Math.max(...tv.subarray(a, b + 1));
  codes.sort((p, q) => busiestIn(q) - busiestIn(p));
  const { ax, ay, vx, vy } = axes(c.angle, c.angle);
  const rowPx = (2 * reach) / rows;
  return codes.slice(0, 3).flatMap(([a, b]) => {
    // Where along the code this run's bars are: the run's mean row, its local activity.
    const mean = new Float64Array(pw);
    for (let r = a; r <= b; r++) {
      const o = r * pw;
      for (let x = 0; x < pw; x++) mean[x]! += probe.luma[o + x]! / (b - a + 1);
    }
    const activity = new Float64Array(pw);
    for (let x = 1; x < pw; x++) activity[x] = Math.abs(mean[x]! - mean[x - 1]!);
    const smooth = boxMean(activity, 12);
    const peak = Math.max(...smooth);
    let from = -1;
    let to = -1;
    for (let x = 0; x < pw; x++)
      if (smooth[x]! >= 0.25 * peak) {
        if (from < 0) from = x;
        to = x;
      }
    if (from < 0 || to - from < 48) return [];
    const t = (from + to) / 2 - halfLength;
    const v = -reach + ((a + b + 1) / 2) * rowPx;
    return [
      {
        cx: c.cx + t * ax + v * vx,
        cy: c.cy + t * ay + v * vy,
        angle: c.angle,
        axis: c.angle,
        halfLength: (to - from) / 2,
        halfHeight: ((b - a + 1) * rowPx) / 2 + PROFILE_PX,
        score: c.score,
      },
    ];
  });
}

/** Total variation of each row of a grey strip (how busy it is across the bars). */
function rowVariations(luma: Uint8ClampedArray, width: number, rows: number): Float64Array {
  const tv = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    let sum = 0;
    for (let x = 1; x < width; x++) sum += Math.abs(luma[o + x]! - luma[o + x - 1]!);
    tv[r] = sum;
  }
  return tv;
}

// --- Fused strips: perspective, shadows, glare, fingers ----------------------------------------
//
// The averaged strips above assume one bar direction over the whole code and one light level.
// A sticker seen from the side (a homography) has bars that converge: measured on generated
// frames the bar direction turns by up to 9° from one end of a code to the other, so a 60-px
// average along one direction smears a 2-px bar over its neighbours at the ends. Shadows and
// low light leave a strip whose bright spaces on one side are darker than its bars on the
// other, and ZXing binarizes a strip this short (< 40 rows) with one threshold per row. Glare
// and fingers erase the bars over part of their height only. So the fused strip
// (1) lets the bar direction turn linearly along the code (`estimateKeystone`),
// (2) cuts the bar height into thin slices and normalizes each by its local min/max envelope
//     (illumination-free, flat runs count as white: a quiet zone or a blank label),
// (3) splits the slices into bands of mutually similar rows (a part-number barcode printed
//     above the serial is its own band), and
// (4) per band, averages the slices column by column weighted by their local contrast, so a
//     slice under glare, a finger or a shadow edge gives way to the clean ones.

/** Bar direction along the code: `angle + slope · t` (radians; t in pixels along the axis). */
export interface Keystone {
  angle: number;
  slope: number;
}

/** Total variation of one averaged row across a segment of the code, for a bar direction. */
function segmentSharpness(
  luma: Uint8ClampedArray,
  w: number,
  h: number,
  c: LinearCandidate,
  angle: number,
  t0: number,
  half: number,
): number {
  const ax = Math.cos(c.axis);
  const ay = Math.sin(c.axis);
  const vx = -Math.sin(angle);
  const vy = Math.cos(angle);
  const v0 = -0.6 * c.halfHeight;
  const samples = 16;
  const step = (1.2 * c.halfHeight) / samples;
  let tv = 0;
  let prev = 0;
  for (let t = t0 - half, i = 0; t <= t0 + half; t += 1, i++) {
    const bx = c.cx + t * ax;
    const by = c.cy + t * ay;
    let sum = 0;
    for (let k = 0; k < samples; k++) {
      const v = v0 + (k + 0.5) * step;
      sum += bilinear(luma, w, h, bx + v * vx, by + v * vy);
    }
    if (i > 0) tv += Math.abs(sum - prev);
    prev = sum;
  }
  return tv;
}

/**
 * The bar direction at both ends and the middle of the code (the sharpest average, ±10° in
 * 0.5° then ±0.5° in 0.125° steps around the candidate's angle), fitted by a line along the axis.
 */
export function estimateKeystone(
  luma: Uint8ClampedArray,
  w: number,
  h: number,
  c: LinearCandidate,
): Keystone {
  const half = c.halfLength / 3;
  const ts = [-2 * half, 0, 2 * half];
  const degree = Math.PI / 180;
  const angles = ts.map((t0) => {
    let best = c.angle;
    let bestScore = segmentSharpness(luma, w, h, c, best, t0, half);
    for (const [span, step] of [
      [10, 0.5],
      [0.5, 0.125],
    ] as const) {
      const centre = best;
      for (let d = -span; d <= span + 1e-9; d += step) {
        if (d === 0) continue;
        const score = segmentSharpness(luma, w, h, c, centre + d * degree, t0, half);
        if (score > bestScore) {
          bestScore = score;
          best = centre + d * degree;
        }
      }
    }
    return best;
  });
  const mean = (angles[0]! + angles[1]! + angles[2]!) / 3;
  // Least squares through (t, angle); the t are symmetric about 0.
  const slope = (ts[0]! * (angles[0]! - mean) + ts[2]! * (angles[2]! - mean)) / (ts[0]! ** 2 + ts[2]! ** 2);
  return { angle: mean, slope };
}

export interface FusedStripOptions {
  /** Output pixels per source pixel across the bars. */
  scale: number;
  keystone: Keystone;
  /**
   * Variants of every band, in order: the length (source pixels) of a box blur across the bars
   * undone by Wiener deconvolution (motion blur), 0 = as fused. Default [0].
   */
  deblur?: readonly number[];
}

/** Frame pixels along the bars averaged into one slice, and the most slices a strip gets. */
const SLICE_PX = 3;
const MAX_SLICES = 40;
/** Adjacent slices less correlated than this belong to different bands. */
const BAND_CUT = 0.3;
/** A band needs this many slices. */
const MIN_BAND_SLICES = 3;
/** Bands fused per candidate, busiest first. */
const FUSED_BANDS = 2;
/** Rows per band in the output (ZXing wants a read on 2 lines). */
const ROWS_PER_BAND = 3;
/** Local contrast below this share of the strip's 90th percentile counts as flat (white). */
const FLAT_SHARE = 0.25;

/**
 * The candidate resampled as fused rows (see above): for each of up to two bands and each
 * deblur variant, three identical rows; 0 = bar, 255 = space. Empty when no band is found.
 */
export function fusedStrip(
  luma: Uint8ClampedArray,
  w: number,
  h: number,
  c: LinearCandidate,
  options: FusedStripOptions,
): { luma: Uint8ClampedArray; width: number; height: number } {
  const { scale, keystone } = options;
  const margin = Math.max(32, c.halfLength * 0.12);
  const halfU = c.halfLength + margin;
  const width = Math.max(1, Math.round(2 * halfU * scale));
  const slices = Math.max(6, Math.min(MAX_SLICES, Math.round((2 * c.halfHeight) / SLICE_PX)));
  const slice = (2 * c.halfHeight) / slices;
  const samples = Math.max(1, Math.round(slice));
  const step = slice / samples;
  const rows: Float64Array[] = Array.from({ length: slices }, () => new Float64Array(width));
  const ax = Math.cos(c.axis);
  const ay = Math.sin(c.axis);
  for (let x = 0; x < width; x++) {
    const t = x / scale - halfU;
    const angle = keystone.angle + keystone.slope * t;
    const vx = -Math.sin(angle);
    const vy = Math.cos(angle);
    const bx = c.cx + t * ax;
    const by = c.cy + t * ay;
    for (let r = 0; r < slices; r++) {
      const v0 = -c.halfHeight + r * slice + step / 2;
      let sum = 0;
      for (let k = 0; k < samples; k++) {
        const v = v0 + k * step;
        sum += bilinear(luma, w, h, bx + v * vx, by + v * vy);
      }
      rows[r]![x] = sum / samples;
    }
  }
  // Element width from the busiest slice: edges of the row against its 12-px local mean.
  const tvs = rows.map((row) => {
    let tv = 0;
    for (let x = 1; x < width; x++) tv += Math.abs(row[x]! - row[x - 1]!);
    return tv;
  });
  const busiest = rows[tvs.indexOf(Math.max(...tvs))]!;
  const fine = boxMean(busiest, Math.max(1, Math.round(scale)));
  const coarse = boxMean(busiest, Math.round(12 * scale));
  let edges = 0;
  for (let x = 1; x < width; x++) if ((fine[x]! - coarse[x]!) * (fine[x - 1]! - coarse[x - 1]!) < 0) edges++;
  const element = Math.max(1.5 * scale, (2 * c.halfLength * scale) / Math.max(1, edges));
  // Envelope radius: 3 elements (~5.5 modules), more than the widest Code 128 element.
  const radius = Math.max(2, Math.round(3 * element));
  const hi: Float64Array[] = [];
  const lo: Float64Array[] = [];
  const weights: Float64Array[] = [];
  const contrasts: number[] = [];
  for (const row of rows) {
    const top = boxMean(runningExtreme(row, radius, 1), radius);
    const bottom = boxMean(runningExtreme(row, radius, -1), radius);
    hi.push(top);
    lo.push(bottom);
    for (let x = 0; x < width; x += 4) contrasts.push(top[x]! - bottom[x]!);
    // Weight: contrast²; a slice under glare, a finger or a deep shadow gives way.
    const weight = new Float64Array(width);
    for (let x = 0; x < width; x++) {
      const contrast = Math.max(0, top[x]! - bottom[x]!);
      weight[x] = contrast * contrast + 1;
    }
    weights.push(weight);
  }
  contrasts.sort((p, q) => p - q);
  const flat = Math.max(8, FLAT_SHARE * (contrasts[Math.floor(contrasts.length * 0.9)] ?? 0));
  const norm = rows.map((row, r) => {
    const out = new Float64Array(width);
    for (let x = 0; x < width; x++) {
      const range = Math.max(hi[r]![x]! - lo[r]![x]!, flat);
      out[x] = Math.min(1, Math.max(0, (row[x]! - (hi[r]![x]! - range)) / range));
    }
    return out;
  });
  const bands: [number, number][] = [];
  let start = 0;
  for (let r = 0; r < slices; r++) {
    if (r === slices - 1 || correlation(norm[r]!, norm[r + 1]!) < BAND_CUT) {
      if (r - start + 1 >= MIN_BAND_SLICES) bands.push([start, r]);
      start = r + 1;
    }
  }
  const bandScore = ([a, b]: [number, number]) => tvs.slice(a, b + 1).reduce((s, v) => s + v, 0);
  bands.sort((p, q) => bandScore(q) - bandScore(p));
  const chosen = bands.slice(0, FUSED_BANDS);
  const variants = options.deblur ?? [0];
  const height = chosen.length * variants.length * ROWS_PER_BAND;
  const out = new Uint8ClampedArray(width * height);
  let line = 0;
  for (const [a, b] of chosen) {
    const fused = new Float64Array(width);
    for (let x = 0; x < width; x++) {
      let num = 0;
      let den = 0;
      for (let r = a; r <= b; r++) {
        const weight = weights[r]![x]!;
        num += norm[r]![x]! * weight;
        den += weight;
      }
      fused[x] = num / den;
    }
    for (const blur of variants) {
      const row = blur > 0 ? deconvolveBox(fused, blur * scale) : fused;
      for (let k = 0; k < ROWS_PER_BAND; k++, line++) {
        const o = line * width;
        for (let x = 0; x < width; x++) out[o + x] = 255 * row[x]! + 0.5;
      }
    }
  }
  return { luma: out, width, height };
}

/** Pearson correlation of two rows. */
function correlation(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const n = p.length;
  let mp = 0;
  let mq = 0;
  for (let i = 0; i < n; i++) {
    mp += p[i]!;
    mq += q[i]!;
  }
  mp /= n;
  mq /= n;
  let pq = 0;
  let pp = 0;
  let qq = 0;
  for (let i = 0; i < n; i++) {
    const a = p[i]! - mp;
    const b = q[i]! - mq;
    pq += a * b;
    pp += a * a;
    qq += b * b;
  }
  return pq / Math.sqrt(pp * qq + 1e-9);
}

/** Mean over [x − r, x + r] (clamped at the ends), by prefix sums. */
function boxMean(row: Float64Array, r: number): Float64Array {
  const n = row.length;
  const prefix = new Float64Array(n + 1);
  for (let x = 0; x < n; x++) prefix[x + 1] = prefix[x]! + row[x]!;
  const out = new Float64Array(n);
  for (let x = 0; x < n; x++) {
    const a = Math.max(0, x - r);
    const b = Math.min(n, x + r + 1);
    out[x] = (prefix[b]! - prefix[a]!) / (b - a);
  }
  return out;
}

/**
 * Running maximum (sign 1) or minimum (sign −1) over [x − r, x + r], in O(n) whatever r
 * (van Herk / Gil-Werman: prefix and suffix extremes within blocks of 2r + 1).
 */
function runningExtreme(row: Float64Array, r: number, sign: 1 | -1): Float64Array {
  const n = row.length;
  const k = 2 * r + 1;
  const prefix = new Float64Array(n);
  const suffix = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = row[i]! * sign;
    prefix[i] = i % k === 0 ? v : Math.max(prefix[i - 1]!, v);
  }
  for (let i = n - 1; i >= 0; i--) {
    const v = row[i]! * sign;
    suffix[i] = i === n - 1 || (i + 1) % k === 0 ? v : Math.max(suffix[i + 1]!, v);
  }
  const out = new Float64Array(n);
  for (let x = 0; x < n; x++) {
    const a = Math.max(0, x - r);
    const b = Math.min(n - 1, x + r);
    // [a, b] spans at most two blocks: the suffix of a's block and the prefix of b's block.
    const m =
      Math.floor(a / k) === Math.floor(b / k) ? blockMax(row, a, b, sign) : Math.max(suffix[a]!, prefix[b]!);
    out[x] = m * sign;
  }
  return out;
}

/** Extreme over [a, b] inside one block (only at the clamped ends of the row). */
function blockMax(row: Float64Array, a: number, b: number, sign: 1 | -1): number {
  let m = row[a]! * sign;
  for (let i = a + 1; i <= b; i++) m = Math.max(m, row[i]! * sign);
  return m;
}

/**
 * Wiener deconvolution of a box blur of `length` pixels (motion blur across the bars), by FFT
 * over the row mirrored to a power-of-two length; values clamped to 0..1.
 */
export function deconvolveBox(row: Float64Array, length: number, noise = 0.05): Float64Array {
  const n = row.length;
  let size = 1;
  while (size < 2 * n) size *= 2;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += row[i]!;
  mean /= n;
  for (let i = 0; i < size; i++) {
    // Mirror so the ends do not ring; the padding repeats the mirrored row.
    const j = i % (2 * n);
    re[i] = (j < n ? row[j]! : row[2 * n - 1 - j]!) - mean;
  }
  fft(re, im, false);
  for (let k = 0; k < size; k++) {
    const omega = (2 * Math.PI * Math.min(k, size - k)) / size;
    const gain = omega === 0 ? 1 : Math.sin((omega * length) / 2) / (length * Math.sin(omega / 2));
    const g = gain / (gain * gain + noise);
    re[k]! *= g;
    im[k]! *= g;
  }
  fft(re, im, true);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.min(1, Math.max(0, re[i]! + mean));
  return out;
}

/** In-place radix-2 FFT (length a power of two); the inverse divides by the length. */
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a]! += tr;
        im[a]! += ti;
        const next = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = next;
      }
    }
  }
  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[i]! /= n;
      im[i]! /= n;
    }
  }
}
