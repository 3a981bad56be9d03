/**
 * Form field frame: label above, control, supporting text or the app's own error message
 * below (`aria-invalid` + `aria-describedby`), so a screen reader reads the reason and
 * the browser's validation bubble never appears (forms use `noValidate`).
 *
 * The control is passed as a render function receiving the ids and ARIA props to spread:
 * `<Field label=… error={…}>{(p) => <input {...p} value=… />}</Field>`. It works with any
 * form state (useState, react-hook-form's `register`, form actions).
 */
import { type ReactNode, useId } from 'react';
import { Icon } from './icon.tsx';

export type FieldControlProps = {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
};

export function Field({
  label,
  hint,
  error,
  children,
  testId,
}: {
  label: string;
  hint?: string;
  error?: string | null;
  children: (props: FieldControlProps) => ReactNode;
  testId?: string;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ');
  return (
    <div className={`field ${error ? 'invalid' : ''}`} data-testid={testId}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children({
        id,
        ...(error ? { 'aria-invalid': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {error && (
        <p id={errorId} className="field-error" role="alert">
          <Icon name="error" size={16} /> {error}
        </p>
      )}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
