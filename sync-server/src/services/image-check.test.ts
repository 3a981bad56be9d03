import { describe, expect, it } from 'vitest';
import { JPEG_2X2, WEBP_2X2 } from '../test/images.ts';
import { checkImage, isWellFormedJpeg, isWellFormedWebp } from './image-check.ts';

const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const JPEG_PROGRESSIVE = b64(
  '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wgARCAACAAIDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAVAQEBAAAAAAAAAAAAAAAAAAADBf/aAAwDAQACEAMQAAABjAVP/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABBQJ//8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAgBAwEBPwF//8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAgBAgEBPwF//8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQAGPwJ//8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPyF//9oADAMBAAIAAwAAABAD/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAgBAwEBPxB//8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAgBAgEBPxB//8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxB//9k=',
);
const WEBP_LOSSLESS = b64('UklGRh4AAABXRUJQVlA4TBEAAAAvAUAAAAdQjyLXo/+BiOh/AAA=');

const enc = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe('checkImage', () => {
  it.each([
    ['baseline JPEG', JPEG_2X2, 'image/jpeg'],
    ['progressive JPEG', JPEG_PROGRESSIVE, 'image/jpeg'],
    ['lossy WebP', WEBP_2X2, 'image/webp'],
    ['lossless WebP', WEBP_LOSSLESS, 'image/webp'],
  ])('accepts a real %s', (_what, bytes, type) => {
    expect(checkImage(bytes)).toBe(type);
  });

  // Each of these passed the old three-byte check (FF D8 FF) or the RIFF/WEBP tag check.
  it.each([
    [
      'HTML behind the JPEG magic',
      cat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), enc('<html><script>alert(1)</script>')),
    ],
    [
      'the old test "JPEG": JFIF header, no frame, no scan',
      new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 3, 0xff, 0xd9]),
    ],
    ['a JPEG cut short', JPEG_2X2.subarray(0, JPEG_2X2.length - 40)],
    ['a JPEG with a page appended after end-of-image', cat(JPEG_2X2, enc('<html>polyglot</html>'))],
    [
      'a JPEG whose frame says 0×0',
      (() => {
        const b = JPEG_2X2.slice();
        const sof = b.findIndex((v, i) => v === 0xff && b[i + 1] === 0xc0);
        b.fill(0, sof + 5, sof + 9);
        return b;
      })(),
    ],
    [
      'a segment length past the end',
      (() => {
        const b = JPEG_2X2.slice();
        b[4] = 0xff;
        b[5] = 0xff;
        return b;
      })(),
    ],
    ['just SOI + EOI', new Uint8Array([0xff, 0xd8, 0xff, 0xd9])],
    ['RIFF/WEBP tag with nothing after it', cat(enc('RIFF'), new Uint8Array([8, 0, 0, 0]), enc('WEBPVP8 '))],
    [
      'a WebP whose RIFF size lies',
      (() => {
        const b = WEBP_2X2.slice();
        b[4] = 200;
        return b;
      })(),
    ],
    [
      'a WebP with an HTML chunk only',
      cat(
        enc('RIFF'),
        new Uint8Array([20, 0, 0, 0]),
        enc('WEBP'),
        enc('HTML'),
        new Uint8Array([4, 0, 0, 0]),
        enc('<a/>'),
      ),
    ],
    ['a WebP with bytes after the last chunk', cat(WEBP_2X2, enc('<html>'))],
    [
      'a VP8 chunk without the start code',
      (() => {
        const b = WEBP_2X2.slice();
        b[23] = 0;
        return b;
      })(),
    ],
    ['SVG', enc('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['empty', new Uint8Array(0)],
  ])('refuses %s', (_what, bytes) => {
    expect(checkImage(bytes)).toBeNull();
    expect(isWellFormedJpeg(bytes) || isWellFormedWebp(bytes)).toBe(false);
  });
});
