import { describe, expect, it } from 'vitest';
import { callerNameSchema, callerPhoneSchema, intakeRequestSchema } from './reports.ts';

describe('intake caller (issue 15)', () => {
  it.each([
    ['mobile 08…', '0812-3456-7890', '+6281234567890'],
    ['with +62', '+62 812 3456 7890', '+6281234567890'],
    ['with 62', '6281234567890', '+6281234567890'],
    ['Jakarta landline', '021 555 1234', '+62215551234'],
    ['Jakarta landline in brackets', '(021) 555-1234', '+62215551234'],
  ])('accepts a phone, stored as +62… like a contact phone: %s', (_name, input, stored) => {
    expect(callerPhoneSchema.parse(input)).toBe(stored);
  });

  it.each([
    ['letters', 'nomor saya'],
    ['too short', '0812'],
    ['too long', '0812345678901234'],
    ['foreign prefix', '+1 415 555 0100'],
    ['empty', '   '],
  ])('refuses a phone: %s', (_name, input) => {
    expect(callerPhoneSchema.safeParse(input).success).toBe(false);
  });

  it.each([
    ['a plain name', 'Budi Santoso', true],
    ['an apostrophe and a dot', "Ni Luh Putu A. D'Souza", true],
    ['digits', 'Budi 123', false],
    ['one letter', 'B', false],
    ['markup', '<b>Budi</b>', false],
  ])('name: %s', (_name, input, ok) => {
    expect(callerNameSchema.safeParse(input).success).toBe(ok);
  });

  it('an intake without a caller is still valid (API clients); with one, both are checked', () => {
    const base = { channel: 'phone', mid: '000000000000001', description: 'EDC mati' };
    expect(intakeRequestSchema.safeParse(base).success).toBe(true);
    expect(intakeRequestSchema.safeParse({ ...base, callerName: 'Budi', callerPhone: 'x' }).success).toBe(
      false,
    );
  });
});
