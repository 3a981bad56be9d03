/**
 * Is this upload really a JPEG or a WebP, all the way through? Issue 11: checking three
 * magic bytes let any payload (an HTML page, a script) ride behind `FF D8 FF`. This walks
 * the container structure instead — every JPEG segment length, a frame header with a real
 * size, entropy-coded scans up to the end-of-image marker and nothing after it; every
 * RIFF chunk of a WebP up to the exact end of the file, with a VP8/VP8L bitstream header —
 * without decoding pixels. Pure: bytes in, a verdict out.
 */
import type { attachmentContentTypes } from '@edc/shared';

type ImageType = (typeof attachmentContentTypes)[number];

/** Largest side accepted (phones resize photos to ≤ 1600 px; this only bounds nonsense). */
const MAX_SIDE = 16_384;

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32le = (b: Uint8Array, i: number) =>
  (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic): not C4 (DHT), C8, CC (DAC). */
function isStartOfFrame(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

/** True when `b` is a structurally complete JPEG (SOI … SOF … SOS … EOI, nothing after). */
export function isWellFormedJpeg(b: Uint8Array): boolean {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return false;
  let i = 2;
  let frame = false;
  for (;;) {
    if (i >= b.length || b[i] !== 0xff) return false;
    while (i < b.length && b[i] === 0xff) i++; // fill bytes
    if (i >= b.length) return false;
    const marker = b[i++]!;
    if (marker === 0xd9) return false; // EOI before any scan
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // no length
    if (marker === 0xd8 || marker === 0x00) return false;
    if (i + 2 > b.length) return false;
    const length = u16be(b, i);
    if (length < 2 || i + length > b.length) return false;
    if (isStartOfFrame(marker)) {
      if (length < 8) return false;
      const height = u16be(b, i + 3);
      const width = u16be(b, i + 5);
      const components = b[i + 7]!;
      if (width === 0 || height === 0 || width > MAX_SIDE || height > MAX_SIDE) return false;
      if (components < 1 || components > 4 || length !== 8 + 3 * components) return false;
      frame = true;
    }
    i += length;
    if (marker !== 0xda) continue;
    // Start of scan: entropy-coded data follows. Inside it a 0xFF is always stuffed (FF 00)
    // or a restart marker (FF D0-D7); any other marker ends the scan.
    if (!frame) return false;
    for (;;) {
      if (i + 1 >= b.length) return false;
      if (b[i] !== 0xff) {
        i++;
        continue;
      }
      const next = b[i + 1]!;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
        i += next === 0xff ? 1 : 2;
        continue;
      }
      if (next === 0xd9) return i + 2 === b.length; // EOI, and nothing smuggled after it
      break; // another segment (DHT, next progressive scan, …): back to the segment loop
    }
  }
}

/** True when `b` is a RIFF/WEBP file whose chunks fill it exactly and whose image data is VP8 or VP8L. */
export function isWellFormedWebp(b: Uint8Array): boolean {
  if (b.length < 20 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 12) !== 'WEBP') return false;
  if (u32le(b, 4) + 8 !== b.length) return false;
  let i = 12;
  let image = false;
  let first = true;
  while (i < b.length) {
    if (i + 8 > b.length) return false;
    const fourcc = ascii(b, i, i + 4);
    const size = u32le(b, i + 4);
    const data = i + 8;
    if (data + size > b.length) return false;
    if (first && fourcc !== 'VP8 ' && fourcc !== 'VP8L' && fourcc !== 'VP8X') return false;
    first = false;
    if (fourcc === 'VP8 ') {
      // Frame tag (3 bytes), start code 9D 01 2A, 14-bit width and height.
      if (size < 10 || b[data + 3] !== 0x9d || b[data + 4] !== 0x01 || b[data + 5] !== 0x2a) return false;
      const width = (b[data + 6]! | (b[data + 7]! << 8)) & 0x3fff;
      const height = (b[data + 8]! | (b[data + 9]! << 8)) & 0x3fff;
      if (width === 0 || height === 0) return false;
      image = true;
    } else if (fourcc === 'VP8L') {
      if (size < 5 || b[data] !== 0x2f) return false;
      image = true;
    } else if (fourcc === 'VP8X') {
      if (size !== 10) return false;
    }
    i = data + size + (size % 2); // chunks are padded to an even size
  }
  return image && i === b.length;
}

/** The image type the bytes really are, checked through their whole structure; null otherwise. */
export function checkImage(bytes: Uint8Array): ImageType | null {
  if (isWellFormedJpeg(bytes)) return 'image/jpeg';
  if (isWellFormedWebp(bytes)) return 'image/webp';
  return null;
}
