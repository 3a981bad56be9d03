/**
 * Top app bar (M3 small app bar, 64 px): back arrow on child screens, the screen title
 * (the page's `<h1>`, one line, ellipsis), then compact status and the overflow menu.
 *
 * Width budget at 360 px (see e2e/screens.spec.ts, which measures it): back 48 + outbox
 * badge ≈ 56 + offline chip ≈ 96 + menu 48 leaves ≥ 100 px for the title, so the bar never
 * wraps or overflows. The language choice and logout live in the menu sheet; the offline
 * state is an icon plus one word, and the outbox is an icon plus a number.
 */
import { Suspense, useEffect, useState } from 'react';
import { languages, useI18n } from '../i18n/index.tsx';
import { lazyScreen } from '../shell/lazy-screen.ts';
import { useSyncValue } from '../shell/providers.tsx';
import { navigate } from '../shell/router.tsx';
import { EnumSelect } from './enum-select.tsx';
import { Icon } from './icon.tsx';
import { showToast } from './toast.tsx';

// The menu sheet (password change with its form library, notification settings) and the
// logout dialog (outbox export) are opened by a tap, never at start: their code is a lazy
// chunk, fetched when a finger touches the menu button (from the service worker's cache,
// before the click lands), not in idle time where it would compete with a first lookup.
const AppMenu = lazyScreen(() => import('./app-menu.tsx').then((m) => m.AppMenu));
const LogoutDialog = lazyScreen(() => import('./logout-dialog.tsx').then((m) => m.LogoutDialog));
const preloadMenu = () => {
  void AppMenu.preload().catch(() => undefined);
  void LogoutDialog.preload().catch(() => undefined);
};

export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** Offline: icon + "Offline". Online: nothing visible (the normal state needs no chrome). */
export function NetworkIndicator() {
  const { t } = useI18n();
  const online = useOnline();
  return (
    <span
      className={`net-chip ${online ? 'online' : 'offline'}`}
      role="status"
      data-testid="network-status"
      data-online={online}
      title={online ? undefined : t('net.offline')}
    >
      {online ? (
        <span className="sr-only">{t('net.online')}</span>
      ) : (
        <>
          <Icon name="cloudOff" size={18} />
          <span aria-hidden="true">{t('net.offlineShort')}</span>
          <span className="sr-only">{t('net.offline')}</span>
        </>
      )}
    </span>
  );
}

/** The outbox in the bar, on every screen: upload icon + count (the full panel is on home). */
export function SyncBadge() {
  const { t } = useI18n();
  const pending = useSyncValue((s) => s.pending);
  if (pending === 0) return null;
  return (
    <span
      className="outbox-badge"
      role="status"
      data-testid="sync-badge"
      data-count={pending}
      title={t('sync.pending', { count: pending })}
    >
      <Icon name="upload" size={20} />
      <span aria-hidden="true">{pending}</span>
      <span className="sr-only">{t('sync.pending', { count: pending })}</span>
    </span>
  );
}

/** Language choice as a labelled select (login screen, where there is room and no menu). */
export function LanguageSwitch() {
  const { t, chosenLanguage, setLanguage } = useI18n();
  return (
    <EnumSelect
      labelClassName="lang-select"
      label={
        <>
          <Icon name="language" size={20} />
          <span className="sr-only">{t('nav.language')}</span>
        </>
      }
      aria-label={t('nav.language')}
      value={chosenLanguage}
      options={languages}
      optionLabel={(l) => t(`language.${l}`)}
      onChange={(l) => setLanguage(l || 'id')}
    />
  );
}

export function AppBar({ title, back, asHeading }: { title: string; back?: string; asHeading: boolean }) {
  const { t } = useI18n();
  const [menu, setMenu] = useState(false);
  const [confirmLogout, setConfirmLogout] = useState(false);
  // A sheet opens once its chunk is here. Offline before the service worker stored the app
  // (right after the first sign-in) the chunk cannot come: say so in a toast and keep the
  // screen, rather than letting the failed import take the whole app to the error page.
  const whenLoaded = (chunk: { preload: () => Promise<void> }, open: () => void) =>
    void chunk.preload().then(open, () => showToast({ message: t('nav.menuOffline') }));
  return (
    <header className="app-bar">
      {back && (
        <button
          type="button"
          className="icon-btn"
          aria-label={t('nav.back')}
          data-testid="app-bar-back"
          onClick={() => navigate(back)}
        >
          <Icon name="back" />
        </button>
      )}
      {asHeading ? (
        <h1 className="app-bar-title" data-testid="app-bar-title">
          {title}
        </h1>
      ) : (
        <div className="app-bar-title" data-testid="app-bar-title">
          {title}
        </div>
      )}
      <div className="app-bar-status">
        <SyncBadge />
        <NetworkIndicator />
      </div>
      <button
        type="button"
        className="icon-btn"
        aria-label={t('nav.menu')}
        aria-haspopup="dialog"
        aria-expanded={menu}
        data-testid="app-menu-button"
        onPointerDown={preloadMenu}
        onFocus={preloadMenu}
        onClick={() => whenLoaded(AppMenu, () => setMenu(true))}
      >
        <Icon name="more" />
      </button>
      <Suspense fallback={null}>
        {menu && (
          <AppMenu
            onClose={() => setMenu(false)}
            onLogout={() => {
              setMenu(false);
              whenLoaded(LogoutDialog, () => setConfirmLogout(true));
            }}
          />
        )}
        {confirmLogout && <LogoutDialog onClose={() => setConfirmLogout(false)} />}
      </Suspense>
    </header>
  );
}
