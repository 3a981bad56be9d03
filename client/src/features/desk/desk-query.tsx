/**
 * Server state of the desk (reports, problems, sync health, admin lists) through TanStack
 * Query: one cache for every desk screen, retries for network failures only, and the
 * SSE pokes the sync engine already receives mark the answers they touch as stale (the
 * screen on view refetches at once). Commands are mutations that refetch what they change.
 *
 * The library lives in the lazy desk chunks only: every desk screen is wrapped by
 * `deskScreen()` here, so technicians' and merchants' phones never download it.
 */
import type { SyncCollection } from '@edc/shared';
import {
  QueryClient,
  QueryClientProvider,
  type QueryKey,
  type UseQueryResult,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { type ComponentType, type ReactNode, useEffect } from 'react';
import type { z } from 'zod';
import { apiErrorText } from '../../components/api-error-text.ts';
import { ErrorState, Loading } from '../../components/state-views.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession, useSync } from '../../shell/providers.tsx';
import { ApiError } from '../../sync/api-error.ts';
import type { Poke } from '../../sync/stream.ts';

/** Query keys: a prefix names a family, so one poke can make a whole family stale. */
export const deskKeys = {
  all: ['desk'] as const,
  reports: ['desk', 'reports'] as const,
  summary: (from: string, to: string) => ['desk', 'reports', 'summary', from, to] as const,
  monthly: (month: string) => ['desk', 'reports', 'monthly', month] as const,
  satisfaction: (from: string, to: string) => ['desk', 'reports', 'satisfaction', from, to] as const,
  faq: ['desk', 'admin', 'faq'] as const,
  announcements: ['desk', 'announcements'] as const,
  problems: (days: number, min: number) => ['desk', 'problems', days, min] as const,
  /** Management figures (issue 15); under `reports` so case pokes make them stale. */
  figures: (from: string, to: string) => ['desk', 'reports', 'figures', from, to] as const,
  problemRecords: ['desk', 'problems', 'records'] as const,
  problemRecord: (id: string) => ['desk', 'problems', 'records', id] as const,
  audit: ['desk', 'admin', 'audit'] as const,
  syncHealth: ['desk', 'sync-health'] as const,
  /** A case the desk asked the server for (not replicated yet, or a command's answer). */
  case: (id: string) => ['desk', 'case', id] as const,
  /** Helpdesk (issue 15): canned replies and the signed-in user's saved views. */
  macros: ['desk', 'macros'] as const,
  views: ['desk', 'views'] as const,
  teams: ['desk', 'teams'] as const,
  slaRules: ['desk', 'admin', 'sla-rules'] as const,
  slaCalendars: ['desk', 'admin', 'sla-calendars'] as const,
  holidays: ['desk', 'admin', 'holidays'] as const,
  users: ['desk', 'admin', 'users'] as const,
  sessions: (activeOnly: boolean) => ['desk', 'admin', 'sessions', activeOnly] as const,
  webhooks: ['desk', 'admin', 'webhooks'] as const,
  deliveries: (endpointId: string) => ['desk', 'admin', 'webhooks', endpointId, 'deliveries'] as const,
};

/**
 * What a poke of each collection can change on the server's side of the desk; a collection
 * whose data the desk does not fetch from the server (only replicates) needs no entry.
 */
const POKE_STALE: Partial<Record<SyncCollection, readonly QueryKey[]>> = {
  cases: [deskKeys.reports, ['desk', 'problems'], deskKeys.syncHealth, ['desk', 'case']],
  case_events: [deskKeys.reports, ['desk', 'case']],
  // The inbox reads its replicated copy; nothing on the desk's server side changes.
  notifications: [],
  devices: [['desk', 'problems']],
  merchants: [['desk', 'problems']],
  // A calendar change re-stamps the rules of its priorities (issue 15).
  sla_rules: [deskKeys.slaRules, deskKeys.slaCalendars, deskKeys.reports],
  holidays: [deskKeys.holidays],
  faq_articles: [deskKeys.faq],
  announcements: [deskKeys.announcements],
};
/** Pokes come in bursts (one per pushed batch): refetch at most this often. */
const POKE_COALESCE_MS = 500;

/** The query families a burst of pokes makes stale (all of them after a reconnect). */
export function staleAfterPokes(poked: ReadonlySet<Poke>): QueryKey[] {
  // The stream (re)opened: pokes may have been missed meanwhile.
  if (poked.has('*all')) return [deskKeys.all];
  const keys = new Map<string, QueryKey>();
  for (const c of poked)
    if (c !== '*all') for (const key of POKE_STALE[c] ?? []) keys.set(JSON.stringify(key), key);
  return [...keys.values()];
}

/** Only an unanswered request is worth repeating (twice); a refusal would answer the same. */
export function shouldRetry(failures: number, error: unknown): boolean {
  return failures < 2 && error instanceof ApiError && error.code === 'network';
}

/** One cache for all desk screens, kept across navigation (module scope). */
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Offline, a request fails at once with `offline` and the screen says so in words,
      // instead of waiting silently ('online' mode pauses); reconnecting refetches.
      networkMode: 'always',
      retry: shouldRetry,
      // Freshness comes from the pokes and from reconnecting, not from window focus.
      refetchOnWindowFocus: false,
    },
    mutations: { networkMode: 'always', retry: false },
  },
});
/** Whose answers the cache holds: another user never sees them. */
let cacheOwner: string | null = null;

function DeskQueryProvider({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const { engine } = useSync();
  const owner = user?.id ?? null;
  if (cacheOwner !== owner) {
    queryClient.clear();
    cacheOwner = owner;
  }
  useEffect(() => {
    if (!engine) return;
    const poked = new Set<Poke>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      // Only screens on view refetch now; the rest refetch when shown again.
      for (const queryKey of staleAfterPokes(poked)) void queryClient.invalidateQueries({ queryKey });
      poked.clear();
    };
    const sub = engine.pokes$.subscribe((collection) => {
      poked.add(collection);
      timer ??= setTimeout(flush, POKE_COALESCE_MS);
    });
    return () => {
      sub.unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [engine]);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

/** Wraps a desk screen in the desk's query cache (used by every `*-page.tsx` here). */
export function deskScreen<P extends object>(Screen: ComponentType<P>): ComponentType<P> {
  function DeskScreen(props: P) {
    return (
      <DeskQueryProvider>
        <Screen {...props} />
      </DeskQueryProvider>
    );
  }
  return DeskScreen;
}

/** GET a JSON resource, checked with its shared schema, cached under `queryKey`. */
export function useJsonQuery<S extends z.ZodType>(
  queryKey: QueryKey,
  path: string,
  schema: S,
  options: { refetchInterval?: number; enabled?: boolean } = {},
): UseQueryResult<z.output<S>> {
  const { api } = useSession();
  return useQuery({ queryKey, queryFn: ({ signal }) => api.json(path, schema, { signal }), ...options });
}

/**
 * A server command: `run(vars)`; on success `stale` families are refetched before the
 * command counts as done, so a notice of success is never shown above old data.
 */
export function useCommand<V, R>(
  run: (vars: V) => Promise<R>,
  options: { stale?: readonly QueryKey[]; onSuccess?: (result: R, vars: V) => void } = {},
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (result, vars) => {
      options.onSuccess?.(result, vars);
      await Promise.all((options.stale ?? []).map((queryKey) => client.invalidateQueries({ queryKey })));
    },
  });
}

/** The loading / error (in words, with retry) / data parts of a query, alike on every screen. */
export function QueryView<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      {query.isPending && <Loading label={t('app.loading')} />}
      {query.isError && (
        <ErrorState onRetry={() => void query.refetch()} retryLabel={t('common.retry')}>
          {apiErrorText(t, query.error)}
        </ErrorState>
      )}
      {query.data !== undefined && children(query.data)}
    </>
  );
}
