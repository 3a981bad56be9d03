/**
 * The sync engine's status as plain data (engine.ts publishes it; the shell shows it). Kept
 * apart from the engine so the shell's initial JavaScript can name the idle status without
 * loading the engine's chunk.
 */
import type { ApiErrorCode, ErrorKind } from './api-error.ts';

/** The last failure, as plain data for the status observable (shown with apiErrorText). */
export type SyncError = {
  kind: ErrorKind;
  status: number;
  code: ApiErrorCode;
  details?: unknown;
  at: string;
};

export type SyncStatus = {
  /** A replication or upload is in flight. */
  active: boolean;
  /** Every collection has finished its first pull since start (or reload). */
  initialDone: boolean;
  pending: number;
  pendingCases: number;
  /** Of `pendingCases`, those a whole push refused for good (shown on each case, not resent). */
  refusedCases: number;
  pendingPhotos: number;
  oldestPendingAt: string | null;
  lastSyncAt: string | null;
  lastError: SyncError | null;
  streamConnected: boolean;
  /**
   * This run's initial pull: documents received so far against the server's count of what
   * was left when the run started (`x-sync-remaining`, summed over the collections).
   * Null until the first count arrives; kept after the run ends (the UI hides it then).
   */
  progress: SyncProgress | null;
  /** When a full initial sync last completed on this device (null: never, data incomplete). */
  dataCompleteAt: string | null;
};

export type SyncProgress = { received: number; total: number; startedAt: string };

/** Before the engine runs: nothing in flight, nothing known yet. */
export const idleSyncStatus: SyncStatus = {
  active: false,
  initialDone: false,
  pending: 0,
  pendingCases: 0,
  refusedCases: 0,
  pendingPhotos: 0,
  oldestPendingAt: null,
  lastSyncAt: null,
  lastError: null,
  streamConnected: false,
  progress: null,
  dataCompleteAt: null,
};
