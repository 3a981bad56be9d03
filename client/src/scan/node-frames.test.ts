import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isImageFile, loadFrame } from '../../scripts/node-frames.ts';

const tmp = mkdtempSync(join(tmpdir(), 'edc-node-frames-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A bottom-up 24-bit BMP of a 2x2 image: red, green / blue, white (top row first). */
function tinyBmp(): Buffer {
  const stride = 8; // 2 px * 3 bytes = 6, padded to 4
  const pixels = Buffer.alloc(stride * 2);
  // Bottom row first (BGR): blue, white.
  pixels.set([255, 0, 0, 255, 255, 255], 0);
  // Top row: red, green.
  pixels.set([0, 0, 255, 0, 255, 0], stride);
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'ascii');
  header.writeUInt32LE(54 + pixels.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(2, 18);
  header.writeInt32LE(2, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  return Buffer.concat([header, pixels]);
}

describe('loadFrame', () => {
  it('reads an uncompressed BMP (sharp cannot) top row first, as RGBA', async () => {
    const path = join(tmp, 'tiny.bmp');
    writeFileSync(path, tinyBmp());
    const frame = await loadFrame(path);
    expect([frame.width, frame.height]).toEqual([2, 2]);
    expect([...frame.data]).toEqual([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
  });

  it('rejects a file that is no image', async () => {
    const path = join(tmp, 'bad.png');
    writeFileSync(path, 'nope');
    await expect(loadFrame(path)).rejects.toThrow();
  });

  it.each([
    ['a.PNG', true],
    ['b.jpeg', true],
    ['c.bmp', true],
    ['d.txt', false],
    ['e.metadata.txt', false],
  ])('isImageFile(%s) = %s', (name, expected) => {
    expect(isImageFile(name)).toBe(expected);
  });
});
