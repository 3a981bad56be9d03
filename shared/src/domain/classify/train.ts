/**
 * Training of the complaint classifier: three softmax (multinomial logistic regression)
 * heads — category, urgency, subcase — over the same hashed n-gram features, fitted with
 * AdaGrad SGD and L2, then quantized to int8.
 *
 * Pure and deterministic: example order comes from a seeded PRNG, features are selected by
 * a total order (document frequency, then id), so the same corpus gives a byte-identical
 * model file. `scripts/train-classifier.ts` only does the file I/O around this.
 */
import { z } from 'zod';
import { type Category, categorySchema, prioritySchema } from '../../schemas/common.ts';
import { mulberry32 } from '../prng.ts';
import {
  allUrgencyCategoryFeatures,
  CUE_VALUE,
  extractFeatures,
  type FeatureVector,
  HASH_BITS,
  statedSellingImpact,
  URGENCY_ONLY_FEATURES,
  urgencyCategoryFeatures,
} from './features.ts';
import {
  bytesToBase64,
  type ClassifierModelFile,
  encodeVarintDeltas,
  encodeWeights,
  MODEL_FORMAT,
  NO_SUBCASE,
  type WeightEncoding,
} from './model.ts';
import { NORMALIZER_VERSION } from './normalize.ts';

/** One line of `shared/data/classify/{train,eval}.jsonl`. */
export const labelledExampleSchema = z.object({
  text: z.string(),
  category: categorySchema,
  urgency: prioritySchema,
  subcase: z.string().min(1).optional(),
  /** `handwritten` or the generator template family; lets the bench report both separately. */
  source: z.string().optional(),
});
export type LabelledExample = z.infer<typeof labelledExampleSchema>;

export interface TrainOptions {
  /** Keep at most this many features (most frequent first). */
  maxFeatures: number;
  /** Drop features seen in fewer documents: one-off n-grams are noise and cost bytes. */
  minDocFreq: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Quantized weights with |q| ≤ this become 0: they barely move a score and cost bytes. */
  pruneBelow: number;
  /**
   * The same for the subcase head, which has ~4× the labels of the category head and so
   * most of the bytes: pruning it harder leaves room for more features in the category and
   * urgency heads, whose accuracy is what the targets measure.
   */
  subcasePruneBelow: number;
  /**
   * The subcase head reads only this many of the most frequent features (the rest keep zero
   * weight there, which the zero-run encoding stores in two bytes per run): the subcase is
   * chosen within an already-known category, where the common words decide.
   */
  subcaseMaxFeatures: number;
  /**
   * The urgency head learns only from these categories' lines: classify() fixes paper at minor
   * and other at minor unless an impact is stated (DESIGN section 3), so their lines would only
   * teach it that request and question words mean minor, which pulled missing-funds questions
   * ("kok dana belum masuk?") and some device failures down to minor. Merchant data is in the
   * list since the twelfth round: the writers' sets label its lost-sales requests major in more
   * words than the `stop` and `lost` cues know (a feature missing while buyers pay cash or leave),
   * and the head, which reads the category, learns that from all its lines.
   */
  urgencyOnlyFor: readonly Category[];
  /**
   * Categories that are minor unless the text states an impact on selling
   * (`statedSellingImpact`): the urgency head learns from their lines that state one, as
   * classify() asks it only for those.
   */
  urgencyWhenImpactFor: readonly Category[];
  /**
   * Weight of a writers' line (`withoutSubcase`) against a corpus line in the category and
   * urgency heads: its gradient is multiplied by this (twelfth round: 2; the writers' lines are
   * real people's wording, the corpus mostly template variations).
   */
  writerWeight: number;
  /**
   * Fit every head this many times, each with its own shuffling seed (`seed`, `seed + 7919`, …),
   * and average the weights before quantizing (fourteenth round: 3). One stochastic fit moves a
   * leave-one-writer-out total by ±5 lines from one seed to the next; the average of three
   * depends less on one shuffling order, and was right more often at both seeds tried
   * (docs/benchmarks.md). The file keeps its size: the same features, one set of weights.
   */
  seedAverage: number;
}

export const defaultTrainOptions: TrainOptions = {
  maxFeatures: 16000,
  minDocFreq: 2,
  epochs: 30,
  learningRate: 0.4,
  l2: 1e-5,
  seed: 20260501,
  pruneBelow: 1,
  subcasePruneBelow: 4,
  subcaseMaxFeatures: 2000,
  urgencyOnlyFor: [
    'replace_device',
    'replace_sam_card',
    'replace_network_card',
    'transaction_settlement',
    'merchant_data',
  ],
  urgencyWhenImpactFor: ['other'],
  writerWeight: 2,
  seedAverage: 3,
};

interface SparseDoc {
  rows: Int32Array;
  values: Float64Array;
}

/**
 * Trains all three heads and returns the model file object (serialize with JSON.stringify).
 * `withoutSubcase` are lines whose subcase was never labelled (the writers' sets: their writers
 * labelled category and urgency only): they train the category and urgency heads and count in
 * the feature selection, but the subcase head never sees them — a missing label there would
 * otherwise teach it "no subcase".
 */
export function trainClassifier(
  labelled: readonly LabelledExample[],
  subcaseCatalogue: Readonly<Partial<Record<Category, readonly string[]>>>,
  options: TrainOptions = defaultTrainOptions,
  withoutSubcase: readonly LabelledExample[] = [],
): ClassifierModelFile {
  const examples = [...labelled, ...withoutSubcase];
  const vectors = examples.map((e) => extractFeatures(e.text));
  // The urgency head also reads the category (the labelled one here, the predicted one in
  // classify()); the category and subcase heads never do.
  const categoryCueIds = new Set(allUrgencyCategoryFeatures(categorySchema.options));
  const withCategory = vectors.map((v, i) =>
    urgencyCategoryFeatures(v, examples[i]!.category).reduce((acc, id) => withFeature(acc, id), v),
  );
  const ranked = selectFeatures(withCategory, options);
  const featureIds = [...ranked].sort((a, b) => a - b);
  const rowOf = new Map(featureIds.map((id, row) => [id, row]));
  const docs: SparseDoc[] = withCategory.map((v) => toRows(v, rowOf));
  // The category and subcase heads never see the urgency-only features (weights stay 0 there).
  const urgencyOnlyRows = new Set(
    featureIds.flatMap((id, row) => (URGENCY_ONLY_FEATURES.has(id) || categoryCueIds.has(id) ? [row] : [])),
  );
  const categoryRows = new Set(featureIds.flatMap((_, row) => (urgencyOnlyRows.has(row) ? [] : [row])));
  const categoryDocs = docs.map((d) => onlyRows(d, categoryRows));
  const subcaseRows = new Set(
    ranked
      .slice(0, options.subcaseMaxFeatures)
      .map((id) => rowOf.get(id)!)
      .filter((row) => !urgencyOnlyRows.has(row)),
  );
  const subcaseDocs = docs.map((d) => onlyRows(d, subcaseRows));

  const categoryLabels = categorySchema.options;
  const urgencyLabels = prioritySchema.options;
  const subcaseLabels: string[] = [];
  const subcaseCategories: Category[] = [];
  for (const category of categoryLabels) {
    const codes = subcaseCatalogue[category] ?? [];
    for (const code of codes) {
      subcaseLabels.push(code);
      subcaseCategories.push(category);
    }
    // Complaints of a category that fit none of its catalogue codes (a feature activation is
    // merchant data, but not an address or account change) train an explicit "no subcase".
    if (codes.length > 0 && labelled.some((e) => e.category === category && e.subcase === undefined)) {
      subcaseLabels.push(NO_SUBCASE);
      subcaseCategories.push(category);
    }
  }
  const allCategories = categoryLabels.map((_, i) => i);
  const allUrgencies = urgencyLabels.map((_, i) => i);

  const weightOf = (i: number): number => (i >= labelled.length ? options.writerWeight : 1);
  const categoryHead = fitSoftmax(
    categoryDocs.map((d, i) => ({
      doc: d,
      label: categoryLabels.indexOf(examples[i]!.category),
      allowed: allCategories,
      weight: weightOf(i),
    })),
    featureIds.length,
    categoryLabels.length,
    options,
  );
  const urgencyHead = fitSoftmax(
    docs.flatMap((d, i) =>
      options.urgencyOnlyFor.includes(examples[i]!.category) ||
      (options.urgencyWhenImpactFor.includes(examples[i]!.category) &&
        statedSellingImpact(vectors[i]!) !== undefined)
        ? [
            {
              doc: d,
              label: urgencyLabels.indexOf(examples[i]!.urgency),
              allowed: allUrgencies,
              weight: weightOf(i),
            },
          ]
        : [],
    ),
    featureIds.length,
    urgencyLabels.length,
    options,
  );
  // Subcases compete only within their own category (softmax over that category's codes),
  // exactly as classify() picks them, so no weight is spent separating unrelated subcases.
  const subcaseItems: FitItem[] = [];
  labelled.forEach((e, i) => {
    const code = e.subcase ?? NO_SUBCASE;
    const label = subcaseLabels.findIndex((s, k) => s === code && subcaseCategories[k] === e.category);
    if (label < 0 && e.subcase === undefined) return;
    if (label < 0) throw new Error(`unknown subcase ${e.category}/${e.subcase} in corpus`);
    const allowed = subcaseCategories.flatMap((c, k) => (c === e.category ? [k] : []));
    subcaseItems.push({ doc: subcaseDocs[i]!, label, allowed });
  });
  const subcaseHead = fitSoftmax(subcaseItems, featureIds.length, subcaseLabels.length, options);

  // A softmax is unchanged when one feature's weights move by the same amount for every label
  // it compares: centre each feature row on its median within each softmax group, so every
  // row has a zero (one label in two, in the two-label groups) and the file gets smaller
  // while every prediction and probability stays the same.
  centreRows(categoryHead, [allCategories]);
  centreRows(urgencyHead, [allUrgencies]);
  centreRows(
    subcaseHead,
    categoryLabels.map((c) => subcaseCategories.flatMap((sc, k) => (sc === c ? [k] : []))),
  );

  // Quantize, then drop features that ended up with no weight in any head.
  const qc = quantize(categoryHead, options.pruneBelow);
  const qu = quantize(urgencyHead, options.pruneBelow);
  const qs = quantize(subcaseHead, options.subcasePruneBelow);
  const keep: number[] = [];
  for (let r = 0; r < featureIds.length; r++) {
    if (rowNonZero(qc, r) || rowNonZero(qu, r) || rowNonZero(qs, r)) keep.push(r);
  }
  return {
    format: MODEL_FORMAT,
    normalizerVersion: NORMALIZER_VERSION,
    hashBits: HASH_BITS,
    featureCount: keep.length,
    features: bytesToBase64(encodeVarintDeltas(keep.map((r) => featureIds[r]!))),
    category: { labels: [...categoryLabels], ...packHead(qc, keep) },
    urgency: { labels: [...urgencyLabels], ...packHead(qu, keep) },
    subcase: { labels: subcaseLabels, categories: subcaseCategories, ...packHead(qs, keep) },
    meta: {
      examples: examples.length,
      maxFeatures: options.maxFeatures,
      minDocFreq: options.minDocFreq,
      epochs: options.epochs,
      learningRate: options.learningRate,
      l2: options.l2,
      seed: options.seed,
      pruneBelow: options.pruneBelow,
      subcasePruneBelow: options.subcasePruneBelow,
      subcaseMaxFeatures: options.subcaseMaxFeatures,
      urgencyOnlyFor: options.urgencyOnlyFor.join(' '),
      urgencyWhenImpactFor: options.urgencyWhenImpactFor.join(' '),
      writerWeight: options.writerWeight,
      seedAverage: options.seedAverage,
    },
  };
}

/** `v` with one more feature of value CUE_VALUE (ids kept ascending). */
function withFeature(v: FeatureVector, id: number): FeatureVector {
  if (v.ids.includes(id)) return v;
  const at = v.ids.findIndex((x) => x > id);
  const k = at < 0 ? v.ids.length : at;
  return {
    ids: [...v.ids.slice(0, k), id, ...v.ids.slice(k)],
    values: [...v.values.slice(0, k), CUE_VALUE, ...v.values.slice(k)],
  };
}

function selectFeatures(vectors: readonly FeatureVector[], options: TrainOptions): number[] {
  const df = new Map<number, number>();
  for (const v of vectors) for (const id of v.ids) df.set(id, (df.get(id) ?? 0) + 1);
  const ranked = [...df.entries()]
    .filter(([, n]) => n >= options.minDocFreq)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, options.maxFeatures)
    .map(([id]) => id);
  // Most frequent first: the caller sorts by id for the file and takes prefixes by frequency.
  return ranked;
}

function onlyRows(doc: SparseDoc, keep: ReadonlySet<number>): SparseDoc {
  const idx = [...doc.rows.keys()].filter((j) => keep.has(doc.rows[j]!));
  return {
    rows: Int32Array.from(idx, (j) => doc.rows[j]!),
    values: Float64Array.from(idx, (j) => doc.values[j]!),
  };
}

function toRows(v: FeatureVector, rowOf: ReadonlyMap<number, number>): SparseDoc {
  const rows: number[] = [];
  const values: number[] = [];
  v.ids.forEach((id, i) => {
    const row = rowOf.get(id);
    if (row !== undefined) {
      rows.push(row);
      values.push(v.values[i]!);
    }
  });
  return { rows: Int32Array.from(rows), values: Float64Array.from(values) };
}

interface FloatHead {
  labels: number;
  weights: Float64Array;
  bias: Float64Array;
}

interface FitItem {
  doc: SparseDoc;
  label: number;
  allowed: readonly number[];
  /** Multiplies this item's gradient (1 when absent). */
  weight?: number;
}

function fitSoftmax(
  items: readonly FitItem[],
  features: number,
  labels: number,
  options: TrainOptions,
): FloatHead {
  const runs = Math.max(1, Math.floor(options.seedAverage));
  if (runs === 1) return fitSoftmaxOnce(items, features, labels, options.seed, options);
  const sum: FloatHead = {
    labels,
    weights: new Float64Array(features * labels),
    bias: new Float64Array(labels),
  };
  for (let r = 0; r < runs; r++) {
    const head = fitSoftmaxOnce(items, features, labels, options.seed + 7919 * r, options);
    for (let i = 0; i < sum.weights.length; i++) sum.weights[i] = sum.weights[i]! + head.weights[i]! / runs;
    for (let k = 0; k < labels; k++) sum.bias[k] = sum.bias[k]! + head.bias[k]! / runs;
  }
  return sum;
}

function fitSoftmaxOnce(
  items: readonly FitItem[],
  features: number,
  labels: number,
  seed: number,
  options: TrainOptions,
): FloatHead {
  const weights = new Float64Array(features * labels);
  const bias = new Float64Array(labels);
  const gradSq = new Float64Array(features * labels).fill(1e-8);
  const biasGradSq = new Float64Array(labels).fill(1e-8);
  const order = items.map((_, i) => i);
  const rand = mulberry32(seed);
  const probs = new Float64Array(labels);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, rand);
    for (const idx of order) {
      const { doc, label, allowed, weight = 1 } = items[idx]!;
      let max = Number.NEGATIVE_INFINITY;
      for (const k of allowed) {
        let z = bias[k]!;
        for (let j = 0; j < doc.rows.length; j++) z += weights[doc.rows[j]! * labels + k]! * doc.values[j]!;
        probs[k] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (const k of allowed) {
        probs[k] = Math.exp(probs[k]! - max);
        sum += probs[k]!;
      }
      for (const k of allowed) {
        const g = weight * (probs[k]! / sum - (k === label ? 1 : 0));
        biasGradSq[k] = biasGradSq[k]! + g * g;
        bias[k] = bias[k]! - (options.learningRate * g) / Math.sqrt(biasGradSq[k]!);
        for (let j = 0; j < doc.rows.length; j++) {
          const w = doc.rows[j]! * labels + k;
          const gw = g * doc.values[j]! + options.l2 * weights[w]!;
          gradSq[w] = gradSq[w]! + gw * gw;
          weights[w] = weights[w]! - (options.learningRate * gw) / Math.sqrt(gradSq[w]!);
        }
      }
    }
  }
  return { labels, weights, bias };
}

function centreRows(head: FloatHead, groups: readonly (readonly number[])[]): void {
  const rows = head.weights.length / head.labels;
  for (let r = 0; r < rows; r++) {
    const base = r * head.labels;
    for (const group of groups) {
      if (group.length < 2) continue;
      const values = group.map((k) => head.weights[base + k]!).sort((a, b) => a - b);
      const median = values[(values.length - 1) >> 1]!;
      for (const k of group) head.weights[base + k] = head.weights[base + k]! - median;
    }
  }
}

interface QuantHead {
  labels: number;
  q: Int8Array;
  scale: number;
  bias: Float64Array;
}

function quantize(head: FloatHead, pruneBelow: number): QuantHead {
  let maxAbs = 0;
  for (const w of head.weights) maxAbs = Math.max(maxAbs, Math.abs(w));
  const scale = maxAbs > 0 ? maxAbs / 127 : 1;
  const q = new Int8Array(head.weights.length);
  for (let i = 0; i < q.length; i++) {
    const v = Math.round(head.weights[i]! / scale);
    q[i] = Math.abs(v) <= pruneBelow ? 0 : v;
  }
  return { labels: head.labels, q, scale, bias: head.bias };
}

function rowNonZero(h: QuantHead, row: number): boolean {
  for (let k = 0; k < h.labels; k++) if (h.q[row * h.labels + k] !== 0) return true;
  return false;
}

function packHead(
  h: QuantHead,
  keep: readonly number[],
): { bias: number[]; scale: number; encoding: WeightEncoding; weights: string } {
  const out = new Int8Array(keep.length * h.labels);
  keep.forEach((row, i) => {
    out.set(h.q.subarray(row * h.labels, (row + 1) * h.labels), i * h.labels);
  });
  return {
    // Rounded so the file is stable and small; 1e-4 is far below what changes a decision.
    bias: [...h.bias].map((b) => Math.round(b * 1e4) / 1e4),
    scale: Number(h.scale.toPrecision(8)),
    ...smallestEncoding(out),
  };
}

/** The head's weights in whichever encoding is shorter (zero runs win where whole rows are zero). */
function smallestEncoding(weights: Int8Array): { encoding: WeightEncoding; weights: string } {
  const runs = encodeWeights('zero-runs', weights);
  const mask = encodeWeights('nonzero-mask', weights);
  return mask.length < runs.length
    ? { encoding: 'nonzero-mask', weights: bytesToBase64(mask) }
    : { encoding: 'zero-runs', weights: bytesToBase64(runs) };
}

function shuffle<T>(items: T[], rand: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
}
