import { describe, expect, it } from 'vitest';
import { type AnnouncementReader, announcementActive, announcementReaches } from './announcements.ts';

const tech: AnnouncementReader = { role: 'technician', regions: ['JKT'] };
const merchantBdg: AnnouncementReader = { role: 'merchant', regions: [], merchantRegion: 'BDG' };
const agent: AnnouncementReader = { role: 'agent', regions: [] };

describe('announcementReaches', () => {
  it.each([
    ['all', tech, true],
    ['all', merchantBdg, true],
    ['all', agent, true],
    ['merchants', merchantBdg, true],
    ['merchants', tech, false],
    ['technicians', tech, true],
    ['technicians', agent, false],
    ['region:JKT', tech, true],
    ['region:BDG', tech, false],
    ['region:BDG', merchantBdg, true],
    ['region:JKT', merchantBdg, false],
    ['region:JKT', agent, false],
  ] as const)('%s reaches %j → %s', (audience, reader, expected) => {
    expect(announcementReaches(audience, reader)).toBe(expected);
  });
});

describe('announcementActive', () => {
  const now = new Date('2026-12-05T03:00:00.000Z');
  it.each([
    ['2026-12-05T02:00:00.000Z', undefined, true],
    ['2026-12-05T03:00:00.000Z', undefined, true],
    ['2026-12-05T04:00:00.000Z', undefined, false],
    ['2026-12-05T02:00:00.000Z', '2026-12-05T03:00:00.000Z', false],
    ['2026-12-05T02:00:00.000Z', '2026-12-05T03:00:01.000Z', true],
  ])('from %s until %s → %s', (startsAt, endsAt, expected) => {
    expect(announcementActive({ startsAt, ...(endsAt ? { endsAt } : {}) }, now)).toBe(expected);
  });
});
