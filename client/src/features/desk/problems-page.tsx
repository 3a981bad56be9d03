/**
 * Problem management (ITIL, seed 001): terminals, merchants, models and areas with
 * recurring cases (default ≥ 3 in 90 days), from `GET /api/desk/problems`.
 */
import { type ProblemCandidate, problemsResponseSchema } from '@edc/shared';
import { useMemo, useState } from 'react';
import { Empty } from '../../components/state-views.tsx';
import { observeAllCases } from '../../db/desk-queries.ts';
import type { CaseDoc } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { Link } from '../../shell/router.tsx';
import { useObservable } from '../../shell/use-observable.ts';
import { DeskFrame } from './desk-frame.tsx';
import { deskKeys, deskScreen, QueryView, useJsonQuery } from './desk-query.tsx';
import {
  CreateProblemDialog,
  caseHref,
  ProblemRecords,
  type ProblemSeed,
  useCanEditProblems,
} from './problem-records.tsx';
import { TableWrap } from './table-wrap.tsx';

const noCases: readonly CaseDoc[] = [];

function ProblemsScreen(_props: ScreenProps) {
  const { t, dateTime } = useI18n();
  // View filters applied as they change (no submit): plain state, not a form.
  const [days, setDays] = useState(90);
  const [min, setMin] = useState(3);
  const [seed, setSeed] = useState<ProblemSeed | null>(null);
  const canCreate = useCanEditProblems();
  const problems = useJsonQuery(
    deskKeys.problems(days, min),
    `/api/desk/problems?days=${days}&min=${min}`,
    problemsResponseSchema,
  );
  return (
    <DeskFrame title={t('desk.problems.title')}>
      <h1>{t('desk.problems.title')}</h1>
      <ProblemRecords />
      <h2>{t('desk.problems.candidates')}</h2>
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
        {(data) => (
          <ProblemTable
            candidates={data.candidates}
            dateTime={dateTime}
            onCreate={
              canCreate
                ? (p) =>
                    setSeed({
                      title: t('desk.problemRecords.seedTitle', { item: p.label }),
                      kind: p.kind,
                      key: p.key,
                      caseNumbers: p.latestCaseNumbers,
                    })
                : undefined
            }
          />
        )}
      </QueryView>
      {seed && <CreateProblemDialog seed={seed} onClose={() => setSeed(null)} />}
    </DeskFrame>
  );
}

export const ProblemsPage = deskScreen(ProblemsScreen);

export function ProblemTable({
  candidates,
  dateTime,
  onCreate,
}: {
  candidates: readonly ProblemCandidate[];
  dateTime: (iso: string) => string;
  /** Offered to supervisors and admins: a problem record from this candidate. */
  onCreate?: ((candidate: ProblemCandidate) => void) | undefined;
}) {
  const { t } = useI18n();
  const db = useDb();
  // Case numbers link to the case: the desk replicates every case, so the id is local.
  const cases = useObservable(() => observeAllCases(db), noCases, [db]);
  const idByNumber = useMemo(() => {
    const m = new Map<string, string>();
    for (const c of cases) if (c.caseNumber) m.set(c.caseNumber, c.id);
    return m;
  }, [cases]);
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
            {onCreate && <th />}
          </tr>
        </thead>
        <tbody>
          {candidates.map((p) => (
            <tr key={`${p.kind}:${p.key}`} data-testid="problem-row" data-kind={p.kind}>
              <td>{t(`desk.problems.kind.${p.kind}`)}</td>
              <td>
                {/* A merchant's name or a device model: data, not UI text (one-language audit). */}
                <span translate="no">{p.label}</span>
                {p.label !== p.key && (
                  <div className="muted" translate="no">
                    {p.key}
                  </div>
                )}
              </td>
              <td className="num">{p.count}</td>
              <td>
                {p.latestCaseNumbers.map((n, i) => {
                  const id = idByNumber.get(n);
                  return (
                    <span key={n}>
                      {i > 0 && ', '}
                      <Link href={id ? caseHref(id) : `/desk?status=all&q=${encodeURIComponent(n)}`}>
                        {n}
                      </Link>
                    </span>
                  );
                })}
              </td>
              <td>{dateTime(p.lastCaseAt)}</td>
              {onCreate && (
                <td>
                  <button
                    type="button"
                    className="btn small"
                    onClick={() => onCreate(p)}
                    data-testid="problem-from-candidate"
                  >
                    {t('desk.problemRecords.fromCandidate')}
                  </button>
                </td>
              )}
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
