import { categories, createFaqRequestSchema, uuidSchema } from '@edc/shared';
import { buildFaqIndex, searchFaq } from '@edc/shared/domain';
import { describe, expect, it } from 'vitest';
import { DEMO_FAQ } from './faq-articles.ts';

describe('DEMO_FAQ', () => {
  it('has valid, unique articles for every category in both languages', () => {
    for (const a of DEMO_FAQ) {
      expect(uuidSchema.safeParse(a.id).success).toBe(true);
      const { id: _id, ...body } = a;
      expect(createFaqRequestSchema.safeParse(body).success).toBe(true);
    }
    expect(new Set(DEMO_FAQ.map((a) => a.id)).size).toBe(DEMO_FAQ.length);
    for (const category of categories) {
      for (const locale of ['id', 'en']) {
        expect(DEMO_FAQ.some((a) => a.category === category && a.locale === locale)).toBe(true);
      }
    }
  });

  const index = buildFaqIndex(DEMO_FAQ);
  it.each([
    ['kertas struk abis', 'id', 'Kertas struk (roll) habis'],
    ['dana settlement blm masuk rekening', 'id', 'Dana settlement belum masuk'],
    ['qris pending trs', 'id', 'Pembayaran QRIS berstatus pending'],
    ['muncul sam eror', 'id', 'Muncul pesan "SAM error"'],
    ['edc gk ada sinyal', 'id', 'EDC tidak ada sinyal'],
    ['rc 05 apa artinya', 'id', 'Arti kode RC 05'],
    ['receipt paper ran out', 'en', 'The receipt paper roll ran out'],
    ['qris payment pending', 'en', 'A QRIS payment stays pending'],
  ])('"%s" (%s) finds "%s…" first', (query, locale, start) => {
    expect(searchFaq(index, query, { locale })[0]?.article.question.startsWith(start)).toBe(true);
  });
});
