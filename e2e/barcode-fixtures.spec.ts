/**
 * The barcode fixtures the camera journey and the decoding benchmark rely on: the y4m writer
 * produces what Chromium's fake capture parses, and the sticker generator is deterministic.
 * No browser needed.
 */

import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
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
