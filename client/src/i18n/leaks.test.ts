import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { id } from './id.ts';
import { findForeign, foreignFragments, fragmentsOf, rendered } from './leaks.ts';

describe('fragmentsOf', () => {
  it.each([
    ['Terakhir sinkron: {time}', ['Terakhir sinkron']],
    ['{count} kasus diimpor ke antrean kirim', ['kasus diimpor ke antrean kirim']],
    ['Perangkat {serial} · TID {tid}', ['Perangkat', 'TID']],
    ['{n}', []],
  ])('%s', (value, fragments) => expect(fragmentsOf(value)).toEqual(fragments));
});

describe('findForeign', () => {
  const englishInIndonesian = foreignFragments(id, en);
  const indonesianInEnglish = foreignFragments(en, id);

  it('finds English left in an Indonesian screen, and Indonesian in an English one', () => {
    expect(findForeign('Menunggu kirim: 3 · Last sync: 5 Des 2026 10.41 WIB', englishInIndonesian)).toContain(
      'Last sync',
    );
    expect(findForeign('Waiting to send: 3 · Terakhir sinkron: 5 Dec 2026', indonesianInEnglish)).toContain(
      'Terakhir sinkron',
    );
  });

  it('ignores words both languages share and matches whole words only', () => {
    expect(findForeign('Merchant · TID JK324463 · Offline · Status', englishInIndonesian)).toEqual([]);
    // "Home" must not match inside "Homestay" (data, e.g. a merchant name), nor "Case" in a case number.
    expect(findForeign('Toko Homestay Indah · CASE-20261202-00009', englishInIndonesian)).toEqual([]);
    expect(findForeign('Jenis kasus: escalation', englishInIndonesian)).toContain('Escalation');
  });

  // The catalogues themselves: no Indonesian value carries an English-only phrase and vice
  // versa (what made "Ganti Perangkat (Replace Device)" or "Eskalasi (escalation)").
  it.each(Object.keys(id) as (keyof typeof id)[])('%s is one language in each catalogue', (key) => {
    expect(findForeign(rendered(id[key]), englishInIndonesian)).toEqual([]);
    expect(findForeign(rendered(en[key]), indonesianInEnglish)).toEqual([]);
    // "Indonesian (English)": the English words in brackets (unless English brackets them too,
    // as for shared terms like "(offline)" or "(ICCID)").
    const english = rendered(en[key]).toLowerCase();
    const englishFragments = fragmentsOf(rendered(en[key])).map((f) => f.toLowerCase());
    for (const match of rendered(id[key]).matchAll(/\(([^)]+)\)/g)) {
      const inner = match[1]?.toLowerCase() ?? '';
      if (!english.includes(`(${inner})`)) expect(englishFragments).not.toContain(inner);
    }
  });
});
