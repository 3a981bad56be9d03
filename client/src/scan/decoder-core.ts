// The one barcode decoding pipeline of the app. It runs in the scan Web Worker (browser) and in
// Node (the decoding CLI, tests, benchmark), so it touches no DOM API beyond what both have and
// takes the ZXing-C++ .wasm location as a parameter: the worker passes the self-hosted asset URL,
// Node passes the bytes read from node_modules. Nothing here may fetch from a CDN.
import type { Reader } from '@zxing/library';
import { prepareZXingModule, type ReaderOptions, readBarcodes } from 'zxing-wasm/reader';

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
   * Tilts retried after a miss (linear formats only); default LINEAR_RETRY_ANGLES. [] = no
   * retries at all (neither tilts nor the 90° and stretched passes).
   */
  retryAngles?: readonly number[];
  /**
   * Wall-clock budget (ms, from the start of the frame) after which no further low-resolution
   * retry pass is started; default RETRY_BUDGET_MS. A pass already running finishes, so a frame
   * can overrun the budget by one pass.
   */
  retryBudgetMs?: number;
}

type DecodeFn = (frame: PixelFrame) => Promise<DecodeResult | null>;

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
 * Reader options shared by the app and the CLI. tryHarder because labels are small and worn
 * (createDecoder tries a cheaper tryHarder: false pass first and these only after a miss);
 * tryRotate off because the guide box is a horizontal band the technician lines the sticker up
 * with (a linear code turned 90° gets one extra pass after the tilt retries, see createDecoder;
 * 2D symbols read at any angle anyway); tryInvert off because serial labels are dark-on-light
 * and it doubles the work per frame; Plain text so GS1 Code 128 keeps its raw content.
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
 * Tilts (degrees) tried after a miss when a linear format is wanted; see createDecoder. 0 comes
 * first: the first pass already read the frame as it is, but the retries also average along the
 * bars (see BAR_SMOOTHING_RADIUS), which alone rescues a straight but noisy sticker.
 */
export const LINEAR_RETRY_ANGLES: readonly number[] = [0, 8, -8, 16, -16, 24, -24];

/**
 * Rows averaged either side of each row in the retry passes (a 7-row vertical box filter).
 * After the retry rotation the bars run within ±4° of vertical (the ladder steps 8°), so the
 * average moves an edge by at most 3·tan 4° ≈ 0.2 px while sensor noise and JPEG blocking drop
 * by √7: ZXing decodes single rows, and on a blurred sticker that noise is what breaks the
 * narrow bars and spaces. Bars are far taller than 7 rows on anything a phone can read.
 */
export const BAR_SMOOTHING_RADIUS = 3;

/**
 * The retries keep every second averaged row: ZXing's linear reader scans rows, so half the
 * rows halves its work and the frame building, and a bar that spans the averaging window spans
 * half as many rows just as well. With the stretch below it keeps the stretched ladder at the
 * pixel count of the frame.
 */
export const RETRY_ROW_STEP = 2;

/**
 * Horizontal stretch of the last retry ladder. Below ~2 px per module ZXing's edge positions
 * are quantised to whole pixels and narrow/wide elements blur together; resampling the rows 2×
 * (bilinear) gives it sub-pixel edges. Resampling costs more than the plain ladder, so it
 * runs only after the cheaper passes missed.
 */
export const LOW_RESOLUTION_STRETCH = 2;

/**
 * The costly low-resolution retries (last ladder) stop starting new passes this long after the
 * frame arrived. The camera loop drops frames while the worker is busy, so a hopeless frame
 * costs at most ~this plus one pass (measured worst case in the README) instead of every pass.
 */
export const RETRY_BUDGET_MS = 120;

/**
 * No retry pass of any kind starts this long after the frame arrived. With zxing-wasm the
 * tilt ladder ends far sooner on a cropped frame (it is a fixed number of passes); this only
 * bounds the slow cases: the pure-JS fallback, a very slow phone, a huge uncropped frame.
 */
export const RETRY_HARD_LIMIT_MS = 250;

function isLinear(format: ScanFormat): boolean {
  return format === 'Code128' || format === 'Code39' || format === 'EAN13';
}

/** Grey pixel g as a little-endian RGBA word: A=255, B=G=R=g. */
function greyWord(g: number): number {
  return (0xff000000 | (g << 16) | (g << 8) | g) >>> 0;
}

/** 8-bit luminance plane → grey RGBA frame (what every decoder takes). */
function lumaToFrame(luma: Uint8ClampedArray, width: number, height: number): PixelFrame {
  const out = new Uint8ClampedArray(width * height * 4);
  const out32 = new Uint32Array(out.buffer);
  for (let i = 0; i < luma.length; i++) out32[i] = greyWord(luma[i]!);
  return { data: out, width, height };
}

/**
 * Rotates a luminance plane about its centre by `degrees` and stretches it horizontally by
 * `scaleX` in the same bilinear resampling (one interpolation instead of two); uncovered
 * corners are white.
 */
function resampleLuma(
  luma: Uint8ClampedArray,
  w: number,
  h: number,
  degrees: number,
  scaleX: number,
): { luma: Uint8ClampedArray; width: number; height: number } {
  const outW = Math.max(1, Math.round(w * scaleX));
  const out = new Uint8ClampedArray(outW * h);
  const rad = (degrees * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const k = outW / w;
  const halfOut = (outW - 1) / 2 / k;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    // Inverse mapping: destination (x, y) is (x / k, y) before the stretch, which samples the
    // source at the un-rotated position.
    let sx = -halfOut * cos + dy * sin + cx;
    let sy = halfOut * sin + dy * cos + cy;
    const stepX = cos / k;
    const stepY = -sin / k;
    for (let x = 0; x < outW; x++, sx += stepX, sy += stepY) {
      let g = 255;
      if (sx >= 0 && sy >= 0 && sx <= w - 1 && sy <= h - 1) {
        const x0 = sx | 0;
        const y0 = sy | 0;
        const fx = sx - x0;
        const fy = sy - y0;
        const i = y0 * w + x0;
        // At the last row/column the neighbour is the pixel itself (weight is 0 there anyway).
        const right = x0 < w - 1 ? 1 : 0;
        const down = y0 < h - 1 ? w : 0;
        const top = luma[i]! + (luma[i + right]! - luma[i]!) * fx;
        const bottom = luma[i + down]! + (luma[i + down + right]! - luma[i + down]!) * fx;
        g = (top + (bottom - top) * fy + 0.5) | 0;
      }
      out[y * outW + x] = g;
    }
  }
  return { luma: out, width: outW, height: h };
}

/**
 * Vertical box average of `radius` rows either side (edge rows repeated), i.e. along the bars
 * of a linear code that has been turned upright, keeping every `rowStep`-th row, written
 * straight out as grey RGBA. Row-wise running sums keep it one cache-friendly pass.
 */
function smoothColumnsToFrame(
  luma: Uint8ClampedArray,
  w: number,
  h: number,
  radius: number,
  rowStep: number,
): PixelFrame {
  const outH = Math.ceil(h / rowStep);
  const out = new Uint8ClampedArray(w * outH * 4);
  const out32 = new Uint32Array(out.buffer);
  const sums = new Int32Array(w);
  for (let d = -radius; d <= radius; d++) {
    const r = Math.min(h - 1, Math.max(0, d)) * w;
    for (let x = 0; x < w; x++) sums[x]! += luma[r + x]!;
  }
  const inv = 1 / (2 * radius + 1);
  for (let y = 0, next = 0, o = 0; y < h; y++) {
    // Rows past either edge repeat the edge row.
    const add = Math.min(h - 1, y + radius + 1) * w;
    const drop = Math.max(0, y - radius) * w;
    if (y === next) {
      for (let x = 0; x < w; x++) {
        const sum = sums[x]!;
        out32[o + x] = greyWord((sum * inv + 0.5) | 0);
        sums[x] = sum + luma[add + x]! - luma[drop + x]!;
      }
      next += rowStep;
      o += w;
    } else {
      for (let x = 0; x < w; x++) sums[x] = sums[x]! + luma[add + x]! - luma[drop + x]!;
    }
  }
  return { data: out, width: w, height: outH };
}

/**
 * Rotates a frame about its centre (bilinear, on luminance, output grey RGBA of the same size;
 * uncovered corners white). Grey is enough: every decoder reduces to luminance anyway.
 */
export function rotateFrame(frame: PixelFrame, degrees: number): PixelFrame {
  const { luma, width, height } = resampleLuma(toLuminance(frame), frame.width, frame.height, degrees, 1);
  return lumaToFrame(luma, width, height);
}

/** How a linear retry pass resamples the crop; see linearRetryFrame. */
export interface LinearRetryView {
  /** Rotation about the centre, degrees. */
  degrees: number;
  /** Horizontal stretch (bilinear), 1 = none. */
  stretchX: number;
  /** Rows averaged either side of each kept row, 0 = none. */
  smoothRadius: number;
  /** Keep every n-th (averaged) row. */
  rowStep: number;
}

/**
 * The frame a linear retry pass decodes: `luma` (the crop's luminance, computed once per frame)
 * rotated, stretched horizontally, then averaged along the now upright bars and thinned to
 * every `rowStep`-th row. Grey RGBA out.
 */
export function linearRetryFrame(
  luma: Uint8ClampedArray,
  width: number,
  height: number,
  view: LinearRetryView,
): PixelFrame {
  const turned =
    view.degrees === 0 && view.stretchX === 1
      ? { luma, width, height }
      : resampleLuma(luma, width, height, view.degrees, view.stretchX);
  return smoothColumnsToFrame(turned.luma, turned.width, turned.height, view.smoothRadius, view.rowStep);
}

/** Copies the crop region out of a frame (pixel-aligned, clamped to the frame). */
export function cropFrame(frame: PixelFrame, rect: CropRect | null | undefined): PixelFrame {
  if (!rect) return frame;
  const x0 = clamp(Math.floor(rect.left * frame.width), 0, frame.width - 1);
  const y0 = clamp(Math.floor(rect.top * frame.height), 0, frame.height - 1);
  const w = clamp(Math.round(rect.width * frame.width), 1, frame.width - x0);
  const h = clamp(Math.round(rect.height * frame.height), 1, frame.height - y0);
  if (x0 === 0 && y0 === 0 && w === frame.width && h === frame.height) return frame;
  const out = new Uint8ClampedArray(w * h * 4);
  const rowBytes = w * 4;
  for (let y = 0; y < h; y++) {
    const src = ((y0 + y) * frame.width + x0) * 4;
    out.set(frame.data.subarray(src, src + rowBytes), y * rowBytes);
  }
  return { data: out, width: w, height: h };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

export async function createDecoder(config: DecoderConfig): Promise<FrameDecoder> {
  const formats = config.formats && config.formats.length > 0 ? config.formats : DEFAULT_FORMATS;
  const backend = config.backend ?? (await pickBackend(formats, config.wasm));
  const retryAngles =
    backend !== 'barcode-detector' && formats.some(isLinear)
      ? (config.retryAngles ?? LINEAR_RETRY_ANGLES)
      : [];
  const budgetMs = config.retryBudgetMs ?? RETRY_BUDGET_MS;
  // Tilt retries only look for the linear formats (2D symbols are read at any angle already),
  // so a miss costs as little as possible; one retry turns the image by 90°/270°.
  const linearFormats = formats.filter(isLinear);
  let decodeCropped: DecodeFn;
  let decodeTilted: DecodeFn = async () => null;
  let decodeTurned: DecodeFn = async () => null;
  switch (backend) {
    case 'barcode-detector':
      decodeCropped = await nativeDecoder(formats);
      break;
    case 'zxing-wasm':
      await loadWasm(config.wasm);
      {
        // ZXing-C++ runs its linear reader first in normal mode but last under tryHarder, so a
        // single tryHarder pass makes every Code 128 frame wait for the QR and DataMatrix
        // detectors (about 60% of its time on a cropped sticker). So: a normal pass first
        // (reads most frames of any format cheaply), then after a miss the tryHarder pass
        // split in two, linear formats first (the serial stickers this scanner is for).
        const passes: DecodeFn[] = [wasmDecoder({ ...wasmReaderOptions(formats), tryHarder: false })];
        const twoD = formats.filter((f) => !isLinear(f));
        if (linearFormats.length > 0) passes.push(wasmDecoder(wasmReaderOptions(linearFormats)));
        if (twoD.length > 0) passes.push(wasmDecoder(wasmReaderOptions(twoD)));
        decodeCropped = async (frame) => {
          for (const pass of passes) {
            const result = await pass(frame);
            if (result) return result;
          }
          return null;
        };
      }
      if (linearFormats.length > 0) {
        // No downscaled copies in the retries: they exist for codes too small or blurred to
        // read, where downscaling only costs pixels per module (the bar smoothing already does
        // the noise reduction downscaling would); measured: same reads, less time per miss.
        decodeTilted = wasmDecoder({ ...wasmReaderOptions(linearFormats), tryDownscale: false });
        decodeTurned = wasmDecoder({ ...wasmReaderOptions(linearFormats), tryRotate: true });
      }
      break;
    case 'zxing-js':
      decodeCropped = await zxingJsDecoder(formats);
      if (linearFormats.length > 0) {
        // The JS port's TRY_HARDER already scans 90°-turned rows for 1D codes.
        decodeTilted = await zxingJsDecoder(linearFormats);
      }
      break;
  }
  return {
    name: backend,
    formats,
    async decode(frame, crop) {
      const t0 = performance.now();
      const region = cropFrame(frame, crop === undefined ? config.crop : crop);
      let result = await decodeCropped(region);
      if (!result && retryAngles.length > 0) {
        // Everything below runs only after a miss, so frames that read straight away (most of
        // them) pay nothing.
        const luma = toLuminance(region);
        const { width, height } = region;
        const view = (degrees: number, stretchX: number): LinearRetryView => ({
          degrees,
          stretchX,
          smoothRadius: BAR_SMOOTHING_RADIUS,
          rowStep: RETRY_ROW_STEP,
        });
        // 1. Row-scanning linear readers miss a squat Code 128 tilted past
        //    atan(height/width), often only 6–10°; a sticker photographed off-axis is tilted
        //    more. Each tilt is also averaged along the bars against noise and JPEG blocks.
        //    A fixed number of passes whose cost follows the crop size, not the clock (bar the
        //    hard limit), so what reads here reads on a busy machine too.
        const beforeHardLimit = () => performance.now() - t0 < RETRY_HARD_LIMIT_MS;
        for (const angle of retryAngles) {
          if (result || !beforeHardLimit()) break;
          result = await decodeTilted(linearRetryFrame(luma, width, height, view(angle, 1)));
        }
        // 2. A sticker held sideways.
        if (!result && beforeHardLimit()) result = await decodeTurned(region);
        // 3. Too few pixels per module (small or distant sticker, blur): the same ladder on
        //    rows stretched 2×, the costliest passes, hence last and only while the frame is
        //    within its time budget.
        for (const angle of retryAngles) {
          if (result || performance.now() - t0 >= budgetMs) break;
          result = await decodeTilted(
            linearRetryFrame(luma, width, height, view(angle, LOW_RESOLUTION_STRETCH)),
          );
        }
      }
      return { result, ms: performance.now() - t0, decoder: backend };
    },
  };
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
    wasmReady = prepareZXingModule({ overrides, fireImmediately: true }).catch((err: unknown) => {
      wasmReady = null;
      throw err;
    });
  }
  return wasmReady;
}

function wasmDecoder(options: ReaderOptions): DecodeFn {
  return async (frame) => {
    // zxing-wasm duck-types ImageData ({data, width, height}), which Node does not have.
    const input: ImageData = {
      data: frame.data,
      width: frame.width,
      height: frame.height,
      colorSpace: 'srgb',
    };
    const results = await readBarcodes(input, options);
    const hit = results.find((r) => r.isValid && r.text.length > 0);
    return hit ? { text: hit.text, format: hit.format } : null;
  };
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

async function nativeDecoder(formats: readonly ScanFormat[]): Promise<DecodeFn> {
  const Detector = nativeClass();
  if (!Detector) throw new Error('BarcodeDetector is not available');
  const detector = new Detector({ formats: formats.map((f) => NATIVE_NAMES[f]) });
  const fromNative = new Map(Object.entries(NATIVE_NAMES).map(([ours, theirs]) => [theirs, ours]));
  return async (frame) => {
    const image = new ImageData(frame.data, frame.width, frame.height);
    const [hit] = await detector.detect(image);
    return hit && hit.rawValue.length > 0
      ? { text: hit.rawValue, format: fromNative.get(hit.format) ?? hit.format }
      : null;
  };
}

// --- @zxing/library (pure JS fallback, loaded only when needed) --------------------------------

async function zxingJsDecoder(formats: readonly ScanFormat[]): Promise<DecodeFn> {
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
      new zx.HybridBinarizer(new zx.RGBLuminanceSource(toLuminance(frame), frame.width, frame.height)),
    );
    for (const reader of readers) {
      try {
        const result = reader.decode(bitmap, hints);
        const format = result.getBarcodeFormat();
        return { text: result.getText(), format: toName.get(format) ?? String(format) };
      } catch (err) {
        // The JS port signals "nothing found" (and checksum/format failures) by throwing.
        if (!(err instanceof zx.Exception)) throw err;
      } finally {
        reader.reset();
      }
    }
    return null;
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
