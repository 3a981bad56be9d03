// Main-thread handle on the scan worker: one request in flight at a time, frames handed over
// as transferables. The camera loop asks `busy` before grabbing a frame, so frames are dropped
// while the worker decodes instead of piling up in its queue (which would add latency and memory).
import type { CropRect, DecodeOutcome, DecoderName, PixelFrame, ScanFormat } from './decoder-core.ts';
import type { FromWorker, ToWorker } from './scan-protocol.ts';

export interface ScanClient {
  /** Resolves once the worker's decoder is loaded (which one it picked). */
  readonly ready: Promise<{ decoder: DecoderName; canDrawBitmaps: boolean }>;
  readonly busy: boolean;
  decodeBitmap(bitmap: ImageBitmap, crop: CropRect | null): Promise<DecodeOutcome>;
  decodePixels(frame: PixelFrame, crop: CropRect | null): Promise<DecodeOutcome>;
  terminate(): void;
}

interface Pending {
  resolve: (outcome: DecodeOutcome) => void;
  reject: (err: Error) => void;
}

export interface ScanClientOptions {
  /** Skip symbols that have no terminal-serial form (see scan-protocol.ts). */
  serialsOnly?: boolean;
}

export function createScanClient(
  formats: readonly ScanFormat[],
  options: ScanClientOptions = {},
): ScanClient {
  const worker = new Worker(new URL('./scan-worker.ts', import.meta.url), { type: 'module', name: 'scan' });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let terminated = false;

  let settleReady: (value: { decoder: DecoderName; canDrawBitmaps: boolean }) => void = () => {};
  let failReady: (err: Error) => void = () => {};
  const ready = new Promise<{ decoder: DecoderName; canDrawBitmaps: boolean }>((resolve, reject) => {
    settleReady = resolve;
    failReady = reject;
  });

  // Awaited later by the view; mark it handled now so an early failure is not reported as an
  // unhandled rejection while the camera is still starting.
  ready.catch(() => {});

  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    if (message.type === 'ready') {
      settleReady({ decoder: message.decoder, canDrawBitmaps: message.canDrawBitmaps });
      return;
    }
    if (message.type === 'error' && message.id === null) {
      failReady(new Error(message.message));
      return;
    }
    if (message.id === null) return;
    const request = pending.get(message.id);
    if (!request) return;
    pending.delete(message.id);
    if (message.type === 'result') {
      request.resolve({
        result: message.result,
        ms: message.ms,
        decoder: message.decoder,
        stage: message.stage,
      });
    } else {
      request.reject(new Error(message.message));
    }
  });
  worker.addEventListener('error', (event) => {
    const err = new Error(event.message || 'scan worker failed to start');
    failReady(err);
    for (const request of pending.values()) request.reject(err);
    pending.clear();
  });

  const init: ToWorker = {
    type: 'init',
    formats: [...formats],
    crop: null,
    serialsOnly: options.serialsOnly ?? false,
  };
  worker.postMessage(init);

  function send(message: ToWorker, transfer: Transferable[]): Promise<DecodeOutcome> {
    if (terminated) return Promise.reject(new Error('scan worker terminated'));
    return new Promise((resolve, reject) => {
      pending.set(message.type === 'init' ? 0 : message.id, { resolve, reject });
      worker.postMessage(message, transfer);
    });
  }

  return {
    ready,
    get busy() {
      return pending.size > 0;
    },
    decodeBitmap(bitmap, crop) {
      return send({ type: 'bitmap', id: nextId++, bitmap, crop }, [bitmap]);
    },
    decodePixels(frame, crop) {
      return send({ type: 'pixels', id: nextId++, frame, crop }, [frame.data.buffer]);
    },
    terminate() {
      terminated = true;
      worker.terminate();
      const err = new Error('scan worker terminated');
      for (const request of pending.values()) request.reject(err);
      pending.clear();
    },
  };
}

// ---- early start ---------------------------------------------------------------------------
// Loading the decoder (worker start + wasm compile) takes a few hundred ms on a cheap phone.
// A screen that will probably scan soon calls `prewarmScanClient()` while it idles; the next
// scanner takes that worker instead of starting its own, so only the camera is left to open.
let warm: { key: string; client: ScanClient } | null = null;

const warmKey = (formats: readonly ScanFormat[], options: ScanClientOptions) =>
  `${formats.join(',')}|${options.serialsOnly === true}`;

export function prewarmScanClient(formats: readonly ScanFormat[], options: ScanClientOptions = {}): void {
  const key = warmKey(formats, options);
  if (warm?.key === key) return;
  warm?.client.terminate();
  warm = { key, client: createScanClient(formats, options) };
}

/** The prewarmed client for these formats and options (handed over once), else a new one. */
export function takeScanClient(formats: readonly ScanFormat[], options: ScanClientOptions = {}): ScanClient {
  const key = warmKey(formats, options);
  if (warm?.key === key) {
    const { client } = warm;
    warm = null;
    return client;
  }
  return createScanClient(formats, options);
}

/** Drops a prewarmed worker nobody took (the screen that warmed it went away). */
export function releaseWarmScanClient(): void {
  warm?.client.terminate();
  warm = null;
}
