// Decodes the ZXing sample sets (fixtures/, copied into the repository) with the same
// decoder core the worker and the CLI use. Floors are what was measured; images known to fail
// are listed by name so a regression on any other image fails the test.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mulberry32 } from '@edc/shared/domain';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isImageFile, loadFrame, nodeWasmSource } from '../../scripts/node-frames.ts';
import {
  createDecoder,
  cropFrame,
  type FrameDecoder,
  guideBoxFor,
  LINEAR_RETRY_ANGLES,
  linearRetryFrame,
  type PixelFrame,
  rotateFrame,
  toLuminance,
  type WasmSource,
} from './decoder-core.ts';

const BARCODE_FIXTURES = resolve(import.meta.dirname, 'fixtures');

interface SetExpectation {
  set: string;
  /** Images this decoder is known not to read (exact names). */
  knownFailing: string[];
}

// zxing-wasm 3.1.4 reads every image of the shared sets (measured 2026-11-25).
const WASM_SETS: SetExpectation[] = [
  { set: 'zxing-code128-1', knownFailing: [] },
  { set: 'zxing-code128-3', knownFailing: [] },
  { set: 'zxing-qrcode-1', knownFailing: [] },
  { set: 'zxing-qrcode-3', knownFailing: [] },
  { set: 'zxing-datamatrix-1', knownFailing: [] },
  { set: 'zxing-datamatrix-2', knownFailing: [] },
];

function images(set: string): { file: string; expected: string }[] {
  const dir = join(BARCODE_FIXTURES, set);
  return readdirSync(dir)
    .filter(isImageFile)
    .sort()
    .map((file) => ({ file, expected: readFileSync(join(dir, file.replace(/\.[^.]+$/, '.txt')), 'utf8') }));
}

async function failures(decoder: FrameDecoder, set: string): Promise<string[]> {
  const failed: string[] = [];
  for (const { file, expected } of images(set)) {
    const { result } = await decoder.decode(await loadFrame(join(BARCODE_FIXTURES, set, file)));
    if (result?.text !== expected) failed.push(file);
  }
  return failed;
}

let wasm: WasmSource;

beforeAll(async () => {
  // CI lays shared/ beside the clone; a missing folder is a setup error, not a skipped test.
  expect(existsSync(BARCODE_FIXTURES), `expected sample images at ${BARCODE_FIXTURES}`).toBe(true);
  wasm = await nodeWasmSource();
});

describe('zxing-wasm decoder on the shared sets', () => {
  let decoder: FrameDecoder;
  beforeAll(async () => {
    decoder = await createDecoder({ wasm, backend: 'zxing-wasm' });
  });

  it.each(WASM_SETS)('$set: every image except the known failures', async ({ set, knownFailing }) => {
    expect(images(set).length).toBeGreaterThan(0);
    expect(await failures(decoder, set)).toEqual(knownFailing);
  });

  it('reports the format name and a timing', async () => {
    const outcome = await decoder.decode(await loadFrame(join(BARCODE_FIXTURES, 'zxing-code128-1', '1.png')));
    expect(outcome.result).toEqual({
      text: readFileSync(join(BARCODE_FIXTURES, 'zxing-code128-1', '1.txt'), 'utf8'),
      format: 'Code128',
    });
    expect(outcome.decoder).toBe('zxing-wasm');
    expect(outcome.ms).toBeGreaterThan(0);
  });

  it('returns null on a blank frame', async () => {
    const blank: PixelFrame = {
      data: new Uint8ClampedArray(320 * 240 * 4).fill(255),
      width: 320,
      height: 240,
    };
    expect((await decoder.decode(blank)).result).toBeNull();
  });

  it('only looks for the requested formats', async () => {
    const qrOnly = await createDecoder({ wasm, backend: 'zxing-wasm', formats: ['QRCode'] });
    const frame = await loadFrame(join(BARCODE_FIXTURES, 'zxing-code128-1', '1.png'));
    expect((await qrOnly.decode(frame)).result).toBeNull();
  });
});

describe('cropping', () => {
  it('copies exactly the requested region', () => {
    // 4x2 frame whose red channel is the pixel index.
    const data = new Uint8ClampedArray(4 * 2 * 4);
    for (let i = 0; i < 8; i++) data[i * 4] = i;
    const out = cropFrame({ data, width: 4, height: 2 }, { left: 0.5, top: 0.5, width: 0.5, height: 0.5 });
    expect([out.width, out.height]).toEqual([2, 1]);
    expect([out.data[0], out.data[4]]).toEqual([6, 7]);
  });

  it('clamps a region that leaves the frame and keeps the whole frame for null', () => {
    const frame: PixelFrame = { data: new Uint8ClampedArray(10 * 10 * 4), width: 10, height: 10 };
    expect(cropFrame(frame, null)).toBe(frame);
    const out = cropFrame(frame, { left: 0.8, top: 0.8, width: 0.5, height: 0.5 });
    expect([out.width, out.height]).toEqual([2, 2]);
  });

  it('the decoder reads a symbol inside the crop and misses one outside it', async () => {
    // Paste a Code 128 sample into the right half of a wider white frame.
    const sample = await loadFrame(join(BARCODE_FIXTURES, 'zxing-code128-1', '1.png'));
    const width = sample.width * 2;
    const data = new Uint8ClampedArray(width * sample.height * 4).fill(255);
    for (let y = 0; y < sample.height; y++) {
      data.set(
        sample.data.subarray(y * sample.width * 4, (y + 1) * sample.width * 4),
        (y * width + sample.width) * 4,
      );
    }
    const frame: PixelFrame = { data, width, height: sample.height };
    const right = await createDecoder({
      wasm,
      crop: { left: 0.5, top: 0, width: 0.5, height: 1 },
      backend: 'zxing-wasm',
    });
    const left = await createDecoder({
      wasm,
      crop: { left: 0, top: 0, width: 0.5, height: 1 },
      backend: 'zxing-wasm',
    });
    expect((await right.decode(frame)).result?.format).toBe('Code128');
    expect((await left.decode(frame)).result).toBeNull();
  });

  it.each([
    { w: 1280, h: 720 },
    { w: 720, h: 1280 },
  ])('guide box for $w x $h stays inside the frame', ({ w, h }) => {
    const box = guideBoxFor(w, h);
    expect(box.left + box.width).toBeLessThanOrEqual(1);
    expect(box.top + box.height).toBeLessThanOrEqual(1);
    expect(box.width * w).toBeGreaterThan(box.height * h);
  });
});

describe('tilted linear codes', () => {
  it('rotateFrame turns the image about its centre', () => {
    // 3x3 frame with one black pixel right of centre; +90° moves it below centre.
    const data = new Uint8ClampedArray(3 * 3 * 4).fill(255);
    data.fill(0, (1 * 3 + 2) * 4, (1 * 3 + 2) * 4 + 3);
    const out = rotateFrame({ data, width: 3, height: 3 }, 90);
    const grey = (x: number, y: number) => out.data[(y * 3 + x) * 4];
    expect(grey(1, 2)).toBe(0);
    expect(grey(2, 1)).toBe(255);
    expect(rotateFrame({ data, width: 3, height: 3 }, 0).data[(1 * 3 + 2) * 4]).toBe(0);
  });

  it('a squat Code 128 tilted 20° is read thanks to the tilt retries', async () => {
    const path = join(BARCODE_FIXTURES, 'zxing-code128-1', '1.png');
    const expected = readFileSync(join(BARCODE_FIXTURES, 'zxing-code128-1', '1.txt'), 'utf8');
    // Squash the bars to a third of their height, pad, then tilt: a horizontal scan line can
    // no longer cross every bar.
    const meta = await sharp(path).metadata();
    const squat = await sharp(path)
      .resize(meta.width, Math.round((meta.height ?? 100) / 3), { fit: 'fill' })
      .extend({ top: 80, bottom: 80, left: 40, right: 40, background: '#ffffff' })
      .rotate(20, { background: '#ffffff' })
      .flatten({ background: '#ffffff' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const frame: PixelFrame = {
      data: new Uint8ClampedArray(squat.data),
      width: squat.info.width,
      height: squat.info.height,
    };
    const noRetry = await createDecoder({ wasm, backend: 'zxing-wasm', retryAngles: [] });
    const withRetry = await createDecoder({ wasm, backend: 'zxing-wasm' });
    expect((await noRetry.decode(frame)).result).toBeNull();
    expect((await withRetry.decode(frame)).result?.text).toBe(expected);
  });
});

describe('turned linear codes', () => {
  it('a Code 128 turned 90° is read by the last retry pass', async () => {
    const path = join(BARCODE_FIXTURES, 'zxing-code128-1', '1.png');
    const turned = await sharp(path)
      .rotate(90)
      .flatten({ background: '#ffffff' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const frame: PixelFrame = {
      data: new Uint8ClampedArray(turned.data),
      width: turned.info.width,
      height: turned.info.height,
    };
    const noRetry = await createDecoder({ wasm, backend: 'zxing-wasm', retryAngles: [] });
    const withRetry = await createDecoder({ wasm, backend: 'zxing-wasm' });
    expect((await noRetry.decode(frame)).result).toBeNull();
    expect((await withRetry.decode(frame)).result?.text).toBe(
      readFileSync(join(BARCODE_FIXTURES, 'zxing-code128-1', '1.txt'), 'utf8'),
    );
  });
});

interface Camera {
  /** Resize factor of the sample (its bars are ~3.9 px per module). */
  scale: number;
  /** Horizontal shear (x += shear·y): bars lean against the label, as in an off-axis photo. */
  shear: number;
  /** Clockwise tilt, degrees. */
  angle: number;
  /** Gaussian blur sigma, px. */
  blur: number;
  /** Sensor noise: Gaussian, this standard deviation in grey levels, seeded. */
  noise: number;
  seed: number;
}

/** Code 128 sample 1 on a white margin through a bad phone camera, deterministically. */
async function cameraShot(camera: Camera): Promise<PixelFrame> {
  const path = join(BARCODE_FIXTURES, 'zxing-code128-1', '1.png');
  const meta = await sharp(path).metadata();
  let png = await sharp(path)
    .flatten({ background: '#ffffff' })
    .resize(Math.round((meta.width ?? 0) * camera.scale), Math.round((meta.height ?? 0) * camera.scale), {
      fit: 'fill',
    })
    .extend({ top: 30, bottom: 30, left: 30, right: 30, background: '#ffffff' })
    .png()
    .toBuffer();
  if (camera.shear !== 0)
    png = await sharp(png).affine([1, camera.shear, 0, 1], { background: '#ffffff' }).png().toBuffer();
  if (camera.angle !== 0)
    png = await sharp(png).rotate(camera.angle, { background: '#ffffff' }).png().toBuffer();
  const blurred = camera.blur > 0 ? sharp(png).blur(camera.blur) : sharp(png);
  const { data, info } = await blurred
    .flatten({ background: '#ffffff' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const rng = mulberry32(camera.seed);
  const out = new Uint8ClampedArray(data.byteLength);
  for (let i = 0; i < info.width * info.height; i++) {
    // Box–Muller; the same noise on R, G and B like a luminance-dominated sensor.
    const n = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()) * camera.noise;
    for (let c = 0; c < 3; c++) out[i * 4 + c] = (data[i * 4 + c] ?? 0) + n;
    out[i * 4 + 3] = 255;
  }
  return { data: out, width: info.width, height: info.height };
}

describe('blurred, noisy and low-resolution linear codes', () => {
  const expected = () => readFileSync(join(BARCODE_FIXTURES, 'zxing-code128-1', '1.txt'), 'utf8');

  /** What the decoder did before bar averaging and stretching: plain tilts of the frame. */
  async function readByPlainTilts(frame: PixelFrame): Promise<string | null> {
    const plain = await createDecoder({ wasm, backend: 'zxing-wasm', formats: ['Code128'], retryAngles: [] });
    for (const angle of LINEAR_RETRY_ANGLES) {
      const { result } = await plain.decode(rotateFrame(frame, angle));
      if (result) return result.text;
    }
    return null;
  }

  it('a tilted, sheared, blurred, noisy Code 128 is read by the bar-averaged tilt retries', async () => {
    // ~2.7 px per module, 12° tilt, bars leaning another ~6°, blur σ 1.2, noise σ 20.
    const frame = await cameraShot({ scale: 0.7, shear: 0.1, angle: 12, blur: 1.2, noise: 20, seed: 1 });
    const noRetry = await createDecoder({ wasm, backend: 'zxing-wasm', retryAngles: [] });
    expect((await noRetry.decode(frame)).result).toBeNull();
    expect(await readByPlainTilts(frame)).toBeNull();
    // Budget 0: no low-resolution pass runs, so the bar-averaged tilts alone read it.
    const tiltsOnly = await createDecoder({ wasm, backend: 'zxing-wasm', retryBudgetMs: 0 });
    expect((await tiltsOnly.decode(frame)).result?.text).toBe(expected());
  });

  it('a Code 128 at ~1.7 px per module is read by the 2x-stretched retries', async () => {
    const frame = await cameraShot({ scale: 0.45, shear: 0, angle: 0, blur: 0.5, noise: 8, seed: 1 });
    expect(await readByPlainTilts(frame)).toBeNull();
    // Budget 0 stops before the stretched ladder: not read.
    const noStretch = await createDecoder({ wasm, backend: 'zxing-wasm', retryBudgetMs: 0 });
    expect((await noStretch.decode(frame)).result).toBeNull();
    // No budget: the outcome must not depend on how busy the test machine is.
    const unbounded = await createDecoder({
      wasm,
      backend: 'zxing-wasm',
      retryBudgetMs: Number.POSITIVE_INFINITY,
    });
    expect((await unbounded.decode(frame)).result?.text).toBe(expected());
  });

  it('linearRetryFrame averages along the columns, keeps every second row and stretches rows', () => {
    // 4x4 luminance: a black bar in column 1, and row 2 a noisy white streak across it.
    const luma = new Uint8ClampedArray([
      255, 0, 255, 255, 255, 0, 255, 255, 255, 140, 255, 255, 255, 0, 255, 255,
    ]);
    const grey = (f: PixelFrame, x: number, y: number) => f.data[(y * f.width + x) * 4];
    const smoothed = linearRetryFrame(luma, 4, 4, { degrees: 0, stretchX: 1, smoothRadius: 1, rowStep: 2 });
    expect([smoothed.width, smoothed.height]).toEqual([4, 2]);
    // Row 0 = mean of rows 0, 0, 1 (edge repeated); row 1 = mean of source rows 1, 2, 3.
    expect([grey(smoothed, 0, 0), grey(smoothed, 1, 0)]).toEqual([255, 0]);
    expect([grey(smoothed, 0, 1), grey(smoothed, 1, 1)]).toEqual([255, 47]);
    const stretched = linearRetryFrame(luma, 4, 4, { degrees: 0, stretchX: 2, smoothRadius: 0, rowStep: 1 });
    expect([stretched.width, stretched.height]).toEqual([8, 4]);
    // The 1-px bar now covers stretched columns 2 and 3 (bilinear: both mostly dark); column 5
    // samples between the white columns 2 and 3.
    expect([grey(stretched, 2, 0), grey(stretched, 3, 0)]).toEqual([64, 64]);
    expect(grey(stretched, 5, 0)).toBe(255);
  });
});

describe('fallbacks', () => {
  it('the @zxing/library decoder reads the Code 128 set', async () => {
    const js = await createDecoder({ wasm, backend: 'zxing-js' });
    expect(js.name).toBe('zxing-js');
    const failed = await failures(js, 'zxing-code128-1');
    expect(failed).toEqual([]);
  });

  it('the JS fallback uses the same luminance weights as zxing-wasm', () => {
    const px = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
    expect([...toLuminance({ data: px, width: 4, height: 1 })]).toEqual([76, 150, 29, 255]);
  });

  it('without BarcodeDetector (Node) auto-selection picks zxing-wasm', async () => {
    const auto = await createDecoder({ wasm });
    expect(auto.name).toBe('zxing-wasm');
  });
});
