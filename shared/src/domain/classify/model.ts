/**
 * The trained classifier file (`model.json`) and its in-memory form.
 *
 * Compactness matters because the PWA downloads the model: weights are int8 with one scale
 * per head, packed as base64, and only the hashed feature ids that the training corpus
 * actually uses are kept (delta + varint, base64). Each feature row is centred on its median
 * within every softmax group before quantization (shift-invariant, so predictions do not
 * change) and tiny weights are dropped, which makes most rows sparse. Each head is packed in
 * whichever of two encodings is shorter for it: zero runs (the subcase head, where whole rows
 * are zero) or a bit per weight marking the non-zero ones (the category and urgency heads,
 * whose zeros are scattered). The model stays well under the 300 KB budget.
 */
import { z } from 'zod';
import { categorySchema, prioritySchema } from '../../schemas/common.ts';
import { NORMALIZER_VERSION } from './normalize.ts';

export const MODEL_FORMAT = 'edc-complaint-classifier';

/** Subcase label meaning "none of the category's catalogue codes"; classify() reports no subcase for it. */
export const NO_SUBCASE = '-';

const headFileSchema = z.object({
  labels: z.array(z.string().min(1)).min(1),
  /** Per-label bias, already multiplied out (float). */
  bias: z.array(z.number()),
  /** Dequantization factor: weight = int8 * scale. */
  scale: z.number().positive(),
  /**
   * How `weights` is packed: `zero-runs` (encodeZeroRuns) or `nonzero-mask` (encodeNonZeroMask);
   * the trainer writes each head in whichever is shorter for it.
   */
  encoding: z.enum(['zero-runs', 'nonzero-mask']),
  /** base64 of the packed Int8 weights, row-major [feature][label]. */
  weights: z.string(),
});

/** Shape of `model.json` as written by `scripts/train-classifier.ts`. */
export const classifierModelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  normalizerVersion: z.number().int(),
  hashBits: z.number().int().min(8).max(32),
  /** Number of features; `features` decodes to that many ascending hashed ids. */
  featureCount: z.number().int().nonnegative(),
  /** base64 of unsigned LEB128 varints: deltas between ascending hashed feature ids. */
  features: z.string(),
  category: headFileSchema.extend({ labels: z.array(categorySchema).min(1) }),
  urgency: headFileSchema.extend({ labels: z.array(prioritySchema).min(1) }),
  subcase: headFileSchema.extend({
    /** Category each subcase label belongs to (parallel to `labels`): subcases are chosen within the predicted category. */
    categories: z.array(categorySchema),
  }),
  /** Provenance for humans: corpus sizes and the training hyper-parameters. */
  meta: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ClassifierModelFile = z.infer<typeof classifierModelFileSchema>;

/** One decoded head: dense int8 weights for the model's features. */
export interface DecodedHead<L extends string> {
  labels: readonly L[];
  bias: Float64Array;
  scale: number;
  weights: Int8Array;
}

/** A classifier ready for `classify()`: build it once with `decodeModel`, reuse it. */
export interface ClassifierModel {
  /** hashed feature id → row index in every head's weight matrix */
  featureIndex: Map<number, number>;
  category: DecodedHead<z.infer<typeof categorySchema>>;
  urgency: DecodedHead<z.infer<typeof prioritySchema>>;
  subcase: DecodedHead<string> & { categories: readonly z.infer<typeof categorySchema>[] };
}

/** Validates a parsed `model.json` and unpacks it; throws if the file is stale or corrupt. */
export function decodeModel(input: unknown): ClassifierModel {
  const file = classifierModelFileSchema.parse(input);
  if (file.normalizerVersion !== NORMALIZER_VERSION) {
    // Features of a different normalizer mean silently wrong predictions: refuse.
    throw new Error(
      `classifier model was trained with normalizer v${file.normalizerVersion}, code is v${NORMALIZER_VERSION}: retrain`,
    );
  }
  const ids = decodeVarintDeltas(base64ToBytes(file.features), file.featureCount);
  const featureIndex = new Map<number, number>();
  ids.forEach((id, row) => {
    featureIndex.set(id, row);
  });
  const head = <L extends string>(h: {
    labels: L[];
    bias: number[];
    scale: number;
    encoding: WeightEncoding;
    weights: string;
  }) => {
    const weights = decodeWeights(h.encoding, base64ToBytes(h.weights), ids.length * h.labels.length);
    return {
      labels: h.labels,
      bias: Float64Array.from(h.bias),
      scale: h.scale,
      weights,
    } satisfies DecodedHead<L>;
  };
  return {
    featureIndex,
    category: head(file.category),
    urgency: head(file.urgency),
    subcase: { ...head(file.subcase), categories: file.subcase.categories },
  };
}

export type WeightEncoding = z.infer<typeof headFileSchema>['encoding'];

export function encodeWeights(encoding: WeightEncoding, weights: Int8Array): Uint8Array {
  return encoding === 'zero-runs' ? encodeZeroRuns(weights) : encodeNonZeroMask(weights);
}

export function decodeWeights(encoding: WeightEncoding, bytes: Uint8Array, length: number): Int8Array {
  return encoding === 'zero-runs' ? decodeZeroRuns(bytes, length) : decodeNonZeroMask(bytes, length);
}

/**
 * int8 weights → one bit per weight (1 = non-zero, least significant bit first) followed by the
 * non-zero values. The category and urgency heads have few labels and zeros scattered within
 * each row (every row is centred on its median, and small weights are pruned), which zero runs
 * cannot reach: at 31% zeros in the category head this is about a sixth smaller.
 */
export function encodeNonZeroMask(weights: Int8Array): Uint8Array {
  const maskBytes = Math.ceil(weights.length / 8);
  const values: number[] = [];
  const out = new Uint8Array(maskBytes + weights.length);
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] === 0) continue;
    out[i >> 3] = out[i >> 3]! | (1 << (i & 7));
    values.push(weights[i]! & 0xff);
  }
  out.set(values, maskBytes);
  return out.slice(0, maskBytes + values.length);
}

export function decodeNonZeroMask(bytes: Uint8Array, length: number): Int8Array {
  const maskBytes = Math.ceil(length / 8);
  const out = new Int8Array(length);
  let v = maskBytes;
  for (let i = 0; i < length; i++) {
    if (((bytes[i >> 3] ?? 0) & (1 << (i & 7))) === 0) continue;
    const b = bytes[v++];
    if (b === undefined) throw new Error('classifier model: weight size mismatch');
    out[i] = b > 127 ? b - 256 : b;
  }
  if (v !== bytes.length) throw new Error('classifier model: weight size mismatch');
  return out;
}

/** Marks a run of zeros; weights are clamped to ±127 so -128 (0x80) never occurs as a value. */
const ZERO_RUN = 0x80;

/**
 * int8 weights → bytes where each run of 3+ zeros becomes [0x80, length ≤ 255]. The subcase
 * head is mostly zeros (a feature never seen in a category's texts keeps zero weight for
 * that category's subcases), so this halves the file.
 */
export function encodeZeroRuns(weights: Int8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < weights.length; ) {
    // Literal bytes for non-zeros and for short zero runs (a run marker costs two bytes).
    if (weights[i] !== 0 || weights[i + 1] !== 0 || weights[i + 2] !== 0) {
      out.push(weights[i]! & 0xff);
      i++;
      continue;
    }
    let run = 0;
    while (i < weights.length && weights[i] === 0 && run < 255) {
      run++;
      i++;
    }
    out.push(ZERO_RUN, run);
  }
  return Uint8Array.from(out);
}

export function decodeZeroRuns(bytes: Uint8Array, length: number): Int8Array {
  const out = new Int8Array(length);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === ZERO_RUN) {
      o += bytes[++i] ?? 0;
    } else {
      out[o++] = b > 127 ? b - 256 : b;
    }
  }
  if (o !== length) throw new Error('classifier model: weight size mismatch');
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** Standard base64 (with padding). Own code so shared/ needs neither Buffer nor atob. */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += B64[a >> 2]!;
    out += B64[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? '=' : B64[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? '=' : B64[c & 63]!;
  }
  return out;
}

export function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const ch of clean) {
    const v = B64_INDEX.get(ch);
    if (v === undefined) throw new Error('classifier model: invalid base64');
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Ascending ids → LEB128 varints of the gaps (first gap from 0). */
export function encodeVarintDeltas(ids: readonly number[]): Uint8Array {
  const bytes: number[] = [];
  let prev = 0;
  for (const id of ids) {
    let gap = id - prev;
    prev = id;
    while (gap >= 0x80) {
      bytes.push((gap & 0x7f) | 0x80);
      gap >>>= 7;
    }
    bytes.push(gap);
  }
  return Uint8Array.from(bytes);
}

export function decodeVarintDeltas(bytes: Uint8Array, count: number): number[] {
  const ids: number[] = [];
  let prev = 0;
  let i = 0;
  while (ids.length < count) {
    let gap = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++];
      if (b === undefined) throw new Error('classifier model: truncated feature list');
      gap += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) break;
    }
    prev += gap;
    ids.push(prev);
  }
  return ids;
}
