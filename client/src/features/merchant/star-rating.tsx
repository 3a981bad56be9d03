/**
 * A 1–5 star rating as a form field (the resolution's confirmation and the satisfaction
 * survey): five radios bound to react-hook-form, each a 48 px target with its number for
 * screen readers, and the field's message under the stars.
 */
import { useId } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { type FieldErrorValue, FieldMessage } from '../../components/field.tsx';
import { useI18n } from '../../i18n/index.tsx';

const STARS = [1, 2, 3, 4, 5] as const;

export function StarRating({
  legend,
  chosen,
  error,
  registration,
}: {
  legend: string;
  /** The rating picked so far (its value as the form holds it: '' or '1'…'5'). */
  chosen: string;
  error: FieldErrorValue;
  registration: UseFormRegisterReturn;
}) {
  const { t } = useI18n();
  const messageId = useId();
  const stars = Number(chosen) || 0;
  return (
    <>
      <fieldset
        className="rating"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? messageId : undefined}
      >
        <legend>{legend}</legend>
        {STARS.map((n) => (
          <label key={n} className={stars === n ? 'chosen' : ''}>
            <input type="radio" value={n} {...registration} />
            <span aria-hidden="true">{n <= stars ? '★' : '☆'}</span>
            <span className="sr-only">{t('merchant.resolve.star', { n })}</span>
          </label>
        ))}
      </fieldset>
      <FieldMessage id={messageId} error={error} />
    </>
  );
}

/** A radio group's value ('' or null = none picked) as the number a request carries. */
export function pickedNumber(value: string | null | undefined): number | undefined {
  return value ? Number(value) : undefined;
}
