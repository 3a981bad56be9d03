/**
 * Device screen: what the terminal is, from local data only (works offline). Before the
 * technician starts: a blocking case on the TID/MID is shown with its number, and an
 * unknown or non-operational device gets the error popup of seed 000 Table 2 rows 19/21/23.
 */
import { useState } from 'react';
import { Modal } from '../../components/modal.tsx';
import { ErrorState, Loading } from '../../components/state-views.tsx';
import { findBlockingCase, findDevice, getMerchant } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { navigate } from '../../shell/router.tsx';
import { useLookup } from '../../shell/use-lookup.ts';

export function DevicePage({ params }: ScreenProps) {
  const { t } = useI18n();
  const db = useDb();
  const query = params.serial ?? '';
  const [dismissed, setDismissed] = useState(false);
  const [lookup, retry] = useLookup(async () => {
    const match = await findDevice(db, query);
    if (!match) return null;
    const [merchant, blocking] = await Promise.all([
      getMerchant(db, match.device.mid),
      findBlockingCase(db, match.device.tid, match.device.mid),
    ]);
    return { ...match, merchant, blocking };
  }, [db, query]);

  const close = () => {
    setDismissed(true);
    navigate('/tech');
  };

  if (lookup.status === 'loading') return <Loading label={t('tech.device.searching')} />;
  if (lookup.status === 'error')
    return (
      <ErrorState onRetry={retry} retryLabel={t('common.retry')}>
        {lookup.error.message}
      </ErrorState>
    );
  const found = lookup.value;
  if (!found) {
    return (
      <section>
        <h1>{t('tech.device.title', { serial: query })}</h1>
        {!dismissed && (
          <Modal
            title={t('tech.device.notFoundTitle')}
            onClose={close}
            testId="device-error"
            actions={
              <button type="button" className="btn primary" onClick={close}>
                {t('tech.device.close')}
              </button>
            }
          >
            <p>{t('tech.device.notFoundBody', { query })}</p>
          </Modal>
        )}
      </section>
    );
  }
  const { device, merchant, blocking } = found;
  const statusLabel = t(`status.device.${device.status}`);
  const operational = device.status === 'on_operation';
  return (
    <section className="stack" data-testid="device-page">
      <h1>{t('tech.device.title', { serial: device.serialNumber })}</h1>
      {!operational && !dismissed && (
        <Modal
          title={t('tech.device.notOperationalTitle', { status: statusLabel })}
          onClose={close}
          testId="device-error"
          actions={
            <button type="button" className="btn primary" onClick={close}>
              {t('tech.device.close')}
            </button>
          }
        >
          <p>{t('tech.device.notOperationalBody', { serial: device.serialNumber, status: statusLabel })}</p>
        </Modal>
      )}
      {blocking && (
        <div className="banner warn" role="alert" data-testid="blocking-case">
          {t('tech.device.blocking', {
            number: blocking.caseNumber ?? t('cases.waiting'),
            status: t(`case.status.${blocking.status}`),
          })}
        </div>
      )}
      <dl className="card facts">
        <dt>{t('tech.device.merchant')}</dt>
        <dd data-testid="merchant-name">{merchant?.name ?? t('tech.device.merchantUnknown')}</dd>
        <dt>{t('tech.device.address')}</dt>
        <dd>{merchant ? `${merchant.address}, ${merchant.city}` : '—'}</dd>
        <dt>{t('tech.device.tid')}</dt>
        <dd data-testid="device-tid">{device.tid}</dd>
        <dt>{t('tech.device.mid')}</dt>
        <dd data-testid="device-mid">{device.mid}</dd>
        <dt>{t('tech.device.status')}</dt>
        <dd>
          <span className={`badge ${operational ? 'ok' : 'bad'}`} data-testid="device-status">
            {statusLabel}
          </span>
        </dd>
      </dl>
      <h2>{t('tech.device.components')}</h2>
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
      {operational && (
        <button
          type="button"
          className="btn primary big"
          onClick={() => navigate(`/tech/device/${encodeURIComponent(device.serialNumber)}/new`)}
        >
          {t('tech.device.newCase')}
        </button>
      )}
    </section>
  );
}
