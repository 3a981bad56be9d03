/**
 * Device screen: what the terminal is, from local data only (works offline). Before the
 * technician starts: a blocking case on the TID/MID is shown with its number, and an
 * unknown or non-operational device gets the error popup of seed 000 Table 2 rows 19/21/23.
 * The popups go back to the home screen WITH the typed number ("Ubah nomor" also selects
 * it for editing), never to an empty field.
 */
import { useState } from 'react';
import { ActionBar } from '../../components/action-bar.tsx';
import { DeviceStatusChip } from '../../components/case-labels.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { Icon } from '../../components/icon.tsx';
import { ErrorState, Loading } from '../../components/state-views.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useOpenDb, useSession } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { navigate } from '../../shell/router.tsx';
import { useLookup } from '../../shell/use-lookup.ts';
import { deviceLookup } from './device-lookup.ts';
import './technician.css';

export function DevicePage({ params }: ScreenProps) {
  const { t } = useI18n();
  // Before the database is open (right after a start) the lookup answers from the lookup
  // snapshot (device-lookup.ts); once it is open it looks again, showing the first answer
  // meanwhile (the same answer renders the same screen: nothing moves).
  const db = useOpenDb();
  const userId = useSession().user?.id ?? '';
  const query = params.serial ?? '';
  const [dismissed, setDismissed] = useState(false);
  const [lookup, retry] = useLookup(() => deviceLookup({ db, userId }, query), [db, userId, query], {
    keep: true,
  });

  const home = (edit: boolean) => {
    setDismissed(true);
    navigate(`/tech?q=${encodeURIComponent(query)}${edit ? '&edit=1' : ''}`);
  };
  const popupActions = (
    <>
      <button type="button" className="btn text" onClick={() => home(true)} data-testid="device-error-edit">
        <Icon name="edit" size={18} />
        {t('tech.device.editQuery')}
      </button>
      <button type="button" className="btn primary" onClick={() => home(false)}>
        {t('tech.device.close')}
      </button>
    </>
  );

  if (lookup.status === 'loading' || (lookup.status === 'done' && lookup.value === undefined))
    return <Loading label={t('tech.device.searching')} />;
  if (lookup.status === 'error')
    return (
      <ErrorState onRetry={retry} retryLabel={t('common.retry')}>
        {lookup.error.message}
      </ErrorState>
    );
  const found = lookup.value;
  if (!found) {
    return (
      <section className="stack">
        <h2 className="headline">{t('tech.device.title', { serial: query })}</h2>
        {!dismissed && (
          <Dialog
            title={t('tech.device.notFoundTitle')}
            onClose={() => home(false)}
            testId="device-error"
            tone="error"
            actions={popupActions}
          >
            <p>{t('tech.device.notFoundBody', { query })}</p>
          </Dialog>
        )}
      </section>
    );
  }
  const { device, merchant, blocking } = found;
  const statusLabel = t(`status.device.${device.status}`);
  const operational = device.status === 'on_operation';
  return (
    <section className="stack device-page" data-testid="device-page">
      <div className="device-head">
        <h2 className="headline">{t('tech.device.title', { serial: device.serialNumber })}</h2>
        <DeviceStatusChip status={device.status} testId="device-status" />
      </div>
      {!operational && !dismissed && (
        <Dialog
          title={t('tech.device.notOperationalTitle', { status: statusLabel })}
          onClose={() => home(false)}
          testId="device-error"
          tone="error"
          actions={popupActions}
        >
          <p>{t('tech.device.notOperationalBody', { serial: device.serialNumber, status: statusLabel })}</p>
        </Dialog>
      )}
      {blocking && (
        <div className="banner warn" role="alert" data-testid="blocking-case">
          <Icon name="warning" size={20} />
          <span>
            {t('tech.device.blocking', {
              number: blocking.caseNumber ?? t('cases.waiting'),
              status: t(`case.status.${blocking.status}`),
            })}
          </span>
        </div>
      )}
      <dl className="card facts">
        <dt>{t('tech.device.merchant')}</dt>
        <dd data-testid="merchant-name" translate={merchant ? 'no' : undefined}>
          {merchant?.name ?? t('tech.device.merchantUnknown')}
        </dd>
        <dt>{t('tech.device.address')}</dt>
        <dd translate="no">{merchant ? `${merchant.address}, ${merchant.city}` : '—'}</dd>
        <dt>{t('tech.device.tid')}</dt>
        <dd data-testid="device-tid">{device.tid}</dd>
        <dt>{t('tech.device.mid')}</dt>
        <dd data-testid="device-mid">{device.mid}</dd>
      </dl>
      <h3 className="section-title">{t('tech.device.components')}</h3>
      <dl className="card facts">
        <dt>{t('tech.device.serial')}</dt>
        <dd>{device.serialNumber}</dd>
        <dt>{t('tech.device.model')}</dt>
        <dd>{device.model}</dd>
        <dt>{t('tech.device.sam')}</dt>
        <dd>{device.samSerial || '—'}</dd>
        <dt>{t('tech.device.sim')}</dt>
        <dd>{device.simSerial || '—'}</dd>
      </dl>
      {operational && blocking?.caseNumber && (
        <ActionBar>
          {/* A new case is certain to be rejected (rule 2): add to the open one instead. */}
          <button
            type="button"
            className="btn primary big"
            data-testid="add-note-to-case"
            onClick={() => navigate(`/tech/cases/${encodeURIComponent(blocking.id)}?note=1`)}
          >
            <Icon name="edit" />
            {t('tech.device.addNote', { number: blocking.caseNumber })}
          </button>
        </ActionBar>
      )}
      {operational && !blocking?.caseNumber && (
        <ActionBar>
          <button
            type="button"
            className="btn primary big"
            data-testid="new-case"
            onClick={() => navigate(`/tech/device/${encodeURIComponent(device.serialNumber)}/new`)}
          >
            <Icon name="add" />
            {t('tech.device.newCase')}
          </button>
        </ActionBar>
      )}
    </section>
  );
}
