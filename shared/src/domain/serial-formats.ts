/**
 * Serial-number formats of EDC terminals, used to reject barcode reads that cannot be a
 * terminal serial before they are accepted: a misread (ZXing's Code 128 checksum lets a garbled
 * symbol through now and then, e.g. `&K W774344487352`), or another barcode on the same label
 * (part number, MAC address, IMEI, the box's EAN). A read that passes a rule still has to be in
 * the device table (the scanner's caller checks that); the rules are the cheap first gate the
 * decoder applies to every symbol it finds.
 *
 * Pure: no I/O. Sources, per rule: `vendor-doc` = the vendor's own documentation,
 * `field` = the form printed on terminals' labels (no vendor document found), `project` = the
 * formats this project's demo data and test stickers use, `shape` = no published format found,
 * only the shape every vendor serial shares.
 */

export type SerialSource = 'vendor-doc' | 'field' | 'project' | 'shape';

export interface SerialFormat {
  id: string;
  vendor: string;
  pattern: RegExp;
  /** One serial the rule accepts (tested). */
  example: string;
  source: SerialSource;
  note: string;
}

export const SERIAL_FORMATS: readonly SerialFormat[] = [
  {
    id: 'verifone',
    vendor: 'Verifone',
    // Printed `S/N: 401-342-560`; the barcode carries the same nine digits, with or without
    // the dashes depending on the label generation.
    pattern: /^\d{3}-?\d{3}-?\d{3}$/,
    example: '401-342-560',
    source: 'field',
    note: 'nine digits in groups of three (Vx, V200c, V240m, X990 labels)',
  },
  {
    id: 'ingenico',
    vendor: 'Ingenico',
    // The first two digits are the year of manufacture (Ingenico's dealers document this),
    // then three digits, a two-letter plant code (CT, PP, PW, WB, …) and an 8-digit sequence.
    pattern: /^\d{5}[A-Z]{2}\d{8}$/,
    example: '16211PP80393457',
    source: 'field',
    note: '15 characters: YY + 3 digits, plant letters, 8 digits (Telium, Tetra)',
  },
  {
    id: 'pax-8',
    vendor: 'PAX',
    // PAX A920 reference guide, "Serial Number Definition": model code of 2 characters from
    // 0-9 and A-Z without O and I, then a 6-digit sequence (e.g. D180 `64999999` → `6A000001`).
    pattern: /^[0-9A-HJ-NP-Z]{2}\d{6}$/,
    example: '6A000001',
    source: 'vendor-doc',
    note: '8 characters: 2-character model code (no O, I) + 6 digits',
  },
  {
    id: 'pax-10',
    vendor: 'PAX',
    pattern: /^\d{10}$/,
    example: '0821234567',
    source: 'vendor-doc',
    note: '10 digits: 3-digit model code + 7 digits (same guide)',
  },
  {
    id: 'demo',
    vendor: 'demo data',
    pattern: /^(?:V2T|VX5|M25|D35|A92|S90)\d{8}$/,
    example: 'V2T00012345',
    source: 'project',
    note: 'demo data (sync-server/src/services/demo/catalogue.ts MODELS): model prefix + 8 digits',
  },
  {
    id: 'sticker-verifone',
    vendor: 'test stickers',
    pattern: /^V2T\d{7}$/,
    example: 'V2T1234567',
    source: 'project',
    note: 'generated test stickers (e2e/fixtures/barcodes): Verifone style',
  },
  {
    id: 'sticker-pax',
    vendor: 'test stickers',
    pattern: /^PAX-A920-\d{8}$|^D210\d{9}$/,
    example: 'PAX-A920-12345678',
    source: 'project',
    note: 'generated test stickers: PAX styles',
  },
  {
    id: 'other-vendors',
    vendor: 'Castles, Sunmi, Newland, others',
    // No published serial format found for these vendors (their labels show upper-case letters
    // and digits). Only the common shape is checked; the device table decides. At least one
    // letter: all-digit strings of this length on a terminal's label are IMEIs (15 digits) and
    // merchant IDs (15 digits), never its serial.
    pattern: /^(?=[0-9]*[A-Z])(?=(?:[A-Z]*\d){6})[0-9A-Z]{10,16}$/,
    example: 'PB04198G20046',
    source: 'shape',
    note: '10–16 upper-case letters and digits, at least one letter and 6 digits',
  },
];

/**
 * The first rule `text` matches exactly (no trimming: a sticker encodes just the serial); the
 * specific rules come before the shape-only one, so a match names the most specific rule.
 */
export function matchSerialFormat(text: string): SerialFormat | null {
  return SERIAL_FORMATS.find((rule) => rule.pattern.test(text)) ?? null;
}

/** True when `text` has the form of a terminal serial (see SERIAL_FORMATS). */
export function isPlausibleSerial(text: string): boolean {
  return matchSerialFormat(text) !== null;
}
