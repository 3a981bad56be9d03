import { describe, expect, it } from 'vitest';
import { matchPath } from './router.tsx';

describe('matchPath', () => {
  it.each([
    ['/tech', '/tech', {}],
    ['/tech/device/:serial', '/tech/device/SN%2F1', { serial: 'SN/1' }],
    ['/tech/cases/:id', '/tech/cases/abc', { id: 'abc' }],
    ['/tech/cases/:id', '/tech/cases', null],
    ['/tech', '/desk', null],
    ['/tech/device/:serial', '/tech/device/%E0%A4%A', null],
  ])('%s ~ %s', (pattern, path, expected) => {
    expect(matchPath(pattern, path)).toEqual(expected);
  });
});
