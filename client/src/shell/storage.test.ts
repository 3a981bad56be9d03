import { describe, expect, it } from 'vitest';
import { isQuotaError, reportStorageError, storageState$ } from './storage.ts';

describe('storage errors', () => {
  it.each([
    [new DOMException('full', 'QuotaExceededError'), true],
    [Object.assign(new Error('x'), { name: 'QuotaExceededError' }), true],
    [new Error('DXE: QuotaExceededError: The quota has been exceeded.'), true],
    [new Error('network'), false],
    ['QuotaExceededError', false],
  ])('classifies %s', (error, expected) => {
    expect(isQuotaError(error)).toBe(expected);
  });

  it('turns a quota error into state instead of throwing', () => {
    expect(reportStorageError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(storageState$.value.quotaExceeded).toBe(true);
    expect(reportStorageError(new Error('other'))).toBe(false);
  });
});
