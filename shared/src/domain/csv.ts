/**
 * RFC 4180 CSV, both ways. Pure: used by the server's master-data import and report export
 * and by anything in the client that previews a file before upload.
 *
 * Parsing is lenient where spreadsheets are sloppy and strict where data could be lost:
 * - a UTF-8 BOM (Excel's "CSV UTF-8") is dropped; CRLF, LF and lone CR all end a record;
 * - quoted fields may hold commas, quotes (`""`) and line breaks;
 * - a quote inside an unquoted field is kept literally (Excel writes `5" screen` that way);
 * - an unterminated quoted field is an error, because silently swallowing the rest of the
 *   file into one cell would import garbage without telling anyone.
 * Every record carries the 1-based file line it starts on, so an import error report can
 * point at the line a person sees in their editor even when earlier fields span lines.
 */

/** One parsed record: its fields and the 1-based line of the file it starts on. */
export type CsvRecord = { line: number; fields: string[] };

export type CsvParseResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number; reason: string };

/**
 * Splits CSV text into records. Blank lines are skipped (a trailing newline or an empty
 * line between rows is not a record), but their line numbers still count.
 */
export function parseCsv(text: string): CsvParseResult {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let fieldStarted = false; // the current record has at least one character or separator
  let quoteOpenedAt = 0;

  const endRecord = () => {
    if (fieldStarted || field !== '' || fields.length > 0) {
      fields.push(field);
      records.push({ line: recordLine, fields });
    }
    fields = [];
    field = '';
    fieldStarted = false;
  };

  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n' || (ch === '\r' && src[i + 1] !== '\n')) line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
      quoteOpenedAt = line;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      fieldStarted = true;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) return { ok: false, line: quoteOpenedAt, reason: 'unterminated quoted field' };
  endRecord();
  return { ok: true, records };
}

/** Quotes a field when it holds a separator, quote, line break or leading/trailing space. */
export function formatCsvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  // Security: a cell starting with = + - @ (or tab/CR) is run as a formula by spreadsheets
  // (CSV injection). Prefix it with an apostrophe so the export opens as plain text.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV record terminated by CRLF (RFC 4180 section 2). */
export function formatCsvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(formatCsvField).join(',')}\r\n`;
}

/**
 * Maps parsed records to objects keyed by the header row. Header cells are trimmed and
 * matched case-insensitively against `columns`, so `SerialNumber` and `serialnumber` both
 * land on `serialNumber`; unknown columns are kept under their trimmed name. Returns the
 * missing required columns instead of rows when the header is incomplete, because every
 * row would fail the same way.
 */
export function recordsToObjects(
  records: readonly CsvRecord[],
  columns: readonly string[],
  required: readonly string[] = columns,
):
  | {
      ok: true;
      header: string[];
      rows: { line: number; values: Record<string, string>; extraFields: boolean }[];
    }
  | { ok: false; missing: string[] } {
  const [head, ...body] = records;
  const byLower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  const header = (head?.fields ?? []).map((h) => {
    const t = h.trim();
    return byLower.get(t.toLowerCase()) ?? t;
  });
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) return { ok: false, missing };
  const rows = body.map((r) => {
    const values: Record<string, string> = {};
    header.forEach((h, i) => {
      values[h] = r.fields[i] ?? '';
    });
    return { line: r.line, values, extraFields: r.fields.length > header.length };
  });
  return { ok: true, header, rows };
}
