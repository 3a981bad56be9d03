import type { QueryKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../sync/api-error.ts';
import type { Poke } from '../../sync/stream.ts';
import { deskKeys, shouldRetry, staleAfterPokes } from './desk-query.tsx';

/** Whether `key` falls under one of the stale families (TanStack's prefix match). */
function isStale(stale: readonly QueryKey[], key: QueryKey): boolean {
  return stale.some((family) => family.every((part, i) => part === key[i]));
}

describe('staleAfterPokes: a poke refreshes exactly the answers its collection feeds', () => {
  it.each<[string, Poke[], QueryKey, boolean]>([
    ['a case change → the summary', ['cases'], deskKeys.summary('2026-01-01', '2026-06-30'), true],
    ['a case change → the monthly report', ['cases'], deskKeys.monthly('2026-05'), true],
    ['a case change → problems', ['cases'], deskKeys.problems(90, 3), true],
    ['a case change → sync health', ['cases'], deskKeys.syncHealth, true],
    ['a case change → a case asked of the server', ['cases'], deskKeys.case('c1'), true],
    ['a case change ↛ the user list', ['cases'], deskKeys.users, false],
    ['a case change ↛ SLA rules', ['cases'], deskKeys.slaRules, false],
    ['an SLA rule change → the admin list', ['sla_rules'], deskKeys.slaRules, true],
    ['an SLA rule change → reports (compliance)', ['sla_rules'], deskKeys.summary('a', 'b'), true],
    ['an SLA rule change ↛ holidays', ['sla_rules'], deskKeys.holidays, false],
    ['a holiday change → holidays', ['holidays'], deskKeys.holidays, true],
    ['a device change → problems (labels)', ['devices'], deskKeys.problems(30, 2), true],
    ['a device change ↛ reports', ['devices'], deskKeys.monthly('2026-05'), false],
    ['a burst of two collections → both', ['holidays', 'devices'], deskKeys.problems(30, 2), true],
    ['a reconnect → everything, even unpoked lists', ['*all'], deskKeys.sessions(true), true],
    ['nothing poked → nothing', [], deskKeys.summary('a', 'b'), false],
  ])('%s', (_name, pokes, key, stale) => {
    expect(isStale(staleAfterPokes(new Set(pokes)), key)).toBe(stale);
  });

  it('names each family once for a burst of the same poke', () => {
    const keys = staleAfterPokes(new Set<Poke>(['cases', 'case_events']));
    expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(keys.length);
  });
});

describe('shouldRetry: network failures only, twice', () => {
  it.each<[string, number, unknown, boolean]>([
    ['no answer, first failure', 0, new ApiError(0, 'network'), true],
    ['no answer, second failure', 1, new ApiError(0, 'network'), true],
    ['no answer, third failure', 2, new ApiError(0, 'network'), false],
    ['offline: waits for the reconnect instead', 0, new ApiError(0, 'offline'), false],
    ['a refusal answers the same again', 0, new ApiError(403, 'forbidden'), false],
    ['a server error', 0, new ApiError(500, 'internal'), false],
    ['a bug', 0, new TypeError('x is undefined'), false],
  ])('%s', (_name, failures, error, retry) => {
    expect(shouldRetry(failures, error)).toBe(retry);
  });
});
