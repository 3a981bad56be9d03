/**
 * File I/O shared by the classifier scripts: paths of the corpus and the model, and a
 * validating JSON-lines reader (a bad corpus line fails loudly with its line number).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LabelledExample, labelledExampleSchema } from '../../src/domain/classify/train.ts';
import { DEFAULT_SLA_CATALOGUE } from '../../src/domain/sla-catalogue.ts';
import type { Category } from '../../src/schemas/common.ts';

const sharedRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const paths = {
  dataDir: join(sharedRoot, 'data', 'classify'),
  train: join(sharedRoot, 'data', 'classify', 'train.jsonl'),
  eval: join(sharedRoot, 'data', 'classify', 'eval.jsonl'),
  handwrittenTrain: join(sharedRoot, 'data', 'classify', 'handwritten-train.jsonl'),
  handwrittenEval: join(sharedRoot, 'data', 'classify', 'handwritten-eval.jsonl'),
  /**
   * Independent evaluation set (issue 17): written in one go before the model was changed;
   * measured, then a development set, and since the eleventh round one of `writerSetInputs`.
   */
  independentEval: join(sharedRoot, 'data', 'classify', 'independent-eval.jsonl'),
  /**
   * Blind evaluation set (issue 17 follow-up, see data/classify/blind/README.md): written by
   * someone who never saw the corpus, the templates, the model or the other eval sets; measured once by the bench. Since the eleventh
   * round one of `writerSetInputs` (it trains the model).
   */
  blindEval: join(sharedRoot, 'data', 'classify', 'blind', 'blind-eval.jsonl'),
  /**
   * Second blind evaluation set (issue 17, see data/classify/blind2/README.md): the first one
   * has been read for error kinds, so this one, written the same way by another writer, is the
   * honest figure; measured once by the bench. Since the eleventh
   * round one of `writerSetInputs` (it trains the model).
   */
  blind2Eval: join(sharedRoot, 'data', 'classify', 'blind2', 'blind2-eval.jsonl'),
  /**
   * Third blind evaluation set (issue 17, see data/classify/blind3/README.md): written the same
   * way by a third writer, who saw no corpus, template, model or other set; measured once by the bench. Since the eleventh
   * round one of `writerSetInputs` (it trains the model).
   */
  blind3Eval: join(sharedRoot, 'data', 'classify', 'blind3', 'blind3-eval.jsonl'),
  /**
   * Fourth blind evaluation set (issue 17, see data/classify/blind4/README.md): written the same
   * way by a fourth writer, who saw no corpus, template, model or other set; measured once by the bench. Since the eleventh
   * round one of `writerSetInputs` (it trains the model).
   */
  blind4Eval: join(sharedRoot, 'data', 'classify', 'blind4', 'blind4-eval.jsonl'),
  /**
   * Fifth blind evaluation set (issue 17, see data/classify/blind5/README.md): written the same
   * way by a fifth writer, who saw no corpus, template, model or other set; measured once by the bench. Since the eleventh
   * round one of `writerSetInputs` (it trains the model).
   */
  blind5Eval: join(sharedRoot, 'data', 'classify', 'blind5', 'blind5-eval.jsonl'),
  /**
   * Sixth blind evaluation set (issue 17, see data/classify/blind6/README.md): written the same
   * way by a sixth writer, who saw no corpus, template, model or other set; measured once by the bench. Since the eleventh
   * round one of `writerSetInputs` (it trains the model).
   */
  blind6Eval: join(sharedRoot, 'data', 'classify', 'blind6', 'blind6-eval.jsonl'),
  /**
   * Seventh blind evaluation set (issue 17, see data/classify/blind7/README.md): written the same
   * way by a seventh writer, who saw no corpus, template, model or other set; measured once by the bench. Since the eleventh
   * round one of `writerSetInputs` (it trains the model).
   */
  blind7Eval: join(sharedRoot, 'data', 'classify', 'blind7', 'blind7-eval.jsonl'),
  /**
   * Eighth blind evaluation set (issue 17, see data/classify/blind8/README.md): written the same
   * way by an eighth writer, who saw no corpus, template, model or other set; measured once by the bench. Since the eleventh
   * round one of `writerSetInputs` (it trains the model).
   */
  blind8Eval: join(sharedRoot, 'data', 'classify', 'blind8', 'blind8-eval.jsonl'),
  /**
   * Ninth blind evaluation set (issue 17, see data/classify/blind9/README.md): written the same
   * way by a ninth writer, who saw no corpus, template, model or other set; measured once by the
   * bench (eleventh round). Since the twelfth round one of `writerSetInputs` (it trains the model).
   */
  blind9Eval: join(sharedRoot, 'data', 'classify', 'blind9', 'blind9-eval.jsonl'),
  /**
   * Tenth blind evaluation set (issue 17, see data/classify/blind10/README.md): written the same
   * way by a tenth writer, who saw no corpus, template, model or other set; measured once by the
   * bench (twelfth round). Since the thirteenth round one of `writerSetInputs` (it trains the model).
   */
  blind10Eval: join(sharedRoot, 'data', 'classify', 'blind10', 'blind10-eval.jsonl'),
  /**
   * Eleventh blind evaluation set (issue 17, see data/classify/blind11/README.md): written the
   * same way by an eleventh writer, who saw no corpus, template, model or other set; measured once
   * by the bench (thirteenth round). Since the sixteenth round one of `writerSetInputs` (it trains
   * the model).
   */
  blind11Eval: join(sharedRoot, 'data', 'classify', 'blind11', 'blind11-eval.jsonl'),
  /**
   * Twelfth blind evaluation set (issue 17, see data/classify/blind12/README.md): written the
   * same way by a twelfth writer, who saw no corpus, template, model or other set; measured once
   * by the bench (fourteenth round). Since the sixteenth round one of `writerSetInputs` (it trains
   * the model).
   */
  blind12Eval: join(sharedRoot, 'data', 'classify', 'blind12', 'blind12-eval.jsonl'),
  /**
   * Thirteenth blind evaluation set (issue 17, see data/classify/blind13/README.md): written the
   * same way by a thirteenth writer, who saw no corpus, template, model or other set; measured once
   * by the bench (fifteenth round). Since the sixteenth round one of `writerSetInputs` (it trains
   * the model).
   */
  blind13Eval: join(sharedRoot, 'data', 'classify', 'blind13', 'blind13-eval.jsonl'),
  /**
   * Fourteenth blind evaluation set (issue 17, see data/classify/blind14/README.md): written the
   * same way by a fourteenth writer, who saw no corpus, template, model or other set; measured once
   * by the bench (sixteenth round), a development set since: read only by the bench. Never add it
   * to the lists below.
   */
  blind14Eval: join(sharedRoot, 'data', 'classify', 'blind14', 'blind14-eval.jsonl'),
  /**
   * Fifteenth blind evaluation set (issue 17, see data/classify/blind15/README.md): written the
   * same way by a fifteenth writer, who saw no corpus, template, model or other set; read only by
   * the bench. Never add it to the lists below.
   */
  blind15Eval: join(sharedRoot, 'data', 'classify', 'blind15', 'blind15-eval.jsonl'),
  model: join(sharedRoot, 'src', 'domain', 'classify', 'model.json'),
} as const;

/** The files `npm run corpus:classify` builds train.jsonl and eval.jsonl from (plus the generator). */
export const corpusInputs = [paths.handwrittenTrain, paths.handwrittenEval] as const;

/** The files `npm run train:classify` fits the model on, all three heads. */
export const trainerInputs = [paths.train] as const;

/**
 * The writers' sets (eleventh round of issue 17): the independent set and the first thirteen blind
 * sets (the ninth since the twelfth round, the tenth since the thirteenth, the eleventh to thirteenth
 * since the sixteenth), each written by another
 * writer and each measured once as an evaluation set before it became a development set. They train
 * the model too — the category and urgency heads only, as their writers labelled no subcase — so
 * none of them is an evaluation set any more (the bench reports them as training data). The own
 * eval set and every blind set not yet measured (the fourteenth and later) stay out of this list.
 */
export const writerSetInputs = [
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
] as const;

export function readExamples(file: string): LabelledExample[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: LabelledExample[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = labelledExampleSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
    out.push(parsed.data);
  });
  return out;
}

/** Subcase codes per category, taken from the SLA catalogue so the classifier suggests only real codes. */
export function subcaseCatalogue(): Partial<Record<Category, string[]>> {
  const out: Partial<Record<Category, string[]>> = {};
  for (const rule of DEFAULT_SLA_CATALOGUE) {
    const list = out[rule.category] ?? [];
    list.push(rule.subcase);
    out[rule.category] = list;
  }
  return out;
}
