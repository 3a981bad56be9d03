/**
 * Hashed sparse features for the complaint classifier: word unigrams, word bigrams and
 * character 3–5-grams of every word. Character n-grams are what make the model robust to
 * typos ("setlemen", "kertaz") and to unseen inflections; word n-grams carry the phrases
 * ("tidak bisa", "belum masuk").
 *
 * Features are hashed (FNV-1a, 32-bit, masked to HASH_BITS) so the model stores no
 * vocabulary strings; the trained model keeps only the hashed ids it actually uses.
 */
import { normalizeTokens } from './normalize.ts';

/** Hash space: 2^22 ids keeps collisions rare among the few tens of thousands of n-grams seen. */
export const HASH_BITS = 22;
const HASH_MASK = (1 << HASH_BITS) - 1;

/** Relative weights of the feature groups before L2 normalization (tuned on train only). */
const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.8;
const CHAR_WEIGHT = 0.35;

const CUE_WEIGHT = 1;

/**
 * Impact cues of seed 003's urgency classes (DESIGN section 3): words that say how much of
 * the selling stopped. Each word also stays its own feature; the shared cue feature lets a
 * synonym the corpus rarely uses ("lumpuh", "satupun", "outlets") borrow the weight the
 * common ones ("semua", "sama sekali", "cabang") learned.
 * - `all`: nothing goes through (critical for device, SAM, network);
 * - `part`: some cards, sometimes, still usable (major);
 * - `many`: many outlets or merchants (money at scale: critical for settlement);
 */
const CUE_WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    all: 'semua seluruh seluruhnya all every everything any anything none nothing total totally completely lumpuh berhenti stop stopped nol zero satupun apapun sekali tunai cash mampet lumpuhkan',
    part: 'kadang sometimes sesekali occasionally intermittent intermittently sering often sebagian beberapa some few hanya cuma only masih still tertentu certain lambat slow lemot',
    many: 'cabang outlet outlets branches branch stores gerai puluhan ratusan dozens hundreds grup group franchise merchants',
  }).flatMap(([cue, words]) => words.split(' ').map((w) => [w, cue] as const)),
);

/** A sparse, L2-normalized feature vector; `ids` are unique. */
export interface FeatureVector {
  ids: number[];
  values: number[];
}

/** FNV-1a over UTF-16 code units with Math.imul: identical in every JS engine. */
export function hashFeature(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & HASH_MASK;
}

/** Extracts the hashed feature vector of a raw text (normalization included). */
export function extractFeatures(text: string): FeatureVector {
  return featuresFromTokens(normalizeTokens(text));
}

/** Extracts the hashed feature vector of already-normalized tokens. */
export function featuresFromTokens(tokens: readonly string[]): FeatureVector {
  const acc = new Map<number, number>();
  // Presence, not counts: a repeated word in a rant is not stronger evidence.
  const add = (key: string, weight: number): void => {
    const id = hashFeature(key);
    if (!acc.has(id)) acc.set(id, weight);
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    add(`w|${tok}`, WORD_WEIGHT);
    const next = tokens[i + 1];
    if (next !== undefined) add(`b|${tok} ${next}`, BIGRAM_WEIGHT);
    const cue = CUE_WORDS.get(tok);
    if (cue !== undefined) add(`k|${cue}`, CUE_WEIGHT);
    if (tok.startsWith('#')) continue;
    const padded = `<${tok}>`;
    for (let n = 3; n <= 5; n++) {
      for (let s = 0; s + n <= padded.length; s++) add(`c|${padded.slice(s, s + n)}`, CHAR_WEIGHT);
    }
  }
  const ids = [...acc.keys()].sort((a, b) => a - b);
  const values = ids.map((id) => acc.get(id)!);
  let norm = 0;
  for (const v of values) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < values.length; i++) values[i] = values[i]! / norm;
  return { ids, values };
}
