import { describe, expect, it } from 'vitest';
import { buildFaqIndex, editDistance, type FaqSearchable, searchFaq } from './faq-search.ts';

const A = (
  id: string,
  category: FaqSearchable['category'],
  locale: string,
  question: string,
  answer: string,
) => ({
  id,
  category,
  locale,
  question,
  answer,
});

const articles = [
  A(
    'paper',
    'paper_supply',
    'id',
    'Kertas struk habis, bagaimana cara meminta kertas baru?',
    'Ajukan permintaan roll kertas thermal 57 mm lewat aplikasi.',
  ),
  A(
    'settle',
    'transaction_settlement',
    'id',
    'Dana settlement belum masuk ke rekening',
    'Settlement diproses H+1 hari kerja; cek mutasi setelah pukul 14.00.',
  ),
  A(
    'qris',
    'transaction_settlement',
    'id',
    'Pembayaran QRIS status pending',
    'Tunggu 15 menit lalu cek status transaksi QRIS di menu laporan.',
  ),
  A(
    'rc05',
    'other',
    'id',
    'Arti kode RC 05 (Do Not Honor)',
    'Kartu ditolak bank penerbit; minta pelanggan memakai kartu lain.',
  ),
  A(
    'sam',
    'replace_sam_card',
    'id',
    'Muncul pesan SAM error atau SAM tidak terbaca',
    'Matikan EDC, cabut dan pasang lagi kartu SAM; bila tetap error ajukan penggantian.',
  ),
  A(
    'signal',
    'replace_network_card',
    'id',
    'EDC tidak ada sinyal atau koneksi gagal',
    'Periksa SIM card, restart EDC, pindahkan ke dekat jendela.',
  ),
  A(
    'paper-en',
    'paper_supply',
    'en',
    'The receipt paper ran out, how do I get new rolls?',
    'Request thermal paper rolls (57 mm) in the app.',
  ),
] as const;
const index = buildFaqIndex(articles);
const top = (query: string, opts = {}) => searchFaq(index, query, { locale: 'id', ...opts })[0]?.article.id;

describe('searchFaq', () => {
  it.each([
    ['plain words', 'kertas habis', 'paper'],
    ['informal and stretched', 'kertasnya abiiis gk bs print', 'paper'],
    ['a typo', 'kertsa habis', 'paper'],
    ['accents', 'sèttlement belum masuk', 'settle'],
    ['an error code written apart', 'muncul rc 05 terus', 'rc05'],
    ['an error code written together', 'RC05', 'rc05'],
    ['QRIS pending', 'qris pending lama', 'qris'],
    ['SAM', 'sam eror', 'sam'],
    ['a prefix', 'sinya', 'signal'],
  ])('%s: "%s" → %s', (_label, query, id) => {
    expect(top(query)).toBe(id);
  });

  it('keeps to the requested language', () => {
    expect(top('paper rolls', { locale: 'en' })).toBe('paper-en');
    expect(searchFaq(index, 'paper rolls', { locale: 'id' }).map((h) => h.article.id)).not.toContain(
      'paper-en',
    );
  });

  it('finds nothing for unrelated words or an empty query without a category', () => {
    expect(searchFaq(index, 'zebra', { locale: 'id' })).toEqual([]);
    expect(searchFaq(index, '   ', { locale: 'id' })).toEqual([]);
  });

  it('offers the whole category, best match first, in category mode', () => {
    const hits = searchFaq(index, 'qris', { locale: 'id', category: 'transaction_settlement' });
    expect(hits.map((h) => h.article.id)).toEqual(['qris', 'settle']);
    expect(searchFaq(index, '', { locale: 'id', category: 'paper_supply' }).map((h) => h.article.id)).toEqual(
      ['paper'],
    );
  });
});

describe('editDistance', () => {
  it.each([
    ['kertas', 'kertas', 0],
    ['kertas', 'kertsa', 1],
    ['kertas', 'kerta', 1],
    ['kertas', 'pertas', 1],
    ['kertas', 'qris', 3],
  ])('%s ~ %s = %i (capped at max + 1)', (a, b, d) => {
    expect(editDistance(a, b, 2)).toBe(Math.min(d, 3));
  });
});
