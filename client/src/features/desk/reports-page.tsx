/**
 * Reports: CSV export of cases (fetched with the bearer token and saved as a Blob, so no
 * token ever goes into a URL), the monthly management summary (seed 003 section 7) and
 * satisfaction (CSAT) per month and responsible unit.
 */
import { categories, monthlyReportSchema, type ReportSummary, reportSummarySchema } from '@edc/shared';
import { jakartaDateOf } from '@edc/shared/domain';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { apiErrorText } from '../../components/api-error-text.ts';
import { Empty } from '../../components/state-views.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { saveBlob } from '../../shell/save-file.ts';
import { DateRangeForm, defaultRange, type ReportRange } from './dashboard-page.tsx';
import { DeskFrame } from './desk-frame.tsx';
import { deskKeys, deskScreen, QueryView, useJsonQuery } from './desk-query.tsx';
import { formatShare } from './format.ts';
import { ManagementFigures } from './management-figures.tsx';
import { ProblemTable } from './problems-page.tsx';
import { KpiTiles } from './report-tiles.tsx';

function ReportsScreen(_props: ScreenProps) {
  const { t, dateTime } = useI18n();
  const { api } = useSession();
  const [range, setRange] = useState(defaultRange);
  // A view filter (the month shown), not a form.
  const [month, setMonth] = useState(() => jakartaDateOf(new Date()).slice(0, 7));
  const summary = useJsonQuery(
    deskKeys.summary(range.from, range.to),
    `/api/reports/summary?from=${range.from}&to=${range.to}`,
    reportSummarySchema,
  );
  const monthly = useJsonQuery(
    deskKeys.monthly(month),
    `/api/reports/monthly?month=${month}`,
    monthlyReportSchema,
  );
  // The CSV goes through the API client (bearer token, never in a URL) and is saved as a Blob.
  const csv = useMutation({
    mutationFn: async ({ from, to }: ReportRange) => {
      const { blob, filename } = await api.blob(`/api/reports/cases.csv?from=${from}&to=${to}`);
      const file = filename ?? `cases-${from}_${to}.csv`;
      saveBlob(blob, file);
      return file;
    },
  });

  return (
    <DeskFrame title={t('desk.reports.title')}>
      <h1>{t('desk.reports.title')}</h1>
      <section className="card">
        <h2>{t('desk.reports.csv')}</h2>
        <DateRangeForm range={range} onApply={setRange}>
          <button
            type="button"
            className="btn primary small"
            onClick={() => csv.mutate(range)}
            disabled={csv.isPending}
            data-testid="csv-download"
          >
            {t('desk.reports.download')}
          </button>
        </DateRangeForm>
        {(csv.isSuccess || csv.isError) && (
          <p className={`notice ${csv.isSuccess ? 'ok' : 'bad'}`} role="status" data-testid="csv-status">
            {csv.isSuccess ? t('desk.reports.downloaded', { file: csv.data }) : apiErrorText(t, csv.error)}
          </p>
        )}
        <h2>{t('desk.reports.csat')}</h2>
        <QueryView query={summary}>{(s) => <CsatTable summary={s} />}</QueryView>
      </section>

      <ManagementFigures />

      <section className="card" data-testid="monthly-report">
        <h2>{t('desk.reports.monthly')}</h2>
        <label className="inline-form">
          {t('desk.reports.month')}
          <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
        </label>
        <QueryView query={monthly}>
          {(m) => (
            <>
              <p>{t('desk.reports.total', { count: m.summary.total, previous: m.previousMonthTotal })}</p>
              <KpiTiles summary={m.summary} />
              <h3>{t('desk.reports.topCategories')}</h3>
              <table className="data">
                <thead>
                  <tr>
                    <th>{t('desk.field.category')}</th>
                    <th className="num">{t('desk.reports.count')}</th>
                    <th className="num">{t('desk.reports.share')}</th>
                  </tr>
                </thead>
                <tbody>
                  {m.topCategories.map((c) => (
                    <tr key={c.category}>
                      <td>{t(`category.${categories.find((x) => x === c.category) ?? 'other'}`)}</td>
                      <td className="num">{c.count}</td>
                      <td className="num">{formatShare(c.share)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h3>{t('desk.reports.csat')}</h3>
              <CsatTable summary={m.summary} />
              <h3>{t('desk.problems.title')}</h3>
              <ProblemTable candidates={m.problemCandidates} dateTime={dateTime} />
            </>
          )}
        </QueryView>
      </section>
    </DeskFrame>
  );
}

export const ReportsPage = deskScreen(ReportsScreen);

function CsatTable({ summary }: { summary: ReportSummary }) {
  const { t } = useI18n();
  if (summary.csat.length === 0) return <Empty>{t('desk.reports.noCsat')}</Empty>;
  return (
    <table className="data" data-testid="csat-table">
      <thead>
        <tr>
          <th>{t('desk.reports.month')}</th>
          <th>{t('desk.reports.unit')}</th>
          <th className="num">{t('desk.reports.mean')}</th>
          <th className="num">{t('desk.reports.count')}</th>
        </tr>
      </thead>
      <tbody>
        {summary.csat.map((row) => (
          <tr key={`${row.month}:${row.unit}`}>
            <td>{row.month}</td>
            <td>{row.unit}</td>
            <td className="num">{row.mean.toFixed(2)}</td>
            <td className="num">{row.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
