import type { ImportResult } from '@edc/shared';
import { describe, expect, it } from 'vitest';
import { type Language, translate } from '../../../i18n/index.tsx';
import { importReasonText } from './import-reason.ts';

const t =
  (language: Language) => (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate(language, key, params);

describe('importReasonText: one human sentence per refused line, in the user language', () => {
  it.each([
    [
      'id',
      { code: 'tid_taken', params: { tid: 'T1', serial: 'SN-9' } },
      'TID T1 sudah dimiliki terminal lain (SN-9).',
    ],
    [
      'en',
      { code: 'tid_taken', params: { tid: 'T1', serial: 'SN-9' } },
      'TID T1 already belongs to another terminal (SN-9).',
    ],
    ['id', { code: 'missing_field', params: { field: 'serialNumber' } }, 'Nomor seri wajib diisi.'],
    ['en', { code: 'invalid_field', params: { field: 'mid', value: '12' } }, 'The MID “12” is not valid.'],
    ['id', { code: 'invalid_field', params: { field: 'colour', value: 'x' } }, 'colour “x” tidak valid.'],
    [
      'id',
      { code: 'db_refused', params: { why: 'too_long' } },
      'Basis data menolak baris ini (ada nilai yang terlalu panjang).',
    ],
    ['id', { code: 'missing_field', params: { field: 'lng' } }, 'Bujur (lng) wajib diisi.'],
    [
      'en',
      { code: 'invalid_field', params: { field: 'lat', value: '-6,2' } },
      'The latitude (lat) “-6,2” is not valid.',
    ],
    // No code (an older server): its English sentence.
    ['id', {}, 'server sentence'],
  ] as const)('%s %j', (language, extra, text) => {
    const e: ImportResult['errors'][number] = { line: 2, reason: 'server sentence', ...extra };
    expect(importReasonText(t(language), e)).toBe(text);
  });
});
