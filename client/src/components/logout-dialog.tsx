/**
 * Logout asks first (issue 11): it wipes this user's data from the phone, except what has
 * not reached the server yet. The dialog says so, and while the outbox holds anything it
 * offers the outbox export first (for a phone handed in before it could sync).
 */
import { useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { useDbState, useSession, useSyncValue } from '../shell/providers.tsx';
import { navigate } from '../shell/router.tsx';
import { saveBlob } from '../shell/save-file.ts';
import { exportOutbox } from '../sync/outbox-transfer.ts';
import { Dialog } from './dialog.tsx';

export function LogoutDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { user, logout } = useSession();
  const dbState = useDbState();
  const pending = useSyncValue((s) => s.pending);
  const [busy, setBusy] = useState(false);
  const [exported, setExported] = useState(false);

  const onExport = async () => {
    if (!user || dbState.status !== 'open') return;
    const { name, blob } = await exportOutbox(dbState.db, user);
    saveBlob(blob, name);
    setExported(true);
  };
  const onLogout = async () => {
    setBusy(true);
    await logout();
    navigate('/login', { replace: true });
  };

  return (
    <Dialog
      title={t('logout.title')}
      onClose={onClose}
      testId="logout-dialog"
      actions={
        <>
          {/* biome-ignore lint/a11y/noAutofocus: focus belongs to the safe button of a confirmation. */}
          <button type="button" className="btn text" onClick={onClose} autoFocus disabled={busy}>
            {t('common.cancel')}
          </button>
          {pending > 0 && (
            <button
              type="button"
              className="btn tonal"
              onClick={() => void onExport()}
              disabled={busy}
              data-testid="logout-export"
            >
              {t('sync.export')}
            </button>
          )}
          <button
            type="button"
            className="btn danger-filled"
            onClick={() => void onLogout()}
            disabled={busy}
            data-testid="confirm-logout"
          >
            {t('nav.logout')}
          </button>
        </>
      }
    >
      <p>{t('logout.wipe')}</p>
      {pending > 0 && (
        <p data-testid="logout-outbox" data-count={pending}>
          {t('logout.outboxKept', { count: pending })}
        </p>
      )}
      {exported && <p role="status">{t('logout.exported')}</p>}
    </Dialog>
  );
}
