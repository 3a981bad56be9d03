import { describe, expect, it } from 'vitest';
import { type MessageKey, type Params, translate } from '../../i18n/index.tsx';
import { DeskApiError } from './api.ts';
import { errorText, formatMinutes, formatShare } from './format.ts';

const t = (key: MessageKey, params?: Params) => translate('en', key, params);

describe('errorText: server refusals in words', () => {
  it.each<[string, DeskApiError, string]>([
    ['offline', new DeskApiError(0, 'offline'), 'No connection: this action needs the server.'],
    ['network', new DeskApiError(0, 'network', 'Failed to fetch'), 'Server unreachable. Try again.'],
    ['session', new DeskApiError(401, 'session_expired'), 'Session expired, please log in again.'],
    ['403', new DeskApiError(403, 'forbidden'), 'You are not allowed to do this (403).'],
    ['404', new DeskApiError(404, 'not_found'), 'Not found (404).'],
    [
      '409 illegal transition with the status-machine detail',
      new DeskApiError(409, 'illegal_transition', { detail: 'rca_capa_required', status: 'in_progress' }),
      "Action not allowed in the case's current status (409): RCA and CAPA are required",
    ],
    [
      '409 other conflict',
      new DeskApiError(409, 'conflict', 'username taken'),
      'Conflict (409): conflict — username taken',
    ],
    ['400 validation', new DeskApiError(400, 'invalid_body'), 'Invalid data: invalid_body'],
    ['500', new DeskApiError(500, 'internal'), 'Failed (500): internal'],
  ])('%s', (_name, error, want) => {
    expect(errorText(t, error)).toContain(want);
  });
});

describe('formatMinutes / formatShare', () => {
  it.each<[number | null, 'id' | 'en', string]>([
    [null, 'en', '—'],
    [0, 'en', '0 min'],
    [42, 'en', '42 min'],
    [60, 'en', '1 h'],
    [83, 'en', '1 h 23 min'],
    [1440, 'en', '1 d'],
    [1505, 'en', '1 d 1 h'],
    [1505, 'id', '1 hr 1 j'],
    [-90, 'en', '1 h 30 min'],
  ])('%s min (%s) → %s', (minutes, language, want) => {
    expect(formatMinutes(language, minutes)).toBe(want);
  });

  it.each<[number | null, string]>([
    [null, '—'],
    [0, '0.0%'],
    [0.7834, '78.3%'],
    [1, '100.0%'],
  ])('%s → %s', (share, want) => {
    expect(formatShare(share)).toBe(want);
  });
});
