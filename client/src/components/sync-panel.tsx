/**
 * Sync card of the home screens: one true sentence about the data (components/sync-state.ts),
 * the first sync's real progress (count from the server, time left), the outbox, "sync
 * now", and export/import of pending cases for a phone that cannot reach the server.
 */
import { type ChangeEvent, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { useDb, useSession, useSync } from '../shell/providers.tsx';
import { navigate } from '../shell/router.tsx';
import { saveBlob } from '../shell/save-file.ts';
import { reportStorageError } from '../shell/storage.ts';
import { exportOutbox, importOutbox } from '../sync/outbox-transfer.ts';
import { apiErrorText } from './api-error-text.ts';
import { useOnline } from './app-bar.tsx';
import { Icon, type IconName } from './icon.tsx';
import { LinearProgress } from './state-views.tsx';
import { describeSync, type SyncView, secondsLeft } from './sync-state.ts';

/** Re-renders every second while `on` (the time-left estimate moves on its own). */
function useTicker(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

const viewIcon: Record<SyncView['kind'], IconName> = {
  initial: 'download',
  offline: 'cloudOff',
  error: 'error',
  unreachable: 'warning',
  syncing: 'sync',
  ok: 'checkCircle',
};

/**
 * `outboxTools`: the export/import of unsent cases (a technician's lifeline in a blank
 * spot); merchants do not get them (issue 14: the merchant home shows merchant things),
 * except the export while a complaint the server refused for good is kept on the phone.
 */
export function SyncPanel({ outboxTools = true }: { outboxTools?: boolean } = {}) {
  const { t, dateTime, language } = useI18n();
  const { status, syncNow } = useSync();
  const { user, authLost, logout } = useSession();
  const online = useOnline();
  const db = useDb();
  const [notice, setNotice] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const view = describeSync(status, online);
  const now = useTicker(view.kind === 'initial' && status.active);
  const number = (n: number) => n.toLocaleString(language === 'id' ? 'id-ID' : 'en-GB');

  const onExport = async () => {
    if (!user) return;
    const { name, blob, count } = await exportOutbox(db, user);
    if (count === 0) {
      setNotice(t('sync.exportEmpty'));
      return;
    }
    saveBlob(blob, name);
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

  const since = 'since' in view && view.since ? dateTime(view.since) : null;
  let headline: string;
  let detail: string | null = null;
  switch (view.kind) {
    case 'initial': {
      const p = view.progress;
      headline = view.offline ? t('sync.initialOffline') : t('sync.initial');
      if (p && p.total > 0) {
        detail = t('sync.initialCount', { received: number(p.received), total: number(p.total) });
        const left = view.offline ? null : secondsLeft(p, now);
        if (left !== null) detail += ` · ${t('sync.timeLeft', { time: formatDuration(left, t) })}`;
      }
      break;
    }
    case 'offline':
      headline = t('sync.offline');
      detail = since ? t('sync.dataFrom', { time: since }) : t('sync.never');
      break;
    case 'unreachable':
      headline = t('sync.unreachable');
      detail = since ? t('sync.dataFrom', { time: since }) : null;
      break;
    case 'error':
      headline = t('sync.error', { message: apiErrorText(t, view.error) });
      detail = since ? t('sync.dataFrom', { time: since }) : null;
      break;
    case 'syncing':
      headline = t('sync.running');
      detail = since ? t('sync.lastOk', { time: since }) : null;
      break;
    case 'ok':
      headline = since ? t('sync.upToDate') : t('sync.never');
      detail = since ? t('sync.lastOk', { time: since }) : null;
      break;
  }
  const progress = view.kind === 'initial' ? view.progress : null;

  return (
    <section
      className={`card sync-panel sync-${view.kind}`}
      aria-label={t('sync.title')}
      data-testid="sync-panel"
      data-initial-done={status.initialDone}
      data-state={view.kind}
    >
      <div className="sync-head">
        <Icon name={viewIcon[view.kind]} className="sync-icon" />
        <div className="sync-text">
          <p
            className="sync-headline"
            role={view.kind === 'error' ? 'alert' : 'status'}
            data-testid={view.kind === 'error' ? 'sync-error' : 'sync-state'}
          >
            {headline}
          </p>
          {detail && (
            <p className="sync-detail" data-testid="sync-last">
              {detail}
            </p>
          )}
        </div>
      </div>
      {view.kind === 'initial' && (
        <LinearProgress
          value={progress && progress.total > 0 ? progress.received / progress.total : undefined}
          label={t('sync.initial')}
          testId="sync-progress"
        />
      )}
      <p className="sync-outbox" data-testid="sync-pending" data-count={status.pending}>
        <Icon name="upload" size={18} />
        {status.pending === 0 ? t('sync.outboxEmpty') : t('sync.pending', { count: status.pending })}
        {status.pendingPhotos > 0 && ` · ${t('sync.photosPending', { count: status.pendingPhotos })}`}
      </p>
      {status.refusedCases > 0 && (
        <p className="sync-error" role="alert" data-testid="sync-refused" data-count={status.refusedCases}>
          {t('sync.refusedCases', { count: status.refusedCases })}
        </p>
      )}
      {authLost && (
        <button
          type="button"
          className="btn primary block"
          data-testid="relogin"
          // Logging out keeps every local case; logging in again as the same user resumes sync.
          onClick={() => void logout().then(() => navigate('/login', { replace: true }))}
        >
          {t('sync.relogin')}
        </button>
      )}
      <div className="sync-actions">
        <button type="button" className="btn tonal" onClick={syncNow} disabled={!online}>
          <Icon name="sync" size={18} />
          {t('sync.now')}
        </button>
        {/* A case the server refused for good is kept on the phone: anyone may save it to a file. */}
        {(outboxTools || status.refusedCases > 0) && (
          <button type="button" className="btn text" onClick={() => void onExport()}>
            {t('sync.export')}
          </button>
        )}
        {outboxTools && (
          <>
            <button type="button" className="btn text" onClick={() => fileRef.current?.click()}>
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
          </>
        )}
      </div>
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
    </section>
  );
}

function formatDuration(seconds: number, t: ReturnType<typeof useI18n>['t']): string {
  if (seconds < 60) return t('time.seconds', { n: Math.max(1, seconds) });
  return t('time.minutes', { n: Math.ceil(seconds / 60) });
}
