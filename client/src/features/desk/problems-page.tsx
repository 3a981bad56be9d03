/**
 * Problem management (ITIL, seed 001): terminals, merchants, models and areas with
 * recurring cases (default ≥ 3 in 90 days), from `GET /api/desk/problems`.
 */
import { type ProblemCandidate, problemsResponseSchema } from '@edc/shared';
import { useState } from 'react';
import { Empty } from '../../components/state-views.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { DeskFrame } from './desk-frame.tsx';
import { deskKeys, deskScreen, QueryView, useJsonQuery } from './desk-query.tsx';
import { TableWrap } from './table-wrap.tsx';

function ProblemsScreen(_props: ScreenProps) {
  const { t, dateTime } = useI18n();
  // View filters applied as they change (no submit): plain state, not a form.
  const [days, setDays] = useState(90);
  const [min, setMin] = useState(3);
  const problems = useJsonQuery(
    deskKeys.problems(days, min),
    `/api/desk/problems?days=${days}&min=${min}`,
    problemsResponseSchema,
  );
  return (
    <DeskFrame title={t('desk.problems.title')}>
      <h1>{t('desk.problems.title')}</h1>
      <p className="muted">{t('desk.problems.help', { min, days })}</p>
      <div className="inline-form">
        <label>
          {t('desk.problems.days')}
          <input
            type="number"
            min={1}
            max={366}
            value={days}
            onChange={(e) => setDays(clamp(e.target.value, 1, 366, 90))}
          />
        </label>
        <label>
          {t('desk.problems.min')}
          <input
            type="number"
            min={2}
            max={1000}
            value={min}
            onChange={(e) => setMin(clamp(e.target.value, 2, 1000, 3))}
          />
        </label>
      </div>
      <QueryView query={problems}>
        {(data) => <ProblemTable candidates={data.candidates} dateTime={dateTime} />}
      </QueryView>
    </DeskFrame>
  );
}

export const ProblemsPage = deskScreen(ProblemsScreen);

export function ProblemTable({
  candidates,
  dateTime,
}: {
  candidates: readonly ProblemCandidate[];
  dateTime: (iso: string) => string;
}) {
  const { t } = useI18n();
  if (candidates.length === 0) return <Empty>{t('desk.problems.empty')}</Empty>;
  return (
    <TableWrap label={t('desk.problems.title')}>
      <table className="data" data-testid="problems-table">
        <thead>
          <tr>
            <th>{t('desk.problems.kind')}</th>
            <th>{t('desk.problems.item')}</th>
            <th className="num">{t('desk.problems.count')}</th>
            <th>{t('desk.problems.latest')}</th>
            <th>{t('desk.problems.last')}</th>
          </tr>
        </thead>
        <tbody>
          {candidates.map((p) => (
            <tr key={`${p.kind}:${p.key}`} data-testid="problem-row" data-kind={p.kind}>
              <td>{t(`desk.problems.kind.${p.kind}`)}</td>
              <td>
                {p.label}
                {p.label !== p.key && <div className="muted">{p.key}</div>}
              </td>
              <td className="num">{p.count}</td>
              <td>{p.latestCaseNumbers.join(', ')}</td>
              <td>{dateTime(p.lastCaseAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function clamp(value: string, lo: number, hi: number, fallback: number): number {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : fallback;
}
