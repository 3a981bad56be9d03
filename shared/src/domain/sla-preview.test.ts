import { describe, expect, it } from 'vitest';
import { INDONESIAN_HOLIDAYS_2025_2027 } from './holidays-id.ts';
import { DEFAULT_BUSINESS_CALENDARS, holidayDateSet } from './sla.ts';
import { DEFAULT_SLA_CATALOGUE } from './sla-catalogue.ts';
import { previewSlaDates, replicatedCalendars } from './sla-preview.ts';

const ID = holidayDateSet(INDONESIAN_HOLIDAYS_2025_2027);
const jkt = (local: string): Date => new Date(`${local}+07:00`);
/** The catalogue as a phone pulls it: every rule stamped with its priority's calendar. */
const REPLICATED = DEFAULT_SLA_CATALOGUE.map((r) => ({
  ...r,
  businessHours: { ...DEFAULT_BUSINESS_CALENDARS[r.priority] },
}));

describe('replicatedCalendars', () => {
  it('takes each priority’s calendar from its rules; a catalogue without calendars runs 24×7', () => {
    expect(replicatedCalendars(REPLICATED)).toEqual(DEFAULT_BUSINESS_CALENDARS);
    expect(replicatedCalendars(DEFAULT_SLA_CATALOGUE)).toEqual({});
  });
});

describe('previewSlaDates (the phone’s offline preview)', () => {
  it.each([
    // [case, role, category, subcase, priority, accepted (WIB), response due, resolution due]
    // kertas_habis: minor, 120 min / 1 working day on 08:00–17:00.
    [
      'minor inside the day',
      'technician',
      'paper_supply',
      'kertas_habis',
      undefined,
      '2026-11-25T10:00',
      '2026-11-25T12:00',
      '2026-11-26T10:00',
    ],
    [
      'minor on Friday evening waits for Monday',
      'technician',
      'paper_supply',
      'kertas_habis',
      undefined,
      '2026-12-04T18:00',
      '2026-12-07T10:00',
      '2026-12-07T17:00',
    ],
    // Christmas 2025 (Thursday) and its cuti bersama (Friday): Wednesday evening → Monday.
    [
      'minor before a holiday weekend',
      'merchant',
      'paper_supply',
      'kertas_habis',
      undefined,
      '2025-12-24T18:00',
      '2025-12-29T10:00',
      '2025-12-29T17:00',
    ],
    // edc_mati: critical, 24×7, 30 min / 8 h, whatever the time.
    [
      'critical at night runs round the clock',
      'technician',
      'replace_device',
      'edc_mati',
      undefined,
      '2026-12-04T18:00',
      '2026-12-04T18:30',
      '2026-12-05T02:00',
    ],
    // A catalogued subcase decides the priority: a merchant's "critical" is ignored there.
    [
      'merchant urgency ignored for a catalogued subcase',
      'merchant',
      'paper_supply',
      'kertas_habis',
      'critical',
      '2026-12-04T18:00',
      '2026-12-07T10:00',
      '2026-12-07T17:00',
    ],
    // A general complaint uses the merchant's urgency, and that priority's calendar.
    [
      'merchant general complaint, critical',
      'merchant',
      'other',
      undefined,
      'critical',
      '2026-12-04T18:00',
      '2026-12-04T18:30',
      '2026-12-05T02:00',
    ],
    [
      'merchant general complaint, major (2 working days)',
      'merchant',
      'other',
      undefined,
      'major',
      '2026-12-04T16:00',
      '2026-12-04T17:00',
      '2026-12-08T16:00',
    ],
  ] as const)('%s', (_name, role, category, subcase, priority, accepted, response, due) => {
    const p = previewSlaDates({
      rules: REPLICATED,
      holidays: ID,
      submission: { category, subcase, priority },
      role,
      now: jkt(accepted),
    });
    expect(p.responseDueAt.toISOString()).toBe(jkt(response).toISOString());
    expect(p.dueAt.toISOString()).toBe(jkt(due).toISOString());
  });

  it('reports the calendar it used', () => {
    const at = jkt('2026-12-04T18:00');
    const base = { rules: REPLICATED, holidays: ID, role: 'technician', now: at } as const;
    expect(
      previewSlaDates({ ...base, submission: { category: 'paper_supply', subcase: 'kertas_habis' } })
        .calendar,
    ).toEqual(DEFAULT_BUSINESS_CALENDARS.minor);
    expect(
      previewSlaDates({ ...base, submission: { category: 'replace_device', subcase: 'edc_mati' } }).calendar,
    ).toEqual({
      mode: '24x7',
    });
  });

  it('previews 24×7 from a catalogue without calendars (an older server), as that server stamps', () => {
    const p = previewSlaDates({
      rules: DEFAULT_SLA_CATALOGUE,
      holidays: ID,
      submission: { category: 'paper_supply', subcase: 'kertas_habis' },
      role: 'technician',
      now: jkt('2026-12-04T18:00'),
    });
    expect(p.responseDueAt.toISOString()).toBe(jkt('2026-12-04T20:00').toISOString());
    expect(p.calendar).toEqual({ mode: '24x7' });
  });
});
