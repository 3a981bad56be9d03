/**
 * `npm run loso:classify -w @edc/shared`: how well does the classifier generalise to a writer it
 * has not seen? Leave one writer's set out: for each of the writers' sets (`writerSetInputs`: the
 * independent set and the first thirteen blind sets, each by another writer), train on the corpus and
 * the other writers' sets, and evaluate on the one left out; the baseline, trained in the same
 * run, is the corpus alone (what the model was before the eleventh round). Prints category and
 * urgency right per held-out set, and the sums. Heavy (fourteen full trainings and the baseline, ~15 min on an idle
 * 2-core machine): run it under the heavy lock. `LOSO_ONLY=independent,blind8` limits
 * the folds (file names without `-eval.jsonl`).
 */
import { basename } from 'node:path';
import { classify } from '../src/domain/classify/classify.ts';
import { type ClassifierModel, decodeModel } from '../src/domain/classify/model.ts';
import { type LabelledExample, trainClassifier } from '../src/domain/classify/train.ts';
import { readExamples, subcaseCatalogue, trainerInputs, writerSetInputs } from './corpus/io.ts';

const corpus = trainerInputs.flatMap((file) => readExamples(file));
const catalogue = subcaseCatalogue();
const sets = writerSetInputs.map((file) => ({
  name: basename(file, '.jsonl').replace(/-eval$/, ''),
  examples: readExamples(file),
}));
const only = process.env.LOSO_ONLY?.split(',').map((s) => s.trim());

const fit = (writers: readonly LabelledExample[]): ClassifierModel =>
  decodeModel(JSON.parse(JSON.stringify(trainClassifier(corpus, catalogue, undefined, writers))));

function right(model: ClassifierModel, examples: readonly LabelledExample[]): [number, number] {
  let category = 0;
  let urgency = 0;
  for (const e of examples) {
    const p = classify(model, e.text);
    if (p.category === e.category) category++;
    if (p.urgency === e.urgency) urgency++;
  }
  return [category, urgency];
}

const baseline = fit([]);
const sum = { n: 0, base: [0, 0], loso: [0, 0] };
process.stdout.write(
  'held-out set | texts | corpus only: category / urgency right | corpus + other writers\n',
);
for (const held of sets) {
  if (only !== undefined && !only.includes(held.name)) continue;
  const model = fit(sets.filter((s) => s !== held).flatMap((s) => s.examples));
  const base = right(baseline, held.examples);
  const loso = right(model, held.examples);
  sum.n += held.examples.length;
  for (const k of [0, 1]) {
    sum.base[k]! += base[k]!;
    sum.loso[k]! += loso[k]!;
  }
  process.stdout.write(
    `${held.name} | ${held.examples.length} | ${base.join(' / ')} | ${loso.join(' / ')}\n`,
  );
}
const pct = (n: number): string => `${((100 * n) / sum.n).toFixed(1)}%`;
process.stdout.write(
  `all held out | ${sum.n} | ${sum.base.join(' / ')} (${sum.base.map(pct).join(' / ')}) | ` +
    `${sum.loso.join(' / ')} (${sum.loso.map(pct).join(' / ')})\n`,
);
