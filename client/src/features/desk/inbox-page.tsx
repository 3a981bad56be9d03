/**
 * The desk's notification inbox (`/desk/inbox`, DESIGN section 9): the same list as the
 * phones' inbox inside the desk frame, so the side navigation (with its unread badge) and
 * the keyboard help stay; a notification opens its case in the queue's detail panel.
 */
import { InboxList } from '../../components/inbox-list.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { DeskFrame } from './desk-frame.tsx';

export function DeskInboxPage() {
  const { t } = useI18n();
  return (
    <DeskFrame title={t('inbox.title')}>
      <h1>{t('inbox.title')}</h1>
      <div className="desk-inbox">
        <InboxList />
      </div>
    </DeskFrame>
  );
}
