/**
 * Service-worker registration (workbox-window) and the update prompt. `registerType:
 * 'prompt'`: a new version waits until the user taps "Muat ulang", so nobody loses a
 * half-filled form to an automatic reload.
 */
import { useEffect, useState } from 'react';
import { Workbox } from 'workbox-window';
import { useI18n } from '../i18n/index.tsx';
import { navigate } from './router.tsx';

let workbox: Workbox | null = null;
const waitingListeners = new Set<() => void>();
let updateWaiting = false;

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || workbox) return;
  workbox = new Workbox('/sw.js', { scope: '/' });
  workbox.addEventListener('waiting', () => {
    updateWaiting = true;
    for (const listener of waitingListeners) listener();
  });
  // A tapped notification (client/public/push-sw.js) asks an open window to route there.
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<unknown>) => {
    const path = openRequest(event.data);
    if (path) navigate(path);
  });
  void workbox
    .register()
    .catch((error: unknown) => console.warn('service worker registration failed', error));
}

/** `{type: 'edc-open', url}` from our worker → an in-app path (never another origin). */
export function openRequest(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || !('type' in data) || data.type !== 'edc-open') return null;
  const url = 'url' in data ? data.url : null;
  return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : null;
}

export function UpdatePrompt() {
  const { t, language } = useI18n();
  // The worker shows notification actions ("Lihat kasus") in the app's language.
  useEffect(() => {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
    void navigator.serviceWorker.ready.then((r) =>
      r.active?.postMessage({ type: 'edc-lang', lang: language }),
    );
  }, [language]);
  const [visible, setVisible] = useState(updateWaiting);
  useEffect(() => {
    const show = () => setVisible(true);
    waitingListeners.add(show);
    return () => {
      waitingListeners.delete(show);
    };
  }, []);
  if (!visible) return null;
  const reload = () => {
    const wb = workbox;
    if (!wb) return window.location.reload();
    wb.addEventListener('controlling', () => window.location.reload());
    wb.messageSkipWaiting();
  };
  return (
    <div className="banner info" role="status" data-testid="update-prompt">
      <span>{t('update.available')}</span>
      <button type="button" className="btn primary small" onClick={reload}>
        {t('update.reload')}
      </button>
      <button type="button" className="btn small" onClick={() => setVisible(false)}>
        {t('update.later')}
      </button>
    </div>
  );
}
