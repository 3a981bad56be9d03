/**
 * Deterministic randomness of the demo data: one seeded stream (mulberry32 from
 * shared/src/domain/prng.ts, identical on every platform) and the helpers the generator
 * draws from it. Every draw advances the one stream, so the ORDER of draws is part of
 * the demo set: moving a draw changes every row after it.
 */
import { mulberry32 } from '@edc/shared/domain';

/** The generator's one random stream, seeded. */
export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new RangeError('weighted pick from an empty list');
    return last[0];
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(10));
    return s;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += this.int(16).toString(16);
    return s;
  }
  /** Knuth's Poisson sampler; fine for the small daily means used here. */
  poisson(lambda: number): number {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
  /** UUID shaped like v7: the event time in the top 48 bits, then random bits. */
  uuidV7(at: number): string {
    const ts = Math.max(0, Math.floor(at)).toString(16).padStart(12, '0').slice(-12);
    const variant = (8 + this.int(4)).toString(16);
    return `${ts.slice(0, 8)}-${ts.slice(8)}-7${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }
}

/**
 * Bijective scramble of 1..10^digits-1: multiplying by a constant coprime to 10 (about
 * the golden ratio of the modulus, so neighbours land far apart) is a permutation mod
 * 10^digits — unique, random-looking identifiers without a "seen" set.
 */
export function scramble(i: number, digits: number, salt: number): string {
  const mod = 10n ** BigInt(digits);
  let mult = ((mod * 6_180_339_887n) / 10_000_000_000n) | 1n;
  if (mult % 5n === 0n) mult += 2n;
  const v = ((BigInt(i) + 1n) * mult + BigInt(salt)) % mod;
  return v.toString().padStart(digits, '0');
}
