/**
 * Page chrome: top app bar, update/storage banners, the screen, the bottom navigation bar
 * (phone roles, top-level screens) and the toast host.
 */
import type { ReactNode } from 'react';
import { formatBytes, useI18n } from '../i18n/index.tsx';
import { storageState$ } from '../shell/storage.ts';
import { UpdatePrompt } from '../shell/update-prompt.tsx';
import { useObservable } from '../shell/use-observable.ts';
import { AppBar } from './app-bar.tsx';
import { type NavItem, NavigationBar } from './nav-bar.tsx';
import { RejectionAlert } from './notification-watch.tsx';
import { ToastHost } from './toast.tsx';

export { LanguageSwitch, NetworkIndicator, SyncBadge, useOnline } from './app-bar.tsx';
export type { NavItem } from './nav-bar.tsx';

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

export function AppLayout({
  nav,
  title,
  back,
  titleIsHeading = true,
  children,
}: {
  /** Bottom navigation destinations; empty = no bar (desk, child screens). */
  nav: readonly NavItem[];
  /** The app bar title: the screen's name (its `<h1>` unless `titleIsHeading` is false). */
  title?: string;
  /** Where the back arrow goes; absent on top-level screens. */
  back?: string;
  /** Desk screens render their own `<h1>`; their bar shows the app name only. */
  titleIsHeading?: boolean;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const hasNav = nav.length > 0;
  return (
    <div className={`app-shell ${hasNav ? 'with-nav' : ''}`}>
      <a className="skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppBar title={title ?? t('app.title')} back={back} asHeading={titleIsHeading && title !== undefined} />
      <UpdatePrompt />
      <StorageBanner />
      <RejectionAlert />
      <main id="main" className="page">
        {children}
      </main>
      {hasNav && <NavigationBar items={nav} />}
      <ToastHost dismissLabel={t('common.close')} />
    </div>
  );
}
