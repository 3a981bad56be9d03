/**
 * The app bar's overflow menu as a bottom sheet: who is signed in, password change,
 * language, notification settings, logout. A lazy chunk of its own (see app-bar.tsx).
 */
import type { Role } from '@edc/shared';
import { useEffect } from 'react';
import { languages, loadCatalogue, useI18n } from '../i18n/index.tsx';
import { useSession } from '../shell/providers.tsx';
import { ChangePasswordItem } from './change-password-dialog.tsx';
import { BottomSheet } from './dialog.tsx';
import { Icon } from './icon.tsx';
import { NotificationSettings } from './notification-settings.tsx';

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
export function AppMenu({ onClose, onLogout }: { onClose: () => void; onLogout: () => void }) {
  const { t, chosenLanguage, setLanguage } = useI18n();
  // The other language's catalogue is fetched as the menu opens, so choosing it is instant.
  useEffect(() => {
    for (const l of languages) void loadCatalogue(l).catch(() => undefined);
  }, []);
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
              checked={chosenLanguage === l}
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
