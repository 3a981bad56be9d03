/**
 * Announcements as banners on the phone's home screen (DESIGN section 9, seed 004): the
 * active ones (between start and end, from the local database, so offline too) that the
 * user has not dismissed. Dismissing hides it on this device at once and tells the server
 * (`POST /api/announcements/{id}/read`, the desk's read count); a receipt that could not
 * be sent offline is sent on a later visit.
 */
import { announcementActive } from '@edc/shared/domain';
import { useEffect, useMemo, useState } from 'react';
import { type AnnouncementDoc, observeAnnouncements } from '../db/index.ts';
import { useI18n } from '../i18n/index.tsx';
import { useDb, useSession } from '../shell/providers.tsx';
import { useObservable } from '../shell/use-observable.ts';
import { Icon } from './icon.tsx';

const MINUTE = 60_000;

type Receipts = { dismissed: string[]; unsent: string[] };

function storageKey(userId: string): string {
  return `edc.announcements.${userId}`;
}

function readReceipts(userId: string): Receipts {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(storageKey(userId)) ?? 'null');
    if (typeof raw === 'object' && raw !== null && 'dismissed' in raw && 'unsent' in raw) {
      const strings = (v: unknown) =>
        Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
      return { dismissed: strings(raw.dismissed), unsent: strings(raw.unsent) };
    }
  } catch {
    // Unreadable: start over (at worst a banner shows once more).
  }
  return { dismissed: [], unsent: [] };
}

function writeReceipts(userId: string, r: Receipts): void {
  try {
    // Bounded: only the last 200 dismissals matter (announcements end).
    localStorage.setItem(
      storageKey(userId),
      JSON.stringify({ dismissed: r.dismissed.slice(-200), unsent: r.unsent }),
    );
  } catch {
    // Full storage: the banner may come back after a reload; nothing else is lost.
  }
}

const tone: Record<AnnouncementDoc['severity'], 'info' | 'warn' | 'error'> = {
  info: 'info',
  maintenance: 'warn',
  outage: 'error',
};

export function AnnouncementBanner() {
  const { t } = useI18n();
  const db = useDb();
  const { user, api } = useSession();
  const userId = user?.id ?? '';
  const all = useObservable<AnnouncementDoc[]>(() => observeAnnouncements(db), [], [db]);
  const [receipts, setReceipts] = useState<Receipts>(() => readReceipts(userId));
  // Start and end times pass while the screen is open.
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), MINUTE);
    return () => window.clearInterval(timer);
  }, []);

  // Read receipts that could not be sent (offline) go out on a later visit.
  useEffect(() => {
    if (!userId) return;
    const pending = readReceipts(userId).unsent;
    for (const id of pending) {
      api
        .fetch(`/api/announcements/${id}/read`, { method: 'POST' })
        .then(() => {
          const r = readReceipts(userId);
          writeReceipts(userId, { ...r, unsent: r.unsent.filter((x) => x !== id) });
        })
        .catch(() => undefined);
    }
  }, [userId, api]);

  const visible = useMemo(
    () => all.filter((a) => announcementActive(a, now) && !receipts.dismissed.includes(a.id)),
    [all, now, receipts],
  );

  const dismiss = (id: string) => {
    const next = { dismissed: [...receipts.dismissed, id], unsent: [...receipts.unsent, id] };
    setReceipts(next);
    writeReceipts(userId, next);
    api
      .fetch(`/api/announcements/${id}/read`, { method: 'POST' })
      .then(() => {
        const r = readReceipts(userId);
        writeReceipts(userId, { ...r, unsent: r.unsent.filter((x) => x !== id) });
      })
      .catch(() => undefined);
  };

  if (visible.length === 0) return null;
  return (
    <section aria-label={t('announcement.region')} className="stack announcements">
      {visible.map((a) => (
        <div
          key={a.id}
          className={`banner ${tone[a.severity]} announcement`}
          role={a.severity === 'outage' ? 'alert' : 'status'}
          data-testid="announcement"
          data-announcement-id={a.id}
        >
          <Icon name={a.severity === 'info' ? 'info' : 'warning'} />
          <div className="announcement-text">
            <strong>
              {t(`announcement.severity.${a.severity}`)} · <span translate="no">{a.title}</span>
            </strong>
            {a.body && (
              <p translate="no" className="announcement-body">
                {a.body}
              </p>
            )}
          </div>
          <button
            type="button"
            className="icon-btn"
            aria-label={t('announcement.dismiss')}
            onClick={() => dismiss(a.id)}
          >
            <Icon name="close" />
          </button>
        </div>
      ))}
    </section>
  );
}
