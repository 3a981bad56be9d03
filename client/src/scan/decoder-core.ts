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
  /** Tilts retried after a miss (linear formats only); default LINEAR_RETRY_ANGLES, [] = none. */
  retryAngles?: readonly number[];
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
 * Reader options shared by the app and the CLI. tryHarder because labels are small and worn;
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

/** Tilts (degrees) tried after a miss when a linear format is wanted; see createDecoder. */
export const LINEAR_RETRY_ANGLES: readonly number[] = [8, -8, 16, -16, 24, -24];

function isLinear(format: ScanFormat): boolean {
  return format === 'Code128' || format === 'Code39' || format === 'EAN13';
}

/**
 * Rotates a frame about its centre (bilinear, on luminance, output grey RGBA of the same size;
 * uncovered corners white). Grey is enough: every decoder reduces to luminance anyway.
 */
export function rotateFrame(frame: PixelFrame, degrees: number): PixelFrame {
  const { width: w, height: h } = frame;
  const luma = toLuminance(frame);
  const out = new Uint8ClampedArray(w * h * 4);
  const out32 = new Uint32Array(out.buffer);
  const rad = (degrees * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  // Grey pixel g as little-endian RGBA word: A=255, B=G=R=g.
  const grey = (g: number) => (0xff000000 | (g << 16) | (g << 8) | g) >>> 0;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    // Inverse mapping: destination (x, y) samples the source at the un-rotated position.
    let sx = -cx * cos + dy * sin + cx;
    let sy = cx * sin + dy * cos + cy;
    for (let x = 0; x < w; x++, sx += cos, sy -= sin) {
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
      out32[y * w + x] = grey(g);
    }
  }
  return { data: out, width: w, height: h };
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
  // Tilt retries only look for the linear formats (2D symbols are read at any angle already),
  // so a miss costs as little as possible; the last retry turns the image by 90°/270°.
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
      decodeCropped = wasmDecoder(wasmReaderOptions(formats));
      if (linearFormats.length > 0) {
        decodeTilted = wasmDecoder(wasmReaderOptions(linearFormats));
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
      // Row-scanning linear readers miss a squat Code 128 tilted past atan(height/width),
      // often only 6–10°; a sticker photographed off-axis is tilted more. Retry a few tilts,
      // only after a miss, so frames that read straight away pay nothing.
      for (const angle of retryAngles) {
        if (result) break;
        result = await decodeTilted(rotateFrame(region, angle));
      }
      if (!result && retryAngles.length > 0) result = await decodeTurned(region);
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
