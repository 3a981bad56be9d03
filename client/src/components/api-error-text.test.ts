import { describe, expect, it } from 'vitest';
import { type Language, loadCatalogue, type MessageKey, type Params, translate } from '../i18n/index.tsx';
import { ApiError } from '../sync/api-error.ts';
import { apiErrorText } from './api-error-text.ts';

// English is a lazy chunk in the app; these tests read both catalogues.
await loadCatalogue('en');

const tIn = (language: Language) => (key: MessageKey, params?: Params) => translate(language, key, params);
const t = tIn('en');

describe('apiErrorText: every failure in words', () => {
  it.each<[string, unknown, string]>([
    ['offline', new ApiError(0, 'offline'), 'No connection: this needs the server.'],
    ['network', new ApiError(0, 'network'), 'Server unreachable. Try again.'],
    [
      'not our API (proxy page)',
      new ApiError(502, 'bad_response'),
      'The server gave an unexpected answer (502). Try again later.',
    ],
    ['refused refresh', new ApiError(401, 'refresh_token_reused'), 'Session expired, please log in again.'],
    ['no session', new ApiError(401, 'unauthorized'), 'Session expired, please log in again.'],
    ['wrong password', new ApiError(401, 'invalid_credentials'), 'Wrong username or password.'],
    [
      '403 (details not shown)',
      new ApiError(403, 'forbidden', { message: 'admin only' }),
      'You are not allowed to do this (403).',
    ],
    [
      "404 (the server's English message not shown)",
      new ApiError(404, 'not_found', { message: 'case not found' }),
      'Not found (404).',
    ],
    [
      '409 illegal transition with the status-machine detail, translated',
      new ApiError(409, 'illegal_transition', { detail: 'rca_capa_required', status: 'in_progress' }),
      "Action not allowed in the case's current status (409): RCA and CAPA are required",
    ],
    [
      '409 username taken (field named by the server)',
      new ApiError(409, 'conflict', { field: 'username' }),
      'Conflicts with existing data (409): username already taken',
    ],
    [
      '409 reopen blocked by another open case, with its number',
      new ApiError(409, 'conflict', { reason: 'tid_mid_open', blockingCaseNumber: 'CASE-20260101-00001' }),
      'Conflicts with existing data (409): ',
    ],
    [
      '400 validation issues, path by path',
      new ApiError(400, 'invalid_body', [
        { path: 'regions.0', message: 'Too small' },
        { path: '', message: 'Unrecognized key' },
      ]),
      'Invalid data (400): regions.0: Too small; Unrecognized key',
    ],
    [
      'throttled, with Retry-After',
      new ApiError(429, 'too_many_requests', undefined, { retryAfterSeconds: 42 }),
      'Try again in 42 seconds.',
    ],
    ['throttled, no Retry-After', new ApiError(429, 'too_many_requests'), 'Try again in 60 seconds.'],
    ['500', new ApiError(500, 'internal'), 'Server problem (500). Try again later.'],
    [
      'an unknown server reason kept in details',
      new ApiError(503, 'internal', { reason: 'db_down' }),
      'Server problem (503): db_down. Try again later.',
    ],
    [
      "the sync status' plain copy of an error",
      { kind: 'server', status: 500, code: 'internal', at: '2026-01-01T00:00:00Z' },
      'Server problem (500). Try again later.',
    ],
    ['a bug, not an API error', new RangeError('boom'), 'Unexpected error: boom'],
  ])('%s', (_name, error, want) => {
    expect(apiErrorText(t, error)).toContain(want);
  });

  it('names the blocking case of a refused reopen', () => {
    const text = apiErrorText(
      t,
      new ApiError(409, 'conflict', { reason: 'tid_mid_open', blockingCaseNumber: 'CASE-20260101-00001' }),
    );
    expect(text).toContain('CASE-20260101-00001');
    expect(text).not.toContain('tid_mid_open');
  });

  it('speaks Indonesian by default, with no raw code left', () => {
    const text = apiErrorText(
      tIn('id'),
      new ApiError(409, 'illegal_transition', { detail: 'assignee_required' }),
    );
    expect(text).toBe('Tindakan tidak sah untuk status kasus saat ini (409): petugas wajib diisi.');
  });
});
