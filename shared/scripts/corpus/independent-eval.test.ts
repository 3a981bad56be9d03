import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeTokens } from '../../src/domain/classify/normalize.ts';
import { categories } from '../../src/schemas/common.ts';
import { corpusInputs, paths, readExamples, trainerInputs, writerSetInputs } from './io.ts';

/**
 * SHA-256 of the independent set's texts (labels excluded, joined with "\n"). The texts were
 * written once, before the model was changed (issue 17); a label may be corrected when it is
 * wrong by the DESIGN section 3 definitions, a text may not be edited, added or removed.
 */
const FROZEN_TEXTS_SHA256 = '4ddcc4870765c00f3c8e30f1dd3b772114da2703caf79027ef58d931e9b28055';

/** The only files allowed to name the independent set: where its path is defined, the bench, the two set tests. */
const ALLOWED_READERS = new Set([
  'io.ts',
  'bench-classify.ts',
  'independent-eval.test.ts',
  'blind-eval.test.ts',
]);

const sharedRoot = join(paths.dataDir, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('independent evaluation set (shared/data/classify/independent-eval.jsonl)', () => {
  const independent = readExamples(paths.independentEval);

  it("is a writers' set since the eleventh round: it trains the model, never the corpus builder", () => {
    expect(corpusInputs).not.toContain(paths.independentEval);
    expect(trainerInputs).not.toContain(paths.independentEval);
    expect(writerSetInputs).toContain(paths.independentEval);
    // A script could also read the file directly: only io.ts, the bench and this test may name it.
    const readers = [...sourceFiles(join(sharedRoot, 'scripts')), ...sourceFiles(join(sharedRoot, 'src'))]
      .filter((file) => /independentEval|independent-eval/.test(readFileSync(file, 'utf8')))
      .map((file) => basename(file));
    expect(readers.filter((name) => !ALLOWED_READERS.has(name))).toEqual([]);
  });

  it('shares no text with the own eval set, which stays an evaluation set', () => {
    const own = new Set(readExamples(paths.eval).map((e) => normalizeTokens(e.text).join(' ')));
    expect(independent.filter((e) => own.has(normalizeTokens(e.text).join(' '))).map((e) => e.text)).toEqual(
      [],
    );
  });

  it('keeps its texts as first written: at least 400 lines over every category', () => {
    expect(independent.length).toBeGreaterThanOrEqual(400);
    expect(new Set(independent.map((e) => e.category))).toEqual(new Set(categories));
    const digest = createHash('sha256')
      .update(independent.map((e) => e.text).join('\n'))
      .digest('hex');
    expect(digest).toBe(FROZEN_TEXTS_SHA256);
  });
});
