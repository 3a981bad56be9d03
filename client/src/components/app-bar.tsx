/**
 * Top app bar (M3 small app bar, 64 px): back arrow on child screens, the screen title
 * (the page's `<h1>`, one line, ellipsis), then compact status and the overflow menu.
 *
 * Width budget at 360 px (see e2e/screens.spec.ts, which measures it): back 48 + outbox
 * badge ≈ 56 + offline chip ≈ 96 + menu 48 leaves ≥ 100 px for the title, so the bar never
 * wraps or overflows. The language choice and logout live in the menu sheet; the offline
 * state is an icon plus one word, and the outbox is an icon plus a number.
 */
import type { Role } from '@edc/shared';
import { useEffect, useState } from 'react';
import { languages, useI18n } from '../i18n/index.tsx';
import { useSession, useSyncValue } from '../shell/providers.tsx';
import { navigate } from '../shell/router.tsx';
import { ChangePasswordItem } from './change-password-dialog.tsx';
import { BottomSheet } from './dialog.tsx';
import { EnumSelect } from './enum-select.tsx';
import { Icon } from './icon.tsx';
import { LogoutDialog } from './logout-dialog.tsx';
import { NotificationSettings } from './notification-settings.tsx';

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
  const { t, language, setLanguage } = useI18n();
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
      value={language}
      options={languages}
      optionLabel={(l) => t(`language.${l}`)}
      onChange={(l) => setLanguage(l || 'id')}
    />
  );
}

const roleKey: Record<
  Role,
  'role.technician' | 'role.merchant' | 'role.agent' | 'role.supervisor' | 'role.admin'
> = {
  technician: 'role.technician',
  merchant: 'role.merchant',
  agent: 'role.agent',
  supervisor: 'role.supervisor',
  admin: 'role.admin',
};

/** The overflow menu as a bottom sheet: who is signed in, language, notifications, logout. */
function AppMenu({ onClose, onLogout }: { onClose: () => void; onLogout: () => void }) {
  const { t, language, setLanguage } = useI18n();
  const { user } = useSession();
  return (
    <BottomSheet title={t('nav.menu')} onClose={onClose} closeLabel={t('common.close')} testId="app-menu">
      {user && (
        <div className="menu-user">
          <Icon name="person" />
          <div>
            <div className="menu-user-name">{user.displayName}</div>
            <div className="menu-user-meta">
              {user.username} · {t(roleKey[user.role])}
            </div>
          </div>
        </div>
      )}
      {user && <ChangePasswordItem />}
      <fieldset className="menu-group">
        <legend className="menu-group-title">{t('nav.language')}</legend>
        {languages.map((l) => (
          <label key={l} className="menu-item">
            <input
              type="radio"
              name="app-language"
              value={l}
              checked={language === l}
              onChange={() => setLanguage(l)}
            />
            <span lang={l}>{t(`language.${l}`)}</span>
          </label>
        ))}
      </fieldset>
      {user && <NotificationSettings />}
      {user && (
        <button type="button" className="menu-item menu-action" data-testid="logout" onClick={onLogout}>
          <Icon name="logout" />
          <span>
            {t('nav.logout')} ({user.username})
          </span>
        </button>
      )}
    </BottomSheet>
  );
}

export function AppBar({ title, back, asHeading }: { title: string; back?: string; asHeading: boolean }) {
  const { t } = useI18n();
  const [menu, setMenu] = useState(false);
  const [confirmLogout, setConfirmLogout] = useState(false);
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
        onClick={() => setMenu(true)}
      >
        <Icon name="more" />
      </button>
      {menu && (
        <AppMenu
          onClose={() => setMenu(false)}
          onLogout={() => {
            setMenu(false);
            setConfirmLogout(true);
          }}
        />
      )}
      {confirmLogout && <LogoutDialog onClose={() => setConfirmLogout(false)} />}
    </header>
  );
}
