/**
 * Alerts that are seen (DESIGN section 9): the unread count for the navigation badge, and
 * the rejection banner. A `case_rejected` notification that arrives while the app is open
 * shows on whatever screen is open as soon as replication stores it (an RxDB query
 * emission, no polling): a banner naming the blocking case with a link to the rejected
 * case, plus a toast for screen readers. Read marks go to the server and replicate back.
 * Part of every screen's chrome, so the queries come through the data layer's chunk
 * (loaded by the time the database is open), never a static import of db/.
 */
import { useEffect, useRef, useState } from 'react';
import { from, switchMap } from 'rxjs';
import type { EdcDb, NotificationDoc } from '../db/index.ts';
import { useI18n } from '../i18n/index.tsx';
import { loadDataLayer, useDbState, useSession } from '../shell/providers.tsx';
import { Link } from '../shell/router.tsx';
import { useObservable } from '../shell/use-observable.ts';
import type { ApiClient } from '../sync/api-client.ts';
import { Icon } from './icon.tsx';
import { showToast } from './toast.tsx';

/** The open database, or null before it is. */
function useOpenDb(): EdcDb | null {
  const state = useDbState();
  return state.status === 'open' ? state.db : null;
}

/**
 * How many notifications of the signed-in user are unread (0 before the database is open):
 * an index count, so a phone holding thousands of notifications does not read them all.
 */
export function useUnreadCount(): number {
  const db = useOpenDb();
  return useObservable<number>(
    () => (db ? from(loadDataLayer()).pipe(switchMap((data) => data.observeUnreadCount(db))) : null),
    0,
    [db],
  );
}

/** Marks notifications read: at once on the phone, then on the server (offline: on the next visit). */
export async function markRead(db: EdcDb, api: ApiClient, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const { markReadLocally } = await loadDataLayer();
  await markReadLocally(db, ids, new Date().toISOString());
  try {
    await api.fetch('/api/notifications/read', { json: { ids } });
  } catch {
    // Offline: the local mark stands; the server keeps it unread until the inbox is opened online.
  }
}

/** Banner for a rejection that arrived while the app is open; one at a time, newest first. */
export function RejectionAlert() {
  const { t } = useI18n();
  const db = useOpenDb();
  // Unread rejections only (an index range), null until the database first answered.
  const rejected = useObservable<NotificationDoc[] | null>(
    () => (db ? from(loadDataLayer()).pipe(switchMap((data) => data.observeUnreadRejections(db))) : null),
    null,
    [db],
  );
  const { api } = useSession();
  // Only what arrives after the first answer of the database pops up; older unread items
  // are in the inbox (a start must not replay yesterday's rejections as news).
  const seen = useRef<Set<string> | null>(null);
  const [shown, setShown] = useState<NotificationDoc | null>(null);
  useEffect(() => {
    if (rejected === null) return;
    if (seen.current === null) {
      seen.current = new Set(rejected.map((n) => n.id));
      return;
    }
    const fresh = rejected.filter((n) => !seen.current?.has(n.id));
    for (const n of fresh) seen.current.add(n.id);
    const newest = fresh.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (newest) {
      setShown(newest);
      showToast({ message: newest.title });
    }
  }, [rejected]);
  if (!shown) return null;
  const dismiss = () => {
    setShown(null);
    if (db) void markRead(db, api, [shown.id]);
  };
  return (
    <div className="banner error rejection-alert" role="alert" data-testid="rejection-alert">
      <Icon name="block" />
      <div className="rejection-alert-text">
        <strong translate="no">{shown.title}</strong>
        <span translate="no">{shown.body}</span>
        <Link href={shown.url} onClick={dismiss} data-testid="rejection-alert-open">
          {t('inbox.open')}
        </Link>
      </div>
      <button type="button" className="icon-btn" onClick={dismiss} aria-label={t('common.close')}>
        <Icon name="close" />
      </button>
    </div>
  );
}
