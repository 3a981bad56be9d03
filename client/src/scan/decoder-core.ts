// The one barcode decoding pipeline of the app. It runs in the scan Web Worker (browser) and in
// Node (the decoding CLI, tests, benchmark), so it touches no DOM API beyond what both have and
// takes the ZXing-C++ .wasm location as a parameter: the worker passes the self-hosted asset URL,
// Node passes the bytes read from node_modules. Nothing here may fetch from a CDN.
import type { Reader } from '@zxing/library';
import {
  binarizers,
  characterSets,
  defaultReaderOptions,
  eanAddOnSymbols,
  encodeFormats,
  prepareZXingModule,
  type ReaderOptions,
  textModes,
  type ZXingReaderModule,
  type ZXingReaderOptions,
  type ZXingReadResult,
} from 'zxing-wasm/reader';
import {
  barSpan,
  estimateKeystone,
  fusedStrip,
  type LinearCandidate,
  locateLinearCodes,
  refineAngle,
  type StripOptions,
  sampleStrip,
  splitStacked,
} from './linear-locator.ts';
import { renderModules, sampleBentGrid } from './qr-grid.ts';
import { obliqueViews, resampleGrey } from './qr-oblique.ts';

/** Formats the scanner understands; names follow zxing-wasm (`ReadResult.format`). */
export type ScanFormat = 'Code128' | 'Code39' | 'QRCode' | 'DataMatrix' | 'EAN13';

/**
 * EDC serial stickers are Code 128, some vendors print QR or DataMatrix, older Verifone labels
 * Code 39. EAN-13 is left out on purpose: the retail code on a terminal's box would otherwise
 * be read instead of its serial.
 */
export const DEFAULT_FORMATS: readonly ScanFormat[] = ['Code128', 'Code39', 'QRCode', 'DataMatrix'];

export type DecoderName = 'barcode-detector' | 'zxing-wasm' | 'zxing-js';

/** ImageData-shaped RGBA pixels; a real ImageData satisfies it, so does a sharp raw buffer. */
export interface PixelFrame {
  // ArrayBuffer-backed (not shared) so it can be transferred to a worker and wrapped in ImageData.
  data: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
}

/**
 * An 8-bit luminance plane: what every zxing-wasm pass, the pure-JS reader and the linear
 * locator read. A frame is reduced to it once, for the crop only (see `cropLuminance`).
 */
export interface GreyFrame {
  luma: Uint8ClampedArray;
  width: number;
  height: number;
}

/** A region of a frame as fractions (0..1) of its width and height. */
export interface CropRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface DecodeResult {
  text: string;
  format: string;
}

export interface DecodeOutcome {
  result: DecodeResult | null;
  /** Crop + decode time of this frame, milliseconds. */
  ms: number;
  decoder: DecoderName;
  /** The rung of the ladder that read it (null when nothing was read). */
  stage: DecodeStage | null;
}

/** Where the ZXing-C++ reader .wasm comes from: a same-origin URL (browser) or its bytes (Node). */
export type WasmSource = { url: string } | { binary: ArrayBuffer };

export interface DecoderConfig {
  wasm: WasmSource;
  formats?: readonly ScanFormat[];
  /** Region decoded in every frame; null/undefined = the whole frame. */
  crop?: CropRect | null;
  /**
   * Force one decoder (benchmark, tests). Unset: BarcodeDetector when it exists and supports
   * every requested format, else zxing-wasm, else @zxing/library when the wasm cannot load.
   */
  backend?: DecoderName;
  /**
   * Whether a read is acceptable (default: every read). A rejected read counts as nothing found,
   * so the ladder goes on: a part-number barcode beside the serial, or a read that breaks the
   * serial rules (a misread), does not end the search. Must be fast and pure; the scanner view
   * checks the device table itself once two frames agree.
   */
  accept?: (read: DecodeResult) => boolean;
  /**
   * `full` (default): the app's ladder. `plain`: only the library's call with its default
   * options, the baseline the benchmark measures the ladder against.
   */
  ladder?: 'full' | 'plain';
  /**
   * Wall-clock budget (ms) for the rungs after the library's plain call, counted from the end of
   * that call: no further extra starts once it is spent, nor a further step of one already
   * running (a view, a symbol's bent-grid fit); the step under way finishes.
   * Default EXTRA_BUDGET_MS. The plain call itself is never skipped.
   */
  extraBudgetMs?: number;
}

export interface FrameDecoder {
  readonly name: DecoderName;
  readonly formats: readonly ScanFormat[];
  /** `crop` overrides the configured crop for this frame (the guide box follows orientation). */
  decode(frame: PixelFrame, crop?: CropRect | null): Promise<DecodeOutcome>;
}

/**
 * The guide box drawn over the camera preview, as a crop of the frame. Landscape frames get a
 * wide band (a serial sticker is wide), portrait frames a full-width band; both keep a margin
 * because nobody aims a phone precisely at a terminal's underside.
 */
export function guideBoxFor(width: number, height: number): CropRect {
  return width >= height
    ? { left: 0.15, top: 0.25, width: 0.7, height: 0.5 }
    : { left: 0.05, top: 0.3, width: 0.9, height: 0.4 };
}

/**
 * Options of the quick first pass (with tryHarder off) and the base of the others. tryRotate
 * off because the guide box is a horizontal band the technician lines the sticker up with (the
 * located strips read linear codes at any angle, the plain call tries turned frames); tryInvert
 * off because serial labels are dark-on-light; Plain text so GS1 Code 128 keeps its raw content.
 */
export function wasmReaderOptions(formats: readonly ScanFormat[]): ReaderOptions {
  return {
    formats: [...formats],
    tryHarder: true,
    tryRotate: false,
    tryInvert: false,
    tryDownscale: true,
    textMode: 'Plain',
    maxNumberOfSymbols: 1,
  };
}

/**
 * The library's plain call: zxing-wasm's default options (tryHarder, tryRotate, tryInvert,
 * tryDownscale, up to 255 symbols), only restricted to the wanted formats and with Plain text
 * (the ladder's text mode: what is read is the same, GS1 content is not reformatted).
 */
export function plainReaderOptions(formats: readonly ScanFormat[]): ReaderOptions {
  return { formats: [...formats], textMode: 'Plain' };
}

/**
 * A located strip is small and already upright, averaged and sharpened: the full linear reader
 * on every row, nothing turned, inverted or downscaled.
 */
function stripReaderOptions(formats: readonly ScanFormat[], symbols: number): ReaderOptions {
  return { ...wasmReaderOptions(formats), tryDownscale: false, maxNumberOfSymbols: symbols };
}

/**
 * Symbols each whole-frame pass may return, so a rejected read (the part-number barcode printed
 * beside the serial) does not hide the one that passes, and a symbol printed inside another
 * (a logo QR in the middle of a QR) is never returned instead of the one around it: ZXing with
 * `maxNumberOfSymbols: 1` stops at the first symbol its detector meets, which can be the inner
 * one (ZXing's qrcode-2/16, the issue-17 "misread"); asked for several it finds both and
 * `containersFirst` orders them.
 */
const CANDIDATE_SYMBOLS = 4;

/** Bar-like regions tried per frame, best first (the sticker's barcode is nearly always first). */
const LOCATED_CANDIDATES = 3;

/**
 * How each located region is cut out, in order. Rows stretched 2× across the bars give ZXing
 * sub-pixel edges below ~2 px per module, and the unsharp mask undoes focus blur that noise no
 * longer masks once 12 rows are averaged along the bars; the unstretched, lightly sharpened view
 * reads codes with wide modules that the strong mask overshoots (the 2× view alone misses a
 * ZXing sample the 1× view reads; docs/benchmarks.md).
 */
const STRIP_VIEWS: readonly Omit<StripOptions, 'span'>[] = [
  { scale: 2, rows: 12, sharpen: 2 },
  { scale: 1, rows: 12, sharpen: 1 },
];

/**
 * Motion blur across the bars undone on every fused band (box lengths in frame pixels; 0 = as
 * fused): the generated frames' motion blur runs 2–7 px, the bars 1.6–3.4 px wide.
 */
const FUSED_DEBLUR: readonly number[] = [0, 3, 5];

/**
 * Budget of the rungs after the plain call, from its end. The camera loop drops frames while
 * the worker is busy, so this bounds how long a hopeless frame holds the next one back.
 */
export const EXTRA_BUDGET_MS = 120;

/**
 * Frames up to this many pixels get the 2× upscaled 2D rung, which costs about 4× the plain
 * call: the app's guide box of a 1280x720 frame (0.32 MP) and small photos, not whole HD frames.
 */
const UPSCALE_MAX_PIXELS = 500_000;

/**
 * QR/DataMatrix rungs after the plain call (and after `highlightsQr`, which is outside their
 * budget). First, for QR, the bent grid (`bentGridQr`): it
 * costs one quick detector pass (~1–2 ms) unless ZXing found a QR it could not decode, the case
 * it is for, and the upscaled pass after it often uses up the whole budget on a guide-box crop.
 * Second, for the same reason, the oblique pass (`obliqueQr`, a QR seen steeply from the side):
 * two quick QR passes on the frame stretched 2× along x, then y. Then, in order of what they added on the tuning photos
 * (docs/benchmarks.md, "Decoding"): the frame upscaled 2× (bilinear) for small frames, where
 * modules of 2–4 px leave ZXing's sampling grid no sub-pixel room; the global-histogram
 * binarizer for codes under uneven light that the local one breaks up; ZXing's denoising
 * (morphological closing) for speckled prints.
 */
function twoDExtras(formats: readonly ScanFormat[], symbols: number): Extra[] {
  const base = { ...plainReaderOptions(formats), maxNumberOfSymbols: symbols };
  const plain = wasmSymbols(base);
  return [
    ...(formats.includes('QRCode')
      ? [
          { name: 'bent-grid', pass: bentGridQr },
          { name: 'oblique', pass: obliqueQr },
        ]
      : []),
    {
      name: 'upscaled',
      pass: (frame) =>
        frame.width * frame.height <= UPSCALE_MAX_PIXELS ? plain(upscaleGrey2x(frame)) : none(),
    },
    { name: 'global-histogram', pass: wasmSymbols({ ...base, binarizer: 'GlobalHistogram' }) },
    { name: 'denoise', pass: wasmSymbols({ ...base, tryDenoise: true }) },
  ];
}

/**
 * QR codes ZXing finds but cannot decode: its quick detector (nothing turned or inverted) with
 * `returnErrors` gives the corners and size of a QR whose format information it read but whose
 * Reed–Solomon check failed (a grid bent by cloth or a curled label); `qr-grid.ts` fits a bent
 * grid to each (at most `BENT_GRID_SYMBOLS`), samples it and draws the modules as a clean symbol,
 * which ZXing then decodes, so its error correction still validates the text. Costs one quick
 * 2D pass (~1–2 ms) on a frame with no such QR, ~10–40 ms per symbol fitted.
 */
async function bentGridQr(frame: GreyFrame, deadline: number): Promise<DecodeResult[]> {
  return readOrBend(frame, BENT_GRID_DETECT, deadline);
}

/**
 * A QR under specular glare: a sheen on a glossy label, film or glass lifts the dark modules it
 * covers to mid-grey and the light ones to white or beyond. ZXing's local binarizer (zxing-cpp
 * `HybridBinarizer`) thresholds each 8×8 block at the mean of the 5×5 blocks around it, and a
 * block whose levels span less than 24 takes its neighbours' threshold; next to a clipped patch
 * that threshold falls below the lifted dark modules, which come out white, so the finder
 * patterns are not found (boofcv-qr3: ZXing reports no symbol at all on most such frames) or the
 * symbol fails Reed–Solomon. The same plane through a convex curve (`expandHighlights`, a gamma:
 * slope `gamma` at white, below 1 in the shadows) raises that local mean towards the white level
 * (the mean of a convex curve is above the curve of the mean) and spreads the levels near white,
 * so lifted dark modules stay dark, while codes outside the glare stay dark on light. Each view
 * goes through ZXing's quick QR reader, so its Reed–Solomon decoding still validates every
 * text. Two curves, a gentle one (1.6) and a strong one (2.2): each reads frames the other
 * misses (docs/benchmarks.md, "Decoding", barcode17k).
 *
 * Then a QR in low light (the last of `TONE_VIEWS`): a code on paper in a dark room, the paper at 20–60 of
 * 255 and the ink a few levels above black, often beside a torch spot or lines of light. The
 * plain call finds no symbol there at all (boofcv-qr4: on 10 of the 13 unread low-light frames
 * that are not resolution-bound). The same plane through a concave curve (gamma 0.5, a square
 * root: slope ~2.8 at level 8, 1 at 64, 0.5 at white) spreads the dark levels apart and presses
 * a spot's bright levels together; ZXing's QR reader with tryHarder (every row for finder
 * patterns) then reads 11 of those 13 (docs/benchmarks.md, "Decoding", barcode17l). A linear
 * gain (×2, ×3, ×5) or the spot clipped away reads the dark frames without a spot but none of
 * those with one; the curve reads both. Last, so the glare views' reads are unchanged.
 *
 * Three QR passes and three lookups per pixel (~10–30 ms on a 1 MP frame), so it runs right
 * after the plain call, before the extras, and outside their budget: the extras keep all of it.
 * Its views are not handed to the bent grid: a fit there costs 10–40 ms a symbol and, placed
 * before the bent grid and the oblique pass, pushed their reads past the budget (barcode17k).
 */
async function highlightsQr(frame: GreyFrame): Promise<DecodeResult[]> {
  const size = frame.width * frame.height;
  // One buffer for every view of every frame (each view is read before the next is written, with
  // no await between): three fresh planes per unread frame would each fault in anew.
  if (!toneBuffer || toneBuffer.length < size) toneBuffer = new Uint8ClampedArray(size);
  const out = toneBuffer.subarray(0, size);
  for (const { gamma, options } of TONE_VIEWS) {
    const found = readPlane(expandHighlights(frame, gamma, out), options);
    const valid = containersFirst(found.filter((r) => r.isValid && r.text.length > 0));
    if (valid.length > 0) return valid.map((r) => ({ text: r.text, format: r.format }));
  }
  return [];
}

/**
 * The plane through the curve 255·(v/255)^gamma: gamma > 1 spreads the levels near white,
 * gamma < 1 those near black. Written into `into` when it has exactly the plane's size.
 */
export function expandHighlights(
  { luma, width, height }: GreyFrame,
  gamma: number,
  into?: Uint8ClampedArray,
): GreyFrame {
  const curve = new Uint8ClampedArray(256);
  for (let v = 0; v < 256; v++) curve[v] = 255 * (v / 255) ** gamma;
  const out = into && into.length === width * height ? into : new Uint8ClampedArray(width * height);
  for (let i = 0; i < out.length; i++) out[i] = curve[luma[i]!]!;
  return { luma: out, width, height };
}

/**
 * One ZXing QR pass with `returnErrors` (`options`): the symbols it decodes, else each QR it
 * detected but failed on the Reed–Solomon check (at most `BENT_GRID_SYMBOLS`) sampled on a bent
 * grid and redrawn for ZXing's quick QR reader. No fit starts once `deadline` (a
 * `performance.now()` time) has passed.
 */
async function readOrBend(
  frame: GreyFrame,
  options: ZXingReaderOptions,
  deadline = Number.POSITIVE_INFINITY,
): Promise<DecodeResult[]> {
  const found = readPlane(frame, options);
  const valid = containersFirst(found.filter((r) => r.isValid && r.text.length > 0));
  if (valid.length > 0) return valid.map((r) => ({ text: r.text, format: r.format }));
  return bendEach(frame, bendable(found), deadline);
}

/** The QRs a ZXing pass found but could not decode that the bent grid can take. */
function bendable(found: readonly ZXingReadResult[]): ZXingReadResult[] {
  return found.filter(
    (r) =>
      !r.isValid &&
      r.format === 'QRCode' &&
      r.error.startsWith('ChecksumError') &&
      r.symbol.width >= 21 &&
      r.symbol.width === r.symbol.height &&
      (r.symbol.width - 17) % 4 === 0,
  );
}

/**
 * The first `BENT_GRID_SYMBOLS` of `failed` each sampled on a bent grid and redrawn for ZXing's
 * quick QR reader; no fit starts once `deadline` has passed.
 */
async function bendEach(
  frame: GreyFrame,
  failed: readonly ZXingReadResult[],
  deadline: number,
): Promise<DecodeResult[]> {
  for (const miss of failed.slice(0, BENT_GRID_SYMBOLS)) {
    if (performance.now() >= deadline) break;
    const dim = miss.symbol.width;
    for (const modules of sampleBentGrid(frame, miss.position, dim)) {
      const reads = await wasmSymbols(BENT_GRID_READ)(renderModules(modules, dim));
      if (reads.length > 0) return reads;
    }
  }
  return [];
}

const BENT_GRID_SYMBOLS = 2;

const BENT_GRID_OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: false,
  tryRotate: false,
  tryInvert: false,
  textMode: 'Plain',
  returnErrors: true,
  maxNumberOfSymbols: CANDIDATE_SYMBOLS,
};
const BENT_GRID_DETECT = zxingOptions(BENT_GRID_OPTIONS);

/**
 * ZXing's QR reader with tryHarder (every row searched for finder patterns), nothing turned or
 * inverted: on the dark view it reads a frame the quick reader misses (boofcv-qr4
 * bright_spots-image015) for about the same time.
 */
const SHADOW_READ = zxingOptions({
  formats: ['QRCode'],
  tryHarder: true,
  tryRotate: false,
  tryInvert: false,
  textMode: 'Plain',
  maxNumberOfSymbols: CANDIDATE_SYMBOLS,
});

/** The views' plane, kept across frames (see `highlightsQr`). */
let toneBuffer: Uint8ClampedArray | null = null;

/** `highlightsQr`'s views in order: the gamma of each curve and the QR pass that reads it. */
const TONE_VIEWS: readonly { gamma: number; options: ZXingReaderOptions }[] = [
  { gamma: 1.6, options: BENT_GRID_DETECT },
  { gamma: 2.2, options: BENT_GRID_DETECT },
  { gamma: 0.5, options: SHADOW_READ },
];

/** The redrawn symbol is clean and upright: ZXing's quick QR reader, one symbol. */
const BENT_GRID_READ: ReaderOptions = { ...BENT_GRID_OPTIONS, returnErrors: false, maxNumberOfSymbols: 1 };

/**
 * QR codes seen steeply from the side (`qr-oblique.ts`): the plane stretched 2× along x, then
 * along y, each read by ZXing's quick QR reader, so that finder patterns foreshortened to a third
 * of their height are square enough for its detector again. Costs two quick QR passes on a plane
 * twice the size (~5–15 ms on a 1 MP frame) when nothing is found.
 */
async function obliqueQr(frame: GreyFrame, deadline: number): Promise<DecodeResult[]> {
  for (const view of obliqueViews(frame)) {
    if (performance.now() >= deadline) break;
    const reads = await readOrBend(resampleGrey(frame, view.width, view.height), OBLIQUE_DETECT, deadline);
    if (reads.length > 0) return reads;
  }
  return [];
}

/**
 * ZXing's quick QR reader with `returnErrors`, so that a stretched symbol it finds but cannot
 * decode goes to the bent grid (nothing turned, inverted or downscaled: the plane is resampled
 * already).
 */
const OBLIQUE_DETECT = zxingOptions({ ...BENT_GRID_OPTIONS, tryDownscale: false });

interface Extra {
  name: string;
  /** `deadline`: the `performance.now()` time after which a pass of several steps starts no more. */
  pass: (frame: GreyFrame, deadline: number) => Promise<DecodeResult[]>;
}

async function none(): Promise<DecodeResult[]> {
  return [];
}

/** Bilinear 2× upscale of a luminance plane (pixel centres preserved). */
export function upscaleGrey2x({ luma, width: w, height: h }: GreyFrame): GreyFrame {
  const ow = w * 2;
  const oh = h * 2;
  const out = new Uint8ClampedArray(ow * oh);
  for (let y = 0; y < oh; y++) {
    const sy = Math.min(h - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
    const y0 = Math.min(h - 2, sy | 0);
    const fy = h > 1 ? sy - y0 : 0;
    const r0 = Math.max(0, y0) * w;
    const r1 = Math.min(h - 1, y0 + 1) * w;
    for (let x = 0; x < ow; x++) {
      const sx = Math.min(w - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
      const x0 = Math.min(w - 2, sx | 0);
      const fx = w > 1 ? sx - x0 : 0;
      const a = Math.max(0, x0);
      const b = Math.min(w - 1, x0 + 1);
      const top = luma[r0 + a]! + (luma[r0 + b]! - luma[r0 + a]!) * fx;
      const bottom = luma[r1 + a]! + (luma[r1 + b]! - luma[r1 + a]!) * fx;
      out[y * ow + x] = (top + (bottom - top) * fy + 0.5) | 0;
    }
  }
  return { luma: out, width: ow, height: oh };
}

function isLinear(format: ScanFormat): boolean {
  return format === 'Code128' || format === 'Code39' || format === 'EAN13';
}

/** Grey pixel g as a little-endian RGBA word: A=255, B=G=R=g. */
function greyWord(g: number): number {
  return (0xff000000 | (g << 16) | (g << 8) | g) >>> 0;
}

/** 8-bit luminance plane → grey RGBA frame (what every decoder takes). */
export function lumaToFrame(luma: Uint8ClampedArray, width: number, height: number): PixelFrame {
  const out = new Uint8ClampedArray(width * height * 4);
  const out32 = new Uint32Array(out.buffer);
  for (let i = 0; i < luma.length; i++) out32[i] = greyWord(luma[i]!);
  return { data: out, width, height };
}

/**
 * Rotates a frame about its centre (bilinear, on luminance, output grey RGBA of the same size;
 * uncovered corners white). Grey is enough: every decoder reduces to luminance anyway.
 */
export function rotateFrame(frame: PixelFrame, degrees: number): PixelFrame {
  const { width: w, height: h } = frame;
  const luma = toLuminance(frame);
  const out = new Uint8ClampedArray(w * h);
  const rad = (degrees * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Inverse mapping: the source pixel that lands on (x, y).
      const sx = (x - cx) * cos + (y - cy) * sin + cx;
      const sy = -(x - cx) * sin + (y - cy) * cos + cy;
      let g = 255;
      if (sx >= 0 && sy >= 0 && sx <= w - 1 && sy <= h - 1) {
        const x0 = sx | 0;
        const y0 = sy | 0;
        const fx = sx - x0;
        const fy = sy - y0;
        const i = y0 * w + x0;
        const right = x0 < w - 1 ? 1 : 0;
        const down = y0 < h - 1 ? w : 0;
        const top = luma[i]! + (luma[i + right]! - luma[i]!) * fx;
        const bottom = luma[i + down]! + (luma[i + down + right]! - luma[i + down]!) * fx;
        g = (top + (bottom - top) * fy + 0.5) | 0;
      }
      out[y * w + x] = g;
    }
  }
  return lumaToFrame(out, w, h);
}

/** A crop as whole pixels of a width×height frame: pixel-aligned, clamped to the frame. */
export function cropPixels(
  width: number,
  height: number,
  rect: CropRect | null | undefined,
): { x0: number; y0: number; w: number; h: number } {
  if (!rect) return { x0: 0, y0: 0, w: width, h: height };
  const x0 = clamp(Math.floor(rect.left * width), 0, width - 1);
  const y0 = clamp(Math.floor(rect.top * height), 0, height - 1);
  const w = clamp(Math.round(rect.width * width), 1, width - x0);
  const h = clamp(Math.round(rect.height * height), 1, height - y0);
  return { x0, y0, w, h };
}

/** Copies the crop region out of a frame (pixel-aligned, clamped to the frame). */
export function cropFrame(frame: PixelFrame, rect: CropRect | null | undefined): PixelFrame {
  if (!rect) return frame;
  const { x0, y0, w, h } = cropPixels(frame.width, frame.height, rect);
  if (x0 === 0 && y0 === 0 && w === frame.width && h === frame.height) return frame;
  const out = new Uint8ClampedArray(w * h * 4);
  const rowBytes = w * 4;
  for (let y = 0; y < h; y++) {
    const src = ((y0 + y) * frame.width + x0) * 4;
    out.set(frame.data.subarray(src, src + rowBytes), y * rowBytes);
  }
  return { data: out, width: w, height: h };
}

/**
 * The crop region's luminance, straight from the RGBA frame (one pass, no RGBA copy), with
 * zxing-wasm's own integer weights (`toLuminance`), into `out` when it is large enough. A frame
 * is reduced to this once; every pass then reads the same plane.
 */
export function cropLuminance(
  frame: PixelFrame,
  rect: CropRect | null | undefined,
  out?: Uint8ClampedArray,
): GreyFrame {
  const { x0, y0, w, h } = cropPixels(frame.width, frame.height, rect);
  const luma = out && out.length >= w * h ? out.subarray(0, w * h) : new Uint8ClampedArray(w * h);
  const d = frame.data;
  for (let y = 0; y < h; y++) {
    let p = ((y0 + y) * frame.width + x0) * 4;
    const o = y * w;
    for (let x = 0; x < w; x++, p += 4) {
      luma[o + x] = (306 * d[p]! + 601 * d[p + 1]! + 117 * d[p + 2]! + 512) >> 10;
    }
  }
  return { luma, width: w, height: h };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Which rung of the ladder produced a read (benchmark statistics, tests). */
/** `fused`: a located region read from its fused strips (perspective, shadow, glare). */
/** `rows`: ZXing's linear reader on every row of the frame as it is (tryHarder). */
export type DecodeStage = 'quick' | 'rows' | 'located' | 'fused' | 'plain' | 'extra';

/** The symbols one pass found, best first (already filtered to valid, non-empty reads). */
type SymbolsFn = (frame: GreyFrame) => Promise<DecodeResult[]>;

export async function createDecoder(config: DecoderConfig): Promise<FrameDecoder> {
  const formats = config.formats && config.formats.length > 0 ? config.formats : DEFAULT_FORMATS;
  const backend = config.backend ?? (await pickBackend(formats, config.wasm));
  const accept = config.accept ?? (() => true);
  const ladder = config.ladder ?? 'full';
  const extraBudgetMs = config.extraBudgetMs ?? EXTRA_BUDGET_MS;
  const linearFormats = formats.filter(isLinear);
  const twoDFormats = formats.filter((f) => !isLinear(f));
  // The rungs, cheapest first. `plain` is the library's own call with its default options: it
  // always runs when the rungs before it found nothing acceptable, whatever the clock says, so
  // the ladder never reads less than the library alone would on the same frame.
  const quick: SymbolsFn[] = [];
  let rows: SymbolsFn | null = null;
  // The platform detector takes the RGBA crop as it is (its own grey conversion); every other
  // rung reads the crop's luminance plane.
  let native: Awaited<ReturnType<typeof nativeDecoder>> | null = null;
  let plain: SymbolsFn = none;
  // QR under glare (`highlightsQr`): after the plain call, before the extras and their budget.
  let glare: SymbolsFn | null = null;
  let strip: SymbolsFn | null = null;
  // The fused strips again, thresholded at their middle grey (see readLocated).
  let fusedFixed: SymbolsFn | null = null;
  // The pure-JS fallback has no cheap first pass: its plain call is that pass, and its strips
  // (each a full JS decode) come after it.
  let stripsFirst = true;
  const extras: Extra[] = [];
  switch (backend) {
    case 'barcode-detector':
      native = await nativeDecoder(formats);
      break;
    case 'zxing-wasm': {
      await loadWasm(config.wasm);
      plain = wasmSymbols(plainReaderOptions(formats));
      if (ladder === 'plain') break;
      // ZXing-C++ runs its linear reader first in normal mode and last under tryHarder: a normal,
      // unrotated pass reads most frames of any format in a few ms. It is split in two: the
      // linear reader alone costs a quarter of the whole (its sparse rows need no binarized
      // matrix; ~0.4 against ~1.6 ms on a sticker crop, docs/benchmarks.md, barcode17g) and reads
      // every serial sticker the whole pass reads, so a Code 128 sticker no longer waits for the
      // QR and DataMatrix detectors; those come right after it, for 0.2 ms more on a 2D sticker.
      // ZXing orders its readers the same way (linear first), so the reads do not change.
      const quickOptions = {
        ...wasmReaderOptions(formats),
        tryHarder: false,
        maxNumberOfSymbols: CANDIDATE_SYMBOLS,
      };
      if (linearFormats.length > 0) {
        const linear = { ...quickOptions, formats: [...linearFormats] };
        quick.push(
          firstAccepted(wasmSymbols({ ...linear, maxNumberOfSymbols: 1 }), wasmSymbols(linear), accept),
        );
      }
      if (twoDFormats.length > 0) quick.push(wasmSymbols({ ...quickOptions, formats: [...twoDFormats] }));
      if (linearFormats.length > 0) {
        // The linear reader alone with tryHarder: every row of the frame as it is, no QR or
        // DataMatrix detector, 1–6 ms. It reads codes tilted a little or blurred that the quick
        // pass's sparse rows miss, before the locator's few ms a region (docs/benchmarks.md).
        rows = wasmSymbols({ ...wasmReaderOptions(linearFormats), maxNumberOfSymbols: CANDIDATE_SYMBOLS });
        strip = wasmSymbols(stripReaderOptions(linearFormats, CANDIDATE_SYMBOLS));
        fusedFixed = wasmSymbols({
          ...stripReaderOptions(linearFormats, CANDIDATE_SYMBOLS),
          binarizer: 'FixedThreshold',
        });
      }
      if (twoDFormats.length > 0) {
        // After the plain call: what its defaults leave out for QR and DataMatrix, costliest last.
        extras.push(...twoDExtras(twoDFormats, CANDIDATE_SYMBOLS));
        if (twoDFormats.includes('QRCode')) glare = highlightsQr;
      }
      break;
    }
    case 'zxing-js':
      plain = await zxingJsDecoder(formats);
      if (ladder !== 'plain' && linearFormats.length > 0) strip = await zxingJsDecoder(linearFormats);
      stripsFirst = false;
      break;
  }
  const pick = (reads: DecodeResult[]) => reads.find(accept) ?? null;
  // The crop's luminance plane is written into a buffer kept across frames: a fresh one per
  // frame costs its page faults every time (docs/benchmarks.md, "Decoding", barcode17f). A
  // decode that starts while another holds it gets a buffer of its own.
  let planeBuffer: Uint8ClampedArray | null = null;
  const climb = async (
    region: GreyFrame,
    done: (result: DecodeResult | null, stage: DecodeStage | null) => DecodeOutcome,
  ): Promise<DecodeOutcome> => {
    for (const pass of quick) {
      const read = pick(await pass(region));
      if (read) return done(read, 'quick');
    }
    if (rows) {
      const read = pick(await rows(region));
      if (read) return done(read, 'rows');
    }
    // Linear codes: find the bars (any angle, any size in the frame), cut them out upright,
    // averaged along the bars and sharpened across them. A fixed amount of work (a few ms
    // with zxing-wasm), so it runs before the plain call, which costs 30–120 ms on a whole
    // frame that misses.
    if (strip && stripsFirst) {
      const located = await readLocated(region, strip, pick, fusedFixed);
      if (located) return done(located.read, located.stage);
    }
    const read = pick(await plain(region));
    if (read) return done(read, 'plain');
    if (strip && !stripsFirst) {
      const located = await readLocated(region, strip, pick, fusedFixed);
      if (located) return done(located.read, located.stage);
    }
    if (glare) {
      const read = pick(await glare(region));
      if (read) return done(read, 'extra');
    }
    const deadline = performance.now() + extraBudgetMs;
    for (const { pass } of extras) {
      if (performance.now() >= deadline) break;
      const extra = pick(await pass(region, deadline));
      if (extra) return done(extra, 'extra');
    }
    return done(null, null);
  };
  return {
    name: backend,
    formats,
    async decode(frame, crop) {
      const t0 = performance.now();
      const rect = crop === undefined ? config.crop : crop;
      const done = (result: DecodeResult | null, stage: DecodeStage | null): DecodeOutcome => ({
        result,
        ms: performance.now() - t0,
        decoder: backend,
        stage: result ? stage : null,
      });
      if (native) return done(pick(await native(cropFrame(frame, rect))), 'plain');
      // Room for any crop of a frame this size, so that a crop larger than the last writes into
      // the pages of the kept buffer rather than a fresh crop-sized one that faults in whole (on
      // the tuning stickers, 4–18 ms on each crop larger than all before it; barcode17j).
      const kept = planeBuffer;
      planeBuffer = null;
      const buffer =
        kept && kept.length >= frame.width * frame.height
          ? kept
          : new Uint8ClampedArray(frame.width * frame.height);
      const region = cropLuminance(frame, rect, buffer);
      try {
        return await climb(region, done);
      } finally {
        planeBuffer = kept && kept.length > buffer.length ? kept : buffer;
      }
    },
  };
}

/**
 * A linear pass asked for one symbol first (`one`), for several (`several`, same options
 * otherwise) only when that one is refused. Without tryHarder, ZXing's linear reader scans the
 * same rows whatever the count; asked for one, it stops at the first symbol it has read twice,
 * where asked for several it scans the remaining rows and then the frame downscaled 3× for more
 * (~0.35 ms of a ~0.5 ms pass on a sticker crop, docs/benchmarks.md, barcode17j). So a frame
 * whose first symbol is accepted gets the symbol the several-symbol pass would have put first, a
 * frame where nothing is found has had the same scan, and a refused first symbol (a part-number
 * code beside the serial) costs one pass more.
 */
function firstAccepted(
  one: SymbolsFn,
  several: SymbolsFn,
  accept: (read: DecodeResult) => boolean,
): SymbolsFn {
  return async (frame) => {
    const reads = await one(frame);
    return reads.length === 0 || reads.some(accept) ? reads : several(frame);
  };
}

/** Reads the bar-like regions the locator finds, best first; see linear-locator.ts. */
async function readLocated(
  region: GreyFrame,
  read: SymbolsFn,
  pick: (reads: DecodeResult[]) => DecodeResult | null,
  readFixed: SymbolsFn | null,
): Promise<{ read: DecodeResult; stage: 'located' | 'fused' } | null> {
  const { luma, width, height } = region;
  // Each region's angle is refined only when its turn comes: most frames read on the first.
  const located = locateLinearCodes(luma, width, height, {
    maxCandidates: LOCATED_CANDIDATES,
    refine: false,
  });
  // A region holding a part-number code above the serial is followed by each code on its own,
  // worked out only once the region's own strips missed (most frames never need it).
  const candidates: LinearCandidate[] = [];
  for (const rough of located) {
    const found = refineAngle(luma, width, height, rough);
    const group = [found];
    for (let k = 0; k < group.length; k++) {
      const candidate = group[k]!;
      candidates.push(candidate);
      const span = barSpan(luma, width, height, candidate);
      for (const view of STRIP_VIEWS) {
        const strip = sampleStrip(luma, width, height, candidate, { ...view, span });
        const result = pick(await read(strip));
        if (result) return { read: result, stage: 'located' };
      }
      if (k === 0) group.push(...splitStacked(luma, width, height, found));
    }
  }
  // The same regions again as fused strips (linear-locator.ts): bars that converge (a sticker
  // seen from the side), shadows, glare or a finger over part of the bars, a part-number code
  // above the serial. Costlier (a few ms a region), so only after the plain strips missed. The
  // rows run along the region's long axis and, when that leans against the bars, also straight
  // across them: two codes stacked with their left ends aligned tilt the region's axis.
  for (const candidate of candidates) {
    const axes =
      candidate.axis === candidate.angle ? [candidate] : [candidate, { ...candidate, axis: candidate.angle }];
    for (const c of axes) {
      const keystone = estimateKeystone(luma, width, height, c);
      const strip = fusedStrip(luma, width, height, c, { scale: 2, keystone, deblur: FUSED_DEBLUR });
      if (strip.height === 0) continue;
      const result = pick(await read(strip));
      if (result) return { read: result, stage: 'fused' };
      // Fused rows are already normalized to their local black and white, so their middle grey
      // is the threshold; ZXing's own for a strip this short (a histogram per row, after a
      // sharpening filter) splits blurred narrow bars that this keeps.
      const fixed = readFixed ? pick(await readFixed(strip)) : null;
      if (fixed) return { read: fixed, stage: 'fused' };
    }
  }
  return null;
}

async function pickBackend(formats: readonly ScanFormat[], wasm: WasmSource): Promise<DecoderName> {
  if (await nativeSupports(formats)) return 'barcode-detector';
  try {
    await loadWasm(wasm);
    return 'zxing-wasm';
  } catch {
    // A failed .wasm fetch/compile (old WebView, corrupted cache) must not leave the technician
    // without a scanner: the pure-JS ZXing port is slower but always works.
    return 'zxing-js';
  }
}

// --- zxing-wasm -------------------------------------------------------------------------------

let wasmReady: Promise<unknown> | null = null;

/** Instantiates the ZXing-C++ reader once per realm, from the given (self-hosted) source. */
export function loadWasm(source: WasmSource): Promise<unknown> {
  if (!wasmReady) {
    const overrides =
      'binary' in source
        ? { wasmBinary: source.binary }
        : {
            // zxing-wasm defaults to a jsDelivr URL; the app must work offline, so every .wasm
            // request is answered with the precached same-origin asset.
            locateFile: (path: string, prefix: string) =>
              path.endsWith('.wasm') ? source.url : prefix + path,
          };
    wasmReady = prepareZXingModule({ overrides, fireImmediately: true }).then(
      (module) => {
        zxing = module as unknown as ReaderModule;
        return module;
      },
      (err: unknown) => {
        wasmReady = null;
        throw err;
      },
    );
  }
  return wasmReady;
}

function wasmSymbols(options: ReaderOptions): SymbolsFn {
  const native = zxingOptions(options);
  return async (frame) =>
    containersFirst(readPlane(frame, native).filter((r) => r.isValid && r.text.length > 0)).map((r) => ({
      text: r.text,
      format: r.format,
    }));
}

/**
 * zxing-wasm's reader module once `loadWasm` has instantiated it, with the Emscripten heap calls
 * its own `readBarcodes` uses (typed here: the package's Emscripten types are not installed).
 */
type ReaderModule = Pick<ZXingReaderModule, 'readBarcodesFromPixmap'> & {
  _malloc(size: number): number;
  _free(pointer: number): void;
  HEAPU8: Uint8Array;
};
let zxing: ReaderModule | null = null;

/**
 * Reader options as zxing-wasm's C++ side takes them: its own conversion (share.ts, `readBarcodes`),
 * done once per pass instead of on every call.
 */
function zxingOptions(options: ReaderOptions): ZXingReaderOptions {
  const all = { ...defaultReaderOptions, ...options };
  return {
    ...all,
    formats: encodeFormats(all.formats),
    binarizer: binarizers.indexOf(all.binarizer),
    eanAddOnSymbol: eanAddOnSymbols.indexOf(all.eanAddOnSymbol),
    textMode: textModes.indexOf(all.textMode),
    characterSet: characterSets.indexOf(all.characterSet),
  };
}

/**
 * One ZXing pass over a luminance plane: the plane is copied into a block of the wasm heap that is
 * kept across passes and frames (grown when a larger plane comes) and read in place as a grey
 * pixmap. zxing-wasm's `readBarcodes` would take it either as RGBA, turning it into grey again in
 * JS into a fresh array on every call, or as an image file, which it parses into a fresh heap
 * block (the PGM route this replaces: two more copies of the plane a pass). Synchronous, so two
 * decoders in one realm never share the block mid-call.
 */
function readPlane({ luma, width, height }: GreyFrame, options: ZXingReaderOptions): ZXingReadResult[] {
  const module = zxing;
  if (!module) throw new Error('zxing-wasm read before loadWasm');
  const size = width * height;
  if (heapPlaneSize < size) {
    // Grown in large steps: heap pages are faulted in when first written, so room to spare costs
    // nothing until used, while every new block would be written (and faulted) from its start.
    const capacity = Math.max(size, 2 * heapPlaneSize, HEAP_PLANE_MIN);
    if (heapPlane) module._free(heapPlane);
    heapPlaneSize = 0;
    heapPlane = module._malloc(capacity);
    if (!heapPlane) throw new Error(`zxing-wasm: cannot allocate ${capacity} bytes`);
    heapPlaneSize = capacity;
  }
  // After _malloc: a grown heap replaces HEAPU8.
  module.HEAPU8.set(luma.length === size ? luma : luma.subarray(0, size), heapPlane);
  const found = module.readBarcodesFromPixmap(heapPlane, width, height, options);
  try {
    const results: ZXingReadResult[] = [];
    for (let i = 0; i < found.size(); i++) {
      const r = found.get(i);
      if (r) results.push(r);
    }
    return results;
  } finally {
    // An embind vector lives in the wasm heap until deleted (or collected, much later).
    (found as { delete?: () => void }).delete?.();
  }
}

let heapPlane = 0;
let heapPlaneSize = 0;
/** A whole 1280×720 plane. */
const HEAP_PLANE_MIN = 1 << 20;

/** A symbol's corners in frame pixels, as ZXing reports them (`ReadResult.position`). */
export interface SymbolQuad {
  topLeft: { x: number; y: number };
  topRight: { x: number; y: number };
  bottomRight: { x: number; y: number };
  bottomLeft: { x: number; y: number };
}

/**
 * Orders reads so that a symbol lying inside a larger one comes after it (the rest keep ZXing's
 * order). Both are valid symbols, so no checksum or error-correction level tells them apart;
 * but a code drawn inside another code is part of that code's picture (a "double QR", a logo),
 * and the one the camera is aimed at is the one around it. Side-by-side symbols are untouched:
 * which of those is wanted is the `accept` check's business (serial rules).
 */
export function containersFirst<T extends { position: SymbolQuad }>(reads: readonly T[]): T[] {
  if (reads.length < 2) return [...reads];
  const nested = reads.map((inner) => {
    const centre = quadCentre(inner.position);
    const area = quadArea(inner.position);
    return reads.some(
      (outer) => outer !== inner && quadArea(outer.position) > area && insideQuad(centre, outer.position),
    );
  });
  return [...reads.filter((_, i) => !nested[i]), ...reads.filter((_, i) => nested[i])];
}

function corners(q: SymbolQuad): { x: number; y: number }[] {
  return [q.topLeft, q.topRight, q.bottomRight, q.bottomLeft];
}

function quadCentre(q: SymbolQuad): { x: number; y: number } {
  const c = corners(q);
  return { x: c.reduce((s, p) => s + p.x, 0) / 4, y: c.reduce((s, p) => s + p.y, 0) / 4 };
}

/** Shoelace formula; the absolute value, since a mirrored symbol winds the other way. */
function quadArea(q: SymbolQuad): number {
  const c = corners(q);
  let twice = 0;
  for (let i = 0; i < 4; i++) {
    const a = c[i]!;
    const b = c[(i + 1) % 4]!;
    twice += a.x * b.y - b.x * a.y;
  }
  return Math.abs(twice) / 2;
}

/** Point in a convex quad: on the same side of all four edges (either winding). */
function insideQuad(p: { x: number; y: number }, q: SymbolQuad): boolean {
  const c = corners(q);
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const a = c[i]!;
    const b = c[(i + 1) % 4]!;
    const cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    if (cross === 0) continue;
    const s = Math.sign(cross);
    if (sign !== 0 && s !== sign) return false;
    sign = s;
  }
  return true;
}

// --- BarcodeDetector (Shape Detection API; not in TypeScript's DOM lib yet) ---------------------

interface NativeDetectedBarcode {
  rawValue: string;
  format: string;
}
interface NativeBarcodeDetector {
  detect(source: ImageData): Promise<NativeDetectedBarcode[]>;
}
interface NativeBarcodeDetectorClass {
  new (options: { formats: string[] }): NativeBarcodeDetector;
  getSupportedFormats(): Promise<string[]>;
}

const NATIVE_NAMES: Record<ScanFormat, string> = {
  Code128: 'code_128',
  Code39: 'code_39',
  QRCode: 'qr_code',
  DataMatrix: 'data_matrix',
  EAN13: 'ean_13',
};

function nativeClass(): NativeBarcodeDetectorClass | null {
  const candidate: unknown = Reflect.get(globalThis, 'BarcodeDetector');
  return typeof candidate === 'function' ? (candidate as NativeBarcodeDetectorClass) : null;
}

/** True when the platform detector exists and reports every requested format. */
export async function nativeSupports(formats: readonly ScanFormat[]): Promise<boolean> {
  const Detector = nativeClass();
  if (!Detector) return false;
  try {
    const supported = new Set(await Detector.getSupportedFormats());
    return formats.every((f) => supported.has(NATIVE_NAMES[f]));
  } catch {
    return false;
  }
}

async function nativeDecoder(
  formats: readonly ScanFormat[],
): Promise<(frame: PixelFrame) => Promise<DecodeResult[]>> {
  const Detector = nativeClass();
  if (!Detector) throw new Error('BarcodeDetector is not available');
  const detector = new Detector({ formats: formats.map((f) => NATIVE_NAMES[f]) });
  const fromNative = new Map(Object.entries(NATIVE_NAMES).map(([ours, theirs]) => [theirs, ours]));
  return async (frame) => {
    const image = new ImageData(frame.data, frame.width, frame.height);
    const hits = await detector.detect(image);
    return hits
      .filter((hit) => hit.rawValue.length > 0)
      .map((hit) => ({ text: hit.rawValue, format: fromNative.get(hit.format) ?? hit.format }));
  };
}

// --- @zxing/library (pure JS fallback, loaded only when needed) --------------------------------

async function zxingJsDecoder(formats: readonly ScanFormat[]): Promise<SymbolsFn> {
  const zx = await import('@zxing/library');
  const byName: Record<ScanFormat, number> = {
    Code128: zx.BarcodeFormat.CODE_128,
    Code39: zx.BarcodeFormat.CODE_39,
    QRCode: zx.BarcodeFormat.QR_CODE,
    DataMatrix: zx.BarcodeFormat.DATA_MATRIX,
    EAN13: zx.BarcodeFormat.EAN_13,
  };
  const toName = new Map<number, string>(Object.entries(byName).map(([name, id]) => [id, name]));
  const hints = new Map<number, unknown>([
    [zx.DecodeHintType.POSSIBLE_FORMATS, formats.map((f) => byName[f])],
    [zx.DecodeHintType.TRY_HARDER, true],
  ]);
  // One reader per family instead of MultiFormatReader: the latter console.warns on every frame
  // without a symbol (its instanceof check misfires on the library's own exceptions).
  const wanted = new Set(formats);
  const readers: Reader[] = [];
  if (wanted.has('Code128') || wanted.has('Code39') || wanted.has('EAN13')) {
    readers.push(new zx.MultiFormatOneDReader(hints));
  }
  if (wanted.has('QRCode')) readers.push(new zx.QRCodeReader());
  if (wanted.has('DataMatrix')) readers.push(new zx.DataMatrixReader());
  return async (frame) => {
    const bitmap = new zx.BinaryBitmap(
      new zx.HybridBinarizer(new zx.RGBLuminanceSource(frame.luma, frame.width, frame.height)),
    );
    for (const reader of readers) {
      try {
        const result = reader.decode(bitmap, hints);
        const format = result.getBarcodeFormat();
        return [{ text: result.getText(), format: toName.get(format) ?? String(format) }];
      } catch (err) {
        // The JS port signals "nothing found" (and checksum/format failures) by throwing.
        if (!(err instanceof zx.Exception)) throw err;
      } finally {
        reader.reset();
      }
    }
    return [];
  };
}

/** RGBA → 8-bit luma with the same integer weights zxing-wasm uses. */
export function toLuminance(frame: PixelFrame): Uint8ClampedArray {
  const n = frame.width * frame.height;
  const out = new Uint8ClampedArray(n);
  const d = frame.data;
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    out[i] = (306 * d[p]! + 601 * d[p + 1]! + 117 * d[p + 2]! + 512) >> 10;
  }
  return out;
}
