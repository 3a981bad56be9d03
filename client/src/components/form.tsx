/**
 * Forms of the app: react-hook-form, validated with the shared zod schemas, messages in the
 * app's language (client/src/README.md says why this approach).
 *
 * `useZodForm(schema, defaults)` is `useForm` with a resolver that runs `schema` over the
 * form's values and turns every zod issue into words from i18n (`form.*`), by its code and
 * limits — the schemas' own (English) messages are never shown. The schema's output is
 * what `handleSubmit` hands over, so a form schema is usually "UI fields → request body"
 * piped into the shared request schema. Forms set `noValidate`: the browser's bubbles
 * would speak the browser's language, not the app's.
 */
import { useId, useRef } from 'react';
import {
  type Control,
  type DefaultValues,
  type FieldError,
  type FieldErrors,
  type FieldPathByValue,
  type FieldValues,
  type Resolver,
  type UseFormProps,
  type UseFormReturn,
  useController,
  useForm,
} from 'react-hook-form';
import type { z } from 'zod';
import { type MessageKey, type Translate, useI18n } from '../i18n/index.tsx';
import { EnumSelect, type EnumSelectProps } from './enum-select.tsx';
import { FieldMessage } from './field.tsx';

/** Format errors said per field (the last name in the issue's path). */
const FORMAT_KEYS: Record<string, MessageKey> = {
  mid: 'form.format.mid',
  regions: 'form.format.region',
  url: 'form.format.url',
  username: 'form.format.username',
  date: 'form.format.date',
  file: 'form.format.file',
  contactPhone: 'form.format.phone',
  callerPhone: 'form.format.phone',
  caseNumbers: 'form.format.caseNumber',
  // The refinements of two fields together, said at the field their path names.
  startMinute: 'form.format.businessHours',
  endsAt: 'form.format.endsAfterStart',
};

/** Whether a form value counts as "not filled in" (empty text, no file, nothing picked). */
function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (typeof value === 'number') return Number.isNaN(value);
  if (typeof value === 'object' && 'length' in value) return value.length === 0;
  return false;
}

/** One zod issue in words; `value` is the form field's value (blank → "required"). */
export function issueText(t: Translate, issue: z.core.$ZodIssue, value?: unknown): string {
  const field = [...issue.path].reverse().find((p): p is string => typeof p === 'string') ?? '';
  const blank = isBlank(value);
  switch (issue.code) {
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return blank || n <= 1 ? t('form.required') : t('form.tooShort', { n });
      if (issue.origin === 'array' || issue.origin === 'set') return t('form.pickAtLeast', { n });
      return issue.inclusive === false ? t('form.moreThan', { n }) : t('form.atLeast', { n });
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return t('form.tooLong', { n });
      if (issue.origin === 'array' || issue.origin === 'set') return t('form.pickAtMost', { n });
      return issue.inclusive === false ? t('form.lessThan', { n }) : t('form.atMost', { n });
    }
    case 'invalid_type':
      if (issue.expected === 'int') return t('form.wholeNumber');
      if (issue.expected === 'number' && !blank) return t('form.number');
      return t('form.required');
    case 'invalid_value':
      return blank ? t('form.required') : t('form.choose');
    case 'invalid_format':
    case 'custom': {
      if (blank) return t('form.required');
      const key = FORMAT_KEYS[field];
      return key ? t(key) : t('form.invalid');
    }
    default:
      return t('form.invalid');
  }
}

/** Per form field, the message key for "not filled in". */
export type RequiredMessages = Readonly<Record<string, MessageKey>>;

/** A request as a form builds it: any field may still be missing (the schema says so). */
export type Draft<S extends z.ZodType> = Partial<z.input<S>>;

/**
 * A resolver: the form's values → `toRequest` → the shared `schema`. Errors go to the first
 * name of the issue's path (every form here is flat: `regions.2` is an error of the
 * `regions` field), renamed by `aliases` where the request names a field differently
 * (`hours` → `amount`); `root` when the schema refines the whole object.
 */
export function zodFormResolver<TValues extends FieldValues, S extends z.ZodType>(
  schema: S,
  toRequest: (values: TValues) => Draft<S>,
  translate: () => Translate,
  aliases: Readonly<Record<string, string>> = {},
  required: () => RequiredMessages = () => ({}),
): Resolver<TValues, unknown, z.output<S>> {
  return async (values) => {
    const result = await schema.safeParseAsync(toRequest(values));
    if (result.success) return { values: result.data, errors: {} };
    const t = translate();
    const own = required();
    const errors: Record<string, FieldError> = {};
    for (const issue of result.error.issues) {
      const first = issue.path[0];
      const name = typeof first === 'string' ? (aliases[first] ?? first) : 'root';
      if (errors[name]) continue;
      let message = issueText(t, issue, Reflect.get(values, name));
      const key = own[name];
      if (key && message === t('form.required')) message = t(key);
      errors[name] = { type: issue.code, message };
    }
    // Keyed by the form's own field names (or root): the shape FieldErrors describes.
    return { values: {}, errors: errors satisfies FieldErrors as FieldErrors<TValues> };
  };
}

export type ZodFormOptions<TValues extends FieldValues, S extends z.ZodType> = Omit<
  UseFormProps<TValues, unknown, z.output<S>>,
  'resolver' | 'defaultValues'
> & {
  /** A shared request schema (or a form's own, built from shared pieces). */
  schema: S;
  defaultValues: DefaultValues<TValues>;
  /** The form's fields as the request the schema checks (split lists, trim, pick one of). */
  toRequest: (values: TValues) => Draft<S>;
  aliases?: Readonly<Record<string, string>>;
  /**
   * A field's own words for "not filled in" ("Tulis masalahnya dulu." rather than "Wajib
   * diisi."), by form field name; a function is called at every validation (words that
   * depend on state, e.g. whether a catalogue has arrived).
   */
  requiredMessages?: RequiredMessages | (() => RequiredMessages);
};

/** `useForm` validated by a zod schema, messages in the current language. */
export function useZodForm<TValues extends FieldValues, S extends z.ZodType>({
  schema,
  toRequest,
  aliases,
  requiredMessages,
  ...options
}: ZodFormOptions<TValues, S>): UseFormReturn<TValues, unknown, z.output<S>> {
  const { t } = useI18n();
  // The resolver is fixed at the first render; the language (and the words) may change later.
  const latest = useRef(t);
  latest.current = t;
  const words = useRef(requiredMessages);
  words.current = requiredMessages;
  return useForm<TValues, unknown, z.output<S>>({
    ...options,
    resolver: zodFormResolver(
      schema,
      toRequest,
      () => latest.current,
      aliases,
      () => {
        const own = words.current;
        return typeof own === 'function' ? own() : (own ?? {});
      },
    ),
  });
}

/** {@link EnumSelect} bound to a form field (value, change, blur, focus on error). */
export function EnumField<TValues extends FieldValues, TOut, T extends string>({
  control,
  name,
  onPick,
  ...select
}: Omit<EnumSelectProps<T>, 'value' | 'onChange' | 'name'> & {
  control: Control<TValues, unknown, TOut>;
  name: FieldPathByValue<TValues, T | ''>;
  /** Called after the user picked a value (not when the form sets one). */
  onPick?: (value: T | '') => void;
}) {
  const { field, fieldState } = useController({ control, name });
  const id = useId();
  const value: unknown = field.value;
  return (
    <EnumSelect
      {...select}
      name={field.name}
      ref={field.ref}
      onBlur={field.onBlur}
      value={select.options.find((o) => o === value) ?? ''}
      onChange={(value) => {
        field.onChange(value);
        onPick?.(value);
      }}
      aria-invalid={fieldState.invalid || undefined}
      aria-describedby={fieldState.error ? id : undefined}
      after={<FieldMessage id={id} error={fieldState.error} />}
    />
  );
}
