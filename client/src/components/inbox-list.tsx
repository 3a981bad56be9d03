/**
 * The notification list of every role (DESIGN section 9): newest first, unread marked,
 * tapping one opens its deep link and marks it read; "mark all read". Reads the replicated
 * `notifications` collection, so it works offline (read marks reach the server later).
 * Shared by the phone inbox (features/inbox) and the desk's (features/desk), which differ
 * only in their frame.
 */
import { type NotificationDoc, observeNotifications } from '../db/index.ts';
import { useI18n } from '../i18n/index.tsx';
import { useDb, useSession } from '../shell/providers.tsx';
import { navigate } from '../shell/router.tsx';
import { useObservable } from '../shell/use-observable.ts';
import { Icon, type IconName } from './icon.tsx';
import { ListRowBody } from './list-row.tsx';
import { markRead } from './notification-watch.tsx';
import { Empty, Loading } from './state-views.tsx';
import { VirtualList } from './virtual-list.tsx';

const ICONS: Record<NotificationDoc['type'], IconName> = {
  case_accepted: 'checkCircle',
  case_rejected: 'block',
  case_assigned: 'build',
  case_resolved: 'doneAll',
  comment: 'chat',
  escalated: 'warning',
  announcement: 'info',
  reminder: 'schedule',
};

export function InboxList() {
  const { t, dateTime } = useI18n();
  const db = useDb();
  const { api } = useSession();
  const items = useObservable<NotificationDoc[] | null>(() => observeNotifications(db), null, [db]);
  // Until the local store answers: the app's loading state, then the list or the empty state.
  if (items === null) return <Loading label={t('app.loading')} testId="inbox-loading" />;
  const unread = items.filter((n) => !n.readAt);
  return (
    <section className="stack" data-testid="inbox">
      <div className="row inbox-actions">
        {unread.length > 0 && (
          <button
            type="button"
            className="btn text"
            onClick={() =>
              void markRead(
                db,
                api,
                unread.map((n) => n.id),
              )
            }
            data-testid="inbox-read-all"
          >
            {t('inbox.readAll')}
          </button>
        )}
      </div>
      {items.length === 0 ? (
        <Empty icon="inbox">{t('inbox.empty')}</Empty>
      ) : (
        // Only the rows near the screen are in the DOM (a technician collects thousands),
        // still one list: `aria-posinset`/`aria-setsize`, Tab moves on to the next row.
        <VirtualList
          items={items}
          itemKey={(n) => n.id}
          // Headline and a supporting line: 72 px; rows are measured once rendered.
          estimateSize={() => 72}
          className="list-rows virtual-rows"
          listProps={{ 'data-testid': 'inbox-list', 'data-count': items.length }}
          itemProps={(n) => ({
            className: 'list-row',
            'data-testid': 'inbox-item',
            'data-type': n.type,
            'data-read': n.readAt ? 'yes' : 'no',
          })}
          renderItem={(n) => (
            <ListRowBody
              onClick={() => {
                void markRead(db, api, [n.id]);
                navigate(n.url);
              }}
              leading={<Icon name={ICONS[n.type]} />}
              headline={
                <span translate="no" className={n.readAt ? undefined : 'unread'}>
                  {n.title}
                </span>
              }
              supporting={
                <>
                  <span translate="no">{n.body}</span> · {dateTime(n.createdAt)}
                </>
              }
              trailing={n.readAt ? undefined : <span className="unread-dot" title={t('inbox.unread')} />}
              chevron
            />
          )}
        />
      )}
    </section>
  );
}
