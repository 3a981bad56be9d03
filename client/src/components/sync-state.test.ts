import { describe, expect, it } from 'vitest';
import { describeSync, type SyncInput, secondsLeft } from './sync-state.ts';

const base: SyncInput = {
  active: false,
  initialDone: false,
  lastSyncAt: null,
  lastError: null,
  progress: null,
  dataCompleteAt: null,
};
const at = '2026-11-25T03:41:00.000Z';
const networkError = { kind: 'network' as const, status: 0, code: 'network' as const, at };
const serverError = { kind: 'server' as const, status: 500, code: 'internal' as const, at };
const authError = { kind: 'auth' as const, status: 401, code: 'token_expired' as const, at };

describe('describeSync', () => {
  it.each<[string, Partial<SyncInput>, boolean, string]>([
    // The bug: offline after a complete sync is a calm "offline, data from …".
    [
      'offline, data on the device, retrying',
      { dataCompleteAt: at, lastSyncAt: at, active: true, lastError: networkError },
      false,
      'offline',
    ],
    [
      'offline before the first sync finished',
      { progress: { received: 10, total: 100, startedAt: at } },
      false,
      'initial',
    ],
    [
      'first sync running',
      { active: true, progress: { received: 10, total: 100, startedAt: at } },
      true,
      'initial',
    ],
    ['initial done in this run', { initialDone: true, lastSyncAt: at }, true, 'ok'],
    [
      'server unreachable while the phone has a network',
      { dataCompleteAt: at, lastError: networkError },
      true,
      'unreachable',
    ],
    ['server error', { dataCompleteAt: at, lastError: serverError }, true, 'error'],
    ['session lost', { dataCompleteAt: at, lastError: authError }, true, 'error'],
    ['syncing', { dataCompleteAt: at, active: true }, true, 'syncing'],
    ['idle and fine', { dataCompleteAt: at, lastSyncAt: at }, true, 'ok'],
  ])('%s → %s', (_label, patch, online, kind) => {
    expect(describeSync({ ...base, ...patch }, online).kind).toBe(kind);
  });

  it('carries the error itself (worded by apiErrorText in the panel)', () => {
    expect(describeSync({ ...base, dataCompleteAt: at, lastError: serverError }, true)).toEqual({
      kind: 'error',
      error: serverError,
      since: null,
    });
  });
});

describe('secondsLeft', () => {
  const start = Date.parse(at);
  it.each<[string, number, number, number, number | null]>([
    ['too early to tell', 50, 1000, 1_000, null],
    ['nothing received yet', 0, 1000, 10_000, null],
    ['half done after 10 s → 10 s left', 500, 1000, 10_000, 10],
    ['a quarter after 5 s → 15 s left', 250, 1000, 5_000, 15],
    ['done', 1000, 1000, 8_000, 0],
    ['below 1 % is noise', 5, 1000, 5_000, null],
  ])('%s', (_label, received, total, elapsedMs, expected) => {
    expect(secondsLeft({ received, total, startedAt: at }, start + elapsedMs)).toBe(expected);
  });
});
