/**
 * The ONE Server-Sent-Events connection for all collections (DESIGN section 5). Pokes
 * carry no data; each becomes 'RESYNC' for the poked collection (or all on `"*"`
 * heartbeats are ignored — they only keep proxies from closing the stream). Every (re)open
 * of the stream and every `online` event also emits RESYNC for all collections, because
 * pokes sent while we were away are lost.
 *
 * EventSource cannot set headers, so the stream authenticates with the HttpOnly `edc_at`
 * cookie that login and every refresh set (never with a token in the URL: URLs end up in
 * logs and history). When the server refuses it (expired), the browser closes the stream;
 * we refresh the token, which renews the cookie, and reopen with backoff.
 */
import { pokeSchema, SYNC_BASE_PATH, type SyncCollection } from '@edc/shared';
import { filter, map, type Observable, Subject } from 'rxjs';
import type { SessionManager } from './session.ts';

/** A poked collection, or `*all` when the stream (re)opened or the browser came online. */
export type Poke = SyncCollection | '*all';

export type PokeStream = {
  resync$: (collection: SyncCollection) => Observable<'RESYNC'>;
  /** Every poke as it arrives. */
  pokes$: Observable<Poke>;
  /** Emits true while the stream is open. */
  connected$: Subject<boolean>;
  pokeAll: () => void;
  close: () => void;
};

export function openPokeStream(sessions: SessionManager, baseUrl = ''): PokeStream {
  const pokes = new Subject<Poke>();
  const connected$ = new Subject<boolean>();
  let source: EventSource | null = null;
  let closed = false;
  let retryMs = 1000;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const connect = () => {
    if (closed) return;
    if (!sessions.session) return;
    source = new EventSource(`${baseUrl}${SYNC_BASE_PATH}/stream`, { withCredentials: true });
    source.onopen = () => {
      retryMs = 1000;
      connected$.next(true);
      pokes.next('*all');
    };
    source.onmessage = (event: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      const poke = pokeSchema.safeParse(data);
      if (poke.success && poke.data.collection !== '*') pokes.next(poke.data.collection);
    };
    source.onerror = () => {
      connected$.next(false);
      // CONNECTING: the browser retries by itself (network blip). CLOSED: the server said
      // no (e.g. 401 on an expired token) — refresh and reopen ourselves.
      if (source?.readyState === EventSource.CLOSED) scheduleReconnect(true);
    };
  };

  const scheduleReconnect = (refresh: boolean) => {
    source?.close();
    source = null;
    if (closed || timer) return;
    const delay = retryMs;
    retryMs = Math.min(30_000, retryMs * 2);
    timer = setTimeout(async () => {
      timer = null;
      if (refresh && navigator.onLine) {
        try {
          await sessions.refresh(sessions.accessToken ?? undefined);
        } catch {
          // Offline or auth lost: try again later; replication shows the error.
        }
      }
      connect();
    }, delay);
  };

  const onOnline = () => {
    pokes.next('*all');
    if (!source || source.readyState === EventSource.CLOSED) {
      retryMs = 1000;
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      scheduleReconnect(true);
    }
  };
  window.addEventListener('online', onOnline);
  connect();

  return {
    resync$: (collection) =>
      pokes.pipe(
        filter((c) => c === collection || c === '*all'),
        map(() => 'RESYNC' as const),
      ),
    pokes$: pokes.asObservable(),
    connected$,
    pokeAll: () => pokes.next('*all'),
    close: () => {
      closed = true;
      window.removeEventListener('online', onOnline);
      if (timer) clearTimeout(timer);
      source?.close();
    },
  };
}
