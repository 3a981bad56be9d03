/**
 * The app's one form field: label above, control, then the app's own error message and the
 * supporting text (`aria-invalid` + `aria-describedby`), so a screen reader reads the reason
 * and the browser's validation bubble never appears (forms use `noValidate`). Phone and desk
 * use the same structure; the desk's denser look comes from its form containers' CSS
 * (`.inline-form`, `.action-form` in desk.css), not from another component.
 *
 * The control is passed as a render function receiving the id and ARIA props to spread:
 * `<Field label=… error={…}>{(p) => <input {...p} {...form.register('x')} />}</Field>`. It works
 * with any form state; `error` takes react-hook-form's `FieldError` as it is. Kept free of
 * react-hook-form so screens without a form library do not load it.
 */
import { type ReactNode, useId } from 'react';
import { Icon } from './icon.tsx';

/** The aria attributes tying a control to its message. */
export type FieldA11y = { 'aria-invalid'?: true; 'aria-describedby'?: string };
/** What a `Field`'s control receives: its id (the label's `htmlFor`) and the aria attributes. */
export type FieldControlProps = FieldA11y & { id: string };
/** A message as text, or react-hook-form's `FieldError` (`{message}`). */
export type FieldErrorValue = string | { message?: string } | null | undefined;

function messageOf(error: FieldErrorValue): string | undefined {
  if (!error) return undefined;
  return typeof error === 'string' ? error : error.message || undefined;
}

export function Field({
  label,
  hint,
  error,
  className,
  testId,
  children,
}: {
  label: ReactNode;
  hint?: string;
  error?: FieldErrorValue;
  className?: string;
  testId?: string;
  children: (props: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const message = messageOf(error);
  const describedBy = [message ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ');
  const classes = ['field', message ? 'invalid' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <div className={classes} data-testid={testId}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children({
        id,
        ...(message ? { 'aria-invalid': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      <FieldMessage id={errorId} error={error} />
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/**
 * A field's message on its own, for controls outside a `Field` (edit rows in tables, a
 * checkbox group): give the control `aria-describedby={id}` and `aria-invalid`.
 */
export function FieldMessage({ id, error }: { id: string; error: FieldErrorValue }): ReactNode {
  const message = messageOf(error);
  if (!message) return null;
  return (
    // A span: it also sits inside an EnumSelect's <label>, where a <p> is not allowed.
    <span id={id} className="field-error" role="alert">
      <Icon name="error" size={16} /> {message}
    </span>
  );
}
