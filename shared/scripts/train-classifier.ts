/**
 * Trains the complaint classifier from shared/data/classify/train.jsonl (all three heads) and the
 * writers' sets (`writerSetInputs`: the independent set and the first thirteen blind sets, category
 * and urgency heads only — their writers labelled no subcase; each line weighs `writerWeight`
 * corpus lines), never eval.jsonl, the fourteenth blind set or a later one, and writes shared/src/domain/classify/model.json. Deterministic: the same corpus
 * gives a byte-identical file. Run with `npm run train:classify -w @edc/shared`.
 */
import { writeFileSync } from 'node:fs';
import { defaultTrainOptions, trainClassifier } from '../src/domain/classify/train.ts';
import { paths, readExamples, subcaseCatalogue, trainerInputs, writerSetInputs } from './corpus/io.ts';

const examples = trainerInputs.flatMap((file) => readExamples(file));
const writers = writerSetInputs.flatMap((file) => readExamples(file));
const started = performance.now();
const model = trainClassifier(examples, subcaseCatalogue(), defaultTrainOptions, writers);
const text = `${JSON.stringify(model)}\n`;
writeFileSync(paths.model, text);
process.stderr.write(
  `trained on ${examples.length} corpus lines + ${writers.length} writers' lines in ${Math.round(performance.now() - started)} ms: ` +
    `${model.featureCount} features, ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB → ${paths.model}\n`,
);
