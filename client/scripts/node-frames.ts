// Node-side glue for the decoder core: turns image files into the same RGBA frames the camera
// worker sees, and loads the ZXing-C++ .wasm from node_modules (no network in Node either).
// Used by the decoding CLI and the scan tests; never bundled into the app.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { PixelFrame, WasmSource } from '../src/scan/decoder-core.ts';

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.gif', '.bmp'] as const;

export function isImageFile(name: string): boolean {
  const lower = name.toLowerCase();
  return IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** The reader .wasm shipped with the installed zxing-wasm (same file the app self-hosts). */
export async function nodeWasmSource(): Promise<WasmSource> {
  const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  const bytes = await readFile(path);
  return { binary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
}

/**
 * Decodes an image file to RGBA. Transparent pixels are composited onto white, as any viewer
 * (or a printed label) shows them; left transparent they read as black and hide the symbol's
 * quiet zone. sharp has no BMP support, so BMP goes through a small reader below.
 */
export async function loadFrame(path: string): Promise<PixelFrame> {
  const bytes = await readFile(path);
  const input = isBmp(bytes) ? bmpToRaw(bytes) : null;
  const image = input
    ? sharp(input.data, { raw: { width: input.width, height: input.height, channels: 4 } })
    : sharp(bytes, { animated: false });
  const { data, info } = await image
    .flatten({ background: '#ffffff' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels = new Uint8ClampedArray(data.byteLength);
  pixels.set(data);
  return { data: pixels, width: info.width, height: info.height };
}

function isBmp(bytes: Buffer): boolean {
  return bytes.length > 54 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

/** Uncompressed 8/24/32-bit BMP → RGBA (bottom-up or top-down). Other variants are rejected. */
function bmpToRaw(bytes: Buffer): { data: Buffer; width: number; height: number } {
  const pixelOffset = bytes.readUInt32LE(10);
  const headerSize = bytes.readUInt32LE(14);
  const width = bytes.readInt32LE(18);
  const rawHeight = bytes.readInt32LE(22);
  const bpp = bytes.readUInt16LE(28);
  const compression = bytes.readUInt32LE(30);
  const height = Math.abs(rawHeight);
  // BI_BITFIELDS (3) with 32 bpp is the common "BGRA" layout; treat it like BI_RGB.
  if (width <= 0 || height === 0 || !(compression === 0 || (compression === 3 && bpp === 32))) {
    throw new Error(`unsupported BMP (compression ${compression}, ${bpp} bpp)`);
  }
  if (bpp !== 8 && bpp !== 24 && bpp !== 32) throw new Error(`unsupported BMP bit depth ${bpp}`);
  const stride = Math.ceil((width * bpp) / 32) * 4;
  const paletteOffset = 14 + headerSize;
  const out = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    const srcRow = pixelOffset + (rawHeight > 0 ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      let p: number;
      if (bpp === 8) p = paletteOffset + bytes[srcRow + x]! * 4;
      else p = srcRow + x * (bpp / 8);
      out[o] = bytes[p + 2]!;
      out[o + 1] = bytes[p + 1]!;
      out[o + 2] = bytes[p]!;
      out[o + 3] = 255;
    }
  }
  return { data: out, width, height };
}
