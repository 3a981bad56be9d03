import { describe, expect, it } from 'vitest';
import {
  buildCaseRows,
  countByFilter,
  jakartaDay,
  type ListableCase,
  matchesQuery,
} from './case-list-model.ts';

const doc = (
  id: string,
  status: ListableCase['status'],
  reportedAt: string,
  extra: Partial<ListableCase> = {},
) => ({
  id,
  status,
  reportedAt,
  ...extra,
});

const docs = [
  doc('a', 'open', '2026-11-25T03:00:00.000Z', { caseNumber: 'CASE-20261125-00001', serialNumber: 'SN-AAA' }),
  doc('b', 'submitted', '2026-11-25T20:00:00.000Z', { serialNumber: 'SN-BBB', tid: 'T0000002' }),
  doc('c', 'rejected', '2026-11-24T10:00:00.000Z', { serialNumber: 'SN-CCC' }),
  doc('d', 'closed', '2026-11-24T16:59:59.000Z', { serialNumber: 'SN-DDD', description: 'Printer macet' }),
];

describe('jakartaDay', () => {
  it.each([
    ['2026-11-24T16:59:59.000Z', '2026-11-24'],
    ['2026-11-24T17:00:00.000Z', '2026-11-25'],
    ['2026-12-31T18:30:00.000Z', '2027-01-01'],
    ['not a date', ''],
  ])('%s → %s', (iso, day) => expect(jakartaDay(iso)).toBe(day));
});

describe('buildCaseRows', () => {
  it('groups by Jakarta day, newest first, with counts', () => {
    const rows = buildCaseRows(docs, { filter: 'all', query: '', dayOf: jakartaDay });
    expect(rows.map((r) => (r.kind === 'day' ? `${r.day}(${r.count})` : r.doc.id))).toEqual([
      '2026-11-26(1)',
      'b',
      '2026-11-25(1)',
      'a',
      '2026-11-24(2)',
      'd',
      'c',
    ]);
  });

  it.each<[string, Parameters<typeof buildCaseRows>[1]['filter'], string, string[]]>([
    ['waiting = submitted', 'waiting', '', ['b']],
    ['active = open + in progress', 'active', '', ['a']],
    ['done = resolved + closed', 'done', '', ['d']],
    ['rejected includes cancelled', 'rejected', '', ['c']],
    ['search by case number', 'all', '00001', ['a']],
    ['search by TID, case-insensitive', 'all', 't0000002', ['b']],
    ['search in the description', 'all', 'printer', ['d']],
    ['search and filter together', 'done', 'SN-', ['d']],
    ['nothing matches', 'all', 'zzz', []],
  ])('%s', (_label, filter, query, ids) => {
    const rows = buildCaseRows(docs, { filter, query, dayOf: jakartaDay });
    expect(rows.filter((r) => r.kind === 'case').map((r) => (r.kind === 'case' ? r.doc.id : ''))).toEqual(
      ids,
    );
  });

  it('searches extra words such as the category label', () => {
    expect(matchesQuery(docs[0]!, 'ganti', ['Ganti perangkat'])).toBe(true);
    expect(matchesQuery(docs[0]!, 'ganti', [])).toBe(false);
  });
});

describe('countByFilter', () => {
  it('counts each filter', () => {
    expect(countByFilter(docs)).toEqual({ all: 4, waiting: 1, active: 1, done: 1, rejected: 1 });
  });
});
