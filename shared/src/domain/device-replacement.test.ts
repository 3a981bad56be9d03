import { describe, expect, it } from 'vitest';
import { planReplacement, type ReplacementInput } from './device-replacement.ts';

const MID = '000123456789012';
const current = (over: Partial<ReplacementInput['current']> = {}): ReplacementInput['current'] => ({
  category: 'replace_device',
  serialNumber: 'V2T0000001',
  tid: 'JKT00017',
  mid: MID,
  replacementSerial: 'V2T0000999',
  ...over,
});
const warehouse = {
  serialNumber: 'V2T0000999',
  status: 'in_warehouse',
  tid: 'WH000001',
  region: 'BDG',
} as const;

describe('planReplacement', () => {
  it.each([
    ['another category', current({ category: 'replace_sam_card' }), warehouse, { kind: 'none' }],
    ['no replacement serial', current({ replacementSerial: undefined }), warehouse, { kind: 'none' }],
    ['unknown replacement', current(), undefined, { kind: 'refused', reason: 'replacement_not_available' }],
    [
      'replacement in operation elsewhere',
      current(),
      { ...warehouse, status: 'on_operation' },
      { kind: 'refused', reason: 'replacement_not_available' },
    ],
    [
      'replacement under repair',
      current(),
      { ...warehouse, status: 'under_repair' },
      { kind: 'refused', reason: 'replacement_not_available' },
    ],
    [
      'the unit replacing itself',
      current({ replacementSerial: 'v2t0000001' }),
      { ...warehouse, serialNumber: 'V2T0000001' },
      { kind: 'refused', reason: 'replacement_not_available' },
    ],
    [
      'a warehouse unit',
      current(),
      warehouse,
      {
        kind: 'swap',
        replaced: 'V2T0000001',
        replacement: { serialNumber: 'V2T0000999', tid: 'JKT00017', mid: MID, region: 'JKT' },
      },
    ],
    [
      'a case without TID keeps the unit TID',
      current({ tid: undefined, serialNumber: undefined }),
      warehouse,
      {
        kind: 'swap',
        replaced: null,
        replacement: { serialNumber: 'V2T0000999', tid: 'WH000001', mid: MID, region: 'JKT' },
      },
    ],
  ] as const)('%s', (_what, c, replacement, expected) => {
    expect(planReplacement({ current: c, replacement, region: 'JKT' })).toEqual(expected);
  });
});
