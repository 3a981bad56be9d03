/**
 * `npm run --silent classify` (DESIGN section 7): reads JSON lines `{"text": "..."}` on
 * stdin and writes exactly one JSON line per input line to stdout:
 * `{"category", "urgency", "subcase"?, "confidence"}`.
 *
 * One line out per line in, always, so callers can zip input and output: a blank line,
 * malformed JSON or a line without a string `text` gives `category: "other"`,
 * `urgency: "minor"`, `confidence: 0` plus `error` (`empty_line` | `invalid_json` |
 * `invalid_input`). Nothing else is ever written to stdout; diagnostics go to stderr.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { classify } from '../src/domain/classify/classify.ts';
import { bundledClassifierModel } from '../src/domain/classify/classify-complaint.ts';

const inputSchema = z.object({ text: z.string() });
const model = bundledClassifierModel();

function answer(line: string): string {
  const failed = (error: string): string =>
    JSON.stringify({ category: 'other', urgency: 'minor', confidence: 0, error });
  if (line.trim() === '') return failed('empty_line');
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return failed('invalid_json');
  }
  const input = inputSchema.safeParse(json);
  if (!input.success) return failed('invalid_input');
  const { category, urgency, subcase, confidence } = classify(model, input.data.text);
  return JSON.stringify({ category, urgency, subcase, confidence });
}

const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
rl.on('line', (line) => {
  process.stdout.write(`${answer(line)}\n`);
});
