/**
 * Announcements screen (DESIGN section 9): every back-office role reads the current and
 * scheduled notices; supervisors and admins publish and withdraw them (the panel hides its
 * form and buttons from agents, and the server refuses them anyway).
 */
import { useI18n } from '../../i18n/index.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { AnnouncementsPanel } from './admin/announcements-panel.tsx';
import { DeskFrame } from './desk-frame.tsx';
import { deskScreen } from './desk-query.tsx';

function AnnouncementsScreen(_props: ScreenProps) {
  const { t } = useI18n();
  return (
    <DeskFrame title={t('desk.announce.heading')}>
      <h1>{t('desk.announce.heading')}</h1>
      <AnnouncementsPanel />
    </DeskFrame>
  );
}

export const AnnouncementsPage = deskScreen(AnnouncementsScreen);
