import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { retryDelayMs, signWebhook, verifyWebhookSignature } from './webhooks.ts';

describe('webhook signature', () => {
  const secret = 'whsec_test_0123456789abcdef';
  const body = '{"event":"case.accepted","case":{"id":"x"}}';

  it('is HMAC-SHA256 over "t.body", hex', () => {
    const expected = createHmac('sha256', secret).update(`1767225600.${body}`).digest('hex');
    expect(signWebhook(secret, body, 1767225600)).toBe(`t=1767225600,v1=${expected}`);
  });

  it.each([
    ['valid', (h: string) => h, 1767225600, true],
    ['within tolerance', (h: string) => h, 1767225600 + 299, true],
    ['too old (replay)', (h: string) => h, 1767225600 + 301, false],
    ['tampered mac', (h: string) => h.replace(/.$/, (c) => (c === '0' ? '1' : '0')), 1767225600, false],
    ['other timestamp', (h: string) => h.replace('t=1767225600', 't=1767225601'), 1767225600, false],
    ['garbage', () => 'v1=abc', 1767225600, false],
  ])('verify: %s', (_name, mutate, now, ok) => {
    expect(verifyWebhookSignature(secret, body, mutate(signWebhook(secret, body, 1767225600)), now)).toBe(ok);
  });

  it('a different body does not verify', () => {
    expect(
      verifyWebhookSignature(secret, `${body} `, signWebhook(secret, body, 1767225600), 1767225600),
    ).toBe(false);
  });
});

describe('retryDelayMs', () => {
  const o = { baseDelayMs: 1000, maxDelayMs: 60_000 };
  it.each([
    [1, 0, 500],
    [1, 0.999999, 1000],
    [2, 0, 1000],
    [3, 0.5, 3000],
    [10, 0, 30_000],
    [10, 0.999999, 60_000],
    [50, 0.5, 45_000],
  ])('attempt %d, random %d → %d ms', (attempt, random, expected) => {
    expect(retryDelayMs(attempt, o, random)).toBe(expected);
  });

  it('grows (in its lower bound) with every attempt until the cap', () => {
    const lows = [1, 2, 3, 4, 5, 6, 7].map((a) => retryDelayMs(a, o, 0));
    for (let i = 1; i < lows.length; i++) expect(lows[i]).toBeGreaterThanOrEqual(lows[i - 1]!);
    expect(
      Math.max(...[1, 2, 3, 4, 5, 6, 7, 8].map((a) => retryDelayMs(a, o, 0.999999))),
    ).toBeLessThanOrEqual(60_000);
  });
});
