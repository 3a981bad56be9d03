import type { DispatchTechnician } from '@edc/shared';
import { describe, expect, it } from 'vitest';
import { ALL_REGIONS, initialRegion, pickableTechnicians, technicianRegions } from './technician-filter.ts';

const tech = (username: string, regions: string[], openJobs = 0): DispatchTechnician => ({
  username,
  displayName: username,
  regions,
  openJobs,
  lastSyncAt: null,
});

const LIST = [
  tech('budi', ['BDG'], 0),
  tech('andi', ['JKT'], 3),
  tech('citra', ['JKT', 'BDG'], 1),
  tech('dewi', ['SBY'], 0),
  tech('eko', [], 0),
];

describe('technician picker model', () => {
  it('lists each region once, sorted', () => {
    expect(technicianRegions(LIST)).toEqual(['BDG', 'JKT', 'SBY']);
    expect(technicianRegions([])).toEqual([]);
  });

  it.each([
    ['JKT', 'JKT'],
    ['MDN', ALL_REGIONS], // nobody works there: start on everyone, not an empty list
    [undefined, ALL_REGIONS],
  ])('opens on region %s as %j', (caseRegion, expected) => {
    expect(initialRegion(LIST, caseRegion)).toBe(expected);
  });

  it.each([
    ['JKT', 'JKT', ['citra', 'andi']],
    ['BDG', 'JKT', ['citra', 'budi']],
    [ALL_REGIONS, 'JKT', ['citra', 'andi', 'budi', 'dewi', 'eko']],
    [ALL_REGIONS, undefined, ['budi', 'dewi', 'eko', 'citra', 'andi']],
    ['MDN', 'JKT', []],
  ])('region %j for a case in %s → %j', (region, caseRegion, expected) => {
    expect(pickableTechnicians(LIST, region, caseRegion).map((t) => t.username)).toEqual(expected);
  });
});
