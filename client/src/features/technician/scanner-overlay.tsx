/**
 * The scanner as a full-screen layer (its own bar with a close button), used by the home
 * screen and the case form. The camera stream stays open as long as the layer is, so a
 * second attempt needs no restart. `preloadScanner()` fetches the scanner chunk and starts
 * the decoder worker while the screen idles, so a tap on "Pindai" only opens the camera.
 */
import { Suspense, useEffect, useId, useRef } from 'react';
import { Icon } from '../../components/icon.tsx';
import { Loading } from '../../components/state-views.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { lazyScreen } from '../../shell/lazy-screen.ts';
import './technician.css';

const loadScanner = () => import('../../scan/scanner-view.tsx');
// Preloadable: once warm, the scanner renders in the tap's own frame (no Suspense fallback).
const ScannerView = lazyScreen(() => loadScanner().then((m) => m.ScannerView));

/**
 * Warm the scanner while the screen idles. The warm worker outlives the screen on purpose:
 * the next scanner (here or on the case form) takes it; one worker at most is kept.
 */
export function useScannerPreload(): void {
  useEffect(() => {
    let cancelled = false;
    const start = () => {
      if (cancelled) return;
      void ScannerView.preload()
        .then(loadScanner)
        .then((m) => {
          if (!cancelled) m.prewarmScanner();
        })
        .catch(() => undefined);
    };
    // After the first screen is interactive; never in the way of the start itself.
    const handle =
      typeof window.requestIdleCallback === 'function'
        ? window.requestIdleCallback(start, { timeout: 3000 })
        : window.setTimeout(start, 1500);
    return () => {
      cancelled = true;
      if (typeof window.cancelIdleCallback === 'function') window.cancelIdleCallback(handle);
      else window.clearTimeout(handle);
    };
  }, []);
}

export function ScannerOverlay({
  title,
  onResult,
  onClose,
  check,
}: {
  title: string;
  onResult: (text: string) => void;
  onClose: () => void;
  /** Whether a read is acceptable (a known device); see ScannerView's `check`. */
  check?: (text: string) => Promise<boolean>;
}) {
  const { t } = useI18n();
  const titleId = useId();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="scanner-layer"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="scanner-bar">
        <button type="button" className="icon-btn" aria-label={t('tech.scan.close')} onClick={onClose}>
          <Icon name="close" />
        </button>
        <h2 id={titleId} className="scanner-title">
          {title}
        </h2>
      </div>
      <div className="scanner-body">
        <Suspense fallback={<Loading label={t('tech.scan.loading')} />}>
          <ScannerView onResult={(text) => onResult(text)} onCancel={onClose} check={check} />
        </Suspense>
      </div>
    </dialog>
  );
}
