/**
 * App-wide providers: session (login/logout, offline restore), the signed-in user's
 * database, and the sync engine. Features read them with `useSession()`, `useDb()` and
 * `useSync()`. The database opens for the session's user id, so a different user gets a
 * different database and the same user always gets theirs back, outbox included.
 *
 * RxDB and the sync engine are a lazy chunk (`data-layer.ts`): the shell paints with the
 * screen's loading state while it loads, then the database opens. Nothing outside that
 * chunk imports them except as types.
 */
import type { PublicUser } from '@edc/shared';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { dropEarlyJobs, prefetchJobs } from '../db/early-jobs.ts';
import type { EdcDb, StoredSession, UpgradeProgress } from '../db/index.ts';
import { clearSnapshot, dropSnapshotIndex } from '../db/lookup-snapshot.ts';
import type { SnapshotWriter } from '../db/lookup-snapshot-writer.ts';
import { ApiClient } from '../sync/api-client.ts';
import type { SyncEngine } from '../sync/engine.ts';
import { dropPushSubscription } from '../sync/push.ts';
import { SessionManager } from '../sync/session.ts';
import { idleSyncStatus, type SyncStatus } from '../sync/sync-status.ts';
import type * as DataLayerModule from './data-layer.ts';
import { requestPersistence } from './storage.ts';
import { useObservable } from './use-observable.ts';

type SessionContextValue = {
  /** null while the stored session is being read. */
  ready: boolean;
  session: StoredSession | null;
  user: PublicUser | null;
  authLost: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** The app's HTTP client (bearer token, refresh through the session manager). */
  api: ApiClient;
};

type DbState =
  | { status: 'none' }
  | { status: 'opening' }
  // First start after an update that changed how a collection is stored: rows carried over.
  | { status: 'upgrading'; copied: number; total: number }
  | { status: 'open'; db: EdcDb }
  | { status: 'error'; error: Error };

const SessionContext = createContext<SessionContextValue | null>(null);
const DbContext = createContext<DbState>({ status: 'none' });
const SyncContext = createContext<SyncEngine | null>(null);

const manager = new SessionManager();
/** The lookup snapshot's writer of each open database (stopped before logout's wipe). */
const writers = new WeakMap<EdcDb, SnapshotWriter>();
const api = new ApiClient(manager);

type DataLayer = typeof DataLayerModule;
let dataLayer: Promise<DataLayer> | null = null;
/**
 * The data layer's chunk, fetched once (from the service worker's precache offline); a
 * failed fetch (offline before the app was cached, a new deploy) is tried again next time.
 */
export function loadDataLayer(): Promise<DataLayer> {
  if (!dataLayer) {
    const loading = import('./data-layer.ts');
    dataLayer = loading;
    loading.then(
      () => performance.mark('edc:data-code'),
      () => {
        if (dataLayer === loading) dataLayer = null;
      },
    );
  }
  return dataLayer;
}

/** Where a schema upgrade's progress goes: the mounted provider's state, once it listens. */
let upgradeListener: ((progress: UpgradeProgress) => void) | null = null;
/** The latest progress, for a provider that starts listening while a copy runs. */
let lastUpgrade: UpgradeProgress | null = null;
const openUserDb = (userId: string): Promise<{ data: DataLayer; db: EdcDb }> =>
  loadDataLayer().then(async (data) => {
    const db = await data.openDb(
      userId,
      {},
      {
        onUpgradeProgress: (progress) => {
          lastUpgrade = progress;
          upgradeListener?.(progress);
        },
      },
    );
    return { data, db };
  });

/**
 * The stored session is read, and the signed-in user's database opened, from module load:
 * both are IndexedDB work in the browser's own process, so they run while this thread
 * evaluates the rest of the app and renders the first frame, instead of after React's
 * first commit (the offline start on a slow phone). The data layer's chunk is fetched as
 * soon as a session is found, so the shell's first frame is not held up by its evaluation.
 * `openDb` is memoised per user, so the provider's effect below picks up the same opening.
 */
const restoring: Promise<StoredSession | null> =
  typeof indexedDB === 'undefined'
    ? Promise.resolve(null)
    : manager.restore().then(
        (session) => {
          // User Timing marks of the start (read by the cheap-phone bench's breakdown).
          performance.mark('edc:session');
          if (session) {
            // A technician's home starts with the Tugas list: its rows are read now, from
            // the cases' own IndexedDB database, while RxDB opens every collection.
            if (session.user.role === 'technician')
              void prefetchJobs(session.user.id, session.user.username).then(() =>
                performance.mark('edc:jobs-read'),
              );
            void openUserDb(session.user.id).then(
              () => performance.mark('edc:db-open'),
              () => undefined,
            );
          }
          return session;
        },
        () => null,
      );

export function AppProviders({ children }: { children: ReactNode }) {
  const [ready, setReady] = useState(false);
  const state = useObservable(() => manager.state$, manager.state$.value, []);
  const [dbState, setDbState] = useState<DbState>({ status: 'none' });
  const [engine, setEngine] = useState<SyncEngine | null>(null);
  const userId = state.session?.user.id ?? null;

  useEffect(() => {
    void restoring.finally(() => setReady(true));
  }, []);

  useEffect(() => {
    if (!userId) {
      setDbState({ status: 'none' });
      return;
    }
    let cancelled = false;
    let opened: { data: DataLayer; db: EdcDb } | null = null;
    let started: SyncEngine | null = null;
    let writer: SnapshotWriter | null = null;
    upgradeListener = ({ copied, total }) => {
      if (!cancelled) setDbState({ status: 'upgrading', copied, total });
    };
    const copying = lastUpgrade && lastUpgrade.copied < lastUpgrade.total ? lastUpgrade : null;
    setDbState(copying ? { status: 'upgrading', ...copying } : { status: 'opening' });
    openUserDb(userId)
      .then(({ data, db }) => {
        if (cancelled) return;
        opened = { data, db };
        data.installBenchHook(db);
        // Lookups go to RxDB from now on: the parsed snapshot is let go.
        dropSnapshotIndex();
        // A technician's lookup snapshot is kept true from the stored rows (written after
        // changes settle, off the start's path).
        if (manager.state$.value.session?.user.role === 'technician') {
          writer = data.startSnapshotWriter(db);
          writers.set(db, writer);
        }
        setDbState({ status: 'open', db });
        started = new data.SyncEngine(db, manager);
        setEngine(started);
        // The first screen before the sync: starting replication reads every collection's
        // recent rows (RxDB's upstream scan) and opens the network, work that would compete
        // with the first render on a slow phone. Idle time, or 1 s at the latest.
        const engine = started;
        return new Promise<void>((resolve) => {
          const run = () => resolve(cancelled ? undefined : engine.start());
          if (typeof window.requestIdleCallback === 'function')
            window.requestIdleCallback(run, { timeout: 1000 });
          else window.setTimeout(run, 200);
        });
      })
      .catch((error: unknown) => {
        if (!cancelled)
          setDbState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      });
    return () => {
      cancelled = true;
      upgradeListener = null;
      setEngine(null);
      writer?.stop();
      const stopping = started?.stop() ?? Promise.resolve();
      // Close (never delete) so the next login of this user finds the outbox intact.
      void stopping.finally(() => (opened ? opened.data.closeDb(opened.db) : undefined));
    };
  }, [userId]);

  const login = useCallback(async (username: string, password: string) => {
    await manager.login(username, password);
    void requestPersistence();
  }, []);
  // Logout wipes this user's data from the phone except the unsent outbox (issue 11):
  // sync stopped first, so nothing writes while the database is replaced.
  const openDbRef = useRef<{ db: EdcDb; engine: SyncEngine | null } | null>(null);
  openDbRef.current = dbState.status === 'open' ? { db: dbState.db, engine } : null;
  const logout = useCallback(async () => {
    // The server drops this device's push subscription with the session; the browser's
    // goes too, so the next user of the phone starts without one.
    void dropPushSubscription();
    // Job rows read at start belong to the data the logout wipes, and so does the lookup
    // snapshot (cleared again by the wipe itself, after the writer has stopped).
    dropEarlyJobs();
    const current = openDbRef.current;
    if (current) writers.get(current.db)?.stop();
    clearSnapshot();
    if (current) {
      await current.engine?.stop();
      try {
        const { wipeExceptOutbox } = await loadDataLayer();
        await wipeExceptOutbox(current.db);
      } catch (error) {
        // The session still ends; the data stays as it was (nothing unsent is lost).
        console.error('logout wipe failed', error);
      }
    }
    await manager.logout();
  }, []);

  const sessionValue = useMemo<SessionContextValue>(
    () => ({
      ready,
      session: state.session,
      user: state.session?.user ?? null,
      authLost: state.authLost,
      login,
      logout,
      api,
    }),
    [ready, state, login, logout],
  );

  return (
    <SessionContext.Provider value={sessionValue}>
      <DbContext.Provider value={dbState}>
        <SyncContext.Provider value={engine}>{children}</SyncContext.Provider>
      </DbContext.Provider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside AppProviders');
  return value;
}

export function useDbState(): DbState {
  return useContext(DbContext);
}

/**
 * The signed-in user's database once it is open, else null: for the screens that render
 * before it opens (`early` routes in app/routes.tsx), answering from the lookup snapshot.
 */
export function useOpenDb(): EdcDb | null {
  const state = useContext(DbContext);
  return state.status === 'open' ? state.db : null;
}

/** The signed-in user's database; only call below <RequireDb> (app/routes.tsx). */
export function useDb(): EdcDb {
  const state = useContext(DbContext);
  if (state.status !== 'open') throw new Error('useDb before the database is open');
  return state.db;
}

/**
 * One value derived from the sync status; the component re-renders only when it changes
 * (the status object changes many times a second during a sync; a screen that only needs
 * "did a sync land?" should not render with each of them).
 */
export function useSyncValue<T>(select: (status: SyncStatus) => T): T {
  const engine = useContext(SyncContext);
  const selectRef = useRef(select);
  selectRef.current = select;
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!engine) return () => undefined;
      const sub = engine.status$.subscribe(onChange);
      return () => sub.unsubscribe();
    },
    [engine],
  );
  return useSyncExternalStore(subscribe, () => selectRef.current(engine?.status$.value ?? idleSyncStatus));
}

export function useSync(): { status: SyncStatus; syncNow: () => void; engine: SyncEngine | null } {
  const engine = useContext(SyncContext);
  const status = useObservable(() => engine?.status$ ?? null, engine?.status$.value ?? idleSyncStatus, [
    engine,
  ]);
  return { status, syncNow: () => engine?.syncNow(), engine };
}
