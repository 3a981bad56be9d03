/**
 * Form validation in the app's words: the shared schemas' issues become i18n messages by
 * their code and limits (never zod's English), and the resolver puts each on its field.
 */
import {
  complaintRequestSchema,
  createProblemRequestSchema,
  createSlaRuleRequestSchema,
  createSurveyRequestSchema,
  createUserRequestSchema,
  createWebhookRequestSchema,
  intakeRequestSchema,
  slaCalendarsSchema,
  type WebhookEvent,
} from '@edc/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Language, loadCatalogue, type MessageKey, type Params, translate } from '../i18n/index.tsx';
import { issueText, zodFormResolver } from './form.tsx';

// English is a lazy chunk in the app; these tests read both catalogues.
await loadCatalogue('en');

const tIn = (language: Language) => (key: MessageKey, params?: Params) => translate(language, key, params);
const t = tIn('en');
/** What react-hook-form passes a resolver (no native validation here). */
const options = { fields: {}, shouldUseNativeValidation: false };

/** The message of the first issue `schema` finds in `input`, for the field value `value`. */
function firstIssue(schema: z.ZodType, input: unknown, value?: unknown): string {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected an issue');
  const [issue] = result.error.issues;
  if (!issue) throw new Error('no issue');
  return issueText(t, issue, value);
}

describe('refinements of two fields and list formats are said in words', () => {
  it.each<[string, z.ZodType, unknown, unknown, MessageKey]>([
    [
      'business hours closing before opening (SLA calendars)',
      slaCalendarsSchema,
      {
        minor: { mode: '24x7' },
        major: { mode: 'business_hours', startMinute: 1020, endMinute: 480 },
        critical: { mode: '24x7' },
      },
      { mode: 'business_hours', start: '17:00', end: '08:00' },
      'form.format.businessHours',
    ],
    [
      'a survey ending before it starts',
      createSurveyRequestSchema,
      { title: 'CSI', startsAt: '2090-01-01T10:00:00.000Z', endsAt: '2090-01-01T09:00:00.000Z' },
      '2090-01-01T16:00',
      'form.format.endsAfterStart',
    ],
    [
      'a mistyped case number in a list',
      createProblemRequestSchema,
      { title: 'Printer macet', caseNumbers: ['CASE-20260309-00001', 'CASE-1'] },
      'CASE-20260309-00001, CASE-1',
      'form.format.caseNumber',
    ],
  ])('%s', (_name, schema, input, value, key) => {
    for (const language of ['id', 'en'] as const) {
      const result = schema.safeParse(input);
      const [issue] = result.error?.issues ?? [];
      if (!issue) throw new Error('expected an issue');
      expect(issueText(tIn(language), issue, value)).toBe(tIn(language)(key));
    }
  });
});

describe('issueText: zod issues in the app language', () => {
  it.each<[string, z.ZodType, unknown, unknown, string]>([
    ['empty required text', z.object({ name: z.string().trim().min(1) }), { name: '  ' }, '  ', 'Required.'],
    [
      'too short',
      z.object({ password: z.string().min(10) }),
      { password: 'abc' },
      'abc',
      'At least 10 characters.',
    ],
    [
      'too long',
      z.object({ label: z.string().max(5) }),
      { label: 'abcdefgh' },
      'abcdefgh',
      'At most 5 characters.',
    ],
    ['positive number', z.object({ n: z.number().int().positive() }), { n: 0 }, 0, 'Must be more than 0.'],
    ['at least n', z.object({ n: z.number().min(2) }), { n: 1 }, 1, 'At least 2.'],
    ['empty number input (NaN)', z.object({ n: z.number() }), { n: Number.NaN }, Number.NaN, 'Required.'],
    [
      'a fraction where a whole number is due',
      z.object({ n: z.number().int() }),
      { n: 1.5 },
      1.5,
      'Enter a whole number.',
    ],
    [
      'nothing picked',
      z.object({ events: z.array(z.string()).min(1) }),
      { events: [] },
      [],
      'Pick at least 1.',
    ],
    [
      'a MID in the wrong format',
      z.object({ mid: z.string().regex(/^\d{15}$/) }),
      { mid: '123' },
      '123',
      'A MID has 15 digits.',
    ],
    [
      'an empty MID is just missing',
      z.object({ mid: z.string().regex(/^\d{15}$/) }),
      { mid: '' },
      '',
      'Required.',
    ],
    [
      'an unnamed field format',
      z.object({ code: z.string().regex(/^x$/) }),
      { code: 'y' },
      'y',
      'Invalid value.',
    ],
    ['nothing chosen of an enum', z.object({ c: z.enum(['a', 'b']) }), { c: undefined }, '', 'Required.'],
  ])('%s', (_name, schema, input, value, want) => {
    expect(firstIssue(schema, input, value)).toBe(want);
  });

  it('speaks Indonesian by default', () => {
    const result = z.object({ password: z.string().min(10) }).safeParse({ password: 'abc' });
    const issue = result.success ? undefined : result.error.issues[0];
    if (!issue) throw new Error('expected an issue');
    expect(issueText(tIn('id'), issue, 'abc')).toBe('Minimal 10 karakter.');
  });
});

describe('zodFormResolver: the form → the shared request schema', () => {
  type UserValues = {
    username: string;
    role: 'technician' | 'merchant';
    regions: string;
    mid: string;
    password: string;
  };
  const userResolver = zodFormResolver(
    createUserRequestSchema,
    (v: UserValues) => ({
      username: v.username,
      displayName: 'X',
      role: v.role,
      regions: v.regions
        .split(',')
        .map((r) => r.trim().toUpperCase())
        .filter(Boolean),
      ...(v.mid ? { mid: v.mid } : {}),
      password: v.password,
    }),
    () => t,
  );

  it('hands the parsed request to submit', async () => {
    const result = await userResolver(
      { username: 'new.tech', role: 'technician', regions: 'jkt, bdg', mid: '', password: 'long-enough-1' },
      undefined,
      options,
    );
    expect(result.errors).toEqual({});
    expect(result.values).toMatchObject({ username: 'new.tech', regions: ['JKT', 'BDG'] });
  });

  it('puts each issue on its form field: a list element on the list, a refinement on its path', async () => {
    const result = await userResolver(
      { username: 'bad name!', role: 'merchant', regions: 'jkt, x', mid: '', password: 'short' },
      undefined,
      options,
    );
    expect(result.values).toEqual({});
    expect(Object.fromEntries(Object.entries(result.errors).map(([k, e]) => [k, e?.message]))).toEqual({
      username: 'Letters, digits and . _ @ - only.',
      regions: 'Region codes of 2–5 letters, separated by commas (e.g. JKT, BDG).',
      password: 'At least 10 characters.',
      // A merchant user needs a MID (the schema's refinement), and none was typed.
      mid: 'Required.',
    });
  });

  it('renames request fields to the form field that holds them (hours → amount)', async () => {
    const resolver = zodFormResolver(
      createSlaRuleRequestSchema,
      (v: { amount: number }) => ({
        category: 'other' as const,
        subcase: 's',
        caseType: 'escalation',
        responsibleUnit: 'CC',
        priority: 'minor' as const,
        responseMinutes: 60,
        hours: v.amount,
      }),
      () => t,
      { hours: 'amount', businessDays: 'amount' },
    );
    const result = await resolver({ amount: 0 }, undefined, options);
    expect(result.errors.amount?.message).toBe('Must be more than 0.');
  });

  it('checks a URL and a non-empty event list of a webhook', async () => {
    const resolver = zodFormResolver(
      createWebhookRequestSchema,
      (v: { url: string; events: WebhookEvent[] }) => v,
      () => t,
    );
    const result = await resolver({ url: 'ftp://example.com/x', events: [] }, undefined, options);
    expect(result.errors.url?.message).toBe('Enter a full http(s):// address.');
    expect(result.errors.events?.message).toBe('Pick at least 1.');
  });

  it('reports a missing required field of the intake as required, in words', async () => {
    const resolver = zodFormResolver(
      intakeRequestSchema,
      (v: { description: string }) => ({
        channel: 'phone' as const,
        mid: '123456789012345',
        description: v.description,
      }),
      () => tIn('id'),
    );
    const result = await resolver({ description: '   ' }, undefined, options);
    expect(result.errors.description?.message).toBe('Wajib diisi.');
  });

  it("says what a phone number looks like when the intake's caller phone is not one", async () => {
    const resolver = zodFormResolver(
      intakeRequestSchema,
      (v: { callerPhone: string }) => ({
        channel: 'phone' as const,
        mid: '123456789012345',
        description: 'EDC mati',
        callerName: 'Sari Wulandari',
        callerPhone: v.callerPhone,
      }),
      () => tIn('id'),
    );
    const bad = await resolver({ callerPhone: 'nomor saya' }, undefined, options);
    expect(bad.errors.callerPhone?.message).toBe(tIn('id')('form.format.phone'));
    const good = await resolver({ callerPhone: '0812-3456-7890' }, undefined, options);
    expect(good.errors).toEqual({});
    expect(good.values).toMatchObject({ callerPhone: '+6281234567890' });
  });

  it("words a field's blank value in its own terms, other issues as usual (merchant complaint)", async () => {
    type Values = { description: string; category: 'other' | ''; serial: string };
    const resolver = zodFormResolver(
      complaintRequestSchema,
      (v: Values) => ({
        description: v.description,
        category: v.category || undefined,
        serialNumber: v.serial || undefined,
      }),
      () => t,
      { serialNumber: 'serial' },
      () => ({
        description: 'merchant.complaint.descriptionRequired',
        category: 'merchant.complaint.categoryRequired',
      }),
    );
    const blank = await resolver({ description: '  ', category: '', serial: '' }, undefined, options);
    expect(blank.errors.description?.message).toBe('Describe the problem first.');
    expect(blank.errors.category?.message).toBe('Choose a category.');
    const long = await resolver(
      { description: 'x'.repeat(4001), category: 'other', serial: '' },
      undefined,
      options,
    );
    expect(long.errors.description?.message).toBe('At most 4000 characters.');
    const ok = await resolver(
      { description: ' EDC mati ', category: 'other', serial: 'SN1' },
      undefined,
      options,
    );
    expect(ok.values).toEqual({ description: 'EDC mati', category: 'other', serialNumber: 'SN1' });
  });
});
