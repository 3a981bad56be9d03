import { describe, expect, it } from 'vitest';
import { extractFeatures } from './features.ts';

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
  ])('words of the %s cue share a feature that plain words lack', (_cue, texts) => {
    expect(sharedOnly(texts, ['toko kami', 'edc rusak', 'mau tanya'])).toHaveLength(1);
  });

  it('keeps the cues apart: "all" and "part" texts share no cue', () => {
    expect(sharedOnly(['semua gagal', 'kadang gagal'], ['gagal'])).toEqual([]);
  });

  it('gives an L2-normalized vector with unique ids', () => {
    const { ids, values } = extractFeatures('edc lumpuh semua transaksi gagal');
    expect(new Set(ids).size).toBe(ids.length);
    expect(values.reduce((a, v) => a + v * v, 0)).toBeCloseTo(1, 10);
  });
});
