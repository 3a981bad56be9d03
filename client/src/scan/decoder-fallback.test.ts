// Separate file on purpose: zxing-wasm keeps one instantiated module per realm, and vitest gives
// each test file a fresh one, so here the wasm has never loaded successfully.
import { describe, expect, it } from 'vitest';
import { createDecoder } from './decoder-core.ts';

describe('decoder selection when the wasm cannot load', () => {
  it('falls back to @zxing/library instead of leaving the technician without a scanner', async () => {
    const broken = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0xff, 0xff, 0xff, 0xff]).buffer;
    const decoder = await createDecoder({ wasm: { binary: broken } });
    expect(decoder.name).toBe('zxing-js');
    const blank = { data: new Uint8ClampedArray(64 * 64 * 4).fill(255), width: 64, height: 64 };
    expect((await decoder.decode(blank)).result).toBeNull();
  });
});
