/**
 * Deterministic generator of the synthetic part of the corpus. `split` picks the disjoint
 * half of every pool (templates.ts), so train and eval never share a phrasing, a frame or
 * a slot word list; the seeds differ too. Noise imitates how people type: chat
 * abbreviations, dropped/swapped letters, stretched letters, shouting, "edc nya".
 */

import { normalizeTokens } from '../../src/domain/classify/normalize.ts';
import type { LabelledExample } from '../../src/domain/classify/train.ts';
import { mulberry32 } from '../../src/domain/prng.ts';
import type { Category, Priority } from '../../src/schemas/common.ts';
import { FRAME_WORDS, FRAMES, IMPACT, SLOTS, SUBCASE_TEMPLATES } from './templates.ts';

type Split = 'train' | 'eval';

/** Examples per category per split before de-duplication (spread over its subcases). */
const PER_CATEGORY: Record<Split, number> = { train: 420, eval: 38 };

/**
 * Abbreviations used as noise. Train noise uses a subset of each list; eval noise uses
 * them all, so eval also checks the normalizer on spellings the model never saw.
 */
const ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  tidak: ['gk', 'ga', 'tdk', 'gak', 'nggak', 'g', 'enggak', 'ngga'],
  bisa: ['bs', 'bsa'],
  sudah: ['udh', 'sdh', 'udah', 'dah'],
  belum: ['blm', 'belom', 'blom'],
  yang: ['yg'],
  karena: ['krn', 'karna'],
  transaksi: ['trx', 'trans'],
  tolong: ['tlg', 'tolongin'],
  dengan: ['dgn', 'dg'],
  untuk: ['utk'],
  habis: ['abis', 'hbs'],
  hilang: ['ilang'],
  settlement: ['setlement', 'sttlmnt', 'settlemen', 'setelmen'],
  rekening: ['rek'],
  sinyal: ['signal', 'sinyalnya'],
  saja: ['aja', 'sj'],
  sekarang: ['skrg', 'skr'],
  edc: ['edc nya', 'edcnya', 'EDC'],
};

export function generateExamples(split: Split, seed: number): LabelledExample[] {
  const rand = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const slots = SLOTS[split];
  const words = FRAME_WORDS[split];
  const impacts = IMPACT[split];
  const frames = FRAMES[split];

  const fill = (text: string): string =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      if (name === 'tid') return String(10000000 + Math.floor(rand() * 89999999));
      if (name === 'mid') return `0000${String(10000000000 + Math.floor(rand() * 89999999999))}`;
      if (name === 'sn')
        return `${pick(['', 'S', 'PX', '1C'])}${String(100000 + Math.floor(rand() * 8999999))}`;
      const pool =
        (slots as Record<string, readonly string[]>)[name] ??
        (words as Record<string, readonly string[]>)[name];
      return pool === undefined ? whole : fill(pick(pool));
    });

  const byCategory = new Map<Category, typeof SUBCASE_TEMPLATES>();
  for (const t of SUBCASE_TEMPLATES) byCategory.set(t.category, [...(byCategory.get(t.category) ?? []), t]);

  const out: LabelledExample[] = [];
  const seen = new Set<string>();
  for (const [category, subcases] of byCategory) {
    const perSubcase = Math.ceil(PER_CATEGORY[split] / subcases.length);
    for (const spec of subcases) {
      const phrases = spec[split];
      let made = 0;
      for (let n = 0; n < perSubcase * 3 && made < perSubcase; n++) {
        // Cycle through phrases so each is used about equally, frames at random.
        const [phrase, baseUrgency] = phrases[n % phrases.length]!;
        let frame: string = pick(frames);
        let urgency: Priority = baseUrgency;
        // A second, minor matter next to the main one: only where the main one clearly
        // outranks it, so the label stays unambiguous (DESIGN 3: the worst impact decides).
        if (frame.includes('{aside}') && baseUrgency === 'minor') frame = '{s}';
        if (frame.includes('{impact}')) {
          // A minor phrase (cosmetic damage on a terminal that works) states its own impact: none.
          if (spec.impact && baseUrgency !== 'minor') {
            const level = rand() < 0.5 ? 'critical' : 'major';
            frame = frame.replace('{impact}', pick(impacts[level]));
            urgency = level;
          } else {
            frame = '{s}';
          }
        }
        const text = addNoise(fill(frame.replace('{s}', phrase)), split, rand);
        // A phrase of one to three words with nothing added ("Settlement gagal") is exactly what
        // a merchant types in a chat, so it is the likeliest line to equal a text of an
        // evaluation set by chance: generated lines always add something to such a phrase.
        const tokens = normalizeTokens(text);
        if (tokens.length <= 3 && tokens.join(' ') === normalizeTokens(phrase).join(' ')) continue;
        const key = text.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({
          text,
          category,
          urgency,
          ...(spec.subcase === undefined ? {} : { subcase: spec.subcase }),
          source: `generated-${split}`,
        });
        made++;
      }
    }
  }
  return out;
}

function addNoise(text: string, split: Split, rand: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const words = text.split(' ').map((w) => {
    const bare = w.toLowerCase();
    const variants = ABBREVIATIONS[bare];
    if (variants !== undefined && rand() < 0.45) {
      // Train sees only the first half of each variant list (at least one).
      const usable =
        split === 'train' ? variants.slice(0, Math.max(1, Math.ceil(variants.length / 2))) : variants;
      return pick(usable);
    }
    if (w.length >= 5 && rand() < 0.06) return typo(w, rand);
    return w;
  });
  if (rand() < 0.1) {
    // stretched last letter of one word: "matiii", "tolonggg"
    const i = Math.floor(rand() * words.length);
    const w = words[i]!;
    words[i] = w + w.slice(-1).repeat(2 + Math.floor(rand() * 3));
  }
  let out = words.join(' ');
  const r = rand();
  if (r < 0.08) out = out.toUpperCase();
  else if (r < 0.35) out = out.charAt(0).toUpperCase() + out.slice(1);
  if (rand() < 0.15) out += pick(['!!', '!!!', '..', ' ??', ' pls', ' 🙏']);
  return out;
}

/** One keyboard slip: drop, double or swap a letter inside the word. */
function typo(word: string, rand: () => number): string {
  const i = 1 + Math.floor(rand() * (word.length - 2));
  const kind = rand();
  if (kind < 0.34) return word.slice(0, i) + word.slice(i + 1);
  if (kind < 0.67) return word.slice(0, i) + word[i] + word.slice(i);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}
