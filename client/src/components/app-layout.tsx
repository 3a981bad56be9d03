/** Page chrome: header with navigation, language and logout; network, storage and update banners. */
import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { formatBytes, type MessageKey, useI18n } from '../i18n/index.tsx';
import { useSession, useSync } from '../shell/providers.tsx';
import { Link, navigate, usePathname } from '../shell/router.tsx';
import { storageState$ } from '../shell/storage.ts';
import { UpdatePrompt } from '../shell/update-prompt.tsx';
import { useObservable } from '../shell/use-observable.ts';

export type NavItem = { href: string; label: MessageKey };

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

export function NetworkIndicator() {
  const { t } = useI18n();
  const online = useOnline();
  return (
    <span
      className={`net ${online ? 'online' : 'offline'}`}
      role="status"
      data-testid="network-status"
      data-online={online}
    >
      <span className="dot" aria-hidden="true" />
      {online ? t('net.online') : t('net.offline')}
    </span>
  );
}

/** Compact outbox state in the header, on every screen (the full panel is on the home screen). */
export function SyncBadge() {
  const { t } = useI18n();
  const { status, engine } = useSync();
  if (!engine || status.pending === 0) return null;
  return (
    <span className="sync-badge" role="status" data-testid="sync-badge">
      {t('sync.pending', { count: status.pending })}
    </span>
  );
}

export function StorageBanner() {
  const { t } = useI18n();
  const state = useObservable(() => storageState$, storageState$.value, []);
  if (state.quotaExceeded) {
    return (
      <div className="banner warn" role="alert" data-testid="storage-banner">
        {t('storage.quotaExceeded')}
      </div>
    );
  }
  if (state.nearFull && state.usage !== null && state.quota !== null) {
    return (
      <div className="banner warn" role="alert" data-testid="storage-banner">
        {t('storage.full', { used: formatBytes(state.usage), quota: formatBytes(state.quota) })}
      </div>
    );
  }
  return null;
}

export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <label className="lang">
      <span className="sr-only">{t('nav.language')}</span>
      <select
        value={language}
        onChange={(e) => setLanguage(e.target.value === 'en' ? 'en' : 'id')}
        aria-label={t('nav.language')}
      >
        <option value="id">ID</option>
        <option value="en">EN</option>
      </select>
    </label>
  );
}

export function AppLayout({ nav, children }: { nav: NavItem[]; children: ReactNode }) {
  const { t } = useI18n();
  const { user, logout } = useSession();
  const pathname = usePathname();
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">{t('app.title')}</div>
        <SyncBadge />
        <NetworkIndicator />
        <LanguageSwitch />
      </header>
      <UpdatePrompt />
      <StorageBanner />
      {nav.length > 0 && (
        <nav className="app-nav" aria-label={t('nav.main')}>
          {nav.map((item) => (
            <Link key={item.href} href={item.href} aria-current={pathname === item.href ? 'page' : undefined}>
              {t(item.label)}
            </Link>
          ))}
          {user && (
            <button
              type="button"
              className="btn small link"
              onClick={() => {
                void logout().then(() => navigate('/login', { replace: true }));
              }}
            >
              {t('nav.logout')} ({user.username})
            </button>
          )}
        </nav>
      )}
      <main id="main" className="page">
        {children}
      </main>
    </>
  );
}
