import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSealed, openSecret, sealSecret } from './secret-box.ts';

describe('webhook secrets at rest (AES-256-GCM)', () => {
  const key = randomBytes(32);
  it('seals to something else each time, and opens again', () => {
    const a = sealSecret('whsec_receiver-secret', key);
    const b = sealSecret('whsec_receiver-secret', key);
    expect(a).not.toContain('receiver-secret');
    expect(a).not.toBe(b);
    expect(isSealed(a)).toBe(true);
    expect(openSecret(a, key)).toBe('whsec_receiver-secret');
  });

  it('refuses another key and a tampered value; reads a legacy plain secret as is', () => {
    const sealed = sealSecret('s3cret-0123456789', key);
    expect(() => openSecret(sealed, randomBytes(32))).toThrow();
    // One full-bit character changed (the last one may carry padding bits only).
    const tampered = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(tampered).not.toBe(sealed);
    expect(() => openSecret(tampered, key)).toThrow();
    expect(openSecret('legacy-plain-secret', key)).toBe('legacy-plain-secret');
  });
});
