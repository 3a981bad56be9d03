/**
 * Dashboard: KPI tiles and charts (monthly volume by category as in seed 001 Table 2,
 * backlog ageing, SLA compliance by responsible unit) for a date range, from
 * `GET /api/reports/summary`.
 */
import { ageingBuckets, categories, reportRangeSchema, reportSummarySchema } from '@edc/shared';
import { addCalendarDays, jakartaDateOf } from '@edc/shared/domain';
import { type ReactNode, useState } from 'react';
import { Field } from '../../components/field.tsx';
import { useZodForm } from '../../components/form.tsx';
import { Empty } from '../../components/state-views.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { HBars, StackedBars } from './charts.tsx';
import { DeskFrame } from './desk-frame.tsx';
import { deskKeys, deskScreen, QueryView, useJsonQuery } from './desk-query.tsx';
import { formatShare } from './format.ts';
import { KpiTiles } from './report-tiles.tsx';
import { SatisfactionSection } from './satisfaction-section.tsx';

export type ReportRange = { from: string; to: string };

/** Default range: the last six months (the demo history), ending today in Jakarta. */
export function defaultRange(now = new Date()): ReportRange {
  const to = jakartaDateOf(now);
  return { from: `${addCalendarDays(to, -182).slice(0, 7)}-01`, to };
}

export function DateRangeForm({
  range,
  onApply,
  children,
}: {
  range: ReportRange;
  onApply: (range: ReportRange) => void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const form = useZodForm({
    schema: reportRangeSchema,
    defaultValues: range,
    // Given the wrong way round, the range is meant all the same.
    toRequest: (v: ReportRange) => (v.from && v.to && v.from > v.to ? { from: v.to, to: v.from } : v),
  });
  const { errors } = form.formState;
  return (
    <form className="inline-form" noValidate onSubmit={form.handleSubmit(onApply)}>
      <Field label={t('desk.dash.from')} error={errors.from}>
        {(a11y) => <input type="date" required {...a11y} {...form.register('from')} />}
      </Field>
      <Field label={t('desk.dash.to')} error={errors.to}>
        {(a11y) => <input type="date" required {...a11y} {...form.register('to')} />}
      </Field>
      <button type="submit" className="btn small">
        {t('desk.dash.apply')}
      </button>
      {children}
    </form>
  );
}

function DashboardScreen(_props: ScreenProps) {
  const { t } = useI18n();
  const [range, setRange] = useState(defaultRange);
  const summary = useJsonQuery(
    deskKeys.summary(range.from, range.to),
    `/api/reports/summary?from=${range.from}&to=${range.to}`,
    reportSummarySchema,
  );
  const categoryLabel = (key: string) => {
    const c = categories.find((x) => x === key);
    return c ? t(`category.${c}`) : key;
  };
  return (
    <DeskFrame title={t('desk.dash.title')}>
      <h1>{t('desk.dash.title')}</h1>
      <DateRangeForm range={range} onApply={setRange} />
      <QueryView query={summary}>
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
      </QueryView>
      <SatisfactionSection from={range.from} to={range.to} />
    </DeskFrame>
  );
}

export const DashboardPage = deskScreen(DashboardScreen);
