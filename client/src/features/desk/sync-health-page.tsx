/**
 * Sync health per technician (`GET /api/desk/sync-health`): last successful sync and the
 * age of the oldest case still waiting on the phone, as the phone reported it at its last
 * sync. Tells "no case yet" (nothing waiting) apart from "case stuck on a phone".
 */
import { type SyncHealthRow, syncHealthResponseSchema } from '@edc/shared';
import { Empty } from '../../components/state-views.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { DeskFrame } from './desk-frame.tsx';
import { deskKeys, deskScreen, QueryView, useJsonQuery } from './desk-query.tsx';
import { formatMinutes } from './format.ts';
import { TableWrap } from './table-wrap.tsx';

const STATE_CLASS: Record<SyncHealthRow['state'], string> = {
  ok: 'sla-on_track',
  stuck: 'sla-breached',
  stale: 'sla-at_risk',
  never: 'sla-none',
};

function SyncHealthScreen(_props: ScreenProps) {
  const { t, dateTime, language } = useI18n();
  // Phones sync on their own schedule (no poke tells us): refresh the view every 30 s.
  const health = useJsonQuery(deskKeys.syncHealth, '/api/desk/sync-health', syncHealthResponseSchema, {
    refetchInterval: 30_000,
  });

  return (
    <DeskFrame title={t('desk.syncHealth.title')}>
      <div className="row">
        <h1>{t('desk.syncHealth.title')}</h1>
        <button type="button" className="btn small" onClick={() => void health.refetch()}>
          {t('desk.common.refresh')}
        </button>
      </div>
      <p className="muted">{t('desk.syncHealth.help')}</p>
      <QueryView query={health}>
        {(data) =>
          data.rows.length === 0 ? (
            <Empty>{t('desk.syncHealth.empty')}</Empty>
          ) : (
            <TableWrap label={t('desk.syncHealth.title')}>
              <p className="muted">{t('desk.common.generatedAt', { time: dateTime(data.generatedAt) })}</p>
              <table className="data" data-testid="sync-health-table">
                <thead>
                  <tr>
                    <th>{t('desk.syncHealth.technician')}</th>
                    <th>{t('desk.syncHealth.regions')}</th>
                    <th>{t('desk.syncHealth.lastSync')}</th>
                    <th>{t('desk.syncHealth.waiting')}</th>
                    <th>{t('desk.syncHealth.lastCase')}</th>
                    <th>{t('desk.syncHealth.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((r) => (
                    <tr
                      key={r.userId}
                      data-testid="sync-health-row"
                      data-username={r.username}
                      data-state={r.state}
                    >
                      <td>
                        {r.displayName}
                        <div className="muted">{r.username}</div>
                      </td>
                      <td>{r.regions.join(', ')}</td>
                      <td>{r.lastSyncAt ? dateTime(r.lastSyncAt) : '—'}</td>
                      <td>
                        {r.outboxCount > 0
                          ? t('desk.syncHealth.stuckFor', {
                              count: r.outboxCount,
                              age: formatMinutes(language, r.outboxOldestAgeMinutes),
                            })
                          : r.state === 'never'
                            ? '—'
                            : t('desk.syncHealth.noCase')}
                      </td>
                      <td>{r.lastAcceptedCaseAt ? dateTime(r.lastAcceptedCaseAt) : '—'}</td>
                      <td>
                        <span className={`sla-badge ${STATE_CLASS[r.state]}`}>
                          {t(`desk.syncHealth.state.${r.state}`)}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )
        }
      </QueryView>
    </DeskFrame>
  );
}

export const SyncHealthPage = deskScreen(SyncHealthScreen);
