/**
 * Dashboard: KPI tiles and charts (monthly volume by category as in seed 001 Table 2,
 * backlog ageing, SLA compliance by responsible unit) for a date range, from
 * `GET /api/reports/summary`.
 */
import { ageingBuckets, categories, reportSummarySchema } from '@edc/shared';
import { addCalendarDays, jakartaDateOf } from '@edc/shared/domain';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Empty } from '../../components/state-views.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { HBars, StackedBars } from './charts.tsx';
import { DeskFrame } from './desk-frame.tsx';
import { formatShare } from './format.ts';
import { RemoteView } from './remote-view.tsx';
import { KpiTiles } from './report-tiles.tsx';
import { useRemote } from './use-remote.ts';

/** Default range: the last six months (the demo history), ending today in Jakarta. */
export function defaultRange(now = new Date()): { from: string; to: string } {
  const to = jakartaDateOf(now);
  return { from: `${addCalendarDays(to, -182).slice(0, 7)}-01`, to };
}

export function DateRangeForm({
  range,
  onApply,
  children,
}: {
  range: { from: string; to: string };
  onApply: (range: { from: string; to: string }) => void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (from && to) onApply(from <= to ? { from, to } : { from: to, to: from });
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label>
        {t('desk.dash.from')}
        <input type="date" name="from" required value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        {t('desk.dash.to')}
        <input type="date" name="to" required value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <button type="submit" className="btn small">
        {t('desk.dash.apply')}
      </button>
      {children}
    </form>
  );
}

export function DashboardPage(_props: ScreenProps) {
  const { t } = useI18n();
  const { api } = useSession();
  const [range, setRange] = useState(defaultRange);
  const [remote, reload] = useRemote(
    () => api.json(`/api/reports/summary?from=${range.from}&to=${range.to}`, reportSummarySchema),
    [range.from, range.to],
  );
  const categoryLabel = (key: string) => {
    const c = categories.find((x) => x === key);
    return c ? t(`category.${c}`) : key;
  };
  return (
    <DeskFrame title={t('desk.dash.title')}>
      <h1>{t('desk.dash.title')}</h1>
      <DateRangeForm range={range} onApply={setRange} />
      <RemoteView remote={remote} reload={reload}>
        {(s) => (
          <div data-testid="dashboard">
            <KpiTiles summary={s} />
            {s.total === 0 && <Empty>{t('desk.dash.noData')}</Empty>}
            <div className="charts">
              <section className="chart-card" data-testid="chart-volume">
                <h2>{t('desk.dash.volume')}</h2>
                <StackedBars
                  title={t('desk.dash.volume')}
                  keys={categories}
                  keyLabel={categoryLabel}
                  data={s.volumeByCategory.map((m) => ({
                    label: m.month,
                    parts: categories.map((c) => ({ key: c, value: m.counts[c] ?? 0 })),
                  }))}
                />
              </section>
              <section className="chart-card" data-testid="chart-ageing">
                <h2>{t('desk.dash.ageing')}</h2>
                <HBars
                  title={t('desk.dash.ageing')}
                  format={(v) => String(v)}
                  data={ageingBuckets.map((b) => ({
                    label: b,
                    value: s.backlogAgeing.find((x) => x.bucket === b)?.count ?? 0,
                  }))}
                  color="#f4a261"
                />
              </section>
              <section className="chart-card" data-testid="chart-sla-unit">
                <h2>{t('desk.dash.slaByUnit')}</h2>
                <HBars
                  title={t('desk.dash.slaByUnit')}
                  format={(v) => formatShare(v)}
                  max={1}
                  data={s.slaByUnit.map((u) => ({
                    label: u.unit,
                    value: u.share ?? 0,
                    note: t('desk.dash.ofTotal', { n: u.numerator, d: u.denominator }),
                  }))}
                  color="#2a9d8f"
                />
              </section>
            </div>
          </div>
        )}
      </RemoteView>
    </DeskFrame>
  );
}
