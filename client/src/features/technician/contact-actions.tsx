/**
 * The merchant's "Telepon" / "Buka peta" buttons, shared by the job card (job-list.tsx) and the
 * job screen's merchant card (case-detail-page.tsx). Renders nothing for a link that is absent.
 */
import { Icon } from '../../components/icon.tsx';
import { useI18n } from '../../i18n/index.tsx';

export function ContactActions({ tel, maps }: { tel: string | null; maps: string | null }) {
  const { t } = useI18n();
  return (
    <>
      {tel && (
        <a className="btn tonal" href={tel} data-testid="job-call">
          <Icon name="call" size={20} /> {t('jobs.call')}
        </a>
      )}
      {maps && (
        <a className="btn tonal" href={maps} data-testid="job-maps">
          <Icon name="location" size={20} /> {t('jobs.maps')}
        </a>
      )}
    </>
  );
}
