// Camera scanner screen, loaded lazily (`React.lazy` over this module's `ScannerView`)
// so the camera code, worker and decoders stay out of the initial bundle. Rear camera with a
// guide box; frames go to the scan worker, which only returns reads shaped like a terminal
// serial; a read is accepted when two consecutive decoded frames agree and the caller's check
// (the device table) knows it (read-gate.ts). Every failure ends in a message plus the hint
// that manual entry still works.
import { type CSSProperties, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import {
  CameraError,
  type CameraErrorCode,
  type CameraHandle,
  openCamera,
  startFrameLoop,
} from './camera.ts';
import {
  type CropRect,
  DEFAULT_FORMATS,
  type DecoderName,
  guideBoxFor,
  type ScanFormat,
} from './decoder-core.ts';
import { type ScanMessageKey, scanMessage } from './messages.ts';
import { createReadGate } from './read-gate.ts';
import { prewarmScanClient, releaseWarmScanClient, takeScanClient } from './scan-client.ts';

export interface ScannerViewProps {
  /** Called once with the agreed read; the camera is already stopped. */
  onResult: (text: string, format: string) => void;
  /** The user closed the scanner (or wants to type the serial instead). */
  onCancel: () => void;
  /** Symbologies to look for; default Code 128, Code 39, QR, DataMatrix. */
  formats?: readonly ScanFormat[];
  /**
   * Whether an agreed read is a known terminal (the feature looks it up in the local device
   * table; scan/ knows no data). Refused reads are never accepted and are shown with a hint.
   * Unset: two agreeing frames are enough.
   */
  check?: (text: string, format: string) => Promise<boolean>;
}

type Phase =
  | { kind: 'starting' }
  | { kind: 'loading-decoder' }
  | { kind: 'scanning'; holding: boolean; refused: string | null }
  | { kind: 'camera-error'; code: CameraErrorCode }
  | { kind: 'decoder-error'; reason: string };

/** Reads the current video frame on the main thread; only for workers without OffscreenCanvas. */
function grabPixels(video: HTMLVideoElement, canvas: HTMLCanvasElement) {
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas unavailable');
  ctx.drawImage(video, 0, 0);
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return { data: image.data, width: image.width, height: image.height };
}

/** Starts the decoder worker ahead of the scanner (call when a scan is likely soon). */
export function prewarmScanner(formats: readonly ScanFormat[] = DEFAULT_FORMATS): void {
  // The same options the view asks for below, so the warm worker is the one it takes.
  prewarmScanClient(formats, { serialsOnly: true });
}

export { releaseWarmScanClient };

export function ScannerView({ onResult, onCancel, formats = DEFAULT_FORMATS, check }: ScannerViewProps) {
  const { language } = useI18n();
  const m = (key: ScanMessageKey, params?: Record<string, string>) => scanMessage(language, key, params);
  const videoRef = useRef<HTMLVideoElement>(null);
  const cameraRef = useRef<CameraHandle | null>(null);
  // Latest callbacks without restarting the camera when the parent re-renders.
  const onResultRef = useRef(onResult);
  onResultRef.current = onResult;
  const checkRef = useRef(check);
  checkRef.current = check;
  const formatsRef = useRef(formats);
  formatsRef.current = formats;
  const formatsKey = formats.join(',');

  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const [decoder, setDecoder] = useState<DecoderName | null>(null);
  const [torchSupported, setTorchSupported] = useState(false);
  const [torchOn, setTorchOn] = useState(false);
  const [guide, setGuide] = useState<CropRect>(() => guideBoxFor(16, 9));
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: formatsKey stands for formats (by value); attempt restarts on "try again".
  useEffect(() => {
    let cancelled = false;
    let stopLoop = () => {};
    const client = takeScanClient(formatsRef.current, { serialsOnly: true });
    const gate = createReadGate(async (read) => {
      const lookup = checkRef.current;
      return lookup ? lookup(read.text, read.format) : true;
    });
    const fallbackCanvas = document.createElement('canvas');
    setPhase({ kind: 'starting' });
    setTorchOn(false);

    const run = async () => {
      // The worker loads its decoder while the camera starts; both take a few hundred ms.
      const camera = await openCamera();
      if (cancelled) {
        camera.stop();
        return;
      }
      cameraRef.current = camera;
      setTorchSupported(camera.torchSupported);
      const video = videoRef.current;
      if (!video) throw new Error('video element missing');
      video.srcObject = camera.stream;
      await video.play();
      setGuide(guideBoxFor(video.videoWidth, video.videoHeight));

      setPhase({ kind: 'loading-decoder' });
      const { decoder: name, canDrawBitmaps } = await client.ready;
      if (cancelled) return;
      setDecoder(name);
      setPhase({ kind: 'scanning', holding: false, refused: null });
      let shown = { holding: false, refused: null as string | null };

      stopLoop = startFrameLoop(
        video,
        async () => {
          // Frames can turn portrait/landscape mid-scan (phone rotation): recompute per frame.
          const crop = guideBoxFor(video.videoWidth, video.videoHeight);
          const outcome = canDrawBitmaps
            ? await client.decodeBitmap(await createImageBitmap(video), crop)
            : await client.decodePixels(grabPixels(video, fallbackCanvas), crop);
          if (cancelled) return;
          const event = await gate.push(outcome.result);
          if (cancelled) return;
          if (event.kind === 'accepted') {
            stopLoop();
            camera.stop();
            navigator.vibrate?.(60);
            onResultRef.current(event.read.text, event.read.format);
            return;
          }
          // A refused serial stays on screen until another read comes along.
          const next = {
            holding: event.kind === 'holding',
            refused:
              event.kind === 'rejected' ? event.read.text : event.kind === 'holding' ? null : shown.refused,
          };
          if (next.holding !== shown.holding || next.refused !== shown.refused) {
            // Only re-render when the hint changes, not on every frame.
            shown = next;
            setPhase({ kind: 'scanning', ...next });
          }
        },
        () => client.busy,
      );
    };

    run().catch((err: unknown) => {
      if (cancelled) return;
      if (err instanceof CameraError) setPhase({ kind: 'camera-error', code: err.code });
      else setPhase({ kind: 'decoder-error', reason: err instanceof Error ? err.message : String(err) });
    });

    return () => {
      cancelled = true;
      stopLoop();
      cameraRef.current?.stop();
      cameraRef.current = null;
      client.terminate();
      const video = videoRef.current;
      if (video) video.srcObject = null;
    };
  }, [formatsKey, attempt]);

  const toggleTorch = () => {
    const camera = cameraRef.current;
    if (!camera) return;
    const next = !torchOn;
    camera.setTorch(next).then(
      () => setTorchOn(next),
      () => setTorchSupported(false),
    );
  };

  const failed = phase.kind === 'camera-error' || phase.kind === 'decoder-error';
  const status =
    phase.kind === 'starting'
      ? m('starting')
      : phase.kind === 'loading-decoder'
        ? m('loadingDecoder')
        : phase.kind === 'scanning'
          ? phase.refused !== null
            ? m('notKnown', { serial: phase.refused })
            : m(phase.holding ? 'hold' : 'aim')
          : null;
  const errorText =
    phase.kind === 'camera-error'
      ? m(`error.${phase.code}`)
      : phase.kind === 'decoder-error'
        ? m('decoderFailed', { reason: phase.reason })
        : null;
  const canRetry =
    phase.kind === 'decoder-error' ||
    (phase.kind === 'camera-error' && phase.code !== 'insecure-context' && phase.code !== 'no-api');

  return (
    <section
      aria-label={m('title')}
      data-testid="scanner"
      data-state={phase.kind}
      data-decoder={decoder ?? ''}
      style={styles.root}
    >
      <div style={{ ...styles.stage, display: failed ? 'none' : 'block' }}>
        <video ref={videoRef} data-testid="scanner-video" muted playsInline autoPlay style={styles.video} />
        <div
          aria-hidden="true"
          data-testid="scanner-guide"
          style={{
            ...styles.guide,
            left: `${guide.left * 100}%`,
            top: `${guide.top * 100}%`,
            width: `${guide.width * 100}%`,
            height: `${guide.height * 100}%`,
          }}
        />
      </div>
      {status && (
        <p
          role="status"
          data-testid="scanner-status"
          data-refused={phase.kind === 'scanning' && phase.refused !== null ? phase.refused : undefined}
          style={styles.status}
        >
          {status}
        </p>
      )}
      {errorText && (
        <div
          role="alert"
          data-testid="scanner-error"
          data-code={phase.kind === 'camera-error' ? phase.code : 'decoder'}
        >
          <p>{errorText}</p>
          <p>{m('manualHint')}</p>
        </div>
      )}
      <div style={styles.actions}>
        {torchSupported && !failed && (
          <button
            type="button"
            className="btn tonal"
            data-testid="scanner-torch"
            aria-pressed={torchOn}
            onClick={toggleTorch}
          >
            {m(torchOn ? 'torchOff' : 'torchOn')}
          </button>
        )}
        {canRetry && (
          <button
            type="button"
            className="btn tonal"
            data-testid="scanner-retry"
            onClick={() => setAttempt((n) => n + 1)}
          >
            {m('retry')}
          </button>
        )}
        <button type="button" className="btn" data-testid="scanner-cancel" onClick={onCancel}>
          {m('cancel')}
        </button>
      </div>
    </section>
  );
}

// Inline styles: the scanner is a lazily loaded chunk and must look right without the app's CSS.
const styles = {
  root: { display: 'flex', flexDirection: 'column', gap: '0.75rem' },
  // The video keeps its own aspect ratio (no object-fit crop), so the guide box percentages
  // map exactly onto the frame region the decoder reads.
  stage: { position: 'relative', width: '100%', background: '#000', lineHeight: 0, overflow: 'hidden' },
  video: { display: 'block', width: '100%', height: 'auto' },
  guide: {
    position: 'absolute',
    border: '3px solid #ffd400',
    borderRadius: '8px',
    boxShadow: '0 0 0 9999px rgba(0, 0, 0, 0.35)',
    boxSizing: 'border-box',
    pointerEvents: 'none',
  },
  status: { margin: 0, textAlign: 'center' },
  actions: { display: 'flex', gap: '0.5rem', justifyContent: 'center', flexWrap: 'wrap' },
} satisfies Record<string, CSSProperties>;
