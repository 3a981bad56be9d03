/**
 * FAQ search on the phone (DESIGN section 9, issue 14): offline, over the replicated
 * `faq_articles`. Query and articles go through the classifier's normalizer, so the same
 * informal writing it understands ("gk bs", "kertasnya abis", "RC 05", stretched letters,
 * accents) finds the article; a typo of one letter (two in long words) still matches.
 * Pure and small: a few hundred articles are scored in well under a millisecond.
 */
import type { Category } from '../schemas/common.ts';
import { normalizeTokens } from './classify/normalize.ts';

export type FaqSearchable = {
  id: string;
  question: string;
  answer: string;
  category?: Category | undefined;
  locale: string;
};

type Entry<T extends FaqSearchable> = { article: T; question: Set<string>; answer: Set<string> };

/** Tokens of an article or query: the normalizer's, minus words that say nothing. */
export type FaqIndex<T extends FaqSearchable> = {
  entries: Entry<T>[];
  /** Inverse document frequency per token: rare words weigh more than "transaksi". */
  idf: Map<string, number>;
};

/** Words too common to tell articles apart (after normalization). */
const STOP = new Set([
  'yang',
  'di',
  'ke',
  'dan',
  'atau',
  'saya',
  'kami',
  'ini',
  'itu',
  'ada',
  'apa',
  'untuk',
  'dengan',
  'dari',
  'sudah',
  'belum',
  'mau',
  'bagaimana',
  'kenapa',
  'gimana',
  'jika',
  'kalau',
  'bila',
  'akan',
  'the',
  'a',
  'an',
  'is',
  'are',
  'my',
  'i',
  'to',
  'of',
  'and',
  'or',
  'how',
  'what',
  'why',
  'do',
  'does',
  'in',
  'on',
  'it',
  'for',
  'can',
  'be',
  'with',
  'apakah',
  'tolong',
  'mohon',
  'pak',
  'bu',
  'min',
  'kak',
]);

function tokens(text: string): string[] {
  return normalizeTokens(text).filter((t) => !STOP.has(t) && t.length > 1);
}

export function buildFaqIndex<T extends FaqSearchable>(articles: readonly T[]): FaqIndex<T> {
  const entries = articles.map((article) => ({
    article,
    question: new Set(tokens(article.question)),
    answer: new Set(tokens(article.answer)),
  }));
  const df = new Map<string, number>();
  for (const e of entries)
    for (const t of new Set([...e.question, ...e.answer])) df.set(t, (df.get(t) ?? 0) + 1);
  const n = Math.max(entries.length, 1);
  const idf = new Map<string, number>();
  for (const [t, d] of df) idf.set(t, Math.log(1 + n / d));
  return { entries, idf };
}

/** Optimal-string-alignment distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2: number[] = new Array(b.length + 1).fill(0);
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2.splice(0, prev2.length, ...prev);
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Every vocabulary token a query token matches, with its weight: 1 exact, 0.8 prefix, 0.6
 * one typo away (two in long words). Computed once per query token over the index's
 * vocabulary, not per article, so a search costs O(vocabulary), not O(articles × words).
 */
function tokenMatches(q: string, vocabulary: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>();
  const maxTypos = q.length >= 8 ? 2 : q.length >= 4 ? 1 : 0;
  for (const t of vocabulary) {
    if (t === q) out.set(t, 1);
    else if (q.length >= 3 && t.startsWith(q)) out.set(t, 0.8);
    else if (maxTypos > 0 && editDistance(q, t, maxTypos) <= maxTypos) out.set(t, 0.6);
  }
  return out;
}

/** The best weighted match of a query token in one field: weight × the token's rarity. */
function bestIn(field: Set<string>, matches: Map<string, number>, idf: Map<string, number>): number {
  let best = 0;
  for (const t of field) {
    const w = matches.get(t);
    if (w !== undefined) best = Math.max(best, w * (idf.get(t) ?? 1));
  }
  return best;
}

export type FaqSearchOptions = {
  /** Only articles in this language (the UI's). */
  locale?: string;
  /** Only articles of this category (general articles excluded). */
  category?: Category;
  limit?: number;
};

export type FaqHit<T> = { article: T; score: number };

/**
 * Articles matching `query`, best first. A question hit weighs twice an answer hit; every
 * hit is weighted by the token's rarity. With an empty query and a category, the
 * category's articles are returned in their stored order (the deflection offer before
 * the merchant has typed much).
 */
export function searchFaq<T extends FaqSearchable>(
  index: FaqIndex<T>,
  query: string,
  options: FaqSearchOptions = {},
): FaqHit<T>[] {
  const limit = options.limit ?? 5;
  const q = [...new Set(tokens(query))];
  const pool = index.entries.filter(
    (e) =>
      (options.locale === undefined || e.article.locale === options.locale) &&
      (options.category === undefined || e.article.category === options.category),
  );
  if (q.length === 0) {
    return options.category === undefined
      ? []
      : pool.slice(0, limit).map((e) => ({ article: e.article, score: 0 }));
  }
  const perToken = q.map((t) => tokenMatches(t, index.idf.keys()));
  const hits: FaqHit<T>[] = [];
  for (const e of pool) {
    let score = 0;
    for (const matches of perToken) {
      if (matches.size === 0) continue;
      score += Math.max(2 * bestIn(e.question, matches, index.idf), bestIn(e.answer, matches, index.idf));
    }
    if (score > 0) hits.push({ article: e.article, score });
  }
  hits.sort((a, b) => b.score - a.score);
  // Category mode keeps the whole category on offer even when the text matches few words.
  if (options.category !== undefined && hits.length < limit) {
    for (const e of pool) {
      if (hits.length >= limit) break;
      if (!hits.some((h) => h.article === e.article)) hits.push({ article: e.article, score: 0 });
    }
  }
  return hits.slice(0, limit);
}
