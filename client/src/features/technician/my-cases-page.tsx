/**
 * My cases: search, status filter chips, day headers, and a virtualised list (hundreds of
 * cases stay a few dozen DOM rows). Drafts sit above the list; rejected cases stay visible
 * with their reason. The list logic is pure (case-list-model.ts).
 */
import { useDeferredValue, useMemo, useState } from 'react';
import { CaseTitle, Rejection, StatusBadge } from '../../components/case-labels.tsx';
import { FilterChip } from '../../components/chip.tsx';
import { categoryLabel } from '../../components/enum-labels.ts';
import { Icon } from '../../components/icon.tsx';
import { ListRow } from '../../components/list-row.tsx';
import { PushPrompt } from '../../components/push-prompt.tsx';
import { Empty, Loading } from '../../components/state-views.tsx';
import { VirtualList } from '../../components/virtual-list.tsx';
import { type CaseDoc, listDrafts, observeMyCases } from '../../db/index.ts';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { useDb, useSession } from '../../shell/providers.tsx';
import { Link } from '../../shell/router.tsx';
import { useLookup } from '../../shell/use-lookup.ts';
import { useObservable } from '../../shell/use-observable.ts';
import { buildCaseRows, type CaseFilter, caseFilters, countByFilter, jakartaDay } from './case-list-model.ts';
import './technician.css';

const filterLabel: Record<CaseFilter, MessageKey> = {
  all: 'cases.filter.all',
  waiting: 'cases.filter.waiting',
  active: 'cases.filter.active',
  done: 'cases.filter.done',
  rejected: 'cases.filter.rejected',
};

export function MyCasesPage() {
  const { t, time, day } = useI18n();
  const db = useDb();
  const { user } = useSession();
  const cases = useObservable<CaseDoc[] | null>(() => (user ? observeMyCases(db, user) : null), null, [
    db,
    user?.id,
  ]);
  const [drafts] = useLookup(() => listDrafts(db), [db]);
  const [filter, setFilter] = useState<CaseFilter>('all');
  const [query, setQuery] = useState('');
  // Typing stays responsive with hundreds of cases: the list follows a frame behind.
  const deferredQuery = useDeferredValue(query);

  const rows = useMemo(
    () =>
      cases
        ? buildCaseRows(cases, {
            filter,
            query: deferredQuery,
            dayOf: jakartaDay,
            words: (c) => [t(`category.${c.category}`), t(`case.status.${c.status}`)],
          })
        : [],
    [cases, filter, deferredQuery, t],
  );
  const counts = useMemo(() => countByFilter(cases ?? []), [cases]);

  return (
    <div className="stack my-cases">
      <PushPrompt show={(cases?.length ?? 0) > 0} />
      {drafts.status === 'done' && drafts.value.length > 0 && (
        <section aria-labelledby="my-drafts">
          <h2 id="my-drafts" className="section-title">
            {t('tech.home.drafts')}
          </h2>
          <ul className="list-rows">
            {drafts.value.map((d) => (
              <ListRow
                key={d.id}
                testId="draft-item"
                href={`/tech/device/${encodeURIComponent(d.serialNumber)}/new?draft=${d.id}`}
                leading={<Icon name="edit" />}
                headline={`${t('cases.draft')} · ${d.serialNumber}`}
                supporting={categoryLabel(t, d.category)}
                chevron
              />
            ))}
          </ul>
        </section>
      )}
      <search className="list-tools">
        <div className="search-field">
          <Icon name="search" />
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('cases.search')}
            aria-label={t('cases.search')}
            data-testid="cases-search"
            enterKeyHint="search"
          />
        </div>
        <fieldset className="chip-row">
          <legend className="sr-only">{t('cases.filter.label')}</legend>
          {caseFilters.map((f) => (
            <FilterChip
              key={f}
              selected={filter === f}
              onToggle={() => setFilter(f)}
              count={counts[f]}
              testId={`cases-filter-${f}`}
            >
              {t(filterLabel[f])}
            </FilterChip>
          ))}
        </fieldset>
      </search>
      {cases === null && <Loading label={t('app.loading')} />}
      {cases !== null && cases.length === 0 && <Empty>{t('cases.empty')}</Empty>}
      {cases !== null && cases.length > 0 && rows.length === 0 && (
        <Empty icon="search">{t('cases.noMatch')}</Empty>
      )}
      {rows.length > 0 && <VirtualCaseList rows={rows} time={time} day={day} />}
    </div>
  );
}

type Row = ReturnType<typeof buildCaseRows<CaseDoc>>[number];

function VirtualCaseList({
  rows,
  time,
  day,
}: {
  rows: Row[];
  time: (iso: string) => string;
  day: (iso: string) => string;
}) {
  const { t } = useI18n();
  return (
    <VirtualList
      items={rows}
      itemKey={(row) => row.key}
      // Headers ~40 px, cases ~96 px; rows are measured once rendered.
      estimateSize={(row) => (row.kind === 'day' ? 40 : 96)}
      className="case-list"
      listProps={{
        'data-testid': 'case-list',
        'data-count': rows.filter((r) => r.kind === 'case').length,
      }}
      itemProps={(row) =>
        row.kind === 'day'
          ? { className: 'case-day' }
          : { className: 'case-item', 'data-testid': 'case-item', 'data-case-id': row.doc.id }
      }
      renderItem={(row) => {
        if (row.kind === 'day') {
          return (
            <h2 className="section-title">
              {/* The header's instant: noon of that Jakarta day (05:00 UTC). */}
              {day(`${row.day}T05:00:00.000Z`)} · {t('cases.dayCount', { count: row.count })}
            </h2>
          );
        }
        const c = row.doc;
        return (
          <Link href={`/tech/cases/${c.id}`} className="case-card">
            <span className="case-card-top">
              <CaseTitle doc={c} />
              <span className="case-card-time">{time(c.reportedAt)}</span>
            </span>
            <span className="case-card-meta">
              {t(`category.${c.category}`)} · {c.serialNumber ?? '—'} · TID {c.tid ?? '—'}
            </span>
            <span className="case-card-status">
              <StatusBadge status={c.status} />
            </span>
            <Rejection doc={c} />
          </Link>
        );
      }}
    />
  );
}
