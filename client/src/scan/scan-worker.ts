// Module Web Worker that owns the decoder, so decoding (1–30 ms a frame) never blocks the
// camera preview or the UI. Started by scan-client.ts with
// `new Worker(new URL('./scan-worker.ts', import.meta.url), { type: 'module' })`.
//
// The .wasm is imported as a URL: Vite emits it into dist/assets with a content hash and the
// service worker precaches it (globPatterns include *.wasm), so scanning works offline and never
// touches a CDN.
import { isPlausibleSerial } from '@edc/shared/domain';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import {
  type CropRect,
  createDecoder,
  cropPixels,
  type FrameDecoder,
  type PixelFrame,
} from './decoder-core.ts';
import type { FromWorker, ToWorker } from './scan-protocol.ts';

// The client tsconfig mixes DOM and WebWorker libs, so `self` is typed as Window here.
const scope = self as unknown as DedicatedWorkerGlobalScope;

let decoder: FrameDecoder | null = null;
let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;

function post(message: FromWorker): void {
  scope.postMessage(message);
}

/**
 * Reads the pixels of an ImageBitmap's crop region only (the guide box is about a third of the
 * frame: the rest would be drawn, copied and allocated for nothing); the worker-side canvas is
 * reused across frames. Same whole pixels as the decoder's own crop (`cropPixels`), copied 1:1.
 */
function bitmapToFrame(bitmap: ImageBitmap, crop: CropRect | null): PixelFrame {
  const { x0, y0, w, h } = cropPixels(bitmap.width, bitmap.height, crop);
  if (!canvas || canvas.width !== w || canvas.height !== h) {
    canvas = new OffscreenCanvas(w, h);
    // willReadFrequently keeps the canvas in CPU memory: getImageData every frame is the point.
    context = canvas.getContext('2d', { willReadFrequently: true });
  }
  if (!context) throw new Error('2D canvas unavailable in worker');
  context.drawImage(bitmap, x0, y0, w, h, 0, 0, w, h);
  bitmap.close();
  const image = context.getImageData(0, 0, w, h);
  return { data: image.data, width: image.width, height: image.height };
}

scope.addEventListener('message', async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  try {
    switch (message.type) {
      case 'init': {
        decoder = await createDecoder({
          wasm: { url: new URL(wasmUrl, scope.location.href).href },
          formats: message.formats,
          crop: message.crop,
          ...(message.backend ? { backend: message.backend } : {}),
          ...(message.serialsOnly ? { accept: (read) => isPlausibleSerial(read.text) } : {}),
          ...(message.ladder ? { ladder: message.ladder } : {}),
        });
        post({ type: 'ready', decoder: decoder.name, canDrawBitmaps: typeof OffscreenCanvas === 'function' });
        return;
      }
      case 'bitmap':
      case 'pixels': {
        if (!decoder) throw new Error('scan worker used before init');
        // A bitmap is cut to the crop while it is read; raw pixels are cropped by the decoder.
        const outcome =
          message.type === 'bitmap'
            ? await decoder.decode(bitmapToFrame(message.bitmap, message.crop), null)
            : await decoder.decode(message.frame, message.crop);
        post({ type: 'result', id: message.id, ...outcome });
        return;
      }
    }
  } catch (err) {
    const id = message.type === 'init' ? null : message.id;
    post({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
  }
});
