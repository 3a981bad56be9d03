/**
 * `npm run bench:classify`: evaluates the committed model on shared/data/classify/eval.jsonl
 * (never used for training) and prints per-category and overall accuracy, the confusion
 * matrix, urgency and subcase accuracy, accuracy of confident predictions, latency p50/p95
 * per text, and two baselines from the same run (majority class, keyword rules).
 * Targets (issue 5): category ≥ 95%, urgency ≥ 80%, p95 ≤ 2 ms.
 */
import { readFileSync, statSync } from 'node:fs';
import { classify, isLowConfidence, LOW_CONFIDENCE_THRESHOLD } from '../src/domain/classify/classify.ts';
import { decodeModel } from '../src/domain/classify/model.ts';
import { CATEGORY_ROUTING } from '../src/domain/sla-catalogue.ts';
import { type Category, categories, type Priority } from '../src/schemas/common.ts';
import { paths, readExamples } from './corpus/io.ts';

const LATENCY_ROUNDS = 20;

const examples = readExamples(paths.eval);
const trainCount = readExamples(paths.train).length;
const loadStart = performance.now();
const model = decodeModel(JSON.parse(readFileSync(paths.model, 'utf8')));
const loadMs = performance.now() - loadStart;

interface Prediction {
  category: Category;
  urgency: Priority;
  subcase?: string;
  confidence?: number;
}

const predictions: Prediction[] = examples.map((e) => classify(model, e.text));

// Latency: warm up, then time every text individually over several rounds.
for (const e of examples) classify(model, e.text);
const times: number[] = [];
for (let r = 0; r < LATENCY_ROUNDS; r++) {
  for (const e of examples) {
    const t0 = performance.now();
    classify(model, e.text);
    times.push(performance.now() - t0);
  }
}
times.sort((a, b) => a - b);
const pct = (p: number): number => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;

const out: string[] = [];
const line = (s = ''): void => {
  out.push(s);
};
const percent = (n: number, d: number): string =>
  d === 0 ? '  n/a' : `${((100 * n) / d).toFixed(1).padStart(5)}%`;

line(
  `Complaint classifier — eval.jsonl: ${examples.length} texts (train.jsonl: ${trainCount}, not used here)`,
);
line(
  `model.json: ${(statSync(paths.model).size / 1024).toFixed(1)} KB, ${model.featureIndex.size} features, decoded in ${loadMs.toFixed(1)} ms`,
);
line();
report('MODEL', predictions, true);

// Baselines, same run, same eval set.
const counts = new Map<Category, number>();
for (const e of readExamples(paths.train)) counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
const majority = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
line();
report(
  `BASELINE majority class (${majority}, urgency = its catalogue priority)`,
  examples.map(() => ({ category: majority, urgency: CATEGORY_ROUTING[majority].priority })),
  false,
);
line();
report(
  'BASELINE keyword rules (first matching rule wins, urgency = category default priority)',
  examples.map((e) => {
    const category = keywordCategory(e.text);
    return { category, urgency: CATEGORY_ROUTING[category].priority };
  }),
  false,
);
line();
line(
  `Latency per text (model, ${times.length} timed calls): p50 ${pct(50).toFixed(3)} ms, p95 ${pct(95).toFixed(3)} ms, max ${times[times.length - 1]!.toFixed(3)} ms`,
);
const gibberish = ['asdfgh qwerty zxcv', 'lorem ipsum dolor sit amet', '12345', '???', 'xkcd blorp fnord'];
line(
  `Gibberish → ${gibberish.map((g) => `"${g}": ${classify(model, g).category} ${classify(model, g).confidence}`).join('; ')}`,
);
const catOk = predictions.filter((p, i) => p.category === examples[i]!.category).length / examples.length;
const urgOk = predictions.filter((p, i) => p.urgency === examples[i]!.urgency).length / examples.length;
line();
line(
  `TARGETS: category ${(catOk * 100).toFixed(1)}% (≥ 95%) ${catOk >= 0.95 ? 'OK' : 'MISSED'}; ` +
    `urgency ${(urgOk * 100).toFixed(1)}% (≥ 80%) ${urgOk >= 0.8 ? 'OK' : 'MISSED'}; ` +
    `p95 ${pct(95).toFixed(3)} ms (≤ 2 ms) ${pct(95) <= 2 ? 'OK' : 'MISSED'}`,
);
process.stdout.write(`${out.join('\n')}\n`);

function report(title: string, preds: readonly Prediction[], detailed: boolean): void {
  line(`== ${title}`);
  const ok = (i: number): boolean => preds[i]!.category === examples[i]!.category;
  const total = examples.filter((_, i) => ok(i)).length;
  line(`category accuracy: ${percent(total, examples.length)} (${total}/${examples.length})`);
  for (const c of categories) {
    const idx = examples.flatMap((e, i) => (e.category === c ? [i] : []));
    const right = idx.filter(ok).length;
    line(`  ${c.padEnd(24)} ${percent(right, idx.length)} (${right}/${idx.length})`);
  }
  const urg = examples.filter((e, i) => preds[i]!.urgency === e.urgency).length;
  line(`urgency accuracy: ${percent(urg, examples.length)} (${urg}/${examples.length})`);
  if (!detailed) return;

  for (const source of [...new Set(examples.map((e) => e.source ?? 'unknown'))].sort()) {
    const idx = examples.flatMap((e, i) => ((e.source ?? 'unknown') === source ? [i] : []));
    const right = idx.filter(ok).length;
    const u = idx.filter((i) => preds[i]!.urgency === examples[i]!.urgency).length;
    line(
      `  source ${source.padEnd(17)} category ${percent(right, idx.length)}, urgency ${percent(u, idx.length)} (n=${idx.length})`,
    );
  }
  const withSub = examples.flatMap((e, i) => (e.subcase !== undefined && ok(i) ? [i] : []));
  const subOk = withSub.filter((i) => preds[i]!.subcase === examples[i]!.subcase).length;
  line(
    `subcase accuracy (where category is right): ${percent(subOk, withSub.length)} (${subOk}/${withSub.length})`,
  );
  const confident = examples.flatMap((_, i) =>
    isLowConfidence({ confidence: preds[i]!.confidence ?? 0 }) ? [] : [i],
  );
  const confidentOk = confident.filter(ok).length;
  line(
    `confident (≥ ${LOW_CONFIDENCE_THRESHOLD}): ${percent(confident.length, examples.length)} of texts, ` +
      `category accuracy among them ${percent(confidentOk, confident.length)}; the rest are shown as suggestions to confirm`,
  );

  line('confusion matrix (rows = true, columns = predicted):');
  const short = categories.map((c) =>
    c
      .split('_')
      .map((w) => w.slice(0, 4))
      .join('_')
      .slice(0, 9),
  );
  line(`  ${''.padEnd(24)} ${short.map((s) => s.padStart(9)).join(' ')}`);
  for (const c of categories) {
    const row = categories.map(
      (p) => examples.filter((e, i) => e.category === c && preds[i]!.category === p).length,
    );
    line(`  ${c.padEnd(24)} ${row.map((n) => String(n).padStart(9)).join(' ')}`);
  }
  const errors = examples.flatMap((e, i) => (ok(i) ? [] : [{ e, p: preds[i]! }]));
  if (errors.length > 0) {
    line('misclassified:');
    for (const { e, p } of errors.slice(0, 25)) {
      line(`  [${e.category} → ${p.category} ${p.confidence ?? ''}] ${e.text}`);
    }
  }
}

/** The obvious hand-written alternative the model has to beat. */
function keywordCategory(text: string): Category {
  const t = text.toLowerCase();
  const rules: [RegExp, Category][] = [
    [
      /double|dobel|dua kali|2x|ganda|refund|void|mdr|settle|dana|cair|funds|charged twice/,
      'transaction_settlement',
    ],
    [/rekening|alamat|nama .*struk|tarik edc|tambah edc|address|account/, 'merchant_data'],
    [/kertas|paper|roll|sales draft/, 'paper_supply'],
    [/\bsam\b|psam|e-?money|flazz|brizzi|tapcash/, 'replace_sam_card'],
    [
      /sinyal|signal|gprs|sim ?card|koneksi|connect|host|timeout|time out|wifi|jaringan|dial/,
      'replace_network_card',
    ],
    [/mati|layar|printer|struk|kartu|card|hang|nyala|lcd|screen|keypad|serial|\bsn\b/, 'replace_device'],
  ];
  return rules.find(([re]) => re.test(t))?.[1] ?? 'other';
}
