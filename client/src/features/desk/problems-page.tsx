/**
 * Problem management (ITIL, seed 001): terminals, merchants, models and areas with
 * recurring cases (default ≥ 3 in 90 days), from `GET /api/desk/problems`.
 */
import { type ProblemCandidate, problemsResponseSchema } from '@edc/shared';
import { useState } from 'react';
import { Empty } from '../../components/state-views.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { DeskFrame } from './desk-frame.tsx';
import { RemoteView } from './remote-view.tsx';
import { useRemote } from './use-remote.ts';

export function ProblemsPage(_props: ScreenProps) {
  const { t, dateTime } = useI18n();
  const { api } = useSession();
  const [days, setDays] = useState(90);
  const [min, setMin] = useState(3);
  const [remote, reload] = useRemote(
    () => api.json(`/api/desk/problems?days=${days}&min=${min}`, problemsResponseSchema),
    [days, min],
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
      <RemoteView remote={remote} reload={reload}>
        {(data) => <ProblemTable candidates={data.candidates} dateTime={dateTime} />}
      </RemoteView>
    </DeskFrame>
  );
}

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
    <div className="table-wrap">
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
    </div>
  );
}

function clamp(value: string, lo: number, hi: number, fallback: number): number {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : fallback;
}
