// Accepts a camera read only when consecutive decoded frames agree. A single frame can misread
// (motion blur turning one Code 128 symbol into another still passes its checksum now and then);
// two independent frames agreeing on text and format makes a wrong serial very unlikely.
import type { DecodeResult } from './decoder-core.ts';

export interface ConsensusOptions {
  /** Agreeing frames needed; the product rule is 2. */
  required?: number;
  /**
   * Frames with no read tolerated inside a streak. 0 = the agreeing frames must be strictly
   * consecutive; a disagreeing read always restarts the streak.
   */
  maxMisses?: number;
}

export interface Consensus {
  /** Feeds one processed frame's result; returns the accepted read once, else null. */
  push(read: DecodeResult | null): DecodeResult | null;
  reset(): void;
}

export function createConsensus(options: ConsensusOptions = {}): Consensus {
  const required = Math.max(1, options.required ?? 2);
  const maxMisses = Math.max(0, options.maxMisses ?? 0);
  let candidate: DecodeResult | null = null;
  let count = 0;
  let misses = 0;
  let accepted = false;

  const reset = () => {
    candidate = null;
    count = 0;
    misses = 0;
    accepted = false;
  };

  return {
    reset,
    push(read) {
      // Once accepted, stay quiet until reset: the caller acts on the first acceptance only.
      if (accepted) return null;
      if (!read) {
        misses += 1;
        if (misses > maxMisses) {
          candidate = null;
          count = 0;
          misses = 0;
        }
        return null;
      }
      if (candidate && candidate.text === read.text && candidate.format === read.format) {
        count += 1;
      } else {
        candidate = read;
        count = 1;
      }
      misses = 0;
      if (count >= required) {
        accepted = true;
        return { text: read.text, format: read.format };
      }
      return null;
    },
  };
}
