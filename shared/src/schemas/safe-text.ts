/**
 * Text that can be stored: every string of every input schema goes through `safeText()`.
 *
 * Why: Postgres `text` cannot hold NUL (U+0000: SQLSTATE 22021, and 22P05 inside `jsonb`),
 * and a lone UTF-16 surrogate (`\ud800` without its pair) is not a character at all: it
 * cannot be encoded as UTF-8, so a JSON parameter carrying it is refused (22P02) and a
 * plain parameter is silently turned into U+FFFD. Left to the database, one such string
 * failed a whole push with a 5xx or 400 and the phone re-sent it forever (issue 11).
 * Rejected here, the document is refused on its own, with a reason, like any bad value.
 */
import { z } from 'zod';

/** NUL, a high surrogate not followed by a low one, or a low surrogate not after a high one. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point.
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_GLOBAL = new RegExp(UNSAFE.source, 'g');

export const UNSAFE_TEXT_MESSAGE = 'contains a NUL character or an unpaired surrogate';

/** True when `s` holds no NUL and no unpaired surrogate. */
export function isSafeText(s: string): boolean {
  return !UNSAFE.test(s);
}

/**
 * `s` with NUL removed and unpaired surrogates replaced by U+FFFD: for keeping a readable
 * copy of a refused document (a case stored `rejected` / `invalid`), never for accepting.
 */
export function cleanText(s: string): string {
  return UNSAFE.test(s) ? s.replace(UNSAFE_GLOBAL, (m) => (m === '\u0000' ? '' : '\ufffd')) : s;
}

/** A string schema that refuses unstorable characters; chain `.min()`, `.max()`, … as usual. */
export function safeText() {
  return z.string().refine(isSafeText, { message: UNSAFE_TEXT_MESSAGE });
}

/** Deepest nesting accepted in free-form JSON (`case_events.data`). */
export const MAX_JSON_DEPTH = 8;

/**
 * True when every string and key inside `value` is safe text and it nests at most
 * `maxDepth` levels. Iterative: a body of 500,000 nested arrays must not overflow the stack.
 */
export function isSafeJson(value: unknown, maxDepth = MAX_JSON_DEPTH): boolean {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (!isSafeText(v)) return false;
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth) return false;
    if (Array.isArray(v)) {
      for (const item of v) stack.push({ v: item, depth: depth + 1 });
      continue;
    }
    for (const [k, item] of Object.entries(v)) {
      if (!isSafeText(k)) return false;
      stack.push({ v: item, depth: depth + 1 });
    }
  }
  return true;
}

/** Free-form JSON object (event `data`): safe text everywhere, bounded nesting. */
export function safeJsonRecord() {
  return z
    .record(z.string(), z.unknown())
    .refine((v) => isSafeJson(v), { message: `${UNSAFE_TEXT_MESSAGE}, or nests too deep` });
}
