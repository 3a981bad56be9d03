/**
 * Case desk queue: every local case (the back office replicates all of them), filtered,
 * searched and sorted in memory, rendered through a virtualised list so 10,000+ cases stay
 * fast. Live: re-derived on every RxDB change and every 30 s (time-based SLA state).
 * Keyboard: j/k or arrows move, Enter opens, `/` searches, Esc closes. The open case is
 * `?case=<id>` in the URL, so the page (and its scroll position) is not remounted.
 */
import { caseStatuses, categories, priorities } from '@edc/shared';
import type { SlaState } from '@edc/shared/domain';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { EnumSelect } from '../../components/enum-select.tsx';
import { Empty } from '../../components/state-views.tsx';
import { observeAllCases, observeAllMerchants } from '../../db/desk-queries.ts';
import type { CaseDoc, MerchantDoc } from '../../db/index.ts';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { useDb } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { navigate, useSearchParam } from '../../shell/router.tsx';
import { useObservable } from '../../shell/use-observable.ts';
import { CaseDetail, useLevelName } from './case-detail.tsx';
import { DeskFrame, isTyping } from './desk-frame.tsx';
import { deskScreen } from './desk-query.tsx';
import {
  buildRows,
  defaultFilters,
  distinct,
  type QueueFilters,
  type QueueRow,
  type QueueSort,
  queueView,
  type StatusFilter,
} from './queue-model.ts';

const ROW_HEIGHT = 52;
const statusFilters: readonly StatusFilter[] = ['active', 'all', ...caseStatuses];
const sorts: readonly QueueSort[] = ['due', 'created', 'priority'];
const SORT_KEYS: Record<QueueSort, MessageKey> = {
  due: 'desk.queue.sort.due',
  created: 'desk.queue.sort.created',
  priority: 'desk.queue.sort.priority',
};
const SLA_STATES: readonly SlaState[] = ['on_track', 'at_risk', 'breached', 'met'];
/** Filters survive a visit to another desk screen within the session. */
let lastFilters: QueueFilters = defaultFilters;

export function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const noCases: readonly CaseDoc[] = [];
const noMerchants: readonly MerchantDoc[] = [];

function QueueScreen(_props: ScreenProps) {
  const db = useDb();
  const { t, dateTime } = useI18n();
  const levelName = useLevelName();
  const openId = useSearchParam('case');
  const cases = useObservable(() => observeAllCases(db), noCases, [db]);
  const merchants = useObservable(() => observeAllMerchants(db), noMerchants, [db]);
  const now = useNow();
  const [filters, setFiltersState] = useState<QueueFilters>(lastFilters);
  const deferredFilters = useDeferredValue(filters);
  const [selected, setSelected] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const setFilters = (patch: Partial<QueueFilters>) => {
    setFiltersState((f) => {
      lastFilters = { ...f, ...patch };
      return lastFilters;
    });
    setSelected(0);
  };

  const merchantMap = useMemo(() => new Map(merchants.map((m) => [m.mid, m])), [merchants]);
  const rows = useMemo(() => buildRows(cases, merchantMap, now), [cases, merchantMap, now]);
  const view = useMemo(() => queueView(rows, deferredFilters), [rows, deferredFilters]);
  const units = useMemo(() => distinct(cases.map((c) => c.responsibleUnit)), [cases]);
  const regions = useMemo(() => distinct(merchants.map((m) => m.region)), [merchants]);
  const assignees = useMemo(() => distinct(cases.map((c) => c.assignee)), [cases]);

  const virtualizer = useVirtualizer({
    count: view.rows.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const open = (row: QueueRow | undefined) => {
    if (row) navigate(`/desk?case=${encodeURIComponent(row.c.id)}`);
  };
  const close = () => {
    navigate('/desk');
    listRef.current?.focus();
  };

  // Keyboard shortcuts of the queue (the frame handles `?`).
  const state = useRef({ view, selected, openId });
  state.current = { view, selected, openId };
  // biome-ignore lint/correctness/useExhaustiveDependencies: handlers read the latest state through the ref.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (document.querySelector('dialog[open]')) return;
      const { view: v, selected: sel, openId: current } = state.current;
      if (event.key === 'Escape') {
        if (isTyping(event.target) && event.target instanceof HTMLElement) {
          // Chromium's type=search clears itself on Esc; here Esc only leaves the field.
          event.preventDefault();
          event.target.blur();
          listRef.current?.focus();
        } else if (current) close();
        return;
      }
      if (isTyping(event.target)) return;
      const move = (to: number) => {
        const next = Math.max(0, Math.min(v.rows.length - 1, to));
        setSelected(next);
        virtualizer.scrollToIndex(next, { align: 'auto' });
        event.preventDefault();
      };
      if (event.key === 'j' || event.key === 'ArrowDown') move(sel + 1);
      else if (event.key === 'k' || event.key === 'ArrowUp') move(sel - 1);
      else if (event.key === 'Home') move(0);
      else if (event.key === 'End') move(v.rows.length - 1);
      else if (
        event.key === 'Enter' &&
        !(event.target instanceof HTMLButtonElement) &&
        !(event.target instanceof HTMLAnchorElement)
      ) {
        event.preventDefault();
        open(v.rows[sel]);
      } else if (event.key === '/') {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const selectedRow = view.rows[selected];
  const activeId = selectedRow ? `queue-row-${selectedRow.c.id}` : undefined;
  const filtered =
    filters.status !== defaultFilters.status ||
    filters.category !== '' ||
    filters.priority !== '' ||
    filters.unit !== '' ||
    filters.region !== '' ||
    filters.sla !== '' ||
    filters.q !== '';

  return (
    <DeskFrame title={t('desk.queue.title')}>
      <div className={`queue-layout${openId ? ' with-detail' : ''}`}>
        <section aria-labelledby="queue-title">
          <h1 id="queue-title">{t('desk.queue.title')}</h1>
          <search className="filters" aria-label={t('desk.queue.filters')}>
            <label className="search">
              {t('desk.queue.search')}
              <input
                ref={searchRef}
                type="search"
                data-testid="queue-search"
                value={filters.q}
                // A bare "/" read like a typed character; say what it means.
                placeholder={t('desk.queue.searchHint')}
                aria-keyshortcuts="/"
                onChange={(e) => setFilters({ q: e.target.value })}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    open(view.rows[0]);
                  }
                }}
              />
            </label>
            <EnumSelect
              label={t('desk.queue.status')}
              data-testid="filter-status"
              value={filters.status}
              options={statusFilters}
              optionLabel={(s) =>
                s === 'active'
                  ? t('desk.queue.active')
                  : s === 'all'
                    ? t('desk.common.all')
                    : t(`case.status.${s}`)
              }
              onChange={(status) => setFilters({ status: status || 'active' })}
            />
            <EnumSelect
              label={t('desk.queue.category')}
              data-testid="filter-category"
              value={filters.category}
              emptyLabel={t('desk.common.all')}
              options={categories}
              optionLabel={(c) => t(`category.${c}`)}
              onChange={(category) => setFilters({ category })}
            />
            <EnumSelect
              label={t('desk.queue.priority')}
              data-testid="filter-priority"
              value={filters.priority}
              emptyLabel={t('desk.common.all')}
              options={priorities}
              optionLabel={(p) => t(`desk.priority.${p}`)}
              onChange={(priority) => setFilters({ priority })}
            />
            <EnumSelect
              label={t('desk.queue.unit')}
              data-testid="filter-unit"
              value={filters.unit}
              emptyLabel={t('desk.common.all')}
              options={units}
              optionLabel={(u) => u}
              onChange={(unit) => setFilters({ unit })}
            />
            <EnumSelect
              label={t('desk.queue.region')}
              data-testid="filter-region"
              value={filters.region}
              emptyLabel={t('desk.common.all')}
              options={regions}
              optionLabel={(r) => r}
              onChange={(region) => setFilters({ region })}
            />
            <EnumSelect
              label={t('desk.queue.sort')}
              data-testid="queue-sort"
              value={filters.sort}
              options={sorts}
              optionLabel={(v) => t(SORT_KEYS[v])}
              onChange={(sort) => setFilters({ sort: sort || 'due' })}
            />
            {filtered && (
              <button type="button" className="btn small" onClick={() => setFilters(defaultFilters)}>
                {t('desk.queue.reset')}
              </button>
            )}
          </search>
          <fieldset className="sla-chips" aria-label={t('desk.queue.sla')}>
            <button
              type="button"
              className="chip"
              aria-pressed={filters.sla === ''}
              onClick={() => setFilters({ sla: '' })}
            >
              {t('desk.common.all')}
            </button>
            {SLA_STATES.map((s) => (
              <button
                key={s}
                type="button"
                className="chip"
                data-testid={`filter-sla-${s}`}
                aria-pressed={filters.sla === s}
                onClick={() => setFilters({ sla: filters.sla === s ? '' : s })}
              >
                {t(`desk.sla.${s}`)} ({view.slaCounts[s]})
              </button>
            ))}
          </fieldset>
          <p
            className="muted"
            role="status"
            aria-live="polite"
            data-testid="queue-count"
            data-count={view.matched}
          >
            {t('desk.queue.count', { shown: view.matched, total: cases.length })}
          </p>
          {view.rows.length === 0 ? (
            <Empty>{cases.length === 0 ? t('desk.queue.emptyAll') : t('desk.queue.empty')}</Empty>
          ) : (
            <div
              ref={listRef}
              className="queue-list"
              role="listbox"
              tabIndex={0}
              aria-label={t('desk.queue.list')}
              aria-activedescendant={activeId}
              data-testid="queue-list"
            >
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {virtualizer.getVirtualItems().map((item) => {
                  const row = view.rows[item.index];
                  if (!row) return null;
                  const c = row.c;
                  return (
                    // biome-ignore lint/a11y/useFocusableInteractive: focus stays on the listbox (aria-activedescendant).
                    <div
                      key={c.id}
                      id={`queue-row-${c.id}`}
                      role="option"
                      aria-selected={item.index === selected}
                      data-testid="queue-row"
                      data-case-number={c.caseNumber ?? ''}
                      data-case-id={c.id}
                      className={`queue-row${item.index === selected ? ' selected' : ''}${c.id === openId ? ' open-now' : ''}`}
                      style={{ top: item.start, height: ROW_HEIGHT }}
                      onClick={() => {
                        setSelected(item.index);
                        open(row);
                      }}
                    >
                      <div className="cell">
                        <div>{c.caseNumber ?? t('desk.queue.noNumber')}</div>
                        <div className="sub">
                          {c.tid ?? '—'} · {c.mid}
                        </div>
                      </div>
                      <div className="cell">{t(`case.status.${c.status}`)}</div>
                      <div className="cell">
                        <div>{t(`category.${c.category}`)}</div>
                        <div className="sub">
                          {row.merchantName} {row.region && `(${row.region})`}
                        </div>
                      </div>
                      <div className="cell sub">
                        {c.dueAt ? t('desk.queue.due', { time: dateTime(c.dueAt) }) : t('desk.queue.noDue')}
                      </div>
                      <div className="cell">
                        <span className={`sla-badge sla-${row.sla ?? 'none'}`}>
                          {t(row.sla ? `desk.sla.${row.sla}` : 'desk.sla.none')}
                        </span>
                      </div>
                      <div className="cell" title={levelName(c.escalationLevel)}>
                        L{c.escalationLevel}
                      </div>
                    </div>
                  );
                })}
              </div>
            </div>
          )}
        </section>
        {openId && <CaseDetail caseId={openId} onClose={close} assignees={assignees} />}
      </div>
    </DeskFrame>
  );
}

export const QueuePage = deskScreen(QueueScreen);
