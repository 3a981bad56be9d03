// Decodes the ZXing sample sets (fixtures/, copied into the repository) with the same
// decoder core the worker and the CLI use. Floors are what was measured; images known to fail
// are listed by name so a regression on any other image fails the test.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { isPlausibleSerial, mulberry32 } from '@edc/shared/domain';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBarcodes } from 'zxing-wasm/reader';
import { prepareZXingModule as prepareWriter, writeBarcode } from 'zxing-wasm/writer';
import { isImageFile, loadFrame, nodeWasmSource } from '../../scripts/node-frames.ts';
import {
  containersFirst,
  createDecoder,
  cropFrame,
  cropLuminance,
  type DecoderConfig,
  expandHighlights,
  type FrameDecoder,
  guideBoxFor,
  lumaToFrame,
  type PixelFrame,
  rotateFrame,
  toLuminance,
  upscaleGrey2x,
  type WasmSource,
} from './decoder-core.ts';
import { functionPatterns, renderModules, sampleBentGrid } from './qr-grid.ts';
import { obliqueViews, resampleGrey } from './qr-oblique.ts';

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

  it('reports the format name, a timing and the rung that read it', async () => {
    const outcome = await decoder.decode(await loadFrame(join(BARCODE_FIXTURES, 'zxing-code128-1', '1.png')));
    expect(outcome.result).toEqual({
      text: readFileSync(join(BARCODE_FIXTURES, 'zxing-code128-1', '1.txt'), 'utf8'),
      format: 'Code128',
    });
    expect(outcome.decoder).toBe('zxing-wasm');
    expect(outcome.stage).toBe('quick');
    expect(outcome.ms).toBeGreaterThan(0);
  });

  it('returns null on a blank frame', async () => {
    const blank: PixelFrame = {
      data: new Uint8ClampedArray(320 * 240 * 4).fill(255),
      width: 320,
      height: 240,
    };
    expect(await decoder.decode(blank)).toMatchObject({ result: null, stage: null });
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

  it('cropLuminance gives the luminance of exactly the cropped pixels, in a given buffer when it fits', () => {
    const random = mulberry32(17);
    const width = 7;
    const height = 5;
    const data = new Uint8ClampedArray(width * height * 4).map(() => Math.floor(random() * 256));
    const frame: PixelFrame = { data, width, height };
    const rect = { left: 0.3, top: 0.2, width: 0.5, height: 0.7 };
    const expected = toLuminance(cropFrame(frame, rect));
    const fresh = cropLuminance(frame, rect);
    expect([fresh.width, fresh.height]).toEqual([4, 4]);
    expect([...fresh.luma]).toEqual([...expected]);
    const buffer = new Uint8ClampedArray(64).fill(9);
    const reused = cropLuminance(frame, rect, buffer);
    expect(reused.luma.buffer).toBe(buffer.buffer);
    expect([...reused.luma]).toEqual([...expected]);
    expect([...cropLuminance(frame, null, new Uint8ClampedArray(3)).luma]).toEqual([...toLuminance(frame)]);
  });

  it('a decoder reads frames of changing sizes, and several frames at once, each right', async () => {
    // The crop plane and the bytes handed to zxing-wasm are kept across frames: a smaller frame
    // after a larger one, a larger after a smaller, and decodes started while another runs (the
    // located strips read the plane after several awaits) must each read their own pixels.
    const decoder = await createDecoder({ wasm, backend: 'zxing-wasm', formats: ['Code128', 'QRCode'] });
    const sample = (set: string, file: string) =>
      loadFrame(join(BARCODE_FIXTURES, set, file)).then((frame) => ({
        frame,
        expected: expectedText(set, file),
      }));
    const tilted = async (angle: number, seed: number) => ({
      frame: await cameraShot({ scale: 0.8, shear: 0, angle, blur: 1, noise: 6, seed }),
      expected: expectedText('zxing-code128-1', '1.png'),
    });
    const frames = [
      await tilted(33, 2),
      await sample('zxing-qrcode-1', images('zxing-qrcode-1')[0]!.file),
      await tilted(-28, 3),
      await sample('zxing-code128-1', images('zxing-code128-1')[1]!.file),
    ];
    expect(new Set(frames.map(({ frame }) => frame.width * frame.height)).size).toBe(4);
    const one = async ({ frame }: { frame: PixelFrame }) => (await decoder.decode(frame)).result?.text;
    const texts = frames.map(({ expected }) => expected);
    for (const order of [frames, [...frames].reverse()]) {
      const read = [];
      for (const f of order) read.push(await one(f));
      expect(read).toEqual(order.map(({ expected }) => expected));
    }
    expect(await Promise.all(frames.map(one))).toEqual(texts);
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

const fixture = (set: string, file: string) => join(BARCODE_FIXTURES, set, file);
const expectedText = (set: string, file: string) =>
  readFileSync(fixture(set, file.replace(/\.[^.]+$/, '.txt')), 'utf8');

async function rawFrame(image: sharp.Sharp): Promise<PixelFrame> {
  const { data, info } = await image
    .flatten({ background: '#ffffff' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data), width: info.width, height: info.height };
}

/** A fixture with light and dark swapped (light-on-dark print). */
async function inverted(set: string, file: string): Promise<PixelFrame> {
  return rawFrame(
    sharp(await sharp(fixture(set, file)).flatten({ background: '#ffffff' }).negate().toBuffer()),
  );
}

let writerReady: Promise<unknown> | null = null;

/** zxing-wasm's writer (its .wasm read from node_modules, no network). */
async function write(text: string, options: Parameters<typeof writeBarcode>[1]) {
  writerReady ??= readFile(
    createRequire(import.meta.url).resolve('zxing-wasm/writer/zxing_writer.wasm'),
  ).then((bytes) =>
    prepareWriter({
      overrides: { wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      fireImmediately: true,
    }),
  );
  await writerReady;
  return writeBarcode(text, options);
}

/** A barcode drawn by zxing-wasm's writer, as PNG. */
async function barcodePng(text: string, format: 'Code128' | 'QRCode', scale: number): Promise<Buffer> {
  const written = await write(text, { format, scale });
  if (!written.image) throw new Error(written.error || 'writer returned no image');
  return Buffer.from(await written.image.arrayBuffer());
}

const decoderWith = (config: Partial<DecoderConfig> = {}) =>
  createDecoder({ wasm, backend: 'zxing-wasm', ...config });

describe("the library's plain call is never lost", () => {
  // Frames that only zxing-wasm's defaults read (tryInvert): the quick pass and the located
  // strips miss them, so the ladder must still run the plain call, whatever the clock says.
  it.each([
    { name: 'light-on-dark QR', set: 'zxing-qrcode-3', file: '01.png' },
    { name: 'light-on-dark DataMatrix', set: 'zxing-datamatrix-2', file: '01.png' },
  ])('$name: read through the plain call even with no time left for extras', async ({ set, file }) => {
    const frame = await inverted(set, file);
    const plain = await (await decoderWith({ ladder: 'plain' })).decode(frame);
    expect(plain.result?.text).toBe(expectedText(set, file));
    const ladder = await (await decoderWith({ extraBudgetMs: 0 })).decode(frame);
    expect(ladder.result).toEqual(plain.result);
    expect(ladder.stage).toBe('plain');
  });

  it('on the shared sets, every frame the plain call reads is read by the ladder, with the same text', async () => {
    const plain = await decoderWith({ ladder: 'plain' });
    const ladder = await decoderWith({ extraBudgetMs: 0 });
    const lost: string[] = [];
    let readByPlain = 0;
    for (const { set } of WASM_SETS) {
      // Every second image keeps this quick on a 2-core CI machine; the benchmark runs them all.
      for (const [index, { file }] of images(set).entries()) {
        if (index % 2 === 1) continue;
        const frame = await loadFrame(fixture(set, file));
        const byPlain = (await plain.decode(frame)).result;
        if (!byPlain) continue;
        readByPlain += 1;
        if ((await ladder.decode(frame)).result?.text !== byPlain.text) lost.push(`${set}/${file}`);
      }
    }
    expect(readByPlain).toBeGreaterThan(40);
    expect(lost).toEqual([]);
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
  const path = fixture('zxing-code128-1', '1.png');
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
  const { data, width, height } = await rawFrame(blurred);
  const rng = mulberry32(camera.seed);
  const out = new Uint8ClampedArray(data.byteLength);
  for (let i = 0; i < width * height; i++) {
    // Box–Muller; the same noise on R, G and B like a luminance-dominated sensor.
    const n = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()) * camera.noise;
    for (let c = 0; c < 3; c++) out[i * 4 + c] = (data[i * 4 + c] ?? 0) + n;
    out[i * 4 + 3] = 255;
  }
  return { data: out, width, height };
}

describe('located linear codes (bars found at any angle, cut out upright)', () => {
  const expected = () => expectedText('zxing-code128-1', '1.png');

  it.each([
    {
      name: 'tilted 12°, sheared, blurred σ 1.2, noise σ 20',
      camera: { scale: 0.7, shear: 0.1, angle: 12, blur: 1.2, noise: 20, seed: 1 },
    },
    { name: '~1.7 px per module', camera: { scale: 0.45, shear: 0, angle: 0, blur: 0.5, noise: 8, seed: 1 } },
    {
      name: 'tilted 33° with blur σ 1',
      camera: { scale: 0.8, shear: 0, angle: 33, blur: 1, noise: 6, seed: 2 },
    },
  ])('$name: the plain call misses, the located strips read it', async ({ camera }) => {
    const frame = await cameraShot(camera);
    expect((await (await decoderWith({ ladder: 'plain' })).decode(frame)).result).toBeNull();
    const outcome = await (await decoderWith({ extraBudgetMs: 0 })).decode(frame);
    expect(outcome.result?.text).toBe(expected());
    expect(outcome.stage).toBe('located');
  });

  it('a small sticker turned 40° in a whole 1280x720 frame', async () => {
    const code = await sharp(await barcodePng('V2T00012345', 'Code128', 2))
      .extend({ top: 24, bottom: 24, left: 24, right: 24, background: '#ffffff' })
      .rotate(40, { background: '#505050' })
      .png()
      .toBuffer();
    const frame = await rawFrame(
      sharp({ create: { width: 1280, height: 720, channels: 3, background: '#505050' } })
        .composite([{ input: code, left: 700, top: 260 }])
        .blur(0.7),
    );
    const outcome = await (await decoderWith()).decode(frame);
    expect(outcome.result).toEqual({ text: 'V2T00012345', format: 'Code128' });
    expect(outcome.stage).toBe('located');
  });
});

/**
 * A label seen from below: `image` (RGBA) warped by a homography into a w×h grey frame, the
 * bars converging; glare washing out the upper half of the frame on the left and the lower half
 * on the right (so no row, and no run of rows, crosses the whole code unharmed); sensor noise.
 * Inverse mapping, bilinear; dark grey outside the label.
 */
function sideView(
  image: PixelFrame,
  frame: { width: number; height: number; perspective: number; glare: number; noise: number; seed: number },
): PixelFrame {
  const { width, height, perspective, glare } = frame;
  const luma = toLuminance(image);
  const out = new Uint8ClampedArray(width * height * 4);
  const rng = mulberry32(frame.seed);
  const cx = width / 2;
  const cy = height / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Inverse of (u, v) → ((u, v) / (1 + p·v)): rows further down are seen larger.
      const dx = x - cx;
      const dy = y - cy;
      const wq = 1 - perspective * dy;
      const u = dx / wq + image.width / 2;
      const v = dy / wq + image.height / 2;
      let g = 60;
      if (u >= 0 && v >= 0 && u < image.width - 1 && v < image.height - 1) {
        const x0 = u | 0;
        const y0 = v | 0;
        const fx = u - x0;
        const fy = v - y0;
        const i = y0 * image.width + x0;
        const top = luma[i]! * (1 - fx) + luma[i + 1]! * fx;
        const bottom = luma[i + image.width]! * (1 - fx) + luma[i + image.width + 1]! * fx;
        g = top * (1 - fy) + bottom * fy;
      }
      if (x < cx === y < cy) g = 255 - (255 - g) * (1 - glare);
      const n = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()) * frame.noise;
      const o = (y * width + x) * 4;
      out[o] = out[o + 1] = out[o + 2] = g + n;
      out[o + 3] = 255;
    }
  }
  return { data: out, width, height };
}

describe('fused strips (converging bars, shadows, glare: linear-locator.ts)', () => {
  it('a sticker seen from below, glare over a different half of the bars at each end: the plain call and the plain strips miss, the fused strips read it', async () => {
    // Code 128 of a Verifone-style serial, 2 px modules, tall bars, on a white label.
    const label = await rawFrame(
      sharp(await barcodePng('401-342-560', 'Code128', 2))
        .resize({ height: 90, width: undefined, fit: 'fill', kernel: 'nearest' })
        .extend({ top: 40, bottom: 40, left: 40, right: 40, background: '#ffffff' }),
    );
    const frame = sideView(label, {
      width: 640,
      height: 360,
      perspective: 0.001,
      glare: 0.85,
      noise: 10,
      seed: 7,
    });
    expect((await (await decoderWith({ ladder: 'plain' })).decode(frame)).result).toBeNull();
    const outcome = await (
      await decoderWith({ extraBudgetMs: 0, accept: (r) => isPlausibleSerial(r.text) })
    ).decode(frame);
    expect(outcome.result).toEqual({ text: '401-342-560', format: 'Code128' });
    expect(outcome.stage).toBe('fused');
  });
});

describe('a symbol printed inside another is never returned instead of it', () => {
  // ZXing's qrcode-2/16 ("double QR": a small red QR in the middle of a black one, both valid).
  // The quick pass used to stop at the first symbol and return the inner one: issue 17's QR
  // "misread". One of the independent photos, used here only as a regression check.
  const doubleQr = resolve(import.meta.dirname, '../../../e2e/fixtures/barcodes/independent/zxing-qrcode-2');

  it('ZXing qrcode-2/16 reads as the outer code, with and without an accept check', async () => {
    const frame = await loadFrame(join(doubleQr, '16.webp'));
    const expected = readFileSync(join(doubleQr, '16.txt'), 'utf8');
    for (const config of [{}, { accept: () => true }]) {
      const outcome = await (await decoderWith(config)).decode(frame);
      expect(outcome.result?.text.replace(/\r\n/g, '\n')).toBe(expected.replace(/\r\n/g, '\n'));
    }
  });

  const square = (x: number, y: number, side: number) => ({
    topLeft: { x, y },
    topRight: { x: x + side, y },
    bottomRight: { x: x + side, y: y + side },
    bottomLeft: { x, y: y + side },
  });
  it.each([
    { name: 'inner first → outer first', reads: ['inner', 'outer'], expected: ['outer', 'inner'] },
    { name: 'outer first stays', reads: ['outer', 'inner'], expected: ['outer', 'inner'] },
    { name: 'side by side keep their order', reads: ['right', 'left'], expected: ['right', 'left'] },
    {
      name: 'inner, right, outer',
      reads: ['inner', 'right', 'outer'],
      expected: ['right', 'outer', 'inner'],
    },
  ])('containersFirst: $name', ({ reads, expected }) => {
    const quads: Record<string, ReturnType<typeof square>> = {
      outer: square(0, 0, 100),
      inner: square(35, 35, 30),
      left: square(0, 200, 50),
      right: square(300, 200, 80),
    };
    const ordered = containersFirst(reads.map((text) => ({ text, position: quads[text]! })));
    expect(ordered.map((r) => r.text)).toEqual(expected);
  });

  it('containersFirst: a mirrored (clockwise-wound) container counts too', () => {
    const mirrored = {
      topLeft: { x: 100, y: 0 },
      topRight: { x: 0, y: 0 },
      bottomRight: { x: 0, y: 100 },
      bottomLeft: { x: 100, y: 100 },
    };
    const ordered = containersFirst([
      { text: 'inner', position: square(40, 40, 20) },
      { text: 'outer', position: mirrored },
    ]);
    expect(ordered.map((r) => r.text)).toEqual(['outer', 'inner']);
  });
});

describe('serial rules: reads that cannot be a serial are skipped', () => {
  const serialsOnly = { accept: (read: { text: string }) => isPlausibleSerial(read.text) };

  it('the Code 128 misread of issue 17 is never returned', async () => {
    const frame = await rawFrame(sharp(await barcodePng('&K W774344487352', 'Code128', 3)));
    expect((await (await decoderWith()).decode(frame)).result?.text).toBe('&K W774344487352');
    expect(await (await decoderWith(serialsOnly)).decode(frame)).toMatchObject({ result: null, stage: null });
  });

  it('a part-number barcode beside the serial does not hide it', async () => {
    const partNumber = await barcodePng('M132-409-01-R', 'Code128', 3);
    const serial = await barcodePng('401-342-560', 'Code128', 3);
    const [pn, sn] = await Promise.all([sharp(partNumber).metadata(), sharp(serial).metadata()]);
    const width = Math.max(pn.width ?? 0, sn.width ?? 0) + 40;
    const frame = await rawFrame(
      sharp({
        create: {
          width,
          height: (pn.height ?? 0) + (sn.height ?? 0) + 60,
          channels: 3,
          background: '#ffffff',
        },
      }).composite([
        { input: partNumber, left: 20, top: 20 },
        { input: serial, left: 20, top: (pn.height ?? 0) + 40 },
      ]),
    );
    const outcome = await (await decoderWith(serialsOnly)).decode(frame);
    expect(outcome.result).toEqual({ text: '401-342-560', format: 'Code128' });
  });

  it('the quick pass still reads the serial when the first code its one-symbol scan meets is a refused part number', async () => {
    // The part number across the middle rows, where ZXing's quick scan starts, so it is read first;
    // the serial lower down, still within the quick scan's rows (the middle half of the frame).
    const partNumber = await sharp(await barcodePng('M132-409-01-R', 'Code128', 4))
      .resize({ height: 180, width: 700, fit: 'fill' })
      .png()
      .toBuffer();
    const serial = await sharp(await barcodePng('401-342-560', 'Code128', 3))
      .resize({ height: 60, width: 500, fit: 'fill' })
      .png()
      .toBuffer();
    const frame = await rawFrame(
      sharp({ create: { width: 800, height: 600, channels: 3, background: '#ffffff' } }).composite([
        { input: partNumber, left: 50, top: 160 },
        { input: serial, left: 150, top: 380 },
      ]),
    );
    expect((await (await decoderWith()).decode(frame)).result?.text).toBe('M132-409-01-R');
    expect(await (await decoderWith(serialsOnly)).decode(frame)).toMatchObject({
      result: { text: '401-342-560', format: 'Code128' },
      stage: 'quick',
    });
  });

  it("a part-number code stacked above the serial, the serial in the phone's shadow, turned 30° in a whole frame: each code is read on its own", async () => {
    // Left ends aligned, the part number longer: the locator sees one leaning region over both,
    // whose strips read the busier part number (refused) or mix the two.
    const partNumber = await barcodePng('M132-409-01-R-0001', 'Code128', 2);
    const serial = await barcodePng('401-342-560', 'Code128', 2);
    const [pn, sn] = await Promise.all([sharp(partNumber).metadata(), sharp(serial).metadata()]);
    const labelW = (pn.width ?? 0) + 40;
    const pnH = Math.round((pn.height ?? 0) * 0.5);
    const snH = Math.round((sn.height ?? 0) * 0.5);
    const labelH = pnH + snH + 60;
    const squash = (png: Buffer, width: number, height: number) =>
      sharp(png).resize(width, height, { fit: 'fill' }).png().toBuffer();
    const label = await sharp({
      create: { width: labelW, height: labelH, channels: 3, background: '#f4f4f0' },
    })
      .composite([
        { input: await squash(partNumber, pn.width ?? 0, pnH), left: 20, top: 20 },
        { input: await squash(serial, sn.width ?? 0, snH), left: 20, top: pnH + 40 },
        // The shadow: the lower half of the label at 45% light.
        {
          input: {
            create: {
              width: labelW,
              height: labelH - pnH - 30,
              channels: 4,
              background: { r: 0, g: 0, b: 0, alpha: 0.55 },
            },
          },
          left: 0,
          top: pnH + 30,
        },
      ])
      .png()
      .toBuffer();
    const turned = await sharp(label).rotate(30, { background: '#303030' }).png().toBuffer();
    const meta = await sharp(turned).metadata();
    const frame = await rawFrame(
      sharp({ create: { width: 1280, height: 720, channels: 3, background: '#303030' } })
        .composite([
          {
            input: turned,
            left: Math.round(640 - (meta.width ?? 0) / 2),
            top: Math.round(360 - (meta.height ?? 0) / 2),
          },
        ])
        .blur(0.8),
    );
    expect((await (await decoderWith({ ladder: 'plain', ...serialsOnly })).decode(frame)).result).toBeNull();
    const outcome = await (await decoderWith({ ...serialsOnly, extraBudgetMs: 0 })).decode(frame);
    expect(outcome.result).toEqual({ text: '401-342-560', format: 'Code128' });
  });
});

describe('frame helpers', () => {
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

  it('upscaleGrey2x doubles both sides and interpolates between pixel centres', () => {
    // 2x1: black, white.
    const out = upscaleGrey2x({ luma: new Uint8ClampedArray([0, 255]), width: 2, height: 1 });
    expect([out.width, out.height]).toEqual([4, 2]);
    // Output centres at source x = -0.25, 0.25, 0.75, 1.25 (clamped at the edges); one source
    // row, so both output rows are the same.
    expect([...out.luma]).toEqual([0, 64, 191, 255, 0, 64, 191, 255]);
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

describe('a QR code on a bent grid (qr-grid.ts, the last 2D extra)', () => {
  const text = 'https://edc.example/t/PAX-A920-1170043592';

  /** The symbol's modules as the writer made them (1 = dark), version 3-L: 29×29. */
  async function qrModules(): Promise<{ modules: Uint8Array; dim: number }> {
    const written = await write(text, { format: 'QRCode', ecLevel: 'L', scale: 1 });
    const { data, width } = written.symbol;
    return { modules: Uint8Array.from(data, (v) => (v === 0 ? 1 : 0)), dim: width };
  }

  /**
   * The symbol printed on cloth that waves: 5 px modules on a 260×260 frame, each axis
   * displaced by 0.4 module along a sine of 14 modules across the other one, a light border of
   * 1.5 modules on a dark background. Waves like these put ZXing's one-homography grid off
   * the modules by more than the error correction of a level-L symbol can absorb.
   */
  function wavyFrame(modules: Uint8Array, dim: number, amplitude = 0.4): PixelFrame {
    const size = 260;
    const module = 5;
    const centre = size / 2;
    const wave = 14 * module;
    const data = new Uint8ClampedArray(size * size * 4);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const bx = x + amplitude * module * Math.sin((2 * Math.PI * y) / wave);
        const by = y + amplitude * module * Math.sin((2 * Math.PI * x) / wave + 1);
        const u = (bx - centre) / module + dim / 2;
        const v = (by - centre) / module + dim / 2;
        const inSymbol = u >= 0 && v >= 0 && u < dim && v < dim;
        const onLabel = u >= -1.5 && v >= -1.5 && u < dim + 1.5 && v < dim + 1.5;
        const g = !onLabel ? 30 : inSymbol && modules[Math.floor(v) * dim + Math.floor(u)] ? 40 : 220;
        const i = (y * size + x) * 4;
        data.fill(g, i, i + 3);
        data[i + 3] = 255;
      }
    return { data, width: size, height: size };
  }

  it('a redrawn module matrix reads back as the text, function patterns are where QR puts them', async () => {
    const { modules, dim } = await qrModules();
    expect(dim).toBe(29);
    const known = functionPatterns(dim);
    for (let i = 0; i < dim * dim; i++) if (known[i]! >= 0) expect(modules[i]).toBe(known[i]);
    const drawn = renderModules(modules, dim);
    const read = await (await decoderWith({ formats: ['QRCode'] })).decode(
      lumaToFrame(drawn.luma, drawn.width, drawn.height),
    );
    expect(read.result?.text).toBe(text);
  });

  it("samples every module of the wavy symbol right where ZXing's grid gets dozens wrong", async () => {
    const { modules, dim } = await qrModules();
    const frame = wavyFrame(modules, dim);
    const luma = toLuminance(frame);
    const failed = (
      await readBarcodes(frame as ImageData, { formats: ['QRCode'], returnErrors: true, tryHarder: false })
    ).find((r) => !r.isValid && r.symbol.width === dim);
    expect(failed?.error).toMatch(/^ChecksumError/);
    const wrong = (bits: ArrayLike<number>, dark: (v: number) => boolean) =>
      Array.from(modules).filter((m, i) => (m === 1) !== dark(bits[i]!)).length;
    expect(wrong(failed!.symbol.data, (v) => v === 0)).toBeGreaterThan(30);
    const sampled = sampleBentGrid({ luma, width: frame.width, height: frame.height }, failed!.position, dim);
    expect(sampled.length).toBeGreaterThan(0);
    expect(Math.min(...sampled.map((bits) => wrong(bits, (v) => v === 1)))).toBe(0);
  });

  it('the ladder reads it (stage extra) where the plain call and every other rung miss it', async () => {
    const { modules, dim } = await qrModules();
    const frame = wavyFrame(modules, dim);
    const plain = await (await decoderWith({ ladder: 'plain', formats: ['QRCode'] })).decode(frame);
    expect(plain.result).toBeNull();
    const ladder = await (await decoderWith({ formats: ['QRCode'] })).decode(frame);
    expect(ladder.result).toEqual({ text, format: 'QRCode' });
    expect(ladder.stage).toBe('extra');
  });

  it('nothing is read from a symbol waved past what the grid can follow (no misread)', async () => {
    const { modules, dim } = await qrModules();
    const ladder = await (await decoderWith({ formats: ['QRCode'] })).decode(wavyFrame(modules, dim, 1.2));
    expect(ladder.result).toBeNull();
  });
});

describe('a QR code seen steeply from the side (qr-oblique.ts, the oblique 2D extra)', () => {
  const text = 'https://edc.example/t/PAX-A920-1170043592';

  /** Version 3-M (29×29), 1 = dark. */
  async function qrModules(): Promise<{ modules: Uint8Array; dim: number }> {
    const written = await write(text, { format: 'QRCode', ecLevel: 'M', scale: 1 });
    return {
      modules: Uint8Array.from(written.symbol.data, (v) => (v === 0 ? 1 : 0)),
      dim: written.symbol.width,
    };
  }

  /**
   * A 640×480 photo of a white card holding the symbol (2-module margin) on a grey desk: the card
   * turned `turn`° in its plane, then tilted `tilt`° away from the camera about the image's
   * vertical axis (`axis` x: seen from the side) or horizontal one (`axis` y: seen from below);
   * a pinhole camera (focal length 600 px), modules 6 px tall at the card's centre, each pixel the
   * mean of 3×3 rays.
   */
  function obliqueFrame(
    { modules, dim }: { modules: Uint8Array; dim: number },
    tilt: number,
    turn: number,
    axis: 'x' | 'y',
  ): PixelFrame {
    const width = 640;
    const height = 480;
    const focal = 600;
    const modulePx = 6;
    const t = (tilt * Math.PI) / 180;
    const r = (turn * Math.PI) / 180;
    const data = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (let sy = 0; sy < 3; sy++)
          for (let sx = 0; sx < 3; sx++) {
            const dx = x + (sx + 0.5) / 3 - width / 2;
            const dy = y + (sy + 0.5) / 3 - height / 2;
            const [across, along] = axis === 'x' ? [dx, dy] : [dy, dx];
            // The ray through the pixel meets the tilted card at `s` (card units = focal lengths).
            const a = across / focal;
            const s = a / (Math.cos(t) - a * Math.sin(t));
            const depth = 1 + s * Math.sin(t);
            let g = 90;
            if (depth > 0) {
              const p = (s * focal) / modulePx;
              const q = (along * depth) / modulePx;
              const u = p * Math.cos(r) + q * Math.sin(r) + dim / 2;
              const v = -p * Math.sin(r) + q * Math.cos(r) + dim / 2;
              if (u >= -2 && v >= -2 && u < dim + 2 && v < dim + 2) {
                const inSymbol = u >= 0 && v >= 0 && u < dim && v < dim;
                g = inSymbol && modules[Math.floor(v) * dim + Math.floor(u)] ? 35 : 215;
              }
            }
            sum += g;
          }
        const i = (y * width + x) * 4;
        data.fill(Math.round(sum / 9), i, i + 3);
        data[i + 3] = 255;
      }
    return { data, width, height };
  }

  it.each([
    { view: 'turned 45°, seen 65° from the side', tilt: 65, turn: 45, axis: 'x' as const },
    { view: 'turned 30°, seen 65° from below', tilt: 65, turn: 30, axis: 'y' as const },
  ])('$view: the plain call misses it, the ladder reads it (stage extra)', async ({ tilt, turn, axis }) => {
    const frame = obliqueFrame(await qrModules(), tilt, turn, axis);
    const plain = await (await decoderWith({ ladder: 'plain', formats: ['QRCode'] })).decode(frame);
    expect(plain.result).toBeNull();
    const ladder = await (await decoderWith({ formats: ['QRCode'] })).decode(frame);
    expect(ladder.result).toEqual({ text, format: 'QRCode' });
    expect(ladder.stage).toBe('extra');
  });

  it("ZXing's quick QR reader misses the frame as it is and reads it stretched 2× across the tilt", async () => {
    const frame = obliqueFrame(await qrModules(), 65, 45, 'x');
    const plane = { luma: toLuminance(frame), width: frame.width, height: frame.height };
    const quick = { formats: ['QRCode' as const], tryHarder: false, tryRotate: false, tryInvert: false };
    const asIs = await readBarcodes(lumaToFrame(plane.luma, plane.width, plane.height) as ImageData, quick);
    expect(asIs.filter((r) => r.isValid)).toEqual([]);
    const [along, across] = obliqueViews(plane);
    expect(along).toEqual({ axis: 'x', width: 1280, height: 480 });
    expect(across).toEqual({ axis: 'y', width: 640, height: 960 });
    const wide = resampleGrey(plane, along!.width, along!.height);
    const read = await readBarcodes(lumaToFrame(wide.luma, wide.width, wide.height) as ImageData, quick);
    expect(read.filter((r) => r.isValid).map((r) => r.text)).toEqual([text]);
  });

  it('nothing is read from a symbol tilted past what the stretch undoes, nor from a frame without a QR', async () => {
    const ladder = await decoderWith({ formats: ['QRCode'] });
    expect((await ladder.decode(obliqueFrame(await qrModules(), 78, 45, 'x'))).result).toBeNull();
    const empty = obliqueFrame({ modules: new Uint8Array(29 * 29), dim: 29 }, 65, 45, 'x');
    expect((await ladder.decode(empty)).result).toBeNull();
  });

  it('resampleGrey interpolates between pixel centres where an axis grows and averages where it shrinks', () => {
    const plane = { luma: Uint8ClampedArray.from([0, 100, 200, 40, 40, 40]), width: 3, height: 2 };
    const wide = resampleGrey(plane, 6, 2);
    expect(Array.from(wide.luma.subarray(0, 6))).toEqual([0, 25, 75, 125, 175, 200]);
    expect(Array.from(wide.luma.subarray(6))).toEqual([40, 40, 40, 40, 40, 40]);
    const short = resampleGrey(plane, 3, 1);
    expect(Array.from(short.luma)).toEqual([20, 70, 120]);
    const big = obliqueViews({ luma: new Uint8ClampedArray(0), width: 4000, height: 3000 });
    for (const view of big) expect(view.width * view.height).toBeLessThanOrEqual(2_000_000 + 4000);
  });
});

describe('a QR code under specular glare (the highlights views, right after the plain call)', () => {
  const glarePhoto = resolve(
    import.meta.dirname,
    '../../../e2e/fixtures/barcodes/independent/boofcv-qr3/glare-image045.jpg',
  );

  it('expandHighlights keeps black and white and spreads the levels near white', () => {
    const luma = Uint8ClampedArray.from([0, 64, 128, 236, 250, 255]);
    const out = expandHighlights({ luma, width: 6, height: 1 }, 2.2).luma;
    expect(out[0]).toBe(0);
    expect(out[5]).toBe(255);
    expect(Array.from(out).every((v, i) => i === 0 || v >= out[i - 1]!)).toBe(true);
    expect(out[4]! - out[3]!).toBeGreaterThanOrEqual(24);
    expect(out[2]!).toBeLessThan(64);
  });

  it('a photo of a glossy bag label under glare (boofcv-qr3 glare-image045): missed as it is, read with its highlights expanded', async () => {
    const frame = await loadFrame(glarePhoto);
    const expected = (await readFile(glarePhoto.replace(/\.jpg$/, '.txt'), 'utf8')).trim();
    const plain = await (await decoderWith({ ladder: 'plain' })).decode(frame);
    expect(plain.result).toBeNull();
    const quick = { formats: ['QRCode' as const], tryHarder: false, tryRotate: false, tryInvert: false };
    const grey = { luma: toLuminance(frame), width: frame.width, height: frame.height };
    expect(await readBarcodes(lumaToFrame(grey.luma, grey.width, grey.height) as ImageData, quick)).toEqual(
      [],
    );
    const view = expandHighlights(grey, 1.6);
    const reads = await readBarcodes(lumaToFrame(view.luma, view.width, view.height) as ImageData, quick);
    expect(reads.map((r) => r.text)).toEqual([expected]);
    const ladder = await (await decoderWith()).decode(frame);
    expect(ladder.result?.text).toBe(expected);
    expect(ladder.stage).toBe('extra');
  });
});

describe('a QR code in low light (the shadows view, after the highlights views)', () => {
  const darkPhoto = resolve(
    import.meta.dirname,
    '../../../e2e/fixtures/barcodes/independent/boofcv-qr4/bright_spots-image017.jpg',
  );

  it('expandHighlights below 1 keeps black and white and spreads the levels near black', () => {
    const luma = Uint8ClampedArray.from([0, 8, 26, 128, 250, 255]);
    const out = expandHighlights({ luma, width: 6, height: 1 }, 0.5).luma;
    expect(out[0]).toBe(0);
    expect(out[5]).toBe(255);
    expect(Array.from(out).every((v, i) => i === 0 || v >= out[i - 1]!)).toBe(true);
    // Ink and paper in a dark room: under ZXing's 24-level block range before, well over it after.
    expect(out[2]! - out[1]!).toBeGreaterThanOrEqual(24);
    expect(out[5]! - out[4]!).toBeLessThan(5);
  });

  it('a clipboard in a dark room beside a torch spot (boofcv-qr4 bright_spots-image017): missed as it is and linearly brightened, read through the square-root curve', async () => {
    const frame = await loadFrame(darkPhoto);
    const expected: string[] = JSON.parse(await readFile(darkPhoto.replace(/\.jpg$/, '.texts.json'), 'utf8'));
    const plain = await (await decoderWith({ ladder: 'plain' })).decode(frame);
    expect(plain.result).toBeNull();
    const qr = { formats: ['QRCode' as const], tryHarder: true, tryRotate: false, tryInvert: false };
    const grey = { luma: toLuminance(frame), width: frame.width, height: frame.height };
    const read = async (view: { luma: Uint8ClampedArray; width: number; height: number }) =>
      (await readBarcodes(lumaToFrame(view.luma, view.width, view.height) as ImageData, qr)).map(
        (r) => r.text,
      );
    expect(await read(grey)).toEqual([]);
    expect(await read({ ...grey, luma: Uint8ClampedArray.from(grey.luma, (v) => v * 3) })).toEqual([]);
    const texts = await read(expandHighlights(grey, 0.5));
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(expected).toContain(text);
    const ladder = await (await decoderWith()).decode(frame);
    expect(expected).toContain(ladder.result?.text);
    expect(ladder.stage).toBe('extra');
  });
});
