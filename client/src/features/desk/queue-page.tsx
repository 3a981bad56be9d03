/**
 * Case desk queue: every local case (the back office replicates all of them), filtered,
 * searched and sorted in memory, rendered through a virtualised list so 10,000+ cases stay
 * fast. Live: re-derived on every RxDB change and every 30 s (time-based SLA state).
 * Keyboard: j/k or arrows move, Enter opens, x ticks for a bulk action, `/` searches, Esc closes. The view, the
 * filters and the open case live in the URL (`?view=team&status=open&case=<id>`), so a
 * queue is shareable and survives a reload, and the page is not remounted on open.
 * Views (issue 15): mine, my team, unassigned, waiting for merchant, escalated to me,
 * all; saved views per user on the server. The search box also asks the server's
 * full-text search (merchant names, descriptions, comments) when online.
 */
import {
  caseStatuses,
  categories,
  deskSearchResponseSchema,
  priorities,
  type QueueView as QueueViewName,
  queueViews,
  type SavedView,
  type SavedViewRequest,
  savedViewRequestSchema,
  savedViewSchema,
} from '@edc/shared';
import type { SlaState } from '@edc/shared/domain';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import { z } from 'zod';
import { apiErrorText } from '../../components/api-error-text.ts';
import { EnumSelect } from '../../components/enum-select.tsx';
import { FieldMessage } from '../../components/field.tsx';
import { useZodForm } from '../../components/form.tsx';
import { Empty } from '../../components/state-views.tsx';
import {
  loadLastSeen,
  observeAllCases,
  observeAllMerchants,
  observeEscalations,
  observeEventTimes,
  saveLastSeen,
} from '../../db/desk-queries.ts';
import type { CaseDoc, EdcDb, MerchantDoc } from '../../db/index.ts';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { useDb, useSession } from '../../shell/providers.tsx';
import type { ScreenProps } from '../../shell/router.tsx';
import { navigate, useSearchParam } from '../../shell/router.tsx';
import { useObservable } from '../../shell/use-observable.ts';
import { BulkBar } from './bulk-bar.tsx';
import { CaseDetail, useLevelName } from './case-detail.tsx';
import { DeskFrame, isTyping } from './desk-frame.tsx';
import { deskKeys, deskScreen, useCommand, useJsonQuery } from './desk-query.tsx';
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
import { escalationTargets, filtersFromQuery, filtersToQuery, inView } from './queue-views.ts';
import { type Countdown, countdown, formatDuration } from './sla-countdown.ts';
import { isUnread, type LastSeen, latestActivityByOthers, markSeen } from './unread.ts';

const ROW_HEIGHT = 52;
const statusFilters: readonly StatusFilter[] = ['active', 'all', ...caseStatuses];
const sorts: readonly QueueSort[] = ['due', 'created', 'priority'];
const SORT_KEYS: Record<QueueSort, MessageKey> = {
  due: 'desk.queue.sort.due',
  created: 'desk.queue.sort.created',
  priority: 'desk.queue.sort.priority',
};
const SLA_STATES: readonly SlaState[] = ['on_track', 'at_risk', 'breached', 'met'];
/** Filters survive a visit to another desk screen within the session (the URL wins when it has some). */
let lastFilters: QueueFilters = defaultFilters;

function initialFilters(): QueueFilters {
  const params = new URLSearchParams(window.location.search);
  params.delete('case');
  return params.size > 0 ? filtersFromQuery(params.toString()) : lastFilters;
}

export function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const noCases: readonly CaseDoc[] = [];

const lastSeenSchema = z.object({ since: z.string(), cases: z.record(z.string(), z.string()) });

/** The user's last looks (local, see unread.ts), loaded once; `mark` records a look and stores it. */
function useLastSeen(db: EdcDb): {
  value: LastSeen | null;
  mark: (caseId: string, latest: string | undefined) => void;
} {
  const [value, setValue] = useState<LastSeen | null>(null);
  useEffect(() => {
    let live = true;
    void loadLastSeen(db).then((raw) => {
      if (!live) return;
      const parsed = raw ? lastSeenSchema.safeParse(JSON.parse(raw)) : null;
      const next = parsed?.success ? parsed.data : { since: new Date().toISOString(), cases: {} };
      if (!parsed?.success) void saveLastSeen(db, JSON.stringify(next));
      setValue(next);
    });
    return () => {
      live = false;
    };
  }, [db]);
  const mark = useCallback(
    (caseId: string, latest: string | undefined) =>
      setValue((prev) => {
        if (!prev) return prev;
        const next = markSeen(prev, caseId, latest, new Date().toISOString());
        if (next !== prev) void saveLastSeen(db, JSON.stringify(next));
        return next;
      }),
    [db],
  );
  return { value, mark };
}
const noMerchants: readonly MerchantDoc[] = [];

function QueueScreen(_props: ScreenProps) {
  const db = useDb();
  const { t, dateTime } = useI18n();
  const levelName = useLevelName();
  const openId = useSearchParam('case');
  const cases = useObservable(() => observeAllCases(db), noCases, [db]);
  const merchants = useObservable(() => observeAllMerchants(db), noMerchants, [db]);
  const now = useNow();
  const { user, api } = useSession();
  const escalations = useObservable(() => observeEscalations(db), noEvents, [db]);
  const eventTimes = useObservable(() => observeEventTimes(db), noEvents, [db]);
  const lastSeen = useLastSeen(db);
  const [filters, setFiltersState] = useState<QueueFilters>(initialFilters);
  const [searchHits, setSearchHits] = useState<ReadonlySet<string> | undefined>(undefined);
  const savedViews = useJsonQuery(deskKeys.views, '/api/desk/views', savedViewSchema.array());
  const saveViewCmd = useCommand(
    (body: SavedViewRequest) => api.json('/api/desk/views', savedViewSchema, { json: body }),
    { stale: [deskKeys.views] },
  );
  const deleteViewCmd = useCommand(
    (id: string) => api.fetch(`/api/desk/views/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    { stale: [deskKeys.views] },
  );
  const deferredFilters = useDeferredValue(filters);
  const [selected, setSelected] = useState(0);
  // Bulk selection (issue 15): case ids ticked in the first column.
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const toggleTick = (id: string) =>
    setTicked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const listRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const setFilters = (patch: Partial<QueueFilters>) => {
    const next = { ...filters, ...patch };
    lastFilters = next;
    setFiltersState(next);
    // The URL carries the queue: shareable, and a reload opens the same view.
    navigate(`/desk${queryString(filtersToQuery(next, openId))}`, { replace: true });
    setSelected(0);
  };

  // Server full-text search for what the local haystack cannot see (debounced).
  useEffect(() => {
    const q = filters.q.trim();
    setSearchHits(undefined);
    if (q.length < 2 || !navigator.onLine) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      api
        .json(`/api/desk/search?q=${encodeURIComponent(q)}&limit=500`, deskSearchResponseSchema, {
          signal: abort.signal,
        })
        .then(
          (r) => setSearchHits(new Set(r.hits.map((h) => h.id))),
          () => undefined, // offline, refused or aborted: the local search stands alone
        );
    }, 250);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [filters.q, api]);

  const merchantMap = useMemo(() => new Map(merchants.map((m) => [m.mid, m])), [merchants]);
  const rows = useMemo(() => buildRows(cases, merchantMap, now), [cases, merchantMap, now]);
  const escalatedTo = useMemo(() => escalationTargets(escalations), [escalations]);
  const viewer = useMemo(() => ({ username: user?.username ?? '', team: user?.team }), [user]);
  // Unread marker (issue 15): someone else's newest event per case vs. this user's last look.
  const activity = useMemo(
    () => latestActivityByOthers(eventTimes, viewer.username),
    [eventTimes, viewer.username],
  );
  const openActivity = openId ? activity.get(openId) : undefined;
  const markSeenOpen = lastSeen.mark;
  useEffect(() => {
    if (openId) markSeenOpen(openId, openActivity);
  }, [openId, openActivity, markSeenOpen]);
  const view = useMemo(
    () =>
      queueView(rows, deferredFilters, {
        inView: (c) => inView(c, deferredFilters.view, viewer, escalatedTo),
        searchHits,
        now,
      }),
    [rows, deferredFilters, viewer, escalatedTo, searchHits, now],
  );
  const units = useMemo(() => distinct(cases.map((c) => c.responsibleUnit)), [cases]);
  const regions = useMemo(() => distinct(merchants.map((m) => m.region)), [merchants]);

  const virtualizer = useVirtualizer({
    count: view.rows.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // The sticky column header covers the first 2rem of the list.
    scrollPaddingStart: 32,
  });

  const open = (row: QueueRow | undefined) => {
    if (row) navigate(`/desk${queryString(filtersToQuery(state.current.filters, row.c.id))}`);
  };
  const close = () => {
    navigate(`/desk${queryString(filtersToQuery(state.current.filters))}`);
    listRef.current?.focus();
  };

  // Keyboard shortcuts of the queue (the frame handles `?`).
  const state = useRef({ view, selected, openId, filters });
  state.current = { view, selected, openId, filters };
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
      if (event.key === 'x') {
        const row = v.rows[sel];
        if (row) toggleTick(row.c.id);
        event.preventDefault();
      } else if (event.key === 'j' || event.key === 'ArrowDown') move(sel + 1);
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
    filters.q !== '' ||
    filters.drill !== null;

  return (
    <DeskFrame title={t('desk.queue.title')}>
      <div className={`queue-layout${openId ? ' with-detail' : ''}`}>
        <section aria-labelledby="queue-title">
          <h1 id="queue-title">{t('desk.queue.title')}</h1>
          <fieldset className="sla-chips views" aria-label={t('desk.views.label')} data-testid="queue-views">
            {queueViews.map((v) => (
              <button
                key={v}
                type="button"
                className="chip"
                data-testid={`view-${v}`}
                aria-pressed={filters.view === v}
                onClick={() => setFilters({ view: v })}
              >
                {t(VIEW_KEYS[v])}
              </button>
            ))}
            <SavedViews
              views={savedViews.data ?? []}
              currentQuery={filtersToQuery(filters)}
              onApply={(query) => {
                const next = filtersFromQuery(query);
                lastFilters = next;
                setFiltersState(next);
                navigate(`/desk${queryString(filtersToQuery(next, openId))}`, { replace: true });
                setSelected(0);
              }}
              onSave={async (body) => {
                await saveViewCmd.mutateAsync(body);
              }}
              onDelete={async (id) => {
                await deleteViewCmd.mutateAsync(id);
              }}
            />
          </fieldset>
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
          {filters.drill && (
            <p className="notice" role="status" data-testid="queue-drill">
              {t('desk.figures.drillBanner', {
                figure: t(`desk.figures.kind.${filters.drill.figure}`),
                from: filters.drill.from,
                to: filters.drill.to,
                who: [filters.drill.assignee, filters.drill.team]
                  .filter((w) => w !== undefined)
                  .map((w) => ` · ${w === '-' ? t('desk.figures.nobody') : w}`)
                  .join(''),
              })}{' '}
              <button type="button" className="btn small" onClick={() => setFilters({ drill: null })}>
                {t('desk.figures.drillClear')}
              </button>
            </p>
          )}
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
          {ticked.size > 0 && (
            <BulkBar
              ids={[...ticked]}
              mid={sharedMid(cases, ticked)}
              caseNumber={(id) => cases.find((c) => c.id === id)?.caseNumber}
              onDone={() => setTicked(new Set())}
              onKeep={(keep) => setTicked(new Set(keep))}
            />
          )}
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
              <div className="queue-row queue-head" aria-hidden="true">
                <div className="cell" />
                <div className="cell">{t('desk.queue.col.unread')}</div>
                <div className="cell">{t('desk.queue.col.case')}</div>
                <div className="cell">{t('desk.queue.col.status')}</div>
                <div className="cell">{t('desk.queue.col.category')}</div>
                <div className="cell">{t('desk.queue.col.assignee')}</div>
                <div className="cell">{t('desk.queue.col.response')}</div>
                <div className="cell">{t('desk.queue.col.resolution')}</div>
                <div className="cell">{t('desk.queue.col.level')}</div>
              </div>
              <div
                className="queue-rows"
                style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
              >
                {virtualizer.getVirtualItems().map((item) => {
                  const row = view.rows[item.index];
                  if (!row) return null;
                  const c = row.c;
                  const unread = isUnread(c.id, activity.get(c.id), lastSeen.value);
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
                      data-unread={unread}
                      className={`queue-row${item.index === selected ? ' selected' : ''}${c.id === openId ? ' open-now' : ''}${unread ? ' unread' : ''}`}
                      style={{ top: item.start, height: ROW_HEIGHT }}
                      onClick={() => {
                        setSelected(item.index);
                        open(row);
                      }}
                    >
                      <div className="cell">
                        {/* Not focusable: an option may hold no focusable control (axe
                            nested-interactive). Keyboard: x ticks the selected row. */}
                        {/* biome-ignore lint/a11y/useFocusableInteractive: focus stays on the listbox; x ticks. */}
                        {/* biome-ignore lint/a11y/useSemanticElements: an <input> would be focusable inside the option. */}
                        <span
                          role="checkbox"
                          className="tick"
                          data-testid="row-tick"
                          aria-label={t('desk.bulk.tick', { case: c.caseNumber ?? c.id })}
                          aria-checked={ticked.has(c.id)}
                          onClick={(e) => {
                            e.stopPropagation();
                            toggleTick(c.id);
                          }}
                        />
                      </div>
                      <div className="cell" data-testid="row-unread">
                        {unread && (
                          <span
                            className="unread-dot"
                            role="img"
                            aria-label={t('desk.queue.unread')}
                            title={t('desk.queue.unread')}
                          >
                            ●
                          </span>
                        )}
                      </div>
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
                          <span translate="no">{row.merchantName}</span> {row.region && `(${row.region})`}
                        </div>
                      </div>
                      <div
                        className="cell"
                        data-testid="row-assignee"
                        translate={c.assignee ? 'no' : undefined}
                      >
                        {c.assignee || t('desk.queue.unassigned')}
                      </div>
                      <div className="cell">
                        <LiveCountdown
                          testId="row-response"
                          due={c.responseDueAt}
                          done={c.firstResponseAt}
                          title={c.responseDueAt ? dateTime(c.responseDueAt) : undefined}
                        />
                      </div>
                      <div className="cell">
                        <LiveCountdown
                          testId="row-resolution"
                          due={c.dueAt}
                          done={c.resolvedAt ?? c.closedAt}
                          title={
                            c.dueAt ? t('desk.queue.due', { time: dateTime(c.dueAt) }) : t('desk.queue.noDue')
                          }
                          sla={row.sla}
                        />
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
        {openId && <CaseDetail caseId={openId} onClose={close} />}
      </div>
    </DeskFrame>
  );
}

export const QueuePage = deskScreen(QueueScreen);

const noEvents: readonly never[] = [];

const VIEW_KEYS = {
  mine: 'desk.views.mine',
  team: 'desk.views.team',
  unassigned: 'desk.views.unassigned',
  waiting: 'desk.views.waiting',
  escalated: 'desk.views.escalated',
  all: 'desk.views.all',
} as const satisfies Record<QueueViewName, string>;

/** The MID all ticked cases share, if one (the bulk assign's picker opens on its region). */
function sharedMid(cases: readonly CaseDoc[], ticked: ReadonlySet<string>): string | undefined {
  const mids = new Set(cases.filter((c) => ticked.has(c.id)).map((c) => c.mid));
  return mids.size === 1 ? [...mids][0] : undefined;
}

function queryString(query: string): string {
  return query ? `?${query}` : '';
}

/** One SLA clock, ticking every second while it runs; colour by state. */
function LiveCountdown({
  due,
  done,
  title,
  testId,
  sla,
}: {
  due: string | undefined;
  done: string | undefined;
  title: string | undefined;
  testId: string;
  sla?: string | null;
}) {
  const { t } = useI18n();
  const running = due !== undefined && done === undefined;
  const now = useNow(running ? 1000 : 3_600_000);
  const cd: Countdown = countdown(now.getTime(), due, done);
  const text =
    cd.state === 'none'
      ? '—'
      : cd.state === 'met'
        ? t('desk.countdown.done')
        : cd.state === 'missed'
          ? t('desk.countdown.missed')
          : cd.state === 'over'
            ? t('desk.countdown.over', { time: formatDuration(cd.ms) })
            : t('desk.countdown.left', { time: formatDuration(cd.ms) });
  return (
    <span
      className={`countdown cd-${cd.state}`}
      data-testid={testId}
      data-state={cd.state}
      data-sla={sla ?? undefined}
      title={title}
    >
      {text}
    </span>
  );
}

function SavedViews({
  views,
  currentQuery,
  onApply,
  onSave,
  onDelete,
}: {
  views: readonly SavedView[];
  currentQuery: string;
  onApply: (query: string) => void;
  onSave: (body: SavedViewRequest) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
}) {
  const { t } = useI18n();
  // The name is checked by the shared request schema, with the queue's current query.
  const form = useZodForm({
    schema: savedViewRequestSchema,
    defaultValues: { name: '' },
    toRequest: ({ name }: { name: string }) => ({ name, query: currentQuery }),
  });
  const { errors, isSubmitting } = form.formState;
  const [failure, setFailure] = useState<string | null>(null);
  const formId = useId();
  const current = views.find((v) => v.query === currentQuery);
  return (
    <span className="row saved-views">
      <label>
        {t('desk.views.saved')}
        <select
          data-testid="saved-views"
          value={current?.id ?? ''}
          onChange={(e) => {
            const v = views.find((x) => x.id === e.target.value);
            if (v) onApply(v.query);
          }}
        >
          <option value="">{views.length ? '—' : t('desk.views.savedNone')}</option>
          {views.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      {current && (
        <button
          type="button"
          className="btn small"
          data-testid="saved-view-delete"
          onClick={() => {
            if (window.confirm(t('desk.views.deleteConfirm', { name: current.name })))
              void onDelete(current.id);
          }}
        >
          {t('desk.views.delete')}
        </button>
      )}
      <form
        className="row"
        noValidate
        onSubmit={form.handleSubmit(async (body) => {
          setFailure(null);
          try {
            await onSave(body);
            form.reset();
          } catch (e) {
            setFailure(apiErrorText(t, e));
          }
        })}
      >
        <input
          aria-label={t('desk.views.name')}
          placeholder={t('desk.views.name')}
          data-testid="saved-view-name"
          maxLength={80}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? `${formId}-name` : undefined}
          {...form.register('name')}
        />
        <button type="submit" className="btn small" data-testid="saved-view-save" disabled={isSubmitting}>
          {isSubmitting ? t('desk.common.saving') : t('desk.views.save')}
        </button>
        <FieldMessage id={`${formId}-name`} error={errors.name} />
        {failure && (
          <span className="field-error" role="alert" data-testid="saved-view-error">
            {failure}
          </span>
        )}
      </form>
    </span>
  );
}
