import { describe, expect, it } from 'vitest';
import { INDONESIAN_HOLIDAYS_2025_2027 } from './holidays-id.ts';
import {
  addBusinessMinutes,
  type BusinessCalendars,
  businessHoursOf,
  calendarFor,
  calendarsOf,
  computeSlaDates,
  DEFAULT_BUSINESS_CALENDARS,
  holidayDateSet,
  isValidBusinessHours,
  ROUND_THE_CLOCK_CALENDARS,
  ruleCalendars,
} from './sla.ts';

const ID = holidayDateSet(INDONESIAN_HOLIDAYS_2025_2027);
const NONE: ReadonlySet<string> = new Set();
const LEAP = new Set(['2028-02-29']);
/** Jakarta wall-clock time → instant. Asia/Jakarta has no DST: +07:00 all year. */
const jkt = (local: string): Date => new Date(`${local}+07:00`);
const OFFICE = { startMinute: 8 * 60, endMinute: 17 * 60 };

describe('addBusinessMinutes (08:00–17:00 WIB, Monday–Friday)', () => {
  it.each([
    // [case, from, minutes, holidays, expected]
    ['inside the day', '2026-11-25T10:00', 120, NONE, '2026-11-25T12:00'],
    ['ends exactly at closing', '2026-11-25T15:00', 120, NONE, '2026-11-25T17:00'],
    ['overnight: carries to the next opening', '2026-11-25T16:00', 120, NONE, '2026-11-26T09:00'],
    ['before opening starts at 08:00', '2026-11-25T06:30', 60, NONE, '2026-11-25T09:00'],
    ['after closing starts next morning', '2026-11-25T18:00', 60, NONE, '2026-11-26T09:00'],
    ['Friday evening → Monday', '2026-11-27T16:30', 60, NONE, '2026-11-30T08:30'],
    ['Saturday → Monday', '2026-11-28T11:00', 30, NONE, '2026-11-30T08:30'],
    ['a full working day is 9 hours', '2026-11-25T10:00', 540, NONE, '2026-11-26T10:00'],
    ['Christmas Eve and Christmas off (Thu, Fri) → Monday', '2026-12-23T16:00', 120, ID, '2026-12-28T09:00'],
    ['year end: New Year holiday skipped', '2026-12-31T16:00', 120, ID, '2027-01-04T09:00'],
    ['month end: 31 March → 1 April', '2026-03-31T16:30', 60, ID, '2026-04-01T08:30'],
    ['leap year: 28 Feb 2028 → 29 Feb', '2028-02-28T16:00', 120, NONE, '2028-02-29T09:00'],
    ['leap day a holiday → 1 March', '2028-02-28T16:00', 120, LEAP, '2028-03-01T09:00'],
    ['non-leap year: 26 Feb 2027 (Fri) → 1 March', '2027-02-26T16:00', 120, NONE, '2027-03-01T09:00'],
    ['zero minutes in hours stays put', '2026-11-25T10:00', 0, NONE, '2026-11-25T10:00'],
    ['zero minutes at night moves to opening', '2026-11-25T22:00', 0, NONE, '2026-11-26T08:00'],
  ] as const)('%s', (_name, from, minutes, holidays, expected) => {
    expect(addBusinessMinutes(jkt(from), minutes, OFFICE, holidays).toISOString()).toBe(
      jkt(expected).toISOString(),
    );
  });

  it('refuses a negative duration', () => {
    expect(() => addBusinessMinutes(jkt('2026-11-25T10:00'), -1, OFFICE, NONE)).toThrow(RangeError);
  });
});

describe('computeSlaDates with calendars (issue 15 defaults)', () => {
  const MINOR = { responseMinutes: 120, businessDays: 1 };
  const MAJOR = { responseMinutes: 60, businessDays: 2 };
  const CRITICAL = { responseMinutes: 30, hours: 8 };
  it.each([
    // [case, priority, rule, acceptedAt, responseDue, due]
    ['minor on Monday morning', 'minor', MINOR, '2026-11-30T10:00', '2026-11-30T12:00', '2026-12-01T10:00'],
    [
      'minor after hours: both clocks start next opening',
      'minor',
      MINOR,
      '2026-11-30T18:00',
      '2026-12-01T10:00',
      '2026-12-01T17:00',
    ],
    ['major on Friday afternoon', 'major', MAJOR, '2026-11-27T16:30', '2026-11-30T08:30', '2026-12-01T16:30'],
    ['major on Saturday', 'major', MAJOR, '2026-11-28T09:00', '2026-11-30T09:00', '2026-12-01T17:00'],
    [
      'minor on a holiday (Christmas, Friday): clocks start Monday 08:00, one working day ends 17:00',
      'minor',
      MINOR,
      '2026-12-25T10:00',
      '2026-12-28T10:00',
      '2026-12-28T17:00',
    ],
    [
      'major crossing days: Wednesday 16:00 + 18 working hours',
      'major',
      MAJOR,
      '2026-11-25T16:00',
      '2026-11-25T17:00',
      '2026-11-27T16:00',
    ],
    [
      'critical stays 24×7 at night',
      'critical',
      CRITICAL,
      '2026-11-28T23:00',
      '2026-11-28T23:30',
      '2026-11-29T07:00',
    ],
  ] as const)('%s', (_name, priority, rule, accepted, responseDue, due) => {
    const dates = computeSlaDates({
      acceptedAt: jkt(accepted),
      rule,
      holidays: ID,
      priority,
      calendars: DEFAULT_BUSINESS_CALENDARS,
    });
    expect(dates.responseDueAt.toISOString()).toBe(jkt(responseDue).toISOString());
    expect(dates.dueAt.toISOString()).toBe(jkt(due).toISOString());
  });

  it.each([
    ['no calendars', undefined],
    ['every priority 24×7 (the setting that keeps the old behaviour)', ROUND_THE_CLOCK_CALENDARS],
  ] as const)('%s: same dates as before calendars existed', (_name, calendars) => {
    const acceptedAt = jkt('2026-11-30T18:00');
    const withCalendars = computeSlaDates({
      acceptedAt,
      rule: MINOR,
      holidays: ID,
      priority: 'minor',
      calendars,
    });
    // Wall-clock response, whole business day for the resolution (sla.test.ts has the full table).
    expect(withCalendars.responseDueAt.toISOString()).toBe(jkt('2026-11-30T20:00').toISOString());
    expect(withCalendars.dueAt.toISOString()).toBe(jkt('2026-12-01T18:00').toISOString());
  });

  it('a broken window (start after end) falls back to 24×7 instead of looping', () => {
    const broken: BusinessCalendars = { minor: { mode: 'business_hours', startMinute: 900, endMinute: 480 } };
    expect(isValidBusinessHours(broken.minor ?? { mode: '24x7' })).toBe(false);
    const dates = computeSlaDates({
      acceptedAt: jkt('2026-11-30T10:00'),
      rule: MINOR,
      holidays: ID,
      priority: 'minor',
      calendars: broken,
    });
    expect(dates.responseDueAt.toISOString()).toBe(jkt('2026-11-30T12:00').toISOString());
  });
});

describe('calendarFor', () => {
  it.each([
    ['critical', DEFAULT_BUSINESS_CALENDARS, '24x7'],
    ['minor', DEFAULT_BUSINESS_CALENDARS, 'business_hours'],
    ['major', {}, '24x7'],
    [undefined, DEFAULT_BUSINESS_CALENDARS, '24x7'],
  ] as const)('%s → %s', (priority, calendars, mode) => {
    expect(calendarFor(calendars, priority).mode).toBe(mode);
  });
});

describe('stored settings → calendars', () => {
  it.each([
    ['missing', undefined, { mode: '24x7' }],
    ['24×7', { mode: '24x7' }, { mode: '24x7' }],
    [
      'office hours',
      { mode: 'business_hours', startMinute: 480, endMinute: 1020 },
      { mode: 'business_hours', startMinute: 480, endMinute: 1020 },
    ],
    ['business hours without a window', { mode: 'business_hours' }, { mode: '24x7' }],
    ['inverted window', { mode: 'business_hours', startMinute: 1020, endMinute: 480 }, { mode: '24x7' }],
  ] as const)('%s', (_name, setting, expected) => {
    expect(businessHoursOf(setting)).toEqual(expected);
  });

  it('calendarsOf keeps only the priorities it was given', () => {
    expect(
      calendarsOf({
        critical: { mode: '24x7' },
        minor: { mode: 'business_hours', startMinute: 0, endMinute: 60 },
      }),
    ).toEqual({
      critical: { mode: '24x7' },
      minor: { mode: 'business_hours', startMinute: 0, endMinute: 60 },
    });
  });

  it.each([
    [
      'a rule with its calendar',
      { priority: 'major', businessHours: { mode: 'business_hours', startMinute: 480, endMinute: 1020 } },
      '2026-11-30T09:00',
    ],
    ['a rule from a server without calendars (24×7)', { priority: 'major' }, '2026-11-28T19:00'],
  ] as const)('%s: phone preview of the response due', (_name, rule, responseDue) => {
    const dates = computeSlaDates({
      acceptedAt: jkt('2026-11-28T18:00'),
      rule: { responseMinutes: 60, businessDays: 2 },
      holidays: ID,
      priority: rule.priority,
      calendars: ruleCalendars(rule),
    });
    expect(dates.responseDueAt.toISOString()).toBe(jkt(responseDue).toISOString());
  });
});
