import { describe, expect, it } from 'vitest';
import { isPlausibleSerial, matchSerialFormat, SERIAL_FORMATS } from './serial-formats.ts';

describe('serial formats', () => {
  it.each(SERIAL_FORMATS.map((rule) => ({ id: rule.id, example: rule.example })))(
    '$id accepts its own example $example',
    ({ id, example }) => {
      expect(SERIAL_FORMATS.find((rule) => rule.id === id)?.pattern.test(example)).toBe(true);
      expect(isPlausibleSerial(example)).toBe(true);
    },
  );

  it.each([
    { text: '401342560', rule: 'verifone' },
    { text: '401-342-560', rule: 'verifone' },
    { text: '14047CT21023716', rule: 'ingenico' },
    { text: '6A000001', rule: 'pax-8' },
    { text: '64999999', rule: 'pax-8' },
    { text: '0820012345', rule: 'pax-10' },
    { text: 'V1S1219B40010', rule: 'other-vendors' },
    { text: 'CAS2108301023', rule: 'other-vendors' },
    // Demo data (sync-server/src/services/demo/catalogue.ts) and the generated test stickers.
    { text: 'V2T00012345', rule: 'demo' },
    { text: 'M2598765432', rule: 'demo' },
    { text: 'S9012345678', rule: 'demo' },
    { text: 'V2T1234567', rule: 'sticker-verifone' },
    { text: 'PAX-A920-12345678', rule: 'sticker-pax' },
    { text: '12345CT12345678', rule: 'ingenico' },
    { text: 'D210123456789', rule: 'sticker-pax' },
  ])('$text is a $rule serial', ({ text, rule }) => {
    expect(matchSerialFormat(text)?.id).toBe(rule);
  });

  it.each([
    // The Code 128 misread of issue 17.
    { text: '&K W774344487352', why: 'symbols and a space' },
    { text: 'v2t00012345', why: 'lower case' },
    { text: ' V2T00012345', why: 'leading space' },
    { text: 'V2T00012345\n', why: 'control character' },
    { text: 'V2T 00012345', why: 'space inside' },
    { text: 'M132-409-01-R', why: 'Verifone part number' },
    { text: '00:0B:4F:12:34:56', why: 'MAC address' },
    { text: '356938035643809', why: 'IMEI (15 digits)' },
    { text: '000001234567890', why: 'merchant ID (15 digits)' },
    { text: '8962101234567890123', why: 'SIM ICCID' },
    { text: '4006381333931', why: 'EAN-13 of the box' },
    { text: '12345678', why: 'TID-like 8 digits … is a PAX-8 shape' },
    { text: 'https://example.com/x', why: 'URL in a QR code' },
    { text: 'AB1234', why: 'too short for every rule' },
    { text: 'ABCDEFGHIJKL12', why: 'fewer than 6 digits' },
    { text: '6O000001', why: 'PAX model code with the letter O' },
  ])('rejects $text ($why)', ({ text, why }) => {
    // One row documents the limit of format rules: an 8-digit TID has the shape of a PAX serial,
    // so only the device table tells them apart.
    const expected = why.startsWith('TID-like') ? 'pax-8' : null;
    expect(matchSerialFormat(text)?.id ?? null).toBe(expected);
  });
});
