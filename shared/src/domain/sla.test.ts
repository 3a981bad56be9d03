import { describe, expect, it } from 'vitest';
import { BUSINESS_TIME_ZONE } from '../schemas/common.ts';
import { INDONESIAN_HOLIDAYS_2025_2027 } from './holidays-id.ts';
import {
  addBusinessDays,
  computeSlaDates,
  holidayDateSet,
  isBusinessDay,
  jakartaDateOf,
  jakartaInstant,
  slaState,
} from './sla.ts';

const ID = holidayDateSet(INDONESIAN_HOLIDAYS_2025_2027);
const NONE: ReadonlySet<string> = new Set();
/** Synthetic calendar for the leap-year cases: 29 February 2028 off. */
const LEAP = new Set(['2028-02-29']);
/** Jakarta wall-clock time → instant, e.g. `jkt('2026-11-25T10:00')`. */
const jkt = (local: string): Date => new Date(`${local}+07:00`);

const MINOR = { responseMinutes: 120, businessDays: 1 };
const MAJOR = { responseMinutes: 60, businessDays: 2 };
const CRITICAL = { responseMinutes: 30, hours: 8 };

describe('jakartaDateOf', () => {
  it.each([
    ['2026-11-25T16:59:59.999Z', '2026-11-25'],
    // 17:00 UTC is midnight in Jakarta: still the 25th in UTC, already the 26th in Jakarta.
    ['2026-11-25T17:00:00.000Z', '2026-11-26'],
    ['2026-12-31T17:00:00.000Z', '2027-01-01'],
    ['2028-02-28T17:30:00.000Z', '2028-02-29'],
    ['2027-02-28T17:30:00.000Z', '2027-03-01'],
  ])('%s → %s', (iso, date) => {
    expect(jakartaDateOf(new Date(iso))).toBe(date);
  });

  it('round-trips with jakartaInstant', () => {
    expect(jakartaInstant('2026-03-21').toISOString()).toBe('2026-03-20T17:00:00.000Z');
    expect(jakartaDateOf(jakartaInstant('2026-03-21'))).toBe('2026-03-21');
  });

  it('agrees with the Asia/Jakarta time zone database on every 37th minute of 2025–2027', () => {
    const intl = new Intl.DateTimeFormat('en-CA', {
      timeZone: BUSINESS_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const mismatches: string[] = [];
    const end = Date.UTC(2028, 0, 1);
    for (let t = Date.UTC(2025, 0, 1); t < end; t += 37 * 60_000) {
      const at = new Date(t);
      if (jakartaDateOf(at) !== intl.format(at)) mismatches.push(at.toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it('rejects impossible dates', () => {
    expect(() => jakartaInstant('2027-02-29')).toThrow(RangeError);
    expect(() => jakartaInstant('2026-04-31')).toThrow(RangeError);
    expect(() => jakartaInstant('2026-13-01')).toThrow(RangeError);
    expect(() => jakartaInstant('25-11-2026')).toThrow(RangeError);
  });
});

describe('isBusinessDay', () => {
  it.each([
    ['2026-11-25', NONE, true, 'Wednesday'],
    ['2026-11-28', NONE, false, 'Saturday'],
    ['2026-11-29', NONE, false, 'Sunday'],
    ['2026-11-30', ID, true, 'Monday'],
    ['2026-03-19', ID, false, 'Nyepi'],
    ['2026-03-19', NONE, true, 'Nyepi without a calendar'],
    ['2026-03-23', ID, false, 'cuti bersama Idul Fitri'],
    ['2026-12-24', ID, false, 'cuti bersama Natal'],
    ['2028-02-29', LEAP, false, 'synthetic leap-day holiday'],
    ['2028-02-29', NONE, true, 'leap day, Tuesday'],
  ])('%s (%s) → %s [%s]', (date, holidays, expected) => {
    expect(isBusinessDay(date, holidays)).toBe(expected);
  });
});

describe('addBusinessDays', () => {
  it.each([
    ['2026-11-25', 1, NONE, '2026-11-26', 'midweek'],
    ['2026-11-27', 1, NONE, '2026-11-30', 'Friday skips the weekend'],
    ['2026-11-28', 1, NONE, '2026-11-30', 'from Saturday'],
    ['2026-11-29', 2, NONE, '2026-12-01', 'from Sunday, across a month end'],
    ['2026-11-30', 0, NONE, '2026-11-30', 'zero days'],
    ['2026-11-28', 0, NONE, '2026-11-28', 'zero days from a weekend'],
    ['2026-11-30', -1, NONE, '2026-11-27', 'backwards over a weekend'],
    ['2026-03-17', 1, ID, '2026-03-25', 'Nyepi + Idul Fitri 2026 week'],
    ['2026-03-17', 2, ID, '2026-03-26', 'Nyepi + Idul Fitri 2026 week, 2 days'],
    ['2026-03-17', 1, NONE, '2026-03-18', 'same week without a calendar'],
    ['2026-04-30', 1, ID, '2026-05-04', 'month end into Labour Day'],
    ['2026-01-30', 1, NONE, '2026-02-02', 'January end on a Friday'],
    ['2026-12-23', 1, ID, '2026-12-28', 'Christmas + cuti bersama'],
    ['2026-12-31', 1, ID, '2027-01-04', 'year end into New Year'],
    ['2027-02-26', 1, NONE, '2027-03-01', 'non-leap February end'],
    ['2028-02-28', 1, NONE, '2028-02-29', 'leap day is a Tuesday'],
    ['2028-02-28', 1, LEAP, '2028-03-01', 'leap-day holiday skipped'],
    ['2025-03-27', 1, ID, '2025-04-08', 'Nyepi + Idul Fitri 2025 with cuti bersama'],
  ])('%s + %i → %s [%s]', (date, n, holidays, expected) => {
    expect(addBusinessDays(date, n, holidays)).toBe(expected);
  });

  it('rejects fractional counts', () => {
    expect(() => addBusinessDays('2026-11-25', 1.5, NONE)).toThrow(RangeError);
  });
});

describe('computeSlaDates', () => {
  it.each([
    // [what, acceptedAt (Jakarta), rule, holidays, responseDueAt (Jakarta), dueAt (Jakarta)]
    ['minor, midweek', '2026-11-25T10:00', MINOR, NONE, '2026-11-25T12:00', '2026-11-26T10:00'],
    ['major, Friday → Tuesday', '2026-11-27T16:30', MAJOR, NONE, '2026-11-27T17:30', '2026-12-01T16:30'],
    ['critical crosses midnight', '2026-11-25T20:00', CRITICAL, NONE, '2026-11-25T20:30', '2026-11-26T04:00'],
    ['critical ignores weekends', '2026-11-28T22:00', CRITICAL, ID, '2026-11-28T22:30', '2026-11-29T06:00'],
    ['critical on a holiday', '2026-12-25T09:00', CRITICAL, ID, '2026-12-25T09:30', '2026-12-25T17:00'],
    [
      'minor accepted Saturday: clock starts Monday 00:00, due end of Monday',
      '2026-11-28T09:00',
      MINOR,
      NONE,
      '2026-11-28T11:00',
      '2026-11-30T23:59:59.999',
    ],
    [
      'major accepted Sunday: due end of Tuesday',
      '2026-11-29T23:00',
      MAJOR,
      NONE,
      '2026-11-30T00:00',
      '2026-12-01T23:59:59.999',
    ],
    [
      'minor accepted on Christmas',
      '2026-12-25T10:00',
      MINOR,
      ID,
      '2026-12-25T12:00',
      '2026-12-28T23:59:59.999',
    ],
    ['minor before Idul Fitri 2026', '2026-03-17T15:00', MINOR, ID, '2026-03-17T17:00', '2026-03-25T15:00'],
    [
      'minor accepted on Idul Fitri 2026',
      '2026-03-22T08:00',
      MINOR,
      ID,
      '2026-03-22T10:00',
      '2026-03-25T23:59:59.999',
    ],
    ['major before Idul Fitri 2026', '2026-03-17T15:00', MAJOR, ID, '2026-03-17T16:00', '2026-03-26T15:00'],
    ['minor on New Year’s Eve', '2026-12-31T09:00', MINOR, ID, '2026-12-31T11:00', '2027-01-04T09:00'],
    ['major on month end', '2026-04-30T13:15', MAJOR, ID, '2026-04-30T14:15', '2026-05-05T13:15'],
    ['major over a leap day', '2028-02-28T10:00', MAJOR, NONE, '2028-02-28T11:00', '2028-03-01T10:00'],
    [
      'major over a leap-day holiday',
      '2028-02-28T10:00',
      MAJOR,
      LEAP,
      '2028-02-28T11:00',
      '2028-03-02T10:00',
    ],
    [
      'minor accepted on a leap-day holiday',
      '2028-02-29T10:00',
      MINOR,
      LEAP,
      '2028-02-29T12:00',
      '2028-03-01T23:59:59.999',
    ],
  ])('%s', (_what, acceptedAt, rule, holidays, responseDueAt, dueAt) => {
    const result = computeSlaDates({ acceptedAt: jkt(acceptedAt), rule, holidays });
    expect(result.responseDueAt.toISOString()).toBe(jkt(responseDueAt).toISOString());
    expect(result.dueAt.toISOString()).toBe(jkt(dueAt).toISOString());
  });

  it.each([
    // Friday 2026-11-27 18:30 UTC is already Saturday 01:30 in Jakarta: weekend rule.
    ['2026-11-27T18:30:00.000Z', '2026-11-30T16:59:59.999Z'],
    // Thursday 17:00 UTC is Friday 00:00 in Jakarta: a business day, same time Monday.
    ['2026-11-26T17:00:00.000Z', '2026-11-29T17:00:00.000Z'],
    // Friday 16:59 UTC is still Friday 23:59 in Jakarta.
    ['2026-11-27T16:59:00.000Z', '2026-11-30T16:59:00.000Z'],
  ])('uses the Jakarta date, not the UTC date: accepted %s → due %s', (acceptedAt, dueAt) => {
    const result = computeSlaDates({ acceptedAt: new Date(acceptedAt), rule: MINOR, holidays: NONE });
    expect(result.dueAt.toISOString()).toBe(dueAt);
  });

  it('falls back to one business day when a rule has no target', () => {
    const result = computeSlaDates({
      acceptedAt: jkt('2026-11-25T10:00'),
      rule: { responseMinutes: 15 },
      holidays: NONE,
    });
    expect(result.dueAt.toISOString()).toBe(jkt('2026-11-26T10:00').toISOString());
  });

  it('never moves the deadline earlier for a later acceptance', () => {
    let previous = 0;
    for (let t = jkt('2026-03-14T00:00').getTime(); t < jkt('2026-03-30T00:00').getTime(); t += 3_600_000) {
      const { dueAt } = computeSlaDates({ acceptedAt: new Date(t), rule: MAJOR, holidays: ID });
      expect(dueAt.getTime()).toBeGreaterThanOrEqual(previous);
      previous = dueAt.getTime();
    }
  });
});

describe('slaState', () => {
  const acceptedAt = jkt('2026-11-25T10:00');
  const dueAt = jkt('2026-11-25T20:00'); // 10-hour target: 80% used at 18:00
  it.each([
    ['just accepted', '2026-11-25T10:00', undefined, undefined, 'on_track'],
    ['79% used', '2026-11-25T17:54', undefined, undefined, 'on_track'],
    ['80% used', '2026-11-25T18:00', undefined, undefined, 'at_risk'],
    ['exactly due', '2026-11-25T20:00', undefined, undefined, 'at_risk'],
    ['one minute late', '2026-11-25T20:01', undefined, undefined, 'breached'],
    ['custom share 0.5 at 60%', '2026-11-25T16:00', undefined, 0.5, 'at_risk'],
    ['resolved in time, checked later', '2026-11-30T00:00', '2026-11-25T19:59', undefined, 'met'],
    ['resolved exactly at due', '2026-11-30T00:00', '2026-11-25T20:00', undefined, 'met'],
    ['resolved late', '2026-11-30T00:00', '2026-11-25T20:01', undefined, 'breached'],
  ])('%s → %s', (_what, now, resolvedAt, atRiskShare, expected) => {
    expect(
      slaState({
        now: jkt(now),
        acceptedAt,
        dueAt,
        resolvedAt: resolvedAt === undefined ? undefined : jkt(resolvedAt),
        ...(atRiskShare === undefined ? {} : { atRiskShare }),
      }),
    ).toBe(expected);
  });
});

describe('INDONESIAN_HOLIDAYS_2025_2027', () => {
  it('has unique, valid dates in 2025–2027', () => {
    const dates = INDONESIAN_HOLIDAYS_2025_2027.map((h) => h.date);
    expect(new Set(dates).size).toBe(dates.length);
    for (const d of dates) {
      expect(d).toMatch(/^202[5-7]-\d{2}-\d{2}$/);
      expect(jakartaDateOf(jakartaInstant(d))).toBe(d);
    }
  });

  it.each([
    ['2025-03-31', 'Idul Fitri'],
    ['2026-03-21', 'Idul Fitri'],
    ['2026-05-27', 'Idul Adha'],
    ['2026-05-31', 'Waisak'],
    ['2026-03-19', 'Nyepi'],
    ['2026-01-16', 'Isra Mikraj'],
    ['2026-02-17', 'Imlek'],
    ['2026-04-03', 'Wafat Yesus Kristus'],
    ['2026-04-05', 'Paskah'],
    ['2026-05-14', 'Kenaikan Yesus Kristus'],
    ['2026-08-25', 'Maulid'],
    ['2026-06-16', 'Tahun Baru Islam'],
    ['2025-06-01', 'Pancasila'],
    ['2027-06-01', 'Pancasila'],
    ['2026-08-17', 'Kemerdekaan'],
    ['2027-12-25', 'Kelahiran Yesus Kristus'],
    ['2027-01-01', 'Tahun Baru'],
    ['2026-05-01', 'Buruh'],
  ])('%s is %s', (date, namePart) => {
    expect(INDONESIAN_HOLIDAYS_2025_2027.find((h) => h.date === date)?.name).toContain(namePart);
  });
});
