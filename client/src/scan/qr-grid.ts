// Samples a QR code whose module grid is bent (printed on cloth that waves, a label curled over
// an edge) on a grid fitted to the image locally, and draws what it read as a clean symbol for
// ZXing to decode. ZXing samples every QR on one perspective transform fitted to the finder and
// alignment patterns; where the surface bends between them, its sampling points drift off the
// modules by up to one module and Reed–Solomon gets more wrong codewords than it can correct.
// Here the transform ZXing found (the corners of a symbol it detected but could not decode) is
// only the start: a displacement field on a coarse lattice of control points is fitted so that
// the luminance gradient peaks on the module boundaries and vanishes in the module centres, and
// the function patterns (finders, separators, timing rows) sit where they must. Pure functions
// over a luminance plane; the decoding (and so the error correction that validates the text) is
// still ZXing's, on the redrawn symbol.
import { bilinear } from './linear-locator.ts';

/** A symbol's corners in plane pixels (ZXing's `ReadResult.position`). */
export interface QrQuad {
  topLeft: { x: number; y: number };
  topRight: { x: number; y: number };
  bottomRight: { x: number; y: number };
  bottomLeft: { x: number; y: number };
}

export interface GreyPlane {
  luma: Uint8ClampedArray;
  width: number;
  height: number;
}

/** Modules between control points of the displacement field. */
const NODE_SPACING = 4;
/** Search steps of the fit, in modules (coarse to fine), and sweeps over all nodes per step. */
const FIT_STEPS = [0.25, 0.12, 0.06];
const SWEEPS_PER_STEP = 2;
/** A control point moves at most this many modules away from ZXing's transform. */
const MAX_SHIFT = 0.8;
/** Weight of the function-pattern term against the gradient term. */
const PATTERN_WEIGHT = 1.5;
/** Smoothness: cost per (module of difference)² between neighbouring control points. */
const SMOOTHNESS = 4;

/**
 * Projective map of the unit square onto a quadrilateral (Heckbert): (u, v) in [0, 1]² →
 * frame pixels, (0,0) = top left, (1,0) = top right, (1,1) = bottom right.
 */
function squareToQuad(q: QrQuad): Projective {
  const { topLeft: p0, topRight: p1, bottomRight: p2, bottomLeft: p3 } = q;
  const dx1 = p1.x - p2.x;
  const dx2 = p3.x - p2.x;
  const dx3 = p0.x - p1.x + p2.x - p3.x;
  const dy1 = p1.y - p2.y;
  const dy2 = p3.y - p2.y;
  const dy3 = p0.y - p1.y + p2.y - p3.y;
  let g = 0;
  let h = 0;
  const den = dx1 * dy2 - dx2 * dy1;
  if (Math.abs(den) > 1e-9 && (Math.abs(dx3) > 1e-9 || Math.abs(dy3) > 1e-9)) {
    g = (dx3 * dy2 - dx2 * dy3) / den;
    h = (dx1 * dy3 - dx3 * dy1) / den;
  }
  return {
    a: p1.x - p0.x + g * p1.x,
    b: p3.x - p0.x + h * p3.x,
    c: p0.x,
    d: p1.y - p0.y + g * p1.y,
    e: p3.y - p0.y + h * p3.y,
    f: p0.y,
    g,
    h,
  };
}

// The last point `project` computed (module-level scratch, so the fit allocates nothing per point).
let px = 0;
let py = 0;

function project(p: Projective, u: number, v: number): void {
  const w = p.g * u + p.h * v + 1;
  px = (p.a * u + p.b * v + p.c) / w;
  py = (p.d * u + p.e * v + p.f) / w;
}

/** x = (a·u + b·v + c) / (g·u + h·v + 1), y = (d·u + e·v + f) / (same). */
interface Projective {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
  g: number;
  h: number;
}

/**
 * Known modules of a QR symbol of `dim` modules: 1 = dark, 0 = light, -1 = data. Finder
 * patterns with their separators and the two timing rows; alignment patterns are left out (their
 * places depend on a table, and the finders and timing rows already pin the grid's edges).
 */
export function functionPatterns(dim: number): Int8Array {
  const known = new Int8Array(dim * dim).fill(-1);
  const finder = (ox: number, oy: number) => {
    for (let y = -1; y <= 7; y++)
      for (let x = -1; x <= 7; x++) {
        const mx = ox + x;
        const my = oy + y;
        if (mx < 0 || my < 0 || mx >= dim || my >= dim) continue;
        const ring = Math.max(Math.abs(x - 3), Math.abs(y - 3));
        known[my * dim + mx] = ring === 4 || ring === 2 ? 0 : 1;
      }
  };
  finder(0, 0);
  finder(dim - 7, 0);
  finder(0, dim - 7);
  for (let i = 8; i < dim - 8; i++) {
    known[6 * dim + i] = i % 2 === 0 ? 1 : 0;
    known[i * dim + 6] = i % 2 === 0 ? 1 : 0;
  }
  return known;
}

/**
 * Fits the bent grid and samples it: one module matrix (1 = dark, row-major, `dim`²) per
 * threshold rule, the function patterns set to what they must be. `quad` is the symbol's outer
 * corners as ZXing reports them for a QR it detected (topLeft at the finder that is top left in
 * the symbol's own orientation).
 */
export function sampleBentGrid(plane: GreyPlane, quad: QrQuad, dim: number): Uint8Array[] {
  const { luma, width: w, height: h } = plane;
  const base = squareToQuad(quad);
  // Bounding box of the symbol with a margin: the gradient is worked out there only.
  const xs = [quad.topLeft.x, quad.topRight.x, quad.bottomRight.x, quad.bottomLeft.x];
  const ys = [quad.topLeft.y, quad.topRight.y, quad.bottomRight.y, quad.bottomLeft.y];
  const moduleSize = Math.max(1, Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) / dim;
  const margin = Math.ceil(moduleSize * 2) + 2;
  const bx0 = Math.max(0, Math.floor(Math.min(...xs)) - margin);
  const by0 = Math.max(0, Math.floor(Math.min(...ys)) - margin);
  const bx1 = Math.min(w - 1, Math.ceil(Math.max(...xs)) + margin);
  const by1 = Math.min(h - 1, Math.ceil(Math.max(...ys)) + margin);
  const bw = bx1 - bx0 + 1;
  const bh = by1 - by0 + 1;
  if (bw < dim || bh < dim) return [];
  const { grey, grad } = gradientPlanes(luma, w, bx0, by0, bw, bh);
  const lumAt = (x: number, y: number) => bilinear(grey, bw, bh, x - bx0, y - by0);
  const gradAt = (x: number, y: number) => bilinear(grad, bw, bh, x - bx0, y - by0) - 255;
  // Normalisation: the symbol's light and dark levels from its finder centres and separators.
  const known = functionPatterns(dim);
  let darkSum = 0;
  let darkN = 0;
  let lightSum = 0;
  let lightN = 0;
  for (let my = 0; my < dim; my++)
    for (let mx = 0; mx < dim; mx++) {
      const k = known[my * dim + mx]!;
      if (k < 0) continue;
      project(base, (mx + 0.5) / dim, (my + 0.5) / dim);
      const v = lumAt(px, py);
      if (k === 1) {
        darkSum += v;
        darkN++;
      } else {
        lightSum += v;
        lightN++;
      }
    }
  const dark = darkSum / Math.max(1, darkN);
  const light = lightSum / Math.max(1, lightN);
  const contrast = light - dark;
  if (contrast < 8) return [];
  const mid = (light + dark) / 2;
  let gradScale = 1;
  for (let i = 0; i < grad.length; i++) gradScale = Math.max(gradScale, grad[i]! - 255);

  // Control points every NODE_SPACING modules (the last one on the far edge), displacements in
  // modules of the symbol's own (u, v) axes, added before the projective map.
  const nodes = Math.max(2, Math.round(dim / NODE_SPACING) + 1);
  const spacing = dim / (nodes - 1);
  const du = new Float64Array(nodes * nodes);
  const dv = new Float64Array(nodes * nodes);
  // Writes the point into px, py (no array per call: this runs ~10⁵ times a symbol).
  const map = (u: number, v: number): void => {
    const gu = Math.min(nodes - 1 - 1e-9, Math.max(0, u / spacing));
    const gv = Math.min(nodes - 1 - 1e-9, Math.max(0, v / spacing));
    const i0 = gu | 0;
    const j0 = gv | 0;
    const fu = gu - i0;
    const fv = gv - j0;
    const k = j0 * nodes + i0;
    const w00 = (1 - fu) * (1 - fv);
    const w10 = fu * (1 - fv);
    const w01 = (1 - fu) * fv;
    const w11 = fu * fv;
    const su = du[k]! * w00 + du[k + 1]! * w10 + du[k + nodes]! * w01 + du[k + nodes + 1]! * w11;
    const sv = dv[k]! * w00 + dv[k + 1]! * w10 + dv[k + nodes]! * w01 + dv[k + nodes + 1]! * w11;
    project(base, (u + su) / dim, (v + sv) / dim);
  };
  // The fit's sample points: for each module the middle of its left and top edges (gradient
  // wanted) and its centre (no gradient wanted; a function module's colour). Each point's
  // displacement is bilinear in its cell's four control points, so moving one control point
  // only moves the points of the cells around it, by its weight there.
  const points = dim * dim * 3;
  const pu = new Float64Array(points);
  const pv = new Float64Array(points);
  const pSign = new Float64Array(points); // +1 edge, -2 centre (gradient weight)
  const pKnown = new Int8Array(points).fill(-1);
  const pu0 = new Float64Array(points); // current displacement at the point
  const pv0 = new Float64Array(points);
  const pEnergy = new Float64Array(points);
  const nodeCount = nodes * nodes;
  const nodeStart = new Int32Array(nodeCount + 1);
  const links: [number, number][] = []; // (node, point)
  const linkWeights: number[] = [];
  let p = 0;
  for (let my = 0; my < dim; my++)
    for (let mx = 0; mx < dim; mx++)
      for (let kind = 0; kind < 3; kind++, p++) {
        const u = kind === 0 ? mx : mx + 0.5;
        const v = kind === 1 ? my : my + 0.5;
        pu[p] = u;
        pv[p] = v;
        pSign[p] = kind === 2 ? -2 : 1;
        if (kind === 2) pKnown[p] = known[my * dim + mx]!;
        const gu = Math.min(nodes - 1 - 1e-9, u / spacing);
        const gv = Math.min(nodes - 1 - 1e-9, v / spacing);
        const i0 = gu | 0;
        const j0 = gv | 0;
        const fu = gu - i0;
        const fv = gv - j0;
        const k = j0 * nodes + i0;
        const ws = [(1 - fu) * (1 - fv), fu * (1 - fv), (1 - fu) * fv, fu * fv];
        const ks = [k, k + 1, k + nodes, k + nodes + 1];
        for (let c = 0; c < 4; c++) {
          if (ws[c]! <= 0) continue;
          links.push([ks[c]!, p]);
          linkWeights.push(ws[c]!);
          nodeStart[ks[c]! + 1]!++;
        }
      }
  for (let n = 0; n < nodeCount; n++) nodeStart[n + 1] = nodeStart[n + 1]! + nodeStart[n]!;
  const linkPoint = new Int32Array(links.length);
  const linkWeight = new Float64Array(links.length);
  const fill = nodeStart.slice(0, nodeCount);
  for (let l = 0; l < links.length; l++) {
    const [n, pt] = links[l]!;
    const at = fill[n]!++;
    linkPoint[at] = pt;
    linkWeight[at] = linkWeights[l]!;
  }
  const pointEnergy = (pt: number, su: number, sv: number): number => {
    project(base, (pu[pt]! + su) / dim, (pv[pt]! + sv) / dim);
    let e = (pSign[pt]! * gradAt(px, py)) / gradScale;
    const k = pKnown[pt]!;
    if (k >= 0) {
      const s = (lumAt(px, py) - mid) / contrast;
      e += PATTERN_WEIGHT * (k === 1 ? -s : s);
    }
    return e;
  };
  for (let pt = 0; pt < points; pt++) pEnergy[pt] = pointEnergy(pt, 0, 0);
  const smoothCost = (n: number, nu: number, nv: number): number => {
    const i = n % nodes;
    const j = (n / nodes) | 0;
    let c = 0;
    if (i > 0) c += (nu - du[n - 1]!) ** 2 + (nv - dv[n - 1]!) ** 2;
    if (i < nodes - 1) c += (nu - du[n + 1]!) ** 2 + (nv - dv[n + 1]!) ** 2;
    if (j > 0) c += (nu - du[n - nodes]!) ** 2 + (nv - dv[n - nodes]!) ** 2;
    if (j < nodes - 1) c += (nu - du[n + nodes]!) ** 2 + (nv - dv[n + nodes]!) ** 2;
    return SMOOTHNESS * c;
  };
  for (const step of FIT_STEPS) {
    for (let sweep = 0, moved = true; sweep < SWEEPS_PER_STEP && moved; sweep++) {
      moved = false;
      for (let n = 0; n < nodeCount; n++) {
        const from = nodeStart[n]!;
        const to = nodeStart[n + 1]!;
        const u0 = du[n]!;
        const v0 = dv[n]!;
        let current = 0;
        for (let l = from; l < to; l++) current += pEnergy[linkPoint[l]!]!;
        let best = current - smoothCost(n, u0, v0);
        let bu = u0;
        let bv = v0;
        for (const [su, sv] of STEP_DIRECTIONS) {
          const nu = u0 + su * step;
          const nv = v0 + sv * step;
          if (Math.hypot(nu, nv) > MAX_SHIFT) continue;
          let e = -smoothCost(n, nu, nv);
          for (let l = from; l < to; l++) {
            const pt = linkPoint[l]!;
            const wgt = linkWeight[l]!;
            e += pointEnergy(pt, pu0[pt]! + wgt * su * step, pv0[pt]! + wgt * sv * step);
          }
          if (e > best) {
            best = e;
            bu = nu;
            bv = nv;
          }
        }
        if (bu === u0 && bv === v0) continue;
        moved = true;
        du[n] = bu;
        dv[n] = bv;
        for (let l = from; l < to; l++) {
          const pt = linkPoint[l]!;
          const wgt = linkWeight[l]!;
          pu0[pt] = pu0[pt]! + wgt * (bu - u0);
          pv0[pt] = pv0[pt]! + wgt * (bv - v0);
          pEnergy[pt] = pointEnergy(pt, pu0[pt]!, pv0[pt]!);
        }
      }
    }
  }

  // Sample each module: the mean of 3×3 points over its inner half.
  const values = new Float64Array(dim * dim);
  for (let my = 0; my < dim; my++)
    for (let mx = 0; mx < dim; mx++) {
      let sum = 0;
      for (const oy of [0.3, 0.5, 0.7])
        for (const ox of [0.3, 0.5, 0.7]) {
          map(mx + ox, my + oy);
          sum += lumAt(px, py);
        }
      values[my * dim + mx] = sum / 9;
    }
  const out: Uint8Array[] = [];
  // Threshold rules: the middle of the finders' levels; the middle of the local light and dark
  // levels (7×7 modules), for light that falls off across the cloth.
  out.push(threshold(values, dim, known, () => mid));
  out.push(threshold(values, dim, known, (mx, my) => localMid(values, dim, mx, my, 3, contrast, mid)));
  return out;
}

const STEP_DIRECTIONS: readonly (readonly [number, number])[] = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
];

function threshold(
  values: Float64Array,
  dim: number,
  known: Int8Array,
  level: (mx: number, my: number) => number,
): Uint8Array {
  const bits = new Uint8Array(dim * dim);
  for (let my = 0; my < dim; my++)
    for (let mx = 0; mx < dim; mx++) {
      const i = my * dim + mx;
      const k = known[i]!;
      bits[i] = k >= 0 ? k : values[i]! < level(mx, my) ? 1 : 0;
    }
  return bits;
}

function localMid(
  values: Float64Array,
  dim: number,
  mx: number,
  my: number,
  r: number,
  contrast: number,
  fallback: number,
): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let y = Math.max(0, my - r); y <= Math.min(dim - 1, my + r); y++)
    for (let x = Math.max(0, mx - r); x <= Math.min(dim - 1, mx + r); x++) {
      const v = values[y * dim + x]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  return hi - lo > contrast * 0.4 ? (hi + lo) / 2 : fallback;
}

/**
 * The box of the plane around the symbol, lightly smoothed (3×3), and its gradient magnitude,
 * smoothed again (3×3) so a boundary pulls the grid from a pixel or two away. The gradient is
 * offset by 255 so that `bilinear`'s white outside the box reads as no gradient (`gradAt`
 * subtracts it).
 */
function gradientPlanes(
  luma: Uint8ClampedArray,
  stride: number,
  x0: number,
  y0: number,
  bw: number,
  bh: number,
): { grey: Float32Array; grad: Float32Array } {
  const box = new Float32Array(bw * bh);
  for (let y = 0; y < bh; y++)
    for (let x = 0; x < bw; x++) box[y * bw + x] = luma[(y0 + y) * stride + x0 + x]!;
  const grey = boxBlur(box, bw, bh, 1);
  const raw = new Float32Array(bw * bh);
  for (let y = 0; y < bh; y++)
    for (let x = 0; x < bw; x++) {
      const xl = Math.max(0, x - 1);
      const xr = Math.min(bw - 1, x + 1);
      const yu = Math.max(0, y - 1);
      const yd = Math.min(bh - 1, y + 1);
      const gx = grey[y * bw + xr]! - grey[y * bw + xl]!;
      const gy = grey[yd * bw + x]! - grey[yu * bw + x]!;
      raw[y * bw + x] = Math.hypot(gx, gy);
    }
  const grad = boxBlur(raw, bw, bh, 1);
  for (let i = 0; i < grad.length; i++) grad[i] = grad[i]! + 255;
  return { grey, grad };
}

/** Box blur of radius r (a (2r+1)² mean, edges clamped), separable. */
function boxBlur(src: Float32Array, bw: number, bh: number, r: number): Float32Array {
  const tmp = new Float32Array(bw * bh);
  const out = new Float32Array(bw * bh);
  const n = 2 * r + 1;
  for (let y = 0; y < bh; y++)
    for (let x = 0; x < bw; x++) {
      let sum = 0;
      for (let d = -r; d <= r; d++) sum += src[y * bw + Math.min(bw - 1, Math.max(0, x + d))]!;
      tmp[y * bw + x] = sum / n;
    }
  for (let y = 0; y < bh; y++)
    for (let x = 0; x < bw; x++) {
      let sum = 0;
      for (let d = -r; d <= r; d++) sum += tmp[Math.min(bh - 1, Math.max(0, y + d)) * bw + x]!;
      out[y * bw + x] = sum / n;
    }
  return out;
}

/** A module matrix drawn as a grey plane: `scale` px per module, a 4-module white quiet zone. */
export function renderModules(bits: Uint8Array, dim: number, scale = 4): GreyPlane {
  const quiet = 4;
  const size = (dim + 2 * quiet) * scale;
  const luma = new Uint8ClampedArray(size * size).fill(255);
  for (let my = 0; my < dim; my++)
    for (let mx = 0; mx < dim; mx++) {
      if (!bits[my * dim + mx]) continue;
      for (let y = 0; y < scale; y++) {
        const row = ((my + quiet) * scale + y) * size + (mx + quiet) * scale;
        luma.fill(0, row, row + scale);
      }
    }
  return { luma, width: size, height: size };
}
