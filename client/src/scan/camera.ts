// Rear camera for scanning: opening it with the right constraints, mapping the browser's
// errors to states the UI can explain, torch and continuous focus where the device has them,
// and a frame loop that never queues frames behind a busy decoder.

/** Why the camera is not available; each has its own message and the manual-entry hint. */
export type CameraErrorCode =
  | 'insecure-context'
  | 'no-api'
  | 'permission-denied'
  | 'no-camera'
  | 'camera-busy'
  | 'unknown';

export class CameraError extends Error {
  constructor(
    readonly code: CameraErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CameraError';
  }
}

/** getUserMedia needs a secure context (https or localhost) and the API itself. */
export function cameraUnavailableReason(env: {
  isSecureContext: boolean;
  hasGetUserMedia: boolean;
}): CameraErrorCode | null {
  if (!env.isSecureContext) return 'insecure-context';
  if (!env.hasGetUserMedia) return 'no-api';
  return null;
}

/** Maps a getUserMedia rejection (a DOMException by name) to a UI state. */
export function cameraErrorCode(err: unknown): CameraErrorCode {
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return 'permission-denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'no-camera';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'camera-busy';
    default:
      return 'unknown';
  }
}

// Image-capture constraints Chrome/Android implement but TypeScript's DOM lib does not list.
interface ScanTrackCapabilities extends MediaTrackCapabilities {
  torch?: boolean;
  focusMode?: string[];
}
interface ScanConstraintSet extends MediaTrackConstraintSet {
  torch?: boolean;
  focusMode?: string;
}

export interface CameraHandle {
  readonly stream: MediaStream;
  readonly torchSupported: boolean;
  setTorch(on: boolean): Promise<void>;
  stop(): void;
}

/**
 * 1280x720 is enough for a Code 128 serial at arm's length and keeps each frame cheap;
 * `ideal` (not `exact`) so laptops and front-only devices still get a camera.
 */
export const CAMERA_CONSTRAINTS: MediaStreamConstraints = {
  audio: false,
  video: {
    facingMode: { ideal: 'environment' },
    width: { ideal: 1280 },
    height: { ideal: 720 },
  },
};

export async function openCamera(): Promise<CameraHandle> {
  const reason = cameraUnavailableReason({
    isSecureContext: globalThis.isSecureContext === true,
    hasGetUserMedia: typeof navigator.mediaDevices?.getUserMedia === 'function',
  });
  if (reason) throw new CameraError(reason, `camera unavailable: ${reason}`);

  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia(CAMERA_CONSTRAINTS);
  } catch (err) {
    throw new CameraError(cameraErrorCode(err), err instanceof Error ? err.message : String(err));
  }
  const [track] = stream.getVideoTracks();
  if (!track) {
    for (const t of stream.getTracks()) t.stop();
    throw new CameraError('no-camera', 'stream has no video track');
  }

  const capabilities: ScanTrackCapabilities =
    typeof track.getCapabilities === 'function' ? track.getCapabilities() : {};
  if (capabilities.focusMode?.includes('continuous')) {
    // Best effort: a sticker 10 cm from the lens is blurry with a fixed focus.
    const focus: ScanConstraintSet = { focusMode: 'continuous' };
    await track.applyConstraints({ advanced: [focus] }).catch(() => {});
  }
  const torchSupported = capabilities.torch === true;

  return {
    stream,
    torchSupported,
    async setTorch(on) {
      if (!torchSupported) return;
      const torch: ScanConstraintSet = { torch: on };
      await track.applyConstraints({ advanced: [torch] });
    },
    stop() {
      for (const t of stream.getTracks()) t.stop();
    },
  };
}

/**
 * Runs `onFrame` once per new video frame (requestVideoFrameCallback, else requestAnimationFrame),
 * skipping frames while the previous call is still running and while `isBusy()` says the decoder
 * is occupied. Returns a stop function.
 */
export function startFrameLoop(
  video: HTMLVideoElement,
  onFrame: () => Promise<void>,
  isBusy: () => boolean = () => false,
): () => void {
  let stopped = false;
  let running = false;
  let handle = 0;
  const useVideoCallback = typeof video.requestVideoFrameCallback === 'function';

  const schedule = () => {
    if (stopped) return;
    handle = useVideoCallback ? video.requestVideoFrameCallback(tick) : requestAnimationFrame(tick);
  };
  const tick = () => {
    if (stopped) return;
    if (
      !running &&
      !isBusy() &&
      video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA &&
      video.videoWidth > 0
    ) {
      running = true;
      onFrame()
        .catch(() => {})
        .finally(() => {
          running = false;
        });
    }
    schedule();
  };
  schedule();

  return () => {
    stopped = true;
    if (useVideoCallback) video.cancelVideoFrameCallback(handle);
    else cancelAnimationFrame(handle);
  };
}
