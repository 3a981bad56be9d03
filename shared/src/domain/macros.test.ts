import { describe, expect, it } from 'vitest';
import { fillMacro } from './macros.ts';

describe('fillMacro', () => {
  it.each([
    [
      'all three placeholders',
      'Yth. {merchantName}, kasus {caseNumber} selesai paling lambat {dueAt}.',
      { merchantName: 'Warung Bu Sri', caseNumber: 'CASE-20261125-00001', dueAt: '26 Nov 2026 10.00' },
      'Yth. Warung Bu Sri, kasus CASE-20261125-00001 selesai paling lambat 26 Nov 2026 10.00.',
    ],
    ['repeated placeholder', '{caseNumber} / {caseNumber}', { caseNumber: 'C-1' }, 'C-1 / C-1'],
    ['missing value becomes a dash', 'Untuk {merchantName}', {}, 'Untuk —'],
    ['blank value becomes a dash', 'Untuk {merchantName}', { merchantName: '  ' }, 'Untuk —'],
    ['unknown placeholder stays', 'Halo {nama}', { merchantName: 'X' }, 'Halo {nama}'],
    ['no placeholders', 'Terima kasih.', { caseNumber: 'C-1' }, 'Terima kasih.'],
    ['value containing $& is literal', '{merchantName}', { merchantName: 'A$&B' }, 'A$&B'],
  ] as const)('%s', (_name, body, values, expected) => {
    expect(fillMacro(body, values)).toBe(expected);
  });
});
