/** KPI tiles of a report summary (dashboard and monthly report). */
import type { ReportSummary } from '@edc/shared';
import { useI18n } from '../../i18n/index.tsx';
import { formatMinutes, formatShare } from './format.ts';

export function KpiTiles({ summary }: { summary: ReportSummary }) {
  const { t, language } = useI18n();
  const tiles = [
    {
      id: 'backlog',
      label: t('desk.dash.backlog'),
      value: String(summary.openBacklog),
      sub: t('desk.dash.total', { count: summary.total }),
    },
    {
      id: 'first-response',
      label: t('desk.dash.firstResponse'),
      value: formatMinutes(language, summary.firstResponse.meanMinutes),
      sub: t('desk.dash.median', { value: formatMinutes(language, summary.firstResponse.medianMinutes) }),
    },
    {
      id: 'resolution',
      label: t('desk.dash.resolution'),
      value: formatMinutes(language, summary.resolution.meanMinutes),
      sub: t('desk.dash.median', { value: formatMinutes(language, summary.resolution.medianMinutes) }),
    },
    {
      id: 'within-sla',
      label: t('desk.dash.withinSla'),
      value: formatShare(summary.resolvedWithinSla.share),
      sub: t('desk.dash.ofTotal', {
        n: summary.resolvedWithinSla.numerator,
        d: summary.resolvedWithinSla.denominator,
      }),
    },
    {
      id: 'reopen',
      label: t('desk.dash.reopenRate'),
      value: formatShare(summary.reopenRate.share),
      sub: t('desk.dash.ofTotal', { n: summary.reopenRate.numerator, d: summary.reopenRate.denominator }),
    },
  ];
  return (
    <div className="tiles">
      {tiles.map((tile) => (
        <div key={tile.id} className="tile" data-testid={`kpi-${tile.id}`}>
          <div className="label">{tile.label}</div>
          <div className="value">{tile.value}</div>
          <div className="muted">{tile.sub}</div>
        </div>
      ))}
    </div>
  );
}
