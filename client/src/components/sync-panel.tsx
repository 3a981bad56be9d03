/** Visible sync state: outbox size, last successful sync, last error, "sync now", export/import. */
import { type ChangeEvent, useRef, useState } from 'react';
import { type MessageKey, useI18n } from '../i18n/index.tsx';
import { useDb, useSession, useSync } from '../shell/providers.tsx';
import { navigate } from '../shell/router.tsx';
import { reportStorageError } from '../shell/storage.ts';
import type { SyncError } from '../sync/engine.ts';
import { downloadBlob, exportOutbox, importOutbox } from '../sync/outbox-transfer.ts';

export function errorMessageKey(error: SyncError): {
  key: MessageKey;
  params?: Record<string, string | number>;
} {
  if (error.kind === 'network') return { key: 'sync.errorNetwork' };
  if (error.kind === 'auth') return { key: 'sync.errorAuth' };
  return {
    key: 'sync.errorServer',
    params: { status: error.status ? `${error.status} ${error.reason}` : error.reason },
  };
}

export function SyncPanel() {
  const { t, dateTime } = useI18n();
  const { status, syncNow } = useSync();
  const { user, authLost, logout } = useSession();
  const db = useDb();
  const [notice, setNotice] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const onExport = async () => {
    if (!user) return;
    const { name, blob, count } = await exportOutbox(db, user);
    if (count === 0) {
      setNotice(t('sync.exportEmpty'));
      return;
    }
    downloadBlob(name, blob);
  };

  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file || !user) return;
    try {
      const result = await importOutbox(db, user, await file.text());
      setNotice(
        result.ok
          ? t('sync.imported', { count: result.imported })
          : t('sync.importFailed', { reason: result.reason }),
      );
      if (result.ok) syncNow();
    } catch (error) {
      if (!reportStorageError(error)) setNotice(t('sync.importFailed', { reason: String(error) }));
    }
  };

  const error = status.lastError ? errorMessageKey(status.lastError) : null;
  return (
    <section
      className="sync-panel"
      aria-label={t('sync.title')}
      data-testid="sync-panel"
      data-initial-done={status.initialDone}
    >
      <div className="sync-row">
        <span data-testid="sync-pending" data-count={status.pending}>
          {t('sync.pending', { count: status.pending })}
        </span>
        <span data-testid="sync-last">
          {status.lastSyncAt ? t('sync.lastOk', { time: dateTime(status.lastSyncAt) }) : t('sync.never')}
        </span>
        {status.active && (
          <span role="status">{status.initialDone ? t('sync.running') : t('sync.initial')}</span>
        )}
      </div>
      {status.pendingPhotos > 0 && (
        <div className="muted">{t('sync.photosPending', { count: status.pendingPhotos })}</div>
      )}
      {error && (
        <div className="sync-error" role="alert" data-testid="sync-error">
          {t('sync.error', { message: t(error.key, error.params) })}
        </div>
      )}
      {authLost && (
        <button
          type="button"
          className="btn small primary"
          data-testid="relogin"
          // Logging out keeps every local case; logging in again as the same user resumes sync.
          onClick={() => void logout().then(() => navigate('/login', { replace: true }))}
        >
          {t('sync.relogin')}
        </button>
      )}
      <div className="sync-actions">
        <button type="button" className="btn small primary" onClick={syncNow}>
          {t('sync.now')}
        </button>
        <button type="button" className="btn small" onClick={() => void onExport()}>
          {t('sync.export')}
        </button>
        <button type="button" className="btn small" onClick={() => fileRef.current?.click()}>
          {t('sync.import')}
        </button>
        <input
          ref={fileRef}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label={t('sync.import')}
          onChange={(e) => void onImport(e)}
        />
      </div>
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
    </section>
  );
}
