import { uuidSchema } from '@edc/shared';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from './uuid.ts';

describe('uuidv7', () => {
  it('is a valid RFC 9562 v7 UUID with the timestamp in front', () => {
    const id = uuidv7(0x0190_1234_5678, new Uint8Array(10).fill(0xff));
    expect(uuidSchema.safeParse(id).success).toBe(true);
    expect(id.startsWith('01901234-5678-7')).toBe(true);
    expect(id[19]).toMatch(/[89ab]/);
  });

  it('sorts by creation time', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((t) => uuidv7(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it('differs for the same millisecond', () => {
    expect(uuidv7(5)).not.toBe(uuidv7(5));
  });
});
