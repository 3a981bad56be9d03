import { describe, expect, it } from 'vitest';
import { formatCsvField, formatCsvRow, parseCsv, recordsToObjects } from './csv.ts';

function records(text: string) {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(`parse failed: ${r.reason} at ${r.line}`);
  return r.records;
}

describe('parseCsv', () => {
  it.each([
    [
      'plain LF',
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
      [1, 2],
    ],
    [
      'CRLF',
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
      [1, 2],
    ],
    [
      'lone CR (old Mac)',
      'a,b\r1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
      [1, 2],
    ],
    [
      'no trailing newline',
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
      [1, 2],
    ],
    [
      'BOM dropped',
      '\uFEFFa,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
      [1, 2],
    ],
    [
      'quoted comma',
      'a,b\n"x,y",2\n',
      [
        ['a', 'b'],
        ['x,y', '2'],
      ],
      [1, 2],
    ],
    ['escaped quote', 'a\n"say ""hi"""\n', [['a'], ['say "hi"']], [1, 2]],
    [
      'quoted newline keeps next record line right',
      'a,b\n"l1\nl2",2\n3,4\n',
      [
        ['a', 'b'],
        ['l1\nl2', '2'],
        ['3', '4'],
      ],
      [1, 2, 4],
    ],
    ['quoted CRLF inside field', 'a\r\n"l1\r\nl2"\r\nz\r\n', [['a'], ['l1\r\nl2'], ['z']], [1, 2, 4]],
    ['blank lines skipped but counted', 'a\n\n1\n\n\n2\n', [['a'], ['1'], ['2']], [1, 3, 6]],
    [
      'empty fields',
      'a,b,c\n,,\n',
      [
        ['a', 'b', 'c'],
        ['', '', ''],
      ],
      [1, 2],
    ],
    ['single empty quoted field is a record', 'a\n""\n', [['a'], ['']], [1, 2]],
    ['literal quote inside unquoted field', 'a\n5" screen\n', [['a'], ['5" screen']], [1, 2]],
    [
      'unicode',
      'nama\nToko Sembako Ibu Sri – Ciledug\n',
      [['nama'], ['Toko Sembako Ibu Sri – Ciledug']],
      [1, 2],
    ],
  ])('%s', (_name, text, fields, lines) => {
    const r = records(text);
    expect(r.map((x) => x.fields)).toEqual(fields);
    expect(r.map((x) => x.line)).toEqual(lines);
  });

  it('reports an unterminated quote with the line it opened on', () => {
    expect(parseCsv('a\n1\n"open\nnever closed\n')).toEqual({
      ok: false,
      line: 3,
      reason: 'unterminated quoted field',
    });
  });

  it('empty input has no records', () => {
    expect(records('')).toEqual([]);
    expect(records('\uFEFF')).toEqual([]);
  });
});

describe('formatCsvField', () => {
  it.each([
    ['plain', 'abc', 'abc'],
    ['comma', 'a,b', '"a,b"'],
    ['quote', 'say "hi"', '"say ""hi"""'],
    ['newline', 'a\nb', '"a\nb"'],
    ['leading space', ' a', '" a"'],
    ['null', null, ''],
    ['undefined', undefined, ''],
    ['number', 42, '42'],
    ['negative number is not a formula', '-5', '-5'],
    ['formula is neutralised', '=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['at sign', '@cmd', "'@cmd"],
  ])('%s', (_name, value, expected) => {
    expect(formatCsvField(value)).toBe(expected);
  });

  it('round-trips through the parser', () => {
    const values = ['a,b', 'say "hi"', 'l1\r\nl2', '', 'plain', 'Rp 1.000,00'];
    const text = formatCsvRow(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']) + formatCsvRow(values);
    expect(records(text)[1]?.fields).toEqual(values);
  });
});

describe('recordsToObjects', () => {
  const cols = ['serialNumber', 'model', 'tid'];

  it('matches headers case-insensitively and keys rows by canonical column', () => {
    const r = recordsToObjects(records(' SerialNumber ,MODEL,tid\nSN1,X990,T1\n'), cols);
    expect(r).toEqual({
      ok: true,
      header: cols,
      rows: [{ line: 2, values: { serialNumber: 'SN1', model: 'X990', tid: 'T1' }, extraFields: false }],
    });
  });

  it('lists missing required columns', () => {
    expect(recordsToObjects(records('serialNumber\nSN1\n'), cols, ['serialNumber', 'tid'])).toEqual({
      ok: false,
      missing: ['tid'],
    });
  });

  it('flags rows with more fields than the header and fills short rows with empty strings', () => {
    const r = recordsToObjects(records('serialNumber,model,tid\nA,B,C,D\nE\n'), cols);
    if (!r.ok) throw new Error('expected ok');
    expect(r.rows.map((x) => x.extraFields)).toEqual([true, false]);
    expect(r.rows[1]?.values).toEqual({ serialNumber: 'E', model: '', tid: '' });
  });
});
