// Decides when the scanner hands a read to its caller. A read must (1) have the form of a
// terminal serial (checked per symbol in the worker, see DecoderConfig.accept), (2) be decoded
// the same in two consecutive frames (consensus.ts) and (3) pass the caller's check, the local
// device table. A read that fails the check is remembered: later frames showing it count as
// frames without a read (the camera may stay on the same wrong sticker, or a misread may recur),
// so it is looked up once and can never be accepted, while a different read still can.
import { type Consensus, createConsensus } from './consensus.ts';
import type { DecodeResult } from './decoder-core.ts';

/** The caller's verdict on an agreed read: is it a known terminal? */
export type ReadCheck = (read: DecodeResult) => Promise<boolean>;

export type GateEvent =
  | { kind: 'none' }
  /** Frames agree on a read, the check is pending or the streak is still short. */
  | { kind: 'holding'; read: DecodeResult }
  | { kind: 'accepted'; read: DecodeResult }
  /** Two frames agreed on it but the check refused it (not in the device table). */
  | { kind: 'rejected'; read: DecodeResult };

export interface ReadGate {
  /** Feeds one processed frame's read (null = nothing read). */
  push(read: DecodeResult | null): Promise<GateEvent>;
}

export function createReadGate(check: ReadCheck | null, consensus: Consensus = createConsensus()): ReadGate {
  const refused = new Set<string>();
  const key = (read: DecodeResult) => `${read.format}\u0000${read.text}`;
  let accepted = false;
  return {
    async push(read) {
      if (accepted) return { kind: 'none' };
      if (read && refused.has(key(read))) {
        consensus.push(null);
        return { kind: 'rejected', read };
      }
      const agreed = consensus.push(read);
      if (!agreed) return read ? { kind: 'holding', read } : { kind: 'none' };
      if (check && !(await check(agreed))) {
        refused.add(key(agreed));
        consensus.reset();
        return { kind: 'rejected', read: agreed };
      }
      accepted = true;
      return { kind: 'accepted', read: agreed };
    },
  };
}
