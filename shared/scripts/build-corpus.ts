/**
 * Builds shared/data/classify/{train,eval}.jsonl: hand-written lines + generated lines from
 * disjoint template halves (see corpus/templates.ts and data/classify/README.md).
 * Deterministic; run with `npm run corpus:classify -w @edc/shared`, then retrain.
 */
import { writeFileSync } from 'node:fs';
import { normalizeTokens } from '../src/domain/classify/normalize.ts';
import type { LabelledExample } from '../src/domain/classify/train.ts';
import { generateExamples } from './corpus/generate.ts';
import { corpusInputs, paths, readExamples, subcaseCatalogue } from './corpus/io.ts';

const catalogue = subcaseCatalogue();
const [handwrittenTrain, handwrittenEval] = corpusInputs;
const train = [...readExamples(handwrittenTrain), ...generateExamples('train', 17)];
const evalSet = [...readExamples(handwrittenEval), ...generateExamples('eval', 4242)];

for (const e of [...train, ...evalSet]) {
  if (e.subcase !== undefined && !catalogue[e.category]?.includes(e.subcase)) {
    throw new Error(`subcase ${e.category}/${e.subcase} is not in the SLA catalogue: ${e.text}`);
  }
}

// An eval line that normalizes to a training line would flatter the accuracy: drop it.
const trainKeys = new Set(train.map((e) => normalizeTokens(e.text).join(' ')));
const honestEval = evalSet.filter((e) => !trainKeys.has(normalizeTokens(e.text).join(' ')));

const write = (file: string, rows: readonly LabelledExample[]): void =>
  writeFileSync(
    file,
    rows
      .map((r) => JSON.stringify(r))
      .join('\n')
      .concat('\n'),
  );
write(paths.train, train);
write(paths.eval, honestEval);
process.stderr.write(
  `train.jsonl: ${train.length} lines; eval.jsonl: ${honestEval.length} lines (${evalSet.length - honestEval.length} dropped as duplicates of train)\n`,
);
