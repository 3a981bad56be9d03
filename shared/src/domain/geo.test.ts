import { describe, expect, it } from 'vitest';
import { distanceMetres, geoLink, telLink, webMapsLink } from './geo.ts';

describe('distanceMetres', () => {
  it.each([
    ['same point', { lat: -6.2, lng: 106.8 }, { lat: -6.2, lng: 106.8 }, 0, 0.001],
    // Monas → Bundaran HI, about 2.3 km.
    [
      'Monas to Bundaran HI',
      { lat: -6.175392, lng: 106.827153 },
      { lat: -6.194927, lng: 106.823027 },
      2220,
      60,
    ],
    ['one degree of latitude', { lat: 0, lng: 0 }, { lat: 1, lng: 0 }, 111_195, 5],
  ] as const)('%s', (_what, a, b, metres, tolerance) => {
    expect(Math.abs(distanceMetres(a, b) - metres)).toBeLessThanOrEqual(tolerance);
  });
});

describe('links', () => {
  it.each([
    [{ location: { lat: -6.2, lng: 106.8 } }, 'geo:-6.200000,106.800000?q=-6.200000,106.800000'],
    [{ address: 'Jl. Sudirman 1, Jakarta' }, 'geo:0,0?q=Jl.%20Sudirman%201%2C%20Jakarta'],
    [{ address: '  ' }, null],
    [{}, null],
  ] as const)('geoLink(%j)', (place, expected) => {
    expect(geoLink(place)).toBe(expected);
  });

  it.each([
    ['021-555 0101', 'tel:0215550101'],
    ['+62 812.3456.7890', 'tel:+6281234567890'],
    ['', null],
    ['call me', null],
    [undefined, null],
  ] as const)('telLink(%j)', (phone, expected) => {
    expect(telLink(phone)).toBe(expected);
  });

  it('webMapsLink marks the point', () => {
    expect(webMapsLink({ lat: -6.2, lng: 106.8 })).toContain('mlat=-6.200000&mlon=106.800000');
  });
});
