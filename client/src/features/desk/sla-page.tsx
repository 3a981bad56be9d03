/**
 * SLA monitor: active cases by SLA state (on track / at risk ≥ 80% of the target used /
 * breached), with response and resolution due times and the escalation level. Live from
 * the local replica (RxDB) plus a 30 s tick, because the state changes with time alone;
 * the server's escalation job raises levels and the change arrives by replication.
 */
import type { SlaState } from '@edc/shared/domain';
import { useMemo, useState } from 'react';
import { Empty } from '../../components/state-views.tsx';
import { observeAllCases } from '../../db/desk-queries.ts';
import type { CaseDoc } from '../../db/index.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useDb } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { Link } from '../../shell/router.tsx';
import { useObservable } from '../../shell/use-observable.ts';
import { useLevelName } from './case-detail.tsx';
import { DeskFrame } from './desk-frame.tsx';
import { formatMinutes } from './format.ts';
import { caseSlaState } from './queue-model.ts';
import { useNow } from './queue-page.tsx';
import { TableWrap } from './table-wrap.tsx';

const STATES = ['breached', 'at_risk', 'on_track'] as const satisfies readonly SlaState[];
type MonitorState = (typeof STATES)[number];
/** Rendering thousands of table rows helps nobody; the queue page has the full virtualised list. */
const MAX_ROWS = 300;
const noCases: readonly CaseDoc[] = [];

export function SlaPage(_props: ScreenProps) {
  const db = useDb();
  const { t, dateTime, language } = useI18n();
  const levelName = useLevelName();
  const cases = useObservable(() => observeAllCases(db), noCases, [db]);
  const now = useNow();
  const [tab, setTab] = useState<MonitorState>('breached');

  const groups = useMemo(() => {
    const out: Record<MonitorState, { c: CaseDoc; minutesToDue: number; responseOverdue: boolean }[]> = {
      breached: [],
      at_risk: [],
      on_track: [],
    };
    for (const c of cases) {
      if (c.status !== 'open' && c.status !== 'in_progress') continue;
      const state = caseSlaState(c, now);
      if (state !== 'breached' && state !== 'at_risk' && state !== 'on_track') continue;
      out[state].push({
        c,
        minutesToDue: c.dueAt ? (Date.parse(c.dueAt) - now.getTime()) / 60_000 : 0,
        responseOverdue:
          c.responseDueAt !== undefined &&
          c.firstResponseAt === undefined &&
          Date.parse(c.responseDueAt) < now.getTime(),
      });
    }
    for (const list of Object.values(out)) list.sort((a, b) => a.minutesToDue - b.minutesToDue);
    return out;
  }, [cases, now]);

  const rows = groups[tab];
  return (
    <DeskFrame title={t('desk.slaMon.title')}>
      <h1>{t('desk.slaMon.title')}</h1>
      <p className="muted">{t('desk.slaMon.help')}</p>
      <div className="tabs" role="tablist">
        {STATES.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={tab === s}
            data-testid={`sla-tab-${s}`}
            onClick={() => setTab(s)}
          >
            <span className={`sla-badge sla-${s}`}>{t(`desk.sla.${s}`)}</span> ({groups[s].length})
          </button>
        ))}
      </div>
      {rows.length === 0 ? (
        <Empty>{t('desk.slaMon.empty')}</Empty>
      ) : (
        <TableWrap label={t('desk.slaMon.title')}>
          <table className="data" data-testid="sla-table">
            <thead>
              <tr>
                <th>{t('desk.field.caseNumber')}</th>
                <th>{t('desk.field.status')}</th>
                <th>{t('desk.field.category')}</th>
                <th>{t('desk.field.unit')}</th>
                <th>{t('desk.field.responseDueAt')}</th>
                <th>{t('desk.field.dueAt')}</th>
                <th className="num">{t('desk.field.sla')}</th>
                <th>{t('desk.level.label')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, MAX_ROWS).map(({ c, minutesToDue, responseOverdue }) => (
                <tr
                  key={c.id}
                  data-testid="sla-row"
                  data-case-number={c.caseNumber ?? ''}
                  data-level={c.escalationLevel}
                >
                  <td>
                    <Link href={`/desk?case=${encodeURIComponent(c.id)}`}>{c.caseNumber ?? c.id}</Link>
                    <div className="muted">
                      {c.tid ?? '—'} · {c.mid}
                    </div>
                  </td>
                  <td>{t(`case.status.${c.status}`)}</td>
                  <td>{t(`category.${c.category}`)}</td>
                  <td>{c.responsibleUnit ?? '—'}</td>
                  <td>
                    {c.responseDueAt ? dateTime(c.responseDueAt) : '—'}
                    {responseOverdue && (
                      <div>
                        <span className="sla-badge sla-breached">{t('desk.slaMon.responseOverdue')}</span>
                      </div>
                    )}
                  </td>
                  <td>{c.dueAt ? dateTime(c.dueAt) : '—'}</td>
                  <td className="num">
                    {minutesToDue >= 0
                      ? t('desk.slaMon.left', { time: formatMinutes(language, minutesToDue) })
                      : t('desk.slaMon.over', { time: formatMinutes(language, -minutesToDue) })}
                  </td>
                  <td>{levelName(c.escalationLevel)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > MAX_ROWS && (
            <p className="muted">{t('desk.queue.count', { shown: MAX_ROWS, total: rows.length })}</p>
          )}
        </TableWrap>
      )}
    </DeskFrame>
  );
}
