import { describe, expect, it } from 'vitest';
import type { DecodeResult } from './decoder-core.ts';
import { createReadGate, type GateEvent } from './read-gate.ts';

const KNOWN: DecodeResult = { text: 'V2T00012345', format: 'Code128' };
// A misread that still has the form of a serial: only the device table can refuse it.
const MISREAD: DecodeResult = { text: 'V2T00012845', format: 'Code128' };
const table = new Set([KNOWN.text]);

async function feed(frames: (DecodeResult | null)[], check = async (r: DecodeResult) => table.has(r.text)) {
  const calls: string[] = [];
  const gate = createReadGate(async (read) => {
    calls.push(read.text);
    return check(read);
  });
  const events: GateEvent[] = [];
  for (const frame of frames) events.push(await gate.push(frame));
  return { events, kinds: events.map((e) => e.kind), calls };
}

describe('createReadGate', () => {
  it('accepts a known serial after two agreeing frames, not after one', async () => {
    expect((await feed([KNOWN])).kinds).toEqual(['holding']);
    const { events, kinds } = await feed([KNOWN, KNOWN]);
    expect(kinds).toEqual(['holding', 'accepted']);
    expect(events[1]).toEqual({ kind: 'accepted', read: KNOWN });
  });

  it('never accepts a read the device table refuses, however many frames agree', async () => {
    const { kinds, calls } = await feed([MISREAD, MISREAD, MISREAD, MISREAD, MISREAD]);
    expect(kinds).toEqual(['holding', 'rejected', 'rejected', 'rejected', 'rejected']);
    // Looked up once: later frames with the same read are refused from memory.
    expect(calls).toEqual([MISREAD.text]);
  });

  it('a refused misread does not count towards the real serial, which is still accepted', async () => {
    // Misread, misread (refused), then the real serial twice.
    const { kinds } = await feed([MISREAD, MISREAD, KNOWN, MISREAD, KNOWN, KNOWN]);
    // The refused misread between two KNOWN frames counts as a frame without a read.
    expect(kinds).toEqual(['holding', 'rejected', 'holding', 'rejected', 'holding', 'accepted']);
  });

  it('accepts once, then stays quiet', async () => {
    const { kinds, calls } = await feed([KNOWN, KNOWN, KNOWN, KNOWN]);
    expect(kinds).toEqual(['holding', 'accepted', 'none', 'none']);
    expect(calls).toEqual([KNOWN.text]);
  });

  it('without a check, two agreeing frames are enough', async () => {
    const gate = createReadGate(null);
    expect((await gate.push(MISREAD)).kind).toBe('holding');
    expect((await gate.push(MISREAD)).kind).toBe('accepted');
  });

  it('the same text in another symbology is a different read', async () => {
    const qr: DecodeResult = { text: MISREAD.text, format: 'QRCode' };
    const { kinds, calls } = await feed([MISREAD, MISREAD, qr, qr]);
    expect(kinds).toEqual(['holding', 'rejected', 'holding', 'rejected']);
    expect(calls).toEqual([MISREAD.text, MISREAD.text]);
  });
});
