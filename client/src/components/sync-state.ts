/**
 * What the sync panel says, as a pure function of the engine status, the network and the
 * session: the one place that decides which sentence is TRUE right now. The rule that
 * motivated it: offline with data on the device is a normal state ("Offline · data dari
 * 10.41 · 2 menunggu kirim"), not "Mengunduh data awal…" next to a red "Sinkron gagal".
 */
import type { SyncError, SyncProgress } from '../sync/engine.ts';

export type SyncView =
  | { kind: 'initial'; progress: SyncProgress | null; offline: boolean }
  | { kind: 'offline'; since: string | null }
  | { kind: 'error'; error: SyncError; since: string | null }
  | { kind: 'unreachable'; since: string | null }
  | { kind: 'syncing'; since: string | null }
  | { kind: 'ok'; since: string | null };

export type SyncInput = {
  active: boolean;
  initialDone: boolean;
  lastSyncAt: string | null;
  lastError: SyncError | null;
  progress: SyncProgress | null;
  dataCompleteAt: string | null;
};

export function describeSync(status: SyncInput, online: boolean): SyncView {
  const since = status.lastSyncAt;
  // Data on the device is complete once any run finished its initial sync; until then
  // the first download is what matters (and continues when the network returns).
  const hasData = status.dataCompleteAt !== null || status.initialDone;
  if (!hasData) return { kind: 'initial', progress: status.progress, offline: !online };
  if (!online) return { kind: 'offline', since };
  const error = status.lastError;
  if (error && error.kind === 'network') return { kind: 'unreachable', since };
  if (error) return { kind: 'error', error, since };
  if (status.active) return { kind: 'syncing', since };
  return { kind: 'ok', since };
}

/** Seconds left at the rate seen so far; null while too early to say (< 2 s or < 1 %). */
export function secondsLeft(progress: SyncProgress, now: number): number | null {
  const elapsed = (now - Date.parse(progress.startedAt)) / 1000;
  if (progress.total <= 0 || progress.received <= 0 || elapsed < 2) return null;
  if (progress.received / progress.total < 0.01) return null;
  const rate = progress.received / elapsed;
  return Math.max(0, Math.ceil((progress.total - progress.received) / rate));
}
