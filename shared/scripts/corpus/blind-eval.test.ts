import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeTokens } from '../../src/domain/classify/normalize.ts';
import { categories, priorities } from '../../src/schemas/common.ts';
import { corpusInputs, paths, readExamples, trainerInputs } from './io.ts';

/**
 * SHA-256 of the blind set's texts (labels excluded, joined with "\n"). The texts were written
 * once, blind, and committed before the model was ever run on them; a label may be corrected
 * when it is wrong by the DESIGN section 3 definitions (say so in label-notes.md), a text may
 * not be edited, added or removed — otherwise the set turns into a tuning set.
 */
const FROZEN_TEXTS_SHA256 = 'a4349766416720b18d4935af41de90edf05fa3ec14adaec54d25288233e4f164';

/** The only files allowed to name the blind set: where its path is defined, the bench, this test. */
const ALLOWED_READERS = new Set(['io.ts', 'bench-classify.ts', 'blind-eval.test.ts']);

const sharedRoot = join(paths.dataDir, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('blind evaluation set (shared/data/classify/blind/blind-eval.jsonl)', () => {
  const blind = readExamples(paths.blindEval);

  it('is never an input of the corpus builder or the trainer', () => {
    expect(corpusInputs).not.toContain(paths.blindEval);
    expect(trainerInputs).not.toContain(paths.blindEval);
    const readers = [...sourceFiles(join(sharedRoot, 'scripts')), ...sourceFiles(join(sharedRoot, 'src'))]
      .filter((file) => /blindEval|blind-eval/.test(readFileSync(file, 'utf8')))
      .map((file) => basename(file));
    expect(readers.filter((name) => !ALLOWED_READERS.has(name))).toEqual([]);
  });

  it('shares no text with the training data', () => {
    const trained = new Set(
      trainerInputs.flatMap((file) => readExamples(file)).map((e) => normalizeTokens(e.text).join(' ')),
    );
    expect(blind.filter((e) => trained.has(normalizeTokens(e.text).join(' '))).map((e) => e.text)).toEqual(
      [],
    );
  });

  it('keeps its texts as first written, balanced over every category and every urgency', () => {
    const digest = createHash('sha256')
      .update(blind.map((e) => e.text).join('\n'))
      .digest('hex');
    expect(digest).toBe(FROZEN_TEXTS_SHA256);
    const perCategory = categories.map((c) => blind.filter((e) => e.category === c).length);
    expect(Math.min(...perCategory)).toBeGreaterThanOrEqual(40);
    expect(new Set(blind.map((e) => e.urgency))).toEqual(new Set(priorities));
  });
});
