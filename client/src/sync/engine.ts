/**
 * Sync engine: wires the six collections to the server with RxDB replication (through
 * db/replication.ts), one SSE poke stream, token refresh (session.ts), the sync-health
 * headers, and the photo uploader. Exposes one observable status for the UI.
 *
 * Invariants:
 * - Nothing in the outbox expires: failed pushes/uploads are retried with backoff forever
 *   (RxDB retry for replication, our own loop for photos) while the failure says "try
 *   later" (offline, network, 5xx/503, 401, 429; `retryDecision`); a photo the server
 *   refuses for itself (4xx) is final: kept with its reason and shown on the case, never
 *   resent in a loop (a case or event refused per row already comes back in the push
 *   answer as the server's truth). A 4xx for a whole push is final for that batch too
 *   (`refuseBatch`): its rows stay on the phone, shown refused, and are not resent — except
 *   a 413, which splits the batch down to single rows first (`sendRows`). Only a
 *   server answer removes an item (a case leaves the outbox when its status is no longer
 *   `submitted`; a photo blob is deleted only after a 200/201).
 * - Push answers are the server's truth: returned docs go to the conflict handler, where
 *   server-owned fields win (db/case-conflict.ts).
 */
import {
  attachmentResponseSchema,
  type Checkpoint,
  checkpointSchema,
  documentSchemas,
  MAX_PULL_LIMIT,
  SYNC_BASE_PATH,
  SYNC_HEALTH_HEADERS,
  SYNC_PROGRESS_HEADERS,
  type SyncCollection,
  syncCollections,
} from '@edc/shared';
import { BehaviorSubject, type Observable, Subject, type Subscription } from 'rxjs';
import { z } from 'zod';
import {
  deleteAttachment,
  dropStagedPages,
  type EdcDb,
  forgetPushRows,
  getKv,
  listPendingAttachments,
  mirrorPullCursor,
  mirrorPushRows,
  observeOutboxCases,
  observePendingAttachmentCount,
  outboxStats,
  type PullOut,
  type PushRowOut,
  pullPageKey,
  type ReplicationHandle,
  recordAttachmentError,
  recordBatchRefusal,
  recordCaseBatchRefusal,
  recordRefusals,
  refuseAttachment,
  setKv,
  stagedCollections,
  startReplication,
  takeSentByWorker,
  takeStagedPage,
  toLocalDoc,
} from '../db/index.ts';
import { ApiClient, readJson } from './api-client.ts';
import { ApiError, errorKind, retryDecision, toApiError } from './api-error.ts';
import {
  REFRESHED_COLLECTIONS,
  requestOutboxSync,
  requestPeriodicRefresh,
  withOutboxLock,
} from './background-sync.ts';
import type { SessionManager } from './session.ts';
import { openPokeStream, type Poke, type PokeStream } from './stream.ts';
import { idleSyncStatus, type SyncStatus } from './sync-status.ts';

export type { SyncError, SyncProgress, SyncStatus } from './sync-status.ts';

/** Collections the client may push to (the others are pull-only). */
const pushable: ReadonlySet<SyncCollection> = new Set(['cases', 'case_events']);
/** A pull answer's frame; its documents are validated per collection by parseDocs. */
const pullAnswerSchema = z.object({
  documents: z.array(z.unknown()),
  checkpoint: checkpointSchema.nullable(),
});
const LAST_SYNC_KEY = 'lastSyncAt';
/** Replications of a phone that holds its data start by then even if no network sign came. */
const REPLICATION_FALLBACK_MS = 10_000;
const DATA_COMPLETE_KEY = 'initialSyncDoneAt';

export type SyncEngineOptions = {
  baseUrl?: string;
  pullBatchSize?: number;
  /** REPLICATION_FALLBACK_MS, shorter in tests. */
  replicationFallbackMs?: number;
};

/**
 * Collections whose documents gained server-derived fields: a new identifier starts their
 * pull from the beginning once, so rows stored before the upgrade (carried over, without the
 * field) are replaced. sla_rules `@v1`: `businessHours` (issue 15), a few dozen rows.
 */
const PULL_GENERATION: Partial<Record<SyncCollection, string>> = { sla_rules: '@v1' };

export class SyncEngine {
  readonly status$ = new BehaviorSubject<SyncStatus>(idleSyncStatus);
  private handles: ReplicationHandle[] = [];
  private stream: PokeStream | null = null;
  private subs: Subscription[] = [];
  private uploadTimer: ReturnType<typeof setTimeout> | null = null;
  private uploadBackoffMs = 1000;
  private uploading: Promise<void> | null = null;
  private stopped = false;
  private readonly baseUrl: string;
  private readonly pullBatchSize: number;
  private readonly replicationFallbackMs: number;
  private readonly api: ApiClient;
  private readonly pokes = new Subject<Poke>();
  /**
   * Every SSE poke (a collection changed on the server) and `*all` on every (re)connect:
   * screens holding server answers outside RxDB (the desk's queries) refresh on it.
   */
  readonly pokes$: Observable<Poke> = this.pokes.asObservable();

  constructor(
    private readonly db: EdcDb,
    private readonly sessions: SessionManager,
    options: SyncEngineOptions = {},
  ) {
    this.baseUrl = options.baseUrl ?? '';
    this.pullBatchSize = options.pullBatchSize ?? MAX_PULL_LIMIT;
    this.replicationFallbackMs = options.replicationFallbackMs ?? REPLICATION_FALLBACK_MS;
    this.api = new ApiClient(sessions, this.baseUrl);
  }

  async start(): Promise<void> {
    // Replication covers every collection: the ones added after the database opened too.
    await this.db.later;
    const [lastSyncAt, dataCompleteAt, staged] = await Promise.all([
      getKv(this.db, LAST_SYNC_KEY),
      getKv(this.db, DATA_COMPLETE_KEY),
      stagedCollections(this.db.userId).catch((): string[] => []),
    ]);
    for (const collection of REFRESHED_COLLECTIONS)
      if (staged.includes(collection)) this.staged.add(collection);
    this.patch({ lastSyncAt, dataCompleteAt });
    await this.refreshOutbox();
    void requestPeriodicRefresh();
    this.stream = openPokeStream(this.sessions, this.baseUrl);
    this.subs.push(
      this.stream.connected$.subscribe((streamConnected) => {
        this.patch({ streamConnected });
        // The poke stream got through: the network is back even if no `online` event came.
        if (streamConnected && this.replicationsWaitForNetwork) this.startReplications();
      }),
    );
    // Before RxDB hears of the poke: a page fetched earlier must not answer the pull it causes.
    this.subs.push(this.stream.pokes$.subscribe((poke) => this.dropAhead(poke)));
    this.subs.push(this.stream.pokes$.subscribe(this.pokes));
    this.subs.push(
      observeOutboxCases(this.db).subscribe(() => {
        void this.refreshOutbox();
        this.scheduleUpload(0);
      }),
      // A new photo for a case the server already answered has no case push to ride on.
      observePendingAttachmentCount(this.db).subscribe(() => {
        void this.refreshOutbox();
        this.scheduleUpload(0);
      }),
    );
    window.addEventListener('online', this.onOnline);
    // Starting the nine replications costs a slow phone ~150 ms of main thread (each opens
    // its checkpoint store, scans for unpushed rows and pulls), and offline it buys nothing
    // but failed pulls and retries, right when the technician types the first serial. So a
    // phone that holds its data starts them once the network shows it is there: the poke
    // stream connects (one round trip) or an `online` event comes, and after
    // REPLICATION_FALLBACK_MS at the latest (a stream blocked by a proxy must not keep the
    // outbox from going up). The first sync starts at once. So do the replications of a
    // phone with no network that holds pages the service worker staged while the app was
    // closed (periodic refresh): those pages are the newest data it can show (a job assigned
    // meanwhile), and they reach the screens only through RxDB's pulls. With a network the
    // stream's connect drops them instead (`dropAhead`), so they would only be shown stale.
    if (dataCompleteAt === null || (this.staged.size > 0 && !navigator.onLine)) this.startReplications();
    else {
      this.replicationsWaitForNetwork = true;
      this.replicationFallback = setTimeout(() => {
        if (this.replicationsWaitForNetwork) this.startReplications();
      }, this.replicationFallbackMs);
    }
    this.scheduleUpload(0);
  }

  private replicationsWaitForNetwork = false;
  private replicationFallback: ReturnType<typeof setTimeout> | null = null;

  private startReplications(): void {
    this.replicationsWaitForNetwork = false;
    if (this.replicationFallback) clearTimeout(this.replicationFallback);
    if (this.stopped || !this.stream) return;
    const stream = this.stream;
    const origin = this.baseUrl || window.location.origin;
    for (const collection of syncCollections) {
      const handle = startReplication(
        this.db,
        collection,
        {
          pull: (checkpoint, batchSize) => this.pull(collection, checkpoint, batchSize),
          push: pushable.has(collection) ? (rows) => this.push(collection, rows) : undefined,
          stream$: stream.resync$(collection),
        },
        {
          identifier: `${collection}${PULL_GENERATION[collection] ?? ''}-${origin}${SYNC_BASE_PATH}`,
          pullBatchSize: this.pullBatchSize,
          pushBatchSize: 50,
          // First sync: whole pages straight into storage (db/bootstrap.ts), for every collection.
          bootstrap: true,
        },
      );
      this.subs.push(
        handle.active$.subscribe((value) => {
          this.activeByCollection.set(collection, value);
          this.updateActive();
        }),
      );
      this.handles.push(handle);
    }
    Promise.all(this.handles.map((h) => h.awaitInitialReplication()))
      .then(async () => {
        if (this.stopped) return;
        const at = new Date().toISOString();
        this.patch({ initialDone: true, dataCompleteAt: at });
        await setKv(this.db, DATA_COMPLETE_KEY, at);
      })
      .catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    if (this.uploadTimer) clearTimeout(this.uploadTimer);
    if (this.replicationFallback) clearTimeout(this.replicationFallback);
    for (const sub of this.subs) sub.unsubscribe();
    this.stream?.close();
    await Promise.all(this.handles.map((h) => h.cancel()));
    this.handles = [];
  }

  /** Resolves when every collection has nothing left to pull or push (tests, diagnostics). */
  async awaitInSync(): Promise<void> {
    await Promise.all(this.handles.map((h) => h.awaitInSync()));
  }

  /** "Sinkronkan sekarang": pull everything, push the outbox, upload photos, now. */
  syncNow(): void {
    this.dropAhead('*all');
    for (const handle of this.handles) handle.reSync();
    this.uploadBackoffMs = 1000;
    this.scheduleUpload(0);
  }

  private onOnline = () => {
    if (this.replicationsWaitForNetwork) this.startReplications();
    this.uploadBackoffMs = 1000;
    this.scheduleUpload(0);
  };

  private patch(next: Partial<SyncStatus>): void {
    this.status$.next({ ...this.status$.value, ...next });
  }

  private readonly activeByCollection = new Map<SyncCollection, boolean>();
  private updateActive(): void {
    const active = this.uploading !== null || [...this.activeByCollection.values()].some(Boolean);
    if (active !== this.status$.value.active) this.patch({ active });
  }

  private async refreshOutbox(): Promise<void> {
    const stats = await outboxStats(this.db);
    this.patch({
      pending: stats.count,
      pendingCases: stats.cases,
      refusedCases: stats.refusedCases,
      pendingPhotos: stats.attachments,
      oldestPendingAt: stats.oldestAt,
    });
  }

  private healthHeaders(): Record<string, string> {
    const { pending, oldestPendingAt } = this.status$.value;
    const headers: Record<string, string> = { [SYNC_HEALTH_HEADERS.outboxCount]: String(pending) };
    if (oldestPendingAt) headers[SYNC_HEALTH_HEADERS.outboxOldestAt] = oldestPendingAt;
    return headers;
  }

  private recordError(error: unknown): ApiError {
    const apiError = toApiError(error);
    this.patch({
      lastError: {
        kind: errorKind(apiError),
        status: apiError.status,
        code: apiError.code,
        ...(apiError.details === undefined ? {} : { details: apiError.details }),
        at: new Date().toISOString(),
      },
    });
    return apiError;
  }

  private async markSynced(): Promise<void> {
    const at = new Date().toISOString();
    this.patch({ lastSyncAt: at, lastError: null });
    await setKv(this.db, LAST_SYNC_KEY, at);
  }

  private parseDocs(collection: SyncCollection, docs: unknown): Record<string, unknown>[] {
    if (!Array.isArray(docs))
      throw new ApiError(200, 'bad_response', undefined, { message: 'invalid_documents' });
    const schema = documentSchemas[collection];
    const out: Record<string, unknown>[] = [];
    for (const doc of docs) {
      const parsed = schema.safeParse(doc);
      // A document we cannot store would block the checkpoint forever; surface it instead.
      if (!parsed.success) {
        throw new ApiError(200, 'bad_response', undefined, { message: `invalid_document:${collection}` });
      }
      out.push(toLocalDoc(collection, parsed.data));
    }
    return out;
  }

  /**
   * One speculative request per collection: after a full page we already ask for the next
   * one while RxDB writes the current page, overlapping network/server time with local
   * writes (initial sync of 100k devices). Used only when RxDB then asks for exactly that
   * checkpoint; a prefetched page is as valid as a fresh one because checkpoints never skip,
   * unless the collection was poked since it was requested (`dropPrefetched`).
   */
  private readonly prefetched = new Map<SyncCollection, { key: string; result: Promise<PullOut> }>();

  /**
   * Collections with pages the service worker pulled while the app was closed (periodic
   * sync, db/sw-refresh.ts), read when the engine starts: a second source of pages fetched
   * before RxDB asks, used like the prefetched page only for exactly the checkpoint it
   * starts from, and checked with the shared schemas like any page.
   */
  private readonly staged = new Set<SyncCollection>();

  /**
   * A poke (or "sync now") makes the pages fetched before it stale: prefetched, or staged by
   * the worker. RxDB answers a poke with a pull unless the poke came before the page request
   * it is already making, which it takes to include the change. A prefetched page was
   * requested earlier than RxDB asks for it: when anything stands between the two (the first
   * sync's page waits for the outbox scan before RxDB takes it, db/bootstrap.ts, up to 10 s on
   * a slow uplink), a poke in between was dropped although the page could not contain its
   * change, and the row waited for some unrelated poke (engine.test.ts, "pull and pokes").
   * A staged page is older still. So RxDB's request then goes to the server (the stream
   * connecting pokes `*all`: with a network, staged pages are not needed).
   */
  private dropAhead(poke: Poke): void {
    for (const collection of [...this.staged]) {
      if (poke !== '*all' && poke !== collection) continue;
      this.staged.delete(collection);
      void dropStagedPages(this.db.userId, collection).catch(() => undefined);
    }
    if (poke === '*all') this.prefetched.clear();
    else this.prefetched.delete(poke);
  }
  /** Collections whose remaining count this run already has (asked once per run). */
  private readonly counted = new Set<SyncCollection>();

  private addToTotal(remaining: number): void {
    const current = this.status$.value.progress;
    this.patch({
      progress: current
        ? { ...current, total: current.total + remaining }
        : { received: 0, total: remaining, startedAt: new Date().toISOString() },
    });
  }

  private addReceived(documents: number): void {
    const current = this.status$.value.progress;
    if (!current || this.status$.value.initialDone || documents === 0) return;
    this.patch({ progress: { ...current, received: Math.min(current.total, current.received + documents) } });
  }

  private async pull(
    collection: SyncCollection,
    checkpoint: Checkpoint | undefined,
    batchSize: number,
  ): Promise<PullOut> {
    const result =
      (await this.stagedPage(collection, checkpoint, batchSize)) ??
      (await this.serverPage(collection, checkpoint, batchSize));
    // Handed to storage now (the bootstrap writes it before asking for the next page).
    this.addReceived(result.documents.length);
    // Where the worker's periodic pull starts while the app is closed. Ahead of RxDB's stored
    // checkpoint if the app closes before RxDB writes this page: its staged pages then start
    // elsewhere than RxDB's next request and are dropped.
    if (REFRESHED_COLLECTIONS.has(collection)) {
      void mirrorPullCursor(this.db.userId, collection, result.checkpoint, batchSize).catch(() => undefined);
    }
    return result;
  }

  /**
   * The page the worker staged for exactly this request, parsed like a server page; null
   * when there is none (every staged page of the collection is then dropped: none can ever
   * start at RxDB's checkpoint again) or it fails the schemas (the server is asked instead).
   */
  private async stagedPage(
    collection: SyncCollection,
    checkpoint: Checkpoint | undefined,
    batchSize: number,
  ): Promise<PullOut | null> {
    if (!this.staged.has(collection)) return null;
    let page: PullOut | null = null;
    try {
      const staged = await takeStagedPage(this.db.userId, collection, checkpoint, batchSize);
      if (staged) {
        const answer = pullAnswerSchema.parse({ documents: staged.documents, checkpoint: staged.checkpoint });
        page = { documents: this.parseDocs(collection, answer.documents), checkpoint: answer.checkpoint };
      }
    } catch {
      // Unreadable or invalid: the server answers this request instead.
    }
    // A short page ends the chain (RxDB is caught up to the worker's last pull): pages left
    // belong to no request RxDB will make.
    if (!page || page.documents.length < batchSize) this.dropAhead(collection);
    return page;
  }

  /** The page from the server, or the one prefetched for exactly this request. */
  private async serverPage(
    collection: SyncCollection,
    checkpoint: Checkpoint | undefined,
    batchSize: number,
  ): Promise<PullOut> {
    const key = pullPageKey(checkpoint, batchSize);
    const ahead = this.prefetched.get(collection);
    this.prefetched.delete(collection);
    let result: PullOut | null = null;
    if (ahead && ahead.key === key) {
      try {
        result = await ahead.result;
      } catch {
        // Fall through to a fresh request (its error is the one recorded).
      }
    }
    if (!result) result = await this.fetchPage(collection, checkpoint, batchSize);
    // Chain: every full page (fresh or prefetched) starts the request for the next one.
    if (result.documents.length >= batchSize && result.checkpoint && !this.stopped) {
      const next = result.checkpoint;
      const promise = this.fetchPage(collection, next, batchSize);
      promise.catch(() => undefined);
      this.prefetched.set(collection, { key: pullPageKey(next, batchSize), result: promise });
    }
    return result;
  }

  private async fetchPage(
    collection: SyncCollection,
    checkpoint: Checkpoint | undefined,
    batchSize: number,
  ): Promise<PullOut> {
    try {
      const params = new URLSearchParams({ limit: String(Math.min(batchSize, MAX_PULL_LIMIT)) });
      if (checkpoint) {
        params.set('txid', checkpoint.txid);
        params.set('id', checkpoint.id);
      }
      // The first page of each collection in a run asks how much is left (progress bar).
      const askCount = !this.counted.has(collection) && !this.status$.value.initialDone;
      const headers = this.healthHeaders();
      if (askCount) headers[SYNC_PROGRESS_HEADERS.request] = '1';
      const response = await this.api.fetch(`${SYNC_BASE_PATH}/${collection}/pull?${params}`, { headers });
      const remaining = Number(response.headers.get(SYNC_PROGRESS_HEADERS.remaining));
      if (askCount && response.headers.has(SYNC_PROGRESS_HEADERS.remaining) && Number.isFinite(remaining)) {
        this.counted.add(collection);
        this.addToTotal(remaining);
      }
      // Documents are checked one by one below (a bad one names its collection).
      const body = await readJson(response, pullAnswerSchema);
      const documents = this.parseDocs(collection, body.documents);
      const next = body.checkpoint;
      if (documents.length < batchSize) await this.markSynced();
      return { documents, checkpoint: next ?? checkpoint ?? null };
    } catch (error) {
      throw this.recordError(error);
    }
  }

  /**
   * Pushes under the outbox lock shared with the service worker (sync/background-sync.ts):
   * rows the worker already sent while the app was closed are answered from its record,
   * never sent again; the rest are mirrored for the worker before they leave, and a
   * failure for lack of network asks the browser for a `sync` event.
   */
  private push(collection: SyncCollection, rows: PushRowOut[]): Promise<Record<string, unknown>[]> {
    return withOutboxLock(async () => {
      let fromWorker: Record<string, unknown>[] = [];
      let toSend = rows;
      try {
        ({ answers: fromWorker, rest: toSend } = await takeSentByWorker(this.db.userId, collection, rows));
        await mirrorPushRows(this.db.userId, collection, toSend);
      } catch {
        // The mirror is a convenience for the worker; a storage hiccup must not stop the push.
      }
      const workerDocs = this.parseDocs(collection, fromWorker);
      if (toSend.length === 0) {
        // The worker's answers carry refusals like the page's own (recorded below otherwise).
        if (collection === 'case_events') await recordRefusals(this.db, workerDocs);
        return workerDocs;
      }
      try {
        if (collection === 'case_events') await this.pushParentCases(toSend);
        const { answered, refused } = await this.sendRows(collection, toSend);
        const docs = [...workerDocs, ...answered];
        // A refused on-site action comes back deleted with its reason (DESIGN section 9):
        // kept locally so the case shows it, since the event itself disappears.
        if (collection === 'case_events') await recordRefusals(this.db, docs);
        await this.markSynced();
        return [...docs, ...refused];
      } catch (error) {
        const apiError = this.recordError(error);
        if (errorKind(apiError) === 'network') void requestOutboxSync();
        if (retryDecision(apiError) === 'final') {
          // Nothing for the worker to send either: the same request is refused the same way.
          await forgetPushRows(collection, toSend).catch(() => undefined);
          return [...workerDocs, ...(await this.refuseBatch(collection, toSend, apiError))];
        }
        // 503, network, 401, 429…: RxDB sends the same batch again after its backoff.
        throw apiError;
      }
    });
  }

  /**
   * Posts one push. A `413` (the request is larger than the server takes, issue 11) splits
   * the rows in halves, down to one row; a row that is too large alone is refused alone
   * (`refuseBatch`: kept on the phone, shown on its case), never the rows beside it. Any
   * other final 4xx refuses the rows of that request. A "try later" failure throws, and
   * RxDB sends the whole batch again: the parts already stored answer the same again
   * (idempotent by id and clientRev).
   */
  private async sendRows(
    collection: SyncCollection,
    rows: PushRowOut[],
  ): Promise<{ answered: Record<string, unknown>[]; refused: Record<string, unknown>[] }> {
    try {
      const answer = await this.api.json(`${SYNC_BASE_PATH}/${collection}/push`, z.array(z.unknown()), {
        json: rows,
        headers: this.healthHeaders(),
      });
      await forgetPushRows(collection, rows).catch(() => undefined);
      return { answered: this.parseDocs(collection, answer), refused: [] };
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.status === 413 && rows.length > 1) {
        const half = Math.ceil(rows.length / 2);
        const first = await this.sendRows(collection, rows.slice(0, half));
        const second = await this.sendRows(collection, rows.slice(half));
        return {
          answered: [...first.answered, ...second.answered],
          refused: [...first.refused, ...second.refused],
        };
      }
      if (retryDecision(apiError) !== 'final') throw error;
      this.recordError(error);
      await forgetPushRows(collection, rows).catch(() => undefined);
      return { answered: [], refused: await this.refuseBatch(collection, rows, apiError) };
    }
  }

  /**
   * The server refused the whole request for good (400/403/404/413/415…, issue 11): the
   * same batch would be refused the same way forever, so RxDB must not resend it in a loop.
   * Every row is kept where the user sees it with the reason — cases stay `submitted` in
   * the outbox (counted in the sync panel, exportable) marked refused; events become
   * refusals on their case (text kept, to copy or write again), and leave the outbox as a
   * per-row refusal does, so they do not also wait as "sending" forever — and the batch
   * counts as answered.
   */
  private async refuseBatch(
    collection: SyncCollection,
    rows: readonly PushRowOut[],
    error: ApiError,
  ): Promise<Record<string, unknown>[]> {
    const refusal = { status: error.status, code: error.code };
    const docs = rows.map((r) => r.newDocumentState);
    if (collection !== 'case_events') {
      await recordCaseBatchRefusal(this.db, docs, refusal);
      await this.refreshOutbox();
      // No conflicts: the local cases stay as they are (nothing of them is dropped).
      return [];
    }
    await recordBatchRefusal(this.db, docs, refusal);
    try {
      // The same answer as a per-row refusal: the event marked deleted, its text in the refusal.
      return this.parseDocs(
        collection,
        docs.map((d) => ({ ...d, data: { refusedReason: 'invalid' }, _deleted: true })),
      );
    } catch {
      return [];
    }
  }

  /**
   * A message written on a case the server has not accepted yet (issue 14) would be
   * refused (unknown case) and lost, since the two collections replicate independently.
   * So the cases those events belong to, still `submitted` here, are pushed first: a
   * re-push of the same case is a no-op on the server (same id and clientRev), and the
   * cases replication then gets the same answer.
   */
  private async pushParentCases(rows: readonly PushRowOut[]): Promise<void> {
    const caseIds = [
      ...new Set(
        rows.map((r) => r.newDocumentState.caseId).filter((id): id is string => typeof id === 'string'),
      ),
    ];
    if (caseIds.length === 0) return;
    const parents = await this.db.rx.cases
      .find({ selector: { id: { $in: caseIds }, status: 'submitted' } })
      .exec();
    if (parents.length === 0) return;
    await this.api.fetch(`${SYNC_BASE_PATH}/cases/push`, {
      json: parents.map((d) => ({ newDocumentState: { ...d.toMutableJSON(), _deleted: false } })),
      headers: this.healthHeaders(),
    });
  }

  // ---- photos ----------------------------------------------------------------------------

  private uploadAgain = false;

  private scheduleUpload(delayMs: number): void {
    if (this.stopped) return;
    if (this.uploadTimer) clearTimeout(this.uploadTimer);
    this.uploadTimer = setTimeout(() => {
      this.uploadTimer = null;
      void this.runUploads();
    }, delayMs);
  }

  private async runUploads(): Promise<void> {
    if (this.uploading) {
      // A photo queued while a pass runs may not be in that pass's list: one more pass after.
      this.uploadAgain = true;
      return this.uploading;
    }
    this.uploading = this.uploadAll().finally(() => {
      this.uploading = null;
      this.updateActive();
      if (this.uploadAgain) {
        this.uploadAgain = false;
        this.scheduleUpload(0);
      }
    });
    this.updateActive();
    return this.uploading;
  }

  /** Uploads every pending photo whose case the server has answered; retries with backoff. */
  private async uploadAll(): Promise<void> {
    const pending = await listPendingAttachments(this.db);
    let failed = false;
    let waiting = false;
    for (const record of pending) {
      if (this.stopped) return;
      const doc = await this.db.rx.cases.findOne(record.caseId).exec();
      // Upload only after the case is pushed and answered (DESIGN: attachments follow cases).
      if (!doc || doc.status === 'submitted') {
        waiting = true;
        continue;
      }
      try {
        await this.api.json(
          `/api/attachments/${encodeURIComponent(record.id)}?caseId=${encodeURIComponent(record.caseId)}`,
          attachmentResponseSchema,
          {
            method: 'PUT',
            headers: { 'content-type': record.contentType, ...this.healthHeaders() },
            body: record.blob,
          },
        );
        // Only a confirmed upload frees the local copy.
        await deleteAttachment(this.db, record.id);
      } catch (error) {
        const apiError = this.recordError(error);
        if (retryDecision(apiError) === 'final') {
          // Refused for this photo itself (not an image, too large, not your case…):
          // sending it again would fail the same way forever. Shown on its case instead.
          await refuseAttachment(this.db, record.id, { status: apiError.status, code: apiError.code });
          continue;
        }
        await recordAttachmentError(this.db, record.id, apiError.message);
        failed = true;
        // 503 says when to come back; never sooner than that.
        if (apiError.retryAfterSeconds) {
          this.uploadBackoffMs = Math.max(this.uploadBackoffMs, apiError.retryAfterSeconds * 1000);
        }
        if (errorKind(apiError) === 'network' || apiError.status >= 500) break;
      }
    }
    await this.refreshOutbox();
    if (failed) {
      this.scheduleUpload(this.uploadBackoffMs);
      this.uploadBackoffMs = Math.min(60_000, this.uploadBackoffMs * 2);
    } else {
      this.uploadBackoffMs = 1000;
      if (waiting) this.scheduleUpload(30_000);
    }
  }
}
