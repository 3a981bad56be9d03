/**
 * Trains the complaint classifier from shared/data/classify/train.jsonl (never eval.jsonl)
 * and writes shared/src/domain/classify/model.json. Deterministic: the same corpus gives a
 * byte-identical file. Run with `npm run train:classify -w @edc/shared`.
 */
import { writeFileSync } from 'node:fs';
import { trainClassifier } from '../src/domain/classify/train.ts';
import { paths, readExamples, subcaseCatalogue, trainerInputs } from './corpus/io.ts';

const examples = trainerInputs.flatMap((file) => readExamples(file));
const started = performance.now();
const model = trainClassifier(examples, subcaseCatalogue());
const text = `${JSON.stringify(model)}\n`;
writeFileSync(paths.model, text);
process.stderr.write(
  `trained on ${examples.length} examples in ${Math.round(performance.now() - started)} ms: ` +
    `${model.featureCount} features, ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB → ${paths.model}\n`,
);
