import { describe, expect, it } from 'vitest';
import { categories } from '../../schemas/common.ts';
import { allUrgencyCategoryFeatures, URGENCY_ONLY_FEATURES, urgencyCategoryFeature } from './features.ts';
import modelFile from './model.json' with { type: 'json' };
import {
  base64ToBytes,
  bytesToBase64,
  decodeModel,
  decodeNonZeroMask,
  decodeVarintDeltas,
  decodeZeroRuns,
  encodeNonZeroMask,
  encodeVarintDeltas,
  encodeZeroRuns,
} from './model.ts';

describe('model encoding', () => {
  it.each([
    [[]],
    [[0]],
    [[1, 2, 3]],
    [[255, 0, 128, 7, 64]],
    [Array.from({ length: 1000 }, (_, i) => (i * 37) % 256)],
  ])('base64 round-trips %#', (bytes) => {
    const input = Uint8Array.from(bytes);
    const text = bytesToBase64(input);
    expect(text).toBe(Buffer.from(input).toString('base64'));
    expect([...base64ToBytes(text)]).toEqual(bytes);
  });

  it('varint deltas round-trip ascending ids, including large gaps', () => {
    const ids = [0, 1, 127, 128, 16_383, 16_384, 4_194_303];
    expect(decodeVarintDeltas(encodeVarintDeltas(ids), ids.length)).toEqual(ids);
  });

  it.each([
    [[0, 0, 0, 0, 5, -3, 0, 127, -127, 0, 0]],
    [[0]],
    [[1, 0, 0, 1]],
    [Array.from({ length: 600 }, () => 0)],
  ])('zero runs round-trip %#', (values) => {
    const weights = Int8Array.from(values);
    expect([...decodeZeroRuns(encodeZeroRuns(weights), weights.length)]).toEqual(values);
  });

  it('rejects a truncated weight stream', () => {
    expect(() => decodeZeroRuns(Uint8Array.from([1, 2]), 3)).toThrow(/size mismatch/);
  });

  it.each([
    [[0, 0, 0, 0, 5, -3, 0, 127, -127, 0, 0]],
    [[0]],
    [[-1]],
    [[3, -4, 0, 2, 0, 0, 0, 9, -128 + 1]],
    [Array.from({ length: 601 }, (_, i) => (i % 3 === 0 ? 0 : ((i * 29) % 255) - 127))],
  ])('non-zero masks round-trip %#', (values) => {
    const weights = Int8Array.from(values);
    const bytes = encodeNonZeroMask(weights);
    // one bit per weight, then one byte per non-zero weight
    expect(bytes.length).toBe(Math.ceil(values.length / 8) + values.filter((v) => v !== 0).length);
    expect([...decodeNonZeroMask(bytes, weights.length)]).toEqual(values);
  });

  it('rejects a non-zero mask stream with missing or extra values', () => {
    const bytes = encodeNonZeroMask(Int8Array.from([0, 4, -2]));
    expect(() => decodeNonZeroMask(bytes.subarray(0, bytes.length - 1), 3)).toThrow(/size mismatch/);
    expect(() => decodeNonZeroMask(Uint8Array.from([...bytes, 7]), 3)).toThrow(/size mismatch/);
  });
});

describe('committed model.json', () => {
  it('decodes, is within the 300 KB budget and uses the catalogue categories', () => {
    const size = Buffer.byteLength(JSON.stringify(modelFile));
    expect(size).toBeLessThanOrEqual(300 * 1024);
    const model = decodeModel(modelFile);
    expect(model.featureIndex.size).toBeGreaterThan(1000);
    expect(model.category.labels).toContain('other');
    expect(new Set(model.subcase.categories)).toContain('replace_device');
  });

  it('reads the impact cues and the question mark only in the urgency head', () => {
    const model = decodeModel(modelFile);
    const rows = [...URGENCY_ONLY_FEATURES].flatMap((id) => {
      const row = model.featureIndex.get(id);
      return row === undefined ? [] : [row];
    });
    expect(rows.length).toBe(URGENCY_ONLY_FEATURES.size);
    const weights = (head: { labels: readonly string[]; weights: Int8Array }, row: number): number[] => [
      ...head.weights.subarray(row * head.labels.length, (row + 1) * head.labels.length),
    ];
    for (const row of rows) {
      expect(weights(model.category, row).every((w) => w === 0)).toBe(true);
      expect(weights(model.subcase, row).every((w) => w === 0)).toBe(true);
      expect(weights(model.urgency, row).some((w) => w !== 0)).toBe(true);
    }
  });

  it('reads the category (alone and with each impact cue) only in the urgency head', () => {
    const model = decodeModel(modelFile);
    const rowsOf = (ids: readonly number[]): number[] =>
      ids.flatMap((id) => {
        const row = model.featureIndex.get(id);
        return row === undefined ? [] : [row];
      });
    // paper is fixed at minor and never trains the urgency head: the other six categories do
    expect(rowsOf(categories.map((c) => urgencyCategoryFeature(c))).length).toBe(categories.length - 1);
    const rows = rowsOf(allUrgencyCategoryFeatures(categories));
    expect(rows.length).toBeGreaterThan(categories.length);
    for (const row of rows) {
      const at = (head: { labels: readonly string[]; weights: Int8Array }): number[] => [
        ...head.weights.subarray(row * head.labels.length, (row + 1) * head.labels.length),
      ];
      expect(at(model.category).every((w) => w === 0)).toBe(true);
      expect(at(model.subcase).every((w) => w === 0)).toBe(true);
      expect(at(model.urgency).some((w) => w !== 0)).toBe(true);
    }
  });

  it('refuses a model trained with another normalizer version', () => {
    expect(() => decodeModel({ ...modelFile, normalizerVersion: -1 })).toThrow(/retrain/);
  });
});
