// Messages between the camera (main thread) and the scan worker. Frames travel as transferables
// (an ImageBitmap, or an RGBA ArrayBuffer where the worker has no OffscreenCanvas), so the main
// thread never copies pixels and never runs the decoder.
import type {
  CropRect,
  DecodeResult,
  DecoderName,
  DecodeStage,
  PixelFrame,
  ScanFormat,
} from './decoder-core.ts';

export type ToWorker =
  | {
      type: 'init';
      formats: readonly ScanFormat[];
      crop: CropRect | null;
      // `backend` forces one decoder (the benchmark compares them); the app leaves it unset.
      backend?: DecoderName;
      // true: symbols whose text has no terminal-serial form (shared/domain/serial-formats) are
      // skipped as misreads or other barcodes. The scanner sets it; the benchmark measures both.
      serialsOnly?: boolean;
      // 'plain': only zxing-wasm's own call with default options (the benchmark's baseline).
      ladder?: 'full' | 'plain';
    }
  | { type: 'bitmap'; id: number; bitmap: ImageBitmap; crop: CropRect | null }
  | { type: 'pixels'; id: number; frame: PixelFrame; crop: CropRect | null };

export type FromWorker =
  | { type: 'ready'; decoder: DecoderName; canDrawBitmaps: boolean }
  | {
      type: 'result';
      id: number;
      result: DecodeResult | null;
      ms: number;
      decoder: DecoderName;
      stage: DecodeStage | null;
    }
  | { type: 'error'; id: number | null; message: string };
