import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readExamples, writerSetInputs } from '../../../scripts/corpus/io.ts';
import { DEFAULT_SLA_CATALOGUE } from '../sla-catalogue.ts';
import { classify } from './classify.ts';
import { decodeModel } from './model.ts';
import {
  defaultTrainOptions,
  type LabelledExample,
  labelledExampleSchema,
  trainClassifier,
} from './train.ts';

const dataDir = fileURLToPath(new URL('../../../data/classify/', import.meta.url));
const readJsonl = (name: string): LabelledExample[] =>
  readFileSync(`${dataDir}${name}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => labelledExampleSchema.parse(JSON.parse(l)));

const catalogue: Record<string, string[]> = {};
for (const r of DEFAULT_SLA_CATALOGUE) catalogue[r.category] = [...(catalogue[r.category] ?? []), r.subcase];

/** Four lines with subcase labels, two categories: the smallest corpus that trains every head. */
const subcaseCorpus: LabelledExample[] = [
  { text: 'edc mati total', category: 'replace_device', urgency: 'critical', subcase: 'edc_mati' },
  { text: 'edc mati tidak nyala', category: 'replace_device', urgency: 'critical', subcase: 'edc_mati' },
  {
    text: 'kertas habis minta kertas',
    category: 'paper_supply',
    urgency: 'minor',
    subcase: 'kertas_habis',
  },
  { text: 'kertas thermal habis', category: 'paper_supply', urgency: 'minor', subcase: 'kertas_habis' },
];

describe('trainClassifier', () => {
  it('is deterministic: the committed corpus retrains to the committed model.json byte for byte', () => {
    const committed = readFileSync(fileURLToPath(new URL('./model.json', import.meta.url)), 'utf8');
    const writers = writerSetInputs.flatMap((file) => readExamples(file));
    const retrained = `${JSON.stringify(trainClassifier(readJsonl('train.jsonl'), catalogue, defaultTrainOptions, writers))}\n`;
    expect(retrained === committed).toBe(true);
    // A full training run: ~70 s on an idle 2-core machine, slower beside lint and typecheck.
  }, 360_000);

  it('trains the category and urgency heads, not the subcase head, on lines without a subcase label', () => {
    const corpus = subcaseCorpus;
    // A writer's lines: category and urgency labelled, subcase never.
    const writers: LabelledExample[] = [
      { text: 'mesin gosong berasap', category: 'replace_device', urgency: 'critical' },
      { text: 'mesin gosong bau berasap', category: 'replace_device', urgency: 'critical' },
    ];
    const options = { ...defaultTrainOptions, minDocFreq: 1 };
    const file = trainClassifier(corpus, catalogue, options, writers);
    const model = decodeModel(JSON.parse(JSON.stringify(file)));
    // No corpus line has these words (without the writers' lines the text has no feature and is
    // `other`): only the writers' lines can teach the category head that.
    expect(classify(model, 'gosong berasap')).toMatchObject({
      category: 'replace_device',
      urgency: 'critical',
    });
    // Had the writers' lines been read as "no subcase", the head would have that label.
    expect(file.subcase.labels).not.toContain('-');
    expect(trainClassifier([...corpus, ...writers], catalogue, options).subcase.labels).toContain('-');
  });

  it("weighs a writer's line writerWeight times a corpus line", () => {
    const corpus: LabelledExample[] = [
      { text: 'mesin gosong berasap', category: 'replace_device', urgency: 'critical', subcase: 'edc_mati' },
      { text: 'mesin gosong berasap', category: 'replace_device', urgency: 'critical', subcase: 'edc_mati' },
      { text: 'edc mati total', category: 'replace_device', urgency: 'critical', subcase: 'edc_mati' },
      { text: 'kertas thermal habis', category: 'paper_supply', urgency: 'minor', subcase: 'kertas_habis' },
    ];
    // One writer says otherwise about the same text: outvoted two to one at weight 1, not at 3.
    const writers: LabelledExample[] = [
      { text: 'mesin gosong berasap', category: 'other', urgency: 'minor' },
    ];
    const categoryAt = (writerWeight: number): string =>
      classify(
        decodeModel(
          trainClassifier(
            corpus,
            catalogue,
            { ...defaultTrainOptions, minDocFreq: 1, writerWeight },
            writers,
          ),
        ),
        'mesin gosong berasap',
      ).category;
    expect(categoryAt(1)).toBe('replace_device');
    expect(categoryAt(3)).toBe('other');
  });

  it('averages seedAverage fits, each with its own shuffling seed', () => {
    const tiny: LabelledExample[] = [
      ...subcaseCorpus,
      { text: 'settlement gagal dana belum masuk', category: 'transaction_settlement', urgency: 'major' },
      { text: 'mau tanya cara void', category: 'other', urgency: 'minor' },
    ];
    const fit = (seed: number, seedAverage: number) =>
      trainClassifier(tiny, catalogue, { ...defaultTrainOptions, minDocFreq: 1, seed, seedAverage });
    const one = fit(5, 1);
    const other = fit(5 + 7919, 1);
    const both = fit(5, 2);
    expect(both.meta.seedAverage).toBe(2);
    // The biases are stored unquantized (to 1e-4): the two-fit model's are the two fits' mean.
    const mean = one.category.bias.map((b, k) => (b + other.category.bias[k]!) / 2);
    expect(mean.some((m, k) => Math.abs(m - one.category.bias[k]!) > 1e-3)).toBe(true);
    both.category.bias.forEach((b, k) => {
      expect(Math.abs(b - mean[k]!)).toBeLessThanOrEqual(2e-4);
    });
  });

  it('learns a tiny corpus and keeps subcases inside their category', () => {
    const tiny: LabelledExample[] = [
      { text: 'edc mati total', category: 'replace_device', urgency: 'critical', subcase: 'edc_mati' },
      { text: 'edc mati tidak nyala', category: 'replace_device', urgency: 'critical', subcase: 'edc_mati' },
      {
        text: 'printer rusak struk kosong',
        category: 'replace_device',
        urgency: 'major',
        subcase: 'printer_rusak',
      },
      {
        text: 'printer rusak tidak cetak',
        category: 'replace_device',
        urgency: 'major',
        subcase: 'printer_rusak',
      },
      {
        text: 'kertas habis minta kertas',
        category: 'paper_supply',
        urgency: 'minor',
        subcase: 'kertas_habis',
      },
      { text: 'kertas thermal habis', category: 'paper_supply', urgency: 'minor', subcase: 'kertas_habis' },
    ];
    const options = { ...defaultTrainOptions, minDocFreq: 1 };
    const a = JSON.stringify(trainClassifier(tiny, catalogue, options));
    expect(JSON.stringify(trainClassifier(tiny, catalogue, options))).toBe(a);
    const model = decodeModel(JSON.parse(a));
    expect(classify(model, 'printer rusak')).toMatchObject({
      category: 'replace_device',
      subcase: 'printer_rusak',
    });
    expect(classify(model, 'kertas habis')).toMatchObject({
      category: 'paper_supply',
      subcase: 'kertas_habis',
    });
  });

  it('trains "no subcase" for complaints that fit none of their category\'s codes', () => {
    const tiny: LabelledExample[] = [
      { text: 'ganti nomor rekening', category: 'merchant_data', urgency: 'minor', subcase: 'ubah_rekening' },
      { text: 'ubah rekening bank', category: 'merchant_data', urgency: 'minor', subcase: 'ubah_rekening' },
      { text: 'aktifkan fitur cicilan', category: 'merchant_data', urgency: 'minor' },
      { text: 'aktifkan fitur tip', category: 'merchant_data', urgency: 'minor' },
      { text: 'kertas thermal habis', category: 'paper_supply', urgency: 'minor', subcase: 'kertas_habis' },
    ];
    const file = trainClassifier(tiny, catalogue, { ...defaultTrainOptions, minDocFreq: 1 });
    const noSubcase = file.subcase.labels.flatMap((l, k) => (l === '-' ? [file.subcase.categories[k]] : []));
    expect(noSubcase).toEqual(['merchant_data']);
    const model = decodeModel(file);
    expect(classify(model, 'ganti rekening')).toMatchObject({
      category: 'merchant_data',
      subcase: 'ubah_rekening',
    });
    const feature = classify(model, 'aktifkan fitur');
    expect(feature.category).toBe('merchant_data');
    expect(feature.subcase).toBeUndefined();
  });

  it('rejects a subcase that is not in the catalogue', () => {
    expect(() =>
      trainClassifier(
        [{ text: 'x y', category: 'paper_supply', urgency: 'minor', subcase: 'nope' }],
        catalogue,
      ),
    ).toThrow(/unknown subcase/);
  });

  it('never sees an eval text in training (honest held-out set)', () => {
    const train = new Set(readJsonl('train.jsonl').map((e) => e.text.toLowerCase()));
    const evalSet = readJsonl('eval.jsonl');
    expect(evalSet.length).toBeGreaterThanOrEqual(300);
    expect(train.size).toBeGreaterThanOrEqual(1000);
    expect(evalSet.filter((e) => train.has(e.text.toLowerCase()))).toEqual([]);
  });
});
