import { describe, expect, it } from 'vitest';
import { createConsensus } from './consensus.ts';
import type { DecodeResult } from './decoder-core.ts';

const A: DecodeResult = { text: 'V2T1234567', format: 'Code128' };
const B: DecodeResult = { text: 'V2T1234568', format: 'Code128' };
const A_QR: DecodeResult = { text: 'V2T1234567', format: 'QRCode' };

/** Index of the frame at which the consensus accepted, and what it accepted. */
function run(frames: (DecodeResult | null)[], options?: Parameters<typeof createConsensus>[0]) {
  const c = createConsensus(options);
  const accepted = frames.map((f) => c.push(f));
  const at = accepted.findIndex((r) => r !== null);
  return { at, value: at >= 0 ? accepted[at] : null, acceptances: accepted.filter((r) => r !== null).length };
}

describe('createConsensus (default: two consecutive agreeing frames)', () => {
  it.each([
    { name: 'two agreeing frames', frames: [A, A], at: 1 },
    { name: 'a single read is never enough', frames: [A], at: -1 },
    { name: 'a miss between reads breaks the streak', frames: [A, null, A], at: -1 },
    { name: 'a miss then two agreeing reads', frames: [A, null, A, A], at: 3 },
    { name: 'a different text restarts the streak', frames: [A, B, A], at: -1 },
    { name: 'the new candidate can win', frames: [A, B, B], at: 2 },
    { name: 'same text, different format do not agree', frames: [A, A_QR], at: -1 },
    { name: 'nothing decoded', frames: [null, null, null], at: -1 },
  ])('$name', ({ frames, at }) => {
    expect(run(frames).at).toBe(at);
  });

  it('returns the agreed read', () => {
    expect(run([B, A, A]).value).toEqual(A);
  });

  it('accepts once, then stays silent until reset', () => {
    const c = createConsensus();
    expect(c.push(A)).toBeNull();
    expect(c.push(A)).toEqual(A);
    expect(c.push(A)).toBeNull();
    expect(c.push(A)).toBeNull();
    c.reset();
    expect(c.push(B)).toBeNull();
    expect(c.push(B)).toEqual(B);
  });
});

describe('createConsensus options', () => {
  it.each([
    { name: 'maxMisses 1 bridges one miss', frames: [A, null, A], opts: { maxMisses: 1 }, at: 2 },
    { name: 'maxMisses 1 does not bridge two', frames: [A, null, null, A], opts: { maxMisses: 1 }, at: -1 },
    { name: 'required 3', frames: [A, A, A], opts: { required: 3 }, at: 2 },
    { name: 'required 3 with only two', frames: [A, A, B], opts: { required: 3 }, at: -1 },
    { name: 'required 1 accepts the first read', frames: [null, A], opts: { required: 1 }, at: 1 },
  ])('$name', ({ frames, opts, at }) => {
    expect(run(frames, opts).at).toBe(at);
  });
});
