/**
 * Complaint classification: category, urgency and SLA subcase from free text, offline.
 *
 * Usage in the client (the model is a separate, lazily loaded chunk):
 * ```ts
 * const model = await loadClassifierModel();          // once; cache the promise
 * const result = classify(model, description);
 * if (isLowConfidence(result)) showSuggestionToConfirm(result); else preselect(result);
 * ```
 * Even a confident prediction is only a pre-selection the user can change: the issue asks
 * that nothing is applied silently, and a low-confidence one must be confirmed explicitly.
 * On the server use `classifyComplaint(text)` from `./classify-complaint.ts`.
 */
import { z } from 'zod';
import { type Category, categorySchema, priorities, prioritySchema } from '../../schemas/common.ts';
import { CUE_VALUE, featuresFromTokens, statedSellingImpact, urgencyCategoryFeatures } from './features.ts';
import { type ClassifierModel, type DecodedHead, decodeModel, NO_SUBCASE } from './model.ts';
import { normalizeTokens } from './normalize.ts';

/** Result of `classify()`; also the shape of a `npm run classify` output line (minus `alternatives`). */
export const classificationSchema = z.object({
  category: categorySchema,
  urgency: prioritySchema,
  /** SLA-catalogue subcase code within `category`; absent when the category has none. */
  subcase: z.string().min(1).optional(),
  /** Probability of `category`, 0–1, after the coverage penalty (see classify()). */
  confidence: z.number().min(0).max(1),
  /** Runner-up categories, most likely first: what a picker should offer next. */
  alternatives: z.array(z.object({ category: categorySchema, p: z.number().min(0).max(1) })).optional(),
});
export type Classification = z.infer<typeof classificationSchema>;

/**
 * Below this confidence a prediction is only a suggestion the user must confirm. Chosen on
 * the eval set (see `npm run bench:classify`): predictions above it are right ~99% of the
 * time, and gibberish or off-topic text stays below it.
 */
export const LOW_CONFIDENCE_THRESHOLD = 0.6;

/**
 * Share of the text's feature mass the model must recognise before its probabilities are
 * trusted. Gibberish ("asdf qwer") shares almost no n-grams with the corpus; without this
 * the softmax would still pick something with a misleadingly peaked probability.
 */
const MIN_COVERAGE = 0.5;

/**
 * Only the start of a text is read: the complaint is stated there, and the cap keeps the
 * per-keystroke cost bounded (~0.1 ms typical, ≤ ~1 ms at the cap) for pasted e-mails.
 */
const MAX_CHARS = 1000;

/** Result for empty, numbers-only or wholly unknown text: a suggestion nobody should accept blindly. */
const NOTHING_RECOGNISED = {
  category: 'other',
  urgency: 'minor',
  confidence: 0,
  alternatives: [],
} as const satisfies Classification;

/**
 * Greetings, thanks, acknowledgements, forms of address and vague pleas (after normalization).
 * A text made only of these ("halo min", "selamat pagi kak", "ok siap", "makasih", "bisa
 * bantu?") is `other` by
 * DESIGN section 3, but it states no problem: the model would still answer with a peaked
 * probability, so such a text gets a fixed low confidence and the user is asked for more.
 */
const COURTESY_WORDS: ReadonlySet<string> = new Set(
  (
    'halo hallo helo hello hai hi hey hei pagi siang sore malam selamat good morning afternoon evening night ' +
    'assalamualaikum assalamu alaikum asalamualaikum waalaikumsalam salam wr wb permisi misi punten sugeng enjing ' +
    'admin kak kakak mas mbak pak bu ibu bapak bang abang gan agan sis bro bos om teh akang dear cs team tim ' +
    'ok oke okay okey oce sip siap baik noted iya ya y yes terimakasih thanks thank you nuhun hatur matur nuwun ' +
    'suwun sanget banyak kasih tes test testing ping p maaf sorry hehe wkwk ' +
    // letter closings: "Atas perhatiannya kami ucapkan terima kasih", "Thanks, Owner"
    'atas perhatian perhatiannya kami ucapkan terimakasih owner regards hormat ' +
    // regional forms of address and courtesy: "tabe' daeng", "uda", "bli", "kang", "teteh"
    'kang akang teteh aa uda uni bli daeng tabe ' +
    // vague pleas that name no problem (twelfth round): "bisa bantu?", "tolong segera", "help please"
    'bisa bantu bantuan dibantu bantuin tolong help please mohon segera urgent asap cepat'
  ).split(' '),
);

/** Confidence of a courtesy-only text: below LOW_CONFIDENCE_THRESHOLD, above the "nothing recognised" 0. */
const COURTESY_CONFIDENCE = 0.2;

/**
 * Paper requests never impair selling (DESIGN section 3: supplies are `minor`, even when the
 * roll is out: card sales are still approved). Their urgency follows from the category instead
 * of the urgency head, which would otherwise let a word like "habis" raise it.
 */
const SELLING_UNIMPAIRED: ReadonlySet<Category> = new Set(['paper_supply']);

/**
 * Other complaints are minor (questions, feedback, chat) unless the text states that selling is
 * impaired (`statedSellingImpact`): DESIGN section 3 sets urgency by the impact on selling
 * whatever the category. Buyers walking away is major (part of the selling lost); selling
 * stopped asks the urgency head. Without such a cue a "tidak bisa" in a question cannot raise
 * the urgency. Merchant data was ruled the same way until the eleventh round; since the twelfth
 * the urgency head decides for it (trained on all its lines, it reads lost sales in more words
 * than the two cues: `TrainOptions.urgencyOnlyFor`).
 */
const MINOR_UNLESS_IMPACT: ReadonlySet<Category> = new Set(['other']);

/** Within-category probability a subcase needs to be suggested at all. */
const MIN_SUBCASE_P = 0.5;

/** True when `result` must be shown as a suggestion to confirm, never pre-applied. */
export function isLowConfidence(result: Pick<Classification, 'confidence'>): boolean {
  return result.confidence < LOW_CONFIDENCE_THRESHOLD;
}

/**
 * Where one message lists several problems: numbered or bulleted lines, `;`, ` + `, ` & `,
 * "sekalian" / "plus" (besides), and a comma followed by and/then/also words ("…, dan …",
 * "…, terus …", "…, sama …"). A plain "dan" or comma is not a split: most single problems
 * are told in several clauses ("settlement gagal dan mesin menolak transaksi").
 */
const PROBLEM_SEPARATOR =
  /\n\s*(?:\d+[.)]|[-*•])\s*|;|\s\+\s|\s&\s|\bsekalian\b|\bplus\b|\s\d[.)]\s|,\s*(?:dan|terus|trus|trs|sama|and|also)\b/i;

/**
 * Classifies one complaint text (its first 1,000 characters). Pure and deterministic;
 * ~0.1 ms per text. Empty, numbers-only or unrecognisable text gives `other` with
 * confidence near 0, i.e. `isLowConfidence()` is true.
 *
 * Several problems in one message (DESIGN section 3, corpus README): the category is the
 * problem with the worst impact on selling, and on a tie the one named first. A bag of words
 * cannot tell which came first or which is worst, so when the text splits into parts
 * (PROBLEM_SEPARATOR) that are each confidently classified into different categories, the
 * first part with the highest urgency decides; the other parts' categories become the
 * alternatives. Otherwise the whole text is classified as one.
 */
export function classify(model: ClassifierModel, text: string): Classification {
  const head = text.slice(0, MAX_CHARS);
  const whole = classifyOne(model, head);
  const parts = head
    .split(PROBLEM_SEPARATOR)
    .map((part) => part.trim())
    .filter((part) => part.split(/\s+/).length >= 2);
  if (parts.length < 2) return whole;
  const confident = parts.map((part) => classifyOne(model, part)).filter((r) => !isLowConfidence(r));
  if (confident.length < 2 || confident.every((r) => r.category === confident[0]!.category)) return whole;
  let worst = confident[0]!;
  for (const r of confident) if (priorities.indexOf(r.urgency) > priorities.indexOf(worst.urgency)) worst = r;
  const others = [
    ...confident.map((r) => ({ category: r.category, p: r.confidence })),
    ...(worst.alternatives ?? []),
  ];
  const alternatives = others
    .filter(
      (a, i) => a.category !== worst.category && others.findIndex((b) => b.category === a.category) === i,
    )
    .slice(0, 2);
  return { ...worst, alternatives };
}

function classifyOne(model: ClassifierModel, text: string): Classification {
  const tokens = normalizeTokens(text);
  // Only numbers (a MID, an amount) or single letters say nothing about the complaint: don't guess.
  if (!tokens.some((t) => t.length > 1 && !t.startsWith('#'))) return { ...NOTHING_RECOGNISED };
  if (tokens.every((t) => COURTESY_WORDS.has(t) || /^(#\w+|\d+)$/.test(t))) {
    return { ...NOTHING_RECOGNISED, confidence: COURTESY_CONFIDENCE };
  }
  const vector = featuresFromTokens(tokens);
  const { ids, values } = vector;
  const rows: number[] = [];
  const vals: number[] = [];
  let covered = 0;
  ids.forEach((id, i) => {
    const row = model.featureIndex.get(id);
    if (row === undefined) return;
    rows.push(row);
    vals.push(values[i]!);
    covered += values[i]! ** 2;
  });

  const catP = softmax(scores(model.category, rows, vals));
  const ranked = catP.map((p, k) => ({ category: model.category.labels[k]!, p })).sort((a, b) => b.p - a.p);
  const top = ranked[0]!;
  const coverageFactor = Math.min(1, covered / MIN_COVERAGE);
  if (rows.length === 0) return { ...NOTHING_RECOGNISED };

  // The urgency head reads the predicted category too (see urgencyCategoryFeature).
  const extraRows = urgencyCategoryFeatures(vector, top.category).flatMap((id) => {
    const row = model.featureIndex.get(id);
    return row === undefined ? [] : [row];
  });
  const urgP = softmax(
    scores(model.urgency, [...rows, ...extraRows], [...vals, ...extraRows.map(() => CUE_VALUE)]),
  );
  const impact = MINOR_UNLESS_IMPACT.has(top.category) ? statedSellingImpact(vector) : 'stop';
  const urgency =
    SELLING_UNIMPAIRED.has(top.category) || impact === undefined
      ? 'minor'
      : impact === 'lost'
        ? 'major'
        : model.urgency.labels[argmax(urgP)]!;
  const subcase = pickSubcase(model, top.category, rows, vals);
  return {
    category: top.category,
    urgency,
    ...(subcase === undefined ? {} : { subcase }),
    confidence: round4(top.p * coverageFactor),
    alternatives: ranked.slice(1, 3).map((a) => ({ category: a.category, p: round4(a.p) })),
  };
}

/**
 * Loads the bundled model in the browser as its own lazily fetched chunk (dynamic import,
 * so it is not in the initial bundle), validates and decodes it. Call once and keep the
 * returned promise; works offline once the PWA has precached the chunk.
 */
export async function loadClassifierModel(): Promise<ClassifierModel> {
  const mod = await import('./model.json');
  return decodeModel(mod.default);
}

function pickSubcase(
  model: ClassifierModel,
  category: Category,
  rows: number[],
  vals: number[],
): string | undefined {
  const head = model.subcase;
  const s = scores(head, rows, vals);
  const within = head.categories.flatMap((c, k) => (c === category ? [k] : []));
  if (within.length === 0) return undefined;
  const p = softmax(within.map((k) => s[k]!));
  const best = argmax(p);
  // Some complaints have no catalogue subcase (a merchant-data request for a feature or a
  // contract question, trained as NO_SUBCASE), and a weak pick would route the case by the
  // least-bad code: leave the subcase out instead.
  const code = head.labels[within[best]!];
  return p[best]! >= MIN_SUBCASE_P && code !== NO_SUBCASE ? code : undefined;
}

function scores(head: DecodedHead<string>, rows: readonly number[], vals: readonly number[]): number[] {
  const n = head.labels.length;
  const acc = new Array<number>(n).fill(0);
  for (let j = 0; j < rows.length; j++) {
    const base = rows[j]! * n;
    const v = vals[j]!;
    for (let k = 0; k < n; k++) acc[k] = acc[k]! + head.weights[base + k]! * v;
  }
  return acc.map((a, k) => a * head.scale + head.bias[k]!);
}

function softmax(z: readonly number[]): number[] {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

function argmax(p: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
  return best;
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
