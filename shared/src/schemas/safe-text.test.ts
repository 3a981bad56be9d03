import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cleanText, isSafeJson, isSafeText, MAX_JSON_DEPTH, safeJsonRecord, safeText } from './safe-text.ts';

describe('isSafeText / cleanText', () => {
  it.each([
    ['plain text', 'EDC mati total', true, 'EDC mati total'],
    ['empty', '', true, ''],
    ['Indonesian and emoji (a surrogate pair)', 'Layar rusak 😀 café', true, 'Layar rusak 😀 café'],
    ['NUL', 'a\u0000b', false, 'ab'],
    ['only NUL', '\u0000', false, ''],
    ['lone high surrogate at the end', 'abc\ud800', false, 'abc\ufffd'],
    ['lone high surrogate before a letter', '\ud800x', false, '\ufffdx'],
    ['lone low surrogate', 'x\udc00', false, 'x\ufffd'],
    ['reversed pair', '\ude00\ud83d', false, '\ufffd\ufffd'],
    ['two high surrogates then a low one', '\ud83d\ud83d\ude00', false, '\ufffd😀'],
  ])('%s', (_what, input, safe, cleaned) => {
    expect(isSafeText(input)).toBe(safe);
    expect(cleanText(input)).toBe(cleaned);
    expect(isSafeText(cleanText(input))).toBe(true);
  });

  it('safeText() keeps the usual string checks chainable', () => {
    const s = safeText().trim().min(1).max(5);
    expect(s.safeParse('  ab ').data).toBe('ab');
    expect(s.safeParse('abcdef').success).toBe(false);
    expect(s.safeParse('a\u0000').success).toBe(false);
    expect(z.object({ a: safeText().optional() }).safeParse({}).success).toBe(true);
  });
});

describe('isSafeJson', () => {
  const nest = (depth: number): unknown => {
    let v: unknown = 'leaf';
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  };
  it.each([
    ['flat object', { satisfaction: 5, note: 'ok' }, true],
    ['NUL in a nested value', { a: { b: ['x\u0000'] } }, false],
    ['lone surrogate in a key', { 'k\ud800': 1 }, false],
    ['nesting at the limit', nest(MAX_JSON_DEPTH), true],
    ['nesting past the limit', nest(MAX_JSON_DEPTH + 1), false],
    ['very deep nesting does not overflow the stack', nest(200_000), false],
  ])('%s', (_what, value, safe) => {
    expect(isSafeJson(value)).toBe(safe);
  });

  it('safeJsonRecord() refuses what isSafeJson refuses', () => {
    expect(safeJsonRecord().safeParse({ a: 'x' }).success).toBe(true);
    expect(safeJsonRecord().safeParse({ a: '\u0000' }).success).toBe(false);
  });
});
