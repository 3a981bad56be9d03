import type { AnnouncementStats } from '@edc/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue, type Translate, translate } from '../../../i18n/index.tsx';
import { audienceText, currentAnnouncements, endedAt, pastAnnouncements } from './announcements-panel.tsx';

const base: AnnouncementStats = {
  id: '00000000-0000-4000-8000-000000000001',
  title: 'Pemeliharaan',
  body: '',
  severity: 'maintenance',
  audience: 'all',
  startsAt: '2026-12-06T01:00:00.000Z',
  createdBy: 'supervisor1',
  updatedAt: '2026-12-06T01:00:00.000Z',
  recipients: 3,
  reads: 1,
  withdrawn: false,
};

describe('announcements panel', () => {
  beforeAll(async () => {
    await Promise.all([loadCatalogue('id'), loadCatalogue('en')]);
  });

  it('lists current and scheduled announcements, not withdrawn or ended ones', () => {
    const now = new Date('2026-12-06T05:00:00.000Z');
    const list: AnnouncementStats[] = [
      { ...base, id: 'current' },
      { ...base, id: 'scheduled', startsAt: '2026-12-07T01:00:00.000Z' },
      { ...base, id: 'until-later', endsAt: '2026-12-06T06:00:00.000Z' },
      { ...base, id: 'ended', endsAt: '2026-12-06T04:59:59.000Z' },
      { ...base, id: 'withdrawn', withdrawn: true },
    ];
    expect(currentAnnouncements(list, now).map((a) => a.id)).toEqual(['current', 'scheduled', 'until-later']);
  });

  it('keeps the withdrawn and ended ones as history, the latest first', () => {
    const now = new Date('2026-12-06T05:00:00.000Z');
    const list: AnnouncementStats[] = [
      { ...base, id: 'current' },
      { ...base, id: 'ended-early', endsAt: '2026-12-06T02:00:00.000Z' },
      {
        ...base,
        id: 'withdrawn-open-ended',
        withdrawn: true,
        startsAt: '2026-12-06T03:00:00.000Z',
        updatedAt: '2026-12-06T03:30:00.000Z',
      },
      { ...base, id: 'ended-late', endsAt: '2026-12-06T04:30:00.000Z' },
      {
        ...base,
        id: 'withdrawn-before-its-end',
        withdrawn: true,
        endsAt: '2026-12-08T00:00:00.000Z',
        updatedAt: '2026-12-06T04:00:00.000Z',
      },
    ];
    // By when each stopped showing: a withdrawal ends a notice, not the end it was scheduled for.
    expect(pastAnnouncements(list, now).map((a) => a.id)).toEqual([
      'ended-late',
      'withdrawn-before-its-end',
      'withdrawn-open-ended',
      'ended-early',
    ]);
    expect(list.map(endedAt)).toEqual([
      undefined,
      '2026-12-06T02:00:00.000Z',
      '2026-12-06T03:30:00.000Z',
      '2026-12-06T04:30:00.000Z',
      '2026-12-06T04:00:00.000Z',
    ]);
    // Withdrawn after its own end: it had ended already.
    expect(
      endedAt({ ...base, withdrawn: true, endsAt: '2026-12-06T02:00:00.000Z', updatedAt: now.toISOString() }),
    ).toBe('2026-12-06T02:00:00.000Z');
  });

  it('names the audience in words in both languages, a region by its code', () => {
    const id: Translate = (key, params) => translate('id', key, params);
    const en: Translate = (key, params) => translate('en', key, params);
    expect(audienceText(id, 'technicians')).toBe('Teknisi');
    expect(audienceText(en, 'merchants')).toBe('Merchants');
    expect(audienceText(id, 'region:JKT')).toBe('Wilayah JKT');
    expect(audienceText(en, 'region:JKT')).toBe('Region JKT');
    expect(audienceText(en, 'all')).toBe('Everyone');
  });
});
