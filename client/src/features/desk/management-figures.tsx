/**
 * Management figures (issue 15, seed 001's KPI table) on the reports screen: per agent and
 * per team the cases handled, first response within target, resolution within SLA and
 * CSAT; complaints per day. Every number links into the queue with the drill-down filter
 * in the URL (`/desk?status=all&figure=…&from=…&to=…&assignee=…`), where the same pure rule
 * the server counted with picks the cases behind it.
 */
import { type FigureRowWire, type ManagementFiguresResponse, managementFiguresSchema } from '@edc/shared';
import { addCalendarDays, type FigureKind, jakartaDateOf } from '@edc/shared/domain';
import { useState } from 'react';
import { Empty } from '../../components/state-views.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { Link } from '../../shell/router.tsx';
import { DateRangeForm, type ReportRange } from './dashboard-page.tsx';
import { deskKeys, QueryView, useJsonQuery } from './desk-query.tsx';
import { formatShare } from './format.ts';
import { defaultFilters } from './queue-model.ts';
import { filtersToQuery } from './queue-views.ts';
import { TableWrap } from './table-wrap.tsx';
import './management.css';

/** Default window of the figures: the last 30 days, ending today in Jakarta. */
function lastThirtyDays(now = new Date()): ReportRange {
  const to = jakartaDateOf(now);
  return { from: addCalendarDays(to, -29), to };
}

/** The queue URL listing the cases behind one figure. */
export function drillHref(
  figure: FigureKind,
  range: ReportRange,
  who: { assignee?: string | undefined; team?: string | undefined } = {},
): string {
  const query = filtersToQuery({
    ...defaultFilters,
    status: 'all',
    drill: { figure, from: range.from, to: range.to, ...who },
  });
  return `/desk?${query}`;
}

export function ManagementFigures() {
  const { t } = useI18n();
  const [range, setRange] = useState(lastThirtyDays);
  const figures = useJsonQuery(
    deskKeys.figures(range.from, range.to),
    `/api/desk/figures?from=${range.from}&to=${range.to}`,
    managementFiguresSchema,
  );
  return (
    <section className="card" data-testid="management-figures">
      <h2>{t('desk.figures.title')}</h2>
      <p className="muted">{t('desk.figures.help')}</p>
      <DateRangeForm range={range} onApply={setRange} />
      <QueryView query={figures}>{(f) => <FigureTables f={f} />}</QueryView>
    </section>
  );
}

function FigureTables({ f }: { f: ManagementFiguresResponse }) {
  const { t } = useI18n();
  const range = f.range;
  return (
    <>
      <h3>{t('desk.figures.perAgent')}</h3>
      <FigureTable rows={f.agents} range={range} by="assignee" testId="figures-agents" />
      <h3>{t('desk.figures.perTeam')}</h3>
      <FigureTable rows={f.teams} range={range} by="team" testId="figures-teams" />
      <h3>{t('desk.figures.complaints')}</h3>
      <p data-testid="figures-complaints-mean">
        {t('desk.figures.complaintsMean', { mean: f.complaintsMeanPerDay.toFixed(1) })}
      </p>
      <ol className="figure-days" data-testid="figures-complaints" aria-label={t('desk.figures.complaints')}>
        {f.complaintsPerDay.map((d) => (
          <li key={d.date}>
            <span className="muted">{d.date}</span>
            {d.count === 0 ? (
              <strong>0</strong>
            ) : (
              <Link href={drillHref('complaints', { from: d.date, to: d.date })}>
                <strong>{d.count}</strong>
              </Link>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

function FigureTable({
  rows,
  range,
  by,
  testId,
}: {
  rows: readonly FigureRowWire[];
  range: ReportRange;
  by: 'assignee' | 'team';
  testId: string;
}) {
  const { t } = useI18n();
  if (rows.length === 0) return <Empty>{t('desk.figures.empty')}</Empty>;
  return (
    <TableWrap label={by === 'assignee' ? t('desk.figures.perAgent') : t('desk.figures.perTeam')}>
      <table className="data" data-testid={testId}>
        <thead>
          <tr>
            <th>{by === 'assignee' ? t('desk.figures.agent') : t('desk.figures.team')}</th>
            <th className="num">{t('desk.figures.handled')}</th>
            <th className="num">{t('desk.figures.response')}</th>
            <th className="num">{t('desk.figures.resolution')}</th>
            <th className="num">{t('desk.figures.csat')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            // `-` in the queue URL = no assignee / no team.
            const who = { [by]: r.key === '' ? '-' : r.key };
            const href = (figure: FigureKind) => drillHref(figure, range, who);
            return (
              <tr key={r.key} data-testid="figure-row" data-key={r.key}>
                {/* A username or team name is data, not UI text in either language. */}
                <td translate={r.key === '' ? undefined : 'no'}>
                  {r.key === '' ? t('desk.figures.nobody') : r.key}
                </td>
                <td className="num">
                  <Link href={href('handled')} data-testid="figure-handled">
                    {r.handled}
                  </Link>
                </td>
                <td className="num">
                  <ShareCell
                    share={r.responseShare}
                    met={r.responseMet}
                    judged={r.responseJudged}
                    metHref={href('response_met')}
                    missedHref={href('response_missed')}
                    testId="figure-response"
                  />
                </td>
                <td className="num">
                  <ShareCell
                    share={r.resolutionShare}
                    met={r.resolutionMet}
                    judged={r.resolutionJudged}
                    metHref={href('resolution_met')}
                    missedHref={href('resolution_missed')}
                    testId="figure-resolution"
                  />
                </td>
                <td className="num">
                  {r.csatMean === null ? (
                    '—'
                  ) : (
                    <Link href={href('rated')} title={t('desk.figures.csatCount', { count: r.csatCount })}>
                      {r.csatMean.toFixed(2)} ({r.csatCount})
                    </Link>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** "50.0% · 1/2" with the met count and the missed count each linking to their cases. */
function ShareCell({
  share,
  met,
  judged,
  metHref,
  missedHref,
  testId,
}: {
  share: number | null;
  met: number;
  judged: number;
  metHref: string;
  missedHref: string;
  testId: string;
}) {
  const { t } = useI18n();
  if (judged === 0) return <>—</>;
  return (
    <span data-testid={testId}>
      {formatShare(share)} ·{' '}
      <Link href={metHref} title={t('desk.figures.metTitle')}>
        {met}
      </Link>
      /{judged}
      {judged > met && (
        <>
          {' '}
          <Link href={missedHref} className="bad" title={t('desk.figures.missedTitle')}>
            {t('desk.figures.missed', { count: judged - met })}
          </Link>
        </>
      )}
    </span>
  );
}
