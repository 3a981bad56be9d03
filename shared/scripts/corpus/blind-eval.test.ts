import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeTokens } from '../../src/domain/classify/normalize.ts';
import { categories, priorities } from '../../src/schemas/common.ts';
import { corpusInputs, paths, readExamples, trainerInputs, writerSetInputs } from './io.ts';

/**
 * The blind sets. Each was written once, blind, and committed before the model was ever run on
 * it; `sha256` is the SHA-256 of its texts (labels excluded, joined with "\n"). A label may be
 * corrected when it is wrong by the DESIGN section 3 definitions (say so in the set's
 * label-notes.md); a text may not be edited, added or removed — otherwise the set turns into a
 * tuning set. `names` finds source files that name the set: only where its path is defined,
 * the bench and this test may.
 */
const BLIND_SETS = [
  {
    title: 'blind evaluation set (shared/data/classify/blind/blind-eval.jsonl)',
    file: paths.blindEval,
    sha256: 'a4349766416720b18d4935af41de90edf05fa3ec14adaec54d25288233e4f164',
    names: /blindEval|blind-eval/,
    minPerCategory: 40,
  },
  {
    title: 'second blind evaluation set (shared/data/classify/blind2/blind2-eval.jsonl)',
    file: paths.blind2Eval,
    sha256: 'e37bc83d59858e69935fc3995c037cef2f3fd6d1362ba0e6a0d7e8a3297da842',
    names: /blind2Eval|blind2-eval/,
    minPerCategory: 30,
  },
  {
    title: 'third blind evaluation set (shared/data/classify/blind3/blind3-eval.jsonl)',
    file: paths.blind3Eval,
    sha256: '7ae65f5cb7824b9cea9872f7ad09e1a11b4c15661218a0e34782e680d03f5f6f',
    names: /blind3Eval|blind3-eval/,
    minPerCategory: 30,
  },
  {
    title: 'fourth blind evaluation set (shared/data/classify/blind4/blind4-eval.jsonl)',
    file: paths.blind4Eval,
    sha256: '128d225dd8b3b39254fdfcd5c2e2b6ba0a5e0ad649f9f7240b503d42095fabf8',
    names: /blind4Eval|blind4-eval/,
    minPerCategory: 30,
  },
  {
    title: 'fifth blind evaluation set (shared/data/classify/blind5/blind5-eval.jsonl)',
    file: paths.blind5Eval,
    sha256: 'abfb1a471836d1da9d061e8f169b36ac7d09850c39f40edf5fe5a5a1d5b4228e',
    names: /blind5Eval|blind5-eval/,
    minPerCategory: 30,
  },
  {
    title: 'sixth blind evaluation set (shared/data/classify/blind6/blind6-eval.jsonl)',
    file: paths.blind6Eval,
    sha256: '96fb260f63d1324c669b1064ee21d878c407c1af39a135e0afaafa177d9bacef',
    names: /blind6Eval|blind6-eval/,
    minPerCategory: 30,
  },
  {
    title: 'seventh blind evaluation set (shared/data/classify/blind7/blind7-eval.jsonl)',
    file: paths.blind7Eval,
    sha256: '06986de76a69c1b57925d7fe4da51ef8ef9535aa7e63c20c17d0fee746ce3fe7',
    names: /blind7Eval|blind7-eval/,
    minPerCategory: 30,
  },
  {
    title: 'eighth blind evaluation set (shared/data/classify/blind8/blind8-eval.jsonl)',
    file: paths.blind8Eval,
    sha256: '26cf1cb32391e0f99807ea6f38ee27609c3ea87a2929452fa601e86f043b2482',
    names: /blind8Eval|blind8-eval/,
    minPerCategory: 30,
  },
  {
    title: 'ninth blind evaluation set (shared/data/classify/blind9/blind9-eval.jsonl)',
    file: paths.blind9Eval,
    sha256: 'c4ec5d113119c7006d0002b5549c7c85c7e8568394ed057730c663e157b82654',
    names: /blind9Eval|blind9-eval/,
    minPerCategory: 30,
  },
  {
    title: 'tenth blind evaluation set (shared/data/classify/blind10/blind10-eval.jsonl)',
    file: paths.blind10Eval,
    sha256: '2cb2320d8ca2f19aa6b9a0465dd0dae201d8a5134090aaaace21dfb10f9e22c2',
    names: /blind10Eval|blind10-eval/,
    minPerCategory: 38,
  },
  {
    title: 'eleventh blind evaluation set (shared/data/classify/blind11/blind11-eval.jsonl)',
    file: paths.blind11Eval,
    sha256: 'c305dd5f8d77460231d4f2b5371e3d80f6583b7c4d09638fc481268b74c25bb6',
    names: /blind11Eval|blind11-eval/,
    minPerCategory: 38,
  },
  {
    title: 'twelfth blind evaluation set (shared/data/classify/blind12/blind12-eval.jsonl)',
    file: paths.blind12Eval,
    sha256: '44ea672327e8c855e0fd23d47399408c6c835321e5baf49e18583c15f6012d90',
    names: /blind12Eval|blind12-eval/,
    minPerCategory: 38,
  },
  {
    title: 'thirteenth blind evaluation set (shared/data/classify/blind13/blind13-eval.jsonl)',
    file: paths.blind13Eval,
    sha256: '60542ae68cf61e5e157eceeabd126addba6e5e5d27afd1275e4ae950cf57f703',
    names: /blind13Eval|blind13-eval/,
    minPerCategory: 38,
  },
  {
    title: 'fourteenth blind evaluation set (shared/data/classify/blind14/blind14-eval.jsonl)',
    file: paths.blind14Eval,
    sha256: 'f0431209e8c9dff5f5fca47e63c6b081fcfa06a3005a8dc9cc6a55091d973070',
    names: /blind14Eval|blind14-eval/,
    minPerCategory: 38,
  },
  {
    title: 'fifteenth blind evaluation set (shared/data/classify/blind15/blind15-eval.jsonl)',
    file: paths.blind15Eval,
    sha256: '6ad57a5c111db87a7e578c3704ea1dcd0f21dc7b1c73932407ca42042f4c2ee1',
    names: /blind15Eval|blind15-eval/,
    minPerCategory: 38,
  },
] as const;

/** The only files allowed to name a blind set: where its path is defined, the bench, the two set tests. */
const ALLOWED_READERS = new Set([
  'io.ts',
  'bench-classify.ts',
  'blind-eval.test.ts',
  'independent-eval.test.ts',
]);

const sharedRoot = join(paths.dataDir, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const normalized = (text: string): string => normalizeTokens(text).join(' ');

/**
 * The training texts, normalised — the corpus and the writers' sets that train the model since the
 * eleventh round: built once for all sets (the largest part of this file's time).
 */
let trainedTexts: Set<string> | undefined;
const trained = (): Set<string> =>
  (trainedTexts ??= new Set(
    [...trainerInputs, ...writerSetInputs]
      .flatMap((file) => readExamples(file))
      .map((e) => normalized(e.text)),
  ));

/** Blind sets that, once measured, became writers' sets: they train the model (eleventh round; the ninth since the twelfth, the tenth since the thirteenth, the eleventh to thirteenth since the sixteenth). */
const TRAINS: ReadonlySet<string> = new Set(writerSetInputs);

describe("the writers' sets that train the model (eleventh round)", () => {
  it('are the independent set and the first thirteen blind sets, each measured once before it trained', () => {
    expect([...writerSetInputs]).toEqual([
      paths.independentEval,
      paths.blindEval,
      paths.blind2Eval,
      paths.blind3Eval,
      paths.blind4Eval,
      paths.blind5Eval,
      paths.blind6Eval,
      paths.blind7Eval,
      paths.blind8Eval,
      paths.blind9Eval,
      paths.blind10Eval,
      paths.blind11Eval,
      paths.blind12Eval,
      paths.blind13Eval,
    ]);
    // The own eval set and the blind sets after the thirteenth stay out of training.
    expect(writerSetInputs).not.toContain(paths.eval);
    expect(writerSetInputs).not.toContain(paths.blind14Eval);
    expect(writerSetInputs).not.toContain(paths.blind15Eval);
  });
});

/** Reading and normalising the whole corpus: seconds on a loaded 2-core CI machine, not 5. */
const CORPUS_TIMEOUT_MS = 60_000;

for (const set of BLIND_SETS) {
  describe(set.title, () => {
    const blind = readExamples(set.file);

    it(
      TRAINS.has(set.file)
        ? "is a writers' set (trains the model since it was measured), never an input of the corpus builder"
        : 'is never an input of the corpus builder or the trainer',
      () => {
        expect(corpusInputs).not.toContain(set.file);
        expect(trainerInputs).not.toContain(set.file);
        const readers = [...sourceFiles(join(sharedRoot, 'scripts')), ...sourceFiles(join(sharedRoot, 'src'))]
          .filter((file) => set.names.test(readFileSync(file, 'utf8')))
          .map((file) => basename(file));
        expect(readers.filter((name) => !ALLOWED_READERS.has(name))).toEqual([]);
      },
    );

    // A set that trains the model is training data itself: it must share no text with the own eval
    // set, which stays an evaluation set; a set that does not train must share none with the training data.
    it(
      TRAINS.has(set.file) ? 'shares no text with the own eval set' : 'shares no text with the training data',
      () => {
        const against = TRAINS.has(set.file)
          ? new Set(readExamples(paths.eval).map((e) => normalized(e.text)))
          : trained();
        expect(blind.filter((e) => against.has(normalized(e.text))).map((e) => e.text)).toEqual([]);
      },
      CORPUS_TIMEOUT_MS,
    );

    it('keeps its texts as first written, covering every category and every urgency', () => {
      const digest = createHash('sha256')
        .update(blind.map((e) => e.text).join('\n'))
        .digest('hex');
      expect(digest).toBe(set.sha256);
      const perCategory = categories.map((c) => blind.filter((e) => e.category === c).length);
      expect(Math.min(...perCategory)).toBeGreaterThanOrEqual(set.minPerCategory);
      expect(new Set(blind.map((e) => e.urgency))).toEqual(new Set(priorities));
    });
  });
}

/**
 * A text as written, up to case and spacing. The repeat checks below compare texts in this
 * form, not `normalized`: the normalizer learns regional words over time (Minang "indak",
 * Balinese "sing nyidang" → "tidak bisa"), which makes two regional renderings of one message —
 * distinct texts, written as such — equal after normalization, and a frozen set must not turn
 * invalid because the classifier's normalizer improved. (Each set was checked against the
 * normalizer of its day before it was frozen, which is stricter.)
 */
const surface = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** Each later blind set against the ones written before it (the first has no such check). */
for (const [index, set] of BLIND_SETS.entries()) {
  if (index === 0) continue;
  const earlier = BLIND_SETS.slice(0, index);
  describe(`the ${set.title} against the earlier blind sets`, () => {
    it('has at least 400 texts, none repeated within it or taken from an earlier blind set', () => {
      const before = new Set(earlier.flatMap((e) => readExamples(e.file)).map((e) => surface(e.text)));
      const texts = readExamples(set.file).map((e) => surface(e.text));
      expect(texts.length).toBeGreaterThanOrEqual(400);
      expect(texts.filter((text, i) => texts.indexOf(text) !== i)).toEqual([]);
      expect(texts.filter((text) => before.has(text))).toEqual([]);
    });
  });
}
