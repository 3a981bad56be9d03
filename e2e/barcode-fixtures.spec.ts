/**
 * The barcode fixtures the camera journey and the decoding benchmark rely on: the y4m writer
 * produces what Chromium's fake capture parses, the sticker generator is deterministic, and every
 * independent photo has the expected texts the benchmark scores it by. No browser, no decoder.
 */

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectedTexts, judgeRead } from './fixtures/barcodes/expected-texts.ts';
import { renderCameraFrame } from './fixtures/barcodes/generate-stickers.ts';
import { createRng, randomDevice } from './fixtures/barcodes/sticker.ts';
import { encodeY4m, rgbToI420, writeStillY4m } from './fixtures/barcodes/y4m.ts';

test('rgbToI420 maps white, black and pure red to BT.601 full-range values', () => {
  // 2x2 frame: one chroma sample for the block.
  const white = rgbToI420(new Uint8Array(12).fill(255), 2, 2);
  expect([...white]).toEqual([255, 255, 255, 255, 128, 128]);
  const black = rgbToI420(new Uint8Array(12), 2, 2);
  expect([...black]).toEqual([0, 0, 0, 0, 128, 128]);
  const red = rgbToI420(new Uint8Array([255, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0]), 2, 2);
  expect([...red]).toEqual([76, 76, 76, 76, 85, 255]);
  expect(() => rgbToI420(new Uint8Array(9), 3, 1)).toThrow(/even/);
});

test('encodeY4m writes the YUV4MPEG2 header and one FRAME marker per frame', () => {
  const frame = new Uint8Array(6).fill(7);
  const out = encodeY4m([frame, frame], 2, 2, 15);
  const text = out.toString('latin1');
  expect(text.startsWith('YUV4MPEG2 W2 H2 F15:1 Ip A1:1 C420jpeg\n')).toBe(true);
  expect(text.split('FRAME\n')).toHaveLength(3);
  expect(out.length).toBe('YUV4MPEG2 W2 H2 F15:1 Ip A1:1 C420jpeg\n'.length + 2 * ('FRAME\n'.length + 6));
});

test('the camera frame for a serial is 1280x720 and identical on every render', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edc-y4m-'));
  try {
    const a = await renderCameraFrame('PAX-A920-00012345', 'PAX A920');
    const b = await renderCameraFrame('PAX-A920-00012345', 'PAX A920');
    expect(a.equals(b)).toBe(true);
    const path = join(dir, 'cam.y4m');
    const size = await writeStillY4m(path, a, 3);
    expect(size).toEqual({ width: 1280, height: 720 });
    const bytes = await readFile(path);
    const header = 'YUV4MPEG2 W1280 H720 F15:1 Ip A1:1 C420jpeg\n';
    expect(bytes.length).toBe(header.length + 3 * ('FRAME\n'.length + 1280 * 720 * 1.5));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('device serials follow the vendor formats and repeat for the same seed', () => {
  const first = Array.from(
    { length: 20 },
    (
      (rng) => () =>
        randomDevice(rng)
    )(createRng(7)),
  );
  const again = Array.from(
    { length: 20 },
    (
      (rng) => () =>
        randomDevice(rng)
    )(createRng(7)),
  );
  expect(again).toEqual(first);
  for (const { serial } of first) {
    expect(serial).toMatch(/^(V2T\d{7}|PAX-A920-\d{8}|\d{5}CT\d{8}|D210\d{9})$/);
  }
});

test('expected texts: one per image, several for a multi-code image, none without a barcode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edc-texts-'));
  try {
    writeFileSync(join(dir, 'one.txt'), 'Version 1 QR\n');
    writeFileSync(join(dir, 'many.texts.json'), JSON.stringify(['ABC 123', 'Version 2', 'Version 1 QR']));
    writeFileSync(join(dir, 'both.txt'), 'a');
    writeFileSync(join(dir, 'both.texts.json'), '["a"]');
    writeFileSync(join(dir, 'bad.texts.json'), '"ABC 123"');
    writeFileSync(join(dir, 'empty.texts.json'), '[]');
    // The text is taken exactly (a trailing newline is part of it), whatever the image's extension.
    expect(expectedTexts(dir, 'one.jpg')).toEqual(['Version 1 QR\n']);
    expect(expectedTexts(dir, 'many.webp')).toEqual(['ABC 123', 'Version 2', 'Version 1 QR']);
    expect(expectedTexts(dir, 'none.png')).toBeNull();
    expect(() => expectedTexts(dir, 'both.jpg')).toThrow(/both/);
    expect(() => expectedTexts(dir, 'bad.jpg')).toThrow(/array/);
    expect(() => expectedTexts(dir, 'empty.jpg')).toThrow(/array/);

    const many = expectedTexts(dir, 'many.jpg');
    expect(judgeRead(many, 'Version 2')).toBe('read');
    expect(judgeRead(many, 'Version 1 QR\n')).toBe('misread');
    expect(judgeRead(many, null)).toBe('miss');
    expect(judgeRead(expectedTexts(dir, 'one.jpg'), 'Version 1 QR')).toBe('misread');
    expect(judgeRead(null, 'anything')).toBe('misread');
    expect(judgeRead(null, null)).toBe('nothing');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every independent photo has its expected texts, and only the no-barcode set has none', () => {
  const root = resolve(import.meta.dirname, 'fixtures', 'barcodes', 'independent');
  const sets = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory());
  expect(sets.map((e) => e.name)).toContain('boofcv-qr4');
  expect(sets.map((e) => e.name)).toContain('boofcv-qr5');
  const qr4: number[] = [];
  const qr5: number[] = [];
  for (const { name: set } of sets) {
    const images = readdirSync(join(root, set)).filter((f) => /\.(png|jpe?g|webp|gif|bmp)$/i.test(f));
    expect(images.length, set).toBeGreaterThan(0);
    for (const image of images) {
      const texts = expectedTexts(join(root, set), image);
      if (set.includes('falsepositives')) expect(texts, `${set}/${image}`).toBeNull();
      else expect(texts?.length ?? 0, `${set}/${image}`).toBeGreaterThan(0);
      if (set === 'boofcv-qr4') qr4.push(texts?.length ?? 0);
      if (set === 'boofcv-qr5') qr5.push(texts?.length ?? 0);
    }
  }
  // boofcv-qr4: 23 single-code photos (close, monitor, high_version) and 60 low-light photos
  // (brightness, bright_spots) with the text of each of their 3-4 codes.
  expect(qr4.filter((n) => n === 1)).toHaveLength(23);
  expect(qr4.filter((n) => n >= 3)).toHaveLength(60);
  // boofcv-qr5: 39 single-code photos (damaged, noncompliant, close), 10 noncompliant photos with
  // 2 codes, 14 with 3 (damaged-image002-004, the 11 rotations frames).
  expect(qr5.filter((n) => n === 1)).toHaveLength(39);
  expect(qr5.filter((n) => n === 2)).toHaveLength(10);
  expect(qr5.filter((n) => n === 3)).toHaveLength(14);
  expect(qr5).toHaveLength(63);
});
