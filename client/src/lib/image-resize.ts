/**
 * On-device photo resizing: longest side ≤ 1600 px, JPEG ≤ 300 KB. Quality is lowered
 * step by step until the file fits; if even the lowest quality is too big, the image is
 * scaled down further. Runs with OffscreenCanvas when available (no layout work), else a
 * detached <canvas>.
 */
export const MAX_PHOTO_SIDE = 1600;
export const MAX_PHOTO_BYTES = 300 * 1024;
const QUALITIES = [0.85, 0.75, 0.65, 0.55, 0.45, 0.35] as const;

/** Target size for a longest side of at most `max` (never upscales). */
export function fitWithin(width: number, height: number, max: number): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= max) return { width, height };
  const scale = max / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * The encode attempts in order: every quality at the full target size, then the same at
 * 80% size, and so on. Pure so the policy is tested without a browser.
 */
export function* encodeAttempts(
  width: number,
  height: number,
  max = MAX_PHOTO_SIDE,
): Generator<{ width: number; height: number; quality: number }> {
  let size = fitWithin(width, height, max);
  for (let round = 0; round < 6; round++) {
    for (const quality of QUALITIES) yield { ...size, quality };
    size = {
      width: Math.max(1, Math.round(size.width * 0.8)),
      height: Math.max(1, Math.round(size.height * 0.8)),
    };
  }
}

async function encode(bitmap: ImageBitmap, width: number, height: number, quality: number): Promise<Blob> {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    ctx.drawImage(bitmap, 0, 0, width, height);
    return canvas.convertToBlob({ type: 'image/jpeg', quality });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  ctx.drawImage(bitmap, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('encode failed'))),
      'image/jpeg',
      quality,
    ),
  );
}

export type ResizedPhoto = { blob: Blob; width: number; height: number; quality: number };

export async function resizePhoto(file: Blob, maxBytes = MAX_PHOTO_BYTES): Promise<ResizedPhoto> {
  // imageOrientation: honour EXIF rotation so portrait photos stay upright.
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    let last: ResizedPhoto | null = null;
    for (const attempt of encodeAttempts(bitmap.width, bitmap.height)) {
      const blob = await encode(bitmap, attempt.width, attempt.height, attempt.quality);
      last = { blob, ...attempt };
      if (blob.size <= maxBytes) return last;
    }
    if (!last) throw new Error('no encode attempt');
    return last;
  } finally {
    bitmap.close();
  }
}
