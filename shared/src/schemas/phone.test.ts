import { describe, expect, it } from 'vitest';
import { normalizeIndonesianPhone, phoneInputSchema, phoneNumberSchema } from './common.ts';
import { complaintRequestSchema } from './self-service.ts';

describe('Indonesian contact phone numbers', () => {
  it.each([
    ['08123456789', '+628123456789'],
    ['0812-3456-7890', '+6281234567890'],
    ['+62 812 3456 7890', '+6281234567890'],
    ['62812.3456.789', '+628123456789'],
    ['(021) 5550123', '+62215550123'],
    ['  +6281234567  ', '+6281234567'],
  ])('accepts %j as %j', (typed, stored) => {
    expect(normalizeIndonesianPhone(typed)).toBe(stored);
    expect(phoneInputSchema.parse(typed)).toBe(stored);
  });

  it.each([
    ['too short', '0812345'],
    ['too long', '0812345678901234'],
    ['a 0 after the country code', '+620812345678'],
    ['another country', '+6591234567'],
    ['letters', '0812-CALL-ME'],
    ['empty', ''],
    ['no prefix', '812345678'],
  ])('refuses %s (%j)', (_why, typed) => {
    expect(phoneInputSchema.safeParse(typed).success).toBe(false);
  });

  it('stores only the normalized form (a typed form is not a stored one)', () => {
    expect(phoneNumberSchema.safeParse('+6281234567890').success).toBe(true);
    expect(phoneNumberSchema.safeParse('081234567890').success).toBe(false);
  });

  it('is optional on a complaint and normalized there', () => {
    const base = { description: 'EDC mati', category: 'other' as const };
    expect(complaintRequestSchema.parse(base).contactPhone).toBeUndefined();
    expect(complaintRequestSchema.parse({ ...base, contactPhone: '0812 3456 789' }).contactPhone).toBe(
      '+628123456789',
    );
    expect(complaintRequestSchema.safeParse({ ...base, contactPhone: '12345' }).success).toBe(false);
  });
});
