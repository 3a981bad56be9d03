import { describe, expect, it } from 'vitest';
import { extractFeatures, hashFeature, URGENCY_ONLY_FEATURES } from './features.ts';

/** Feature ids present in every text of `same` and in none of `other`. */
function sharedOnly(same: readonly string[], other: readonly string[]): number[] {
  const sets = same.map((t) => new Set(extractFeatures(t).ids));
  const excluded = new Set(other.flatMap((t) => extractFeatures(t).ids));
  return [...sets[0]!].filter((id) => sets.every((s) => s.has(id)) && !excluded.has(id));
}

describe('extractFeatures impact cues (seed 003 urgency)', () => {
  it.each([
    ['all', ['toko lumpuh', 'semua gagal', 'nothing works', 'cash only']],
    ['part', ['kadang error', 'sometimes fails', 'sebagian gagal', 'masih bisa']],
    ['many', ['cabang kami', 'all outlets', 'puluhan gerai', 'franchise kami']],
    ['ask', ['cuma nanya', 'gimana prosedurnya', 'apakah aman', 'sim aktif?']],
    ['ok', ['masih normal', 'lancar jaya', 'works fine', 'aman kok']],
    ['gate', ['palang parkir', 'kantin cashless', 'parking gate', 'turnstile']],
    ['stop', ['tidak bisa transaksi', 'semua kartu ditolak', 'cannot take payments', 'no sales today']],
  ])('words of the %s cue share a feature that plain words lack', (_cue, texts) => {
    expect(sharedOnly(texts, ['toko kami', 'edc rusak', 'mau beli'])).toHaveLength(1);
  });

  it('keeps the cues apart: "all" and "part" texts share no cue', () => {
    expect(sharedOnly(['semua gagal', 'kadang gagal'], ['gagal'])).toEqual([]);
  });

  it('marks every cue and the question mark as urgency-only', () => {
    for (const key of ['k|ask', 'k|ok', 'k|gate', 'k|stop', 'w|#q']) {
      expect(URGENCY_ONLY_FEATURES.has(hashFeature(key))).toBe(true);
    }
    expect(URGENCY_ONLY_FEATURES.has(hashFeature('k|all'))).toBe(false);
  });

  it('gives greetings and letter frames no features', () => {
    expect(extractFeatures('Dear team, selamat pagi pak, edc mati. Hormat kami')).toEqual(
      extractFeatures('edc mati'),
    );
  });

  it('gives an L2-normalized vector with unique ids', () => {
    const { ids, values } = extractFeatures('edc lumpuh semua transaksi gagal');
    expect(new Set(ids).size).toBe(ids.length);
    expect(values.reduce((a, v) => a + v * v, 0)).toBeCloseTo(1, 10);
  });
});
