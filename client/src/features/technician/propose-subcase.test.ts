import { describe, expect, it } from 'vitest';
import { proposeSubcase } from './propose-subcase.ts';

const rules = [
  { subcase: 'edc_mati', active: true },
  { subcase: 'layar_rusak', active: true },
  { subcase: 'printer_rusak', active: true },
  { subcase: 'lama', active: false },
];

describe('proposeSubcase', () => {
  it.each<[string, string | null, string[], string]>([
    ['nothing known → first catalogue rule', null, [], 'edc_mati'],
    ['last choice wins over frequency', 'printer_rusak', ['layar_rusak', 'layar_rusak'], 'printer_rusak'],
    [
      'most frequent when there is no last choice',
      null,
      ['printer_rusak', 'layar_rusak', 'layar_rusak'],
      'layar_rusak',
    ],
    ['a tie goes to catalogue order', null, ['printer_rusak', 'layar_rusak'], 'layar_rusak'],
    ['an inactive last choice is skipped', 'lama', ['printer_rusak'], 'printer_rusak'],
    ['inactive history does not count', null, ['lama', 'lama', 'printer_rusak'], 'printer_rusak'],
    ['a last choice no longer in the catalogue is skipped', 'hapus', [], 'edc_mati'],
  ])('%s', (_label, lastChoice, history, expected) => {
    expect(proposeSubcase({ rules, lastChoice, history })).toBe(expected);
  });

  it('proposes nothing when the catalogue has no active rule for the category', () => {
    expect(
      proposeSubcase({ rules: [{ subcase: 'x', active: false }], lastChoice: 'x', history: ['x'] }),
    ).toBe('');
    expect(proposeSubcase({ rules: [], lastChoice: null, history: [] })).toBe('');
  });
});
