// Messages between the camera (main thread) and the scan worker. Frames travel as transferables
// (an ImageBitmap, or an RGBA ArrayBuffer where the worker has no OffscreenCanvas), so the main
// thread never copies pixels and never runs the decoder.
import type { CropRect, DecodeResult, DecoderName, PixelFrame, ScanFormat } from './decoder-core.ts';

export type ToWorker =
  // `backend` forces one decoder (the benchmark compares them); the app leaves it unset.
  | { type: 'init'; formats: readonly ScanFormat[]; crop: CropRect | null; backend?: DecoderName }
  | { type: 'bitmap'; id: number; bitmap: ImageBitmap; crop: CropRect | null }
  | { type: 'pixels'; id: number; frame: PixelFrame; crop: CropRect | null };

export type FromWorker =
  | { type: 'ready'; decoder: DecoderName; canDrawBitmaps: boolean }
  | { type: 'result'; id: number; result: DecodeResult | null; ms: number; decoder: DecoderName }
  | { type: 'error'; id: number | null; message: string };
