/**
 * Chips (M3):
 * - `FilterChip`: a toggle (`aria-pressed`) for list filters ("Terbuka", "Ditolak", …).
 * - `ChoiceChips`: a single choice among a few options, one tap each (a `<select>` costs
 *   two); native radio inputs underneath, so arrow keys, labels and forms just work.
 * - `StatusChip`: a status with its own colour AND icon (never colour alone).
 */
import type { ReactNode } from 'react';
import { Icon, type IconName } from './icon.tsx';

export function FilterChip({
  selected,
  onToggle,
  children,
  count,
  testId,
}: {
  selected: boolean;
  onToggle: () => void;
  children: ReactNode;
  count?: number;
  testId?: string;
}) {
  return (
    <button
      type="button"
      className={`chip filter ${selected ? 'selected' : ''}`}
      aria-pressed={selected}
      onClick={onToggle}
      data-testid={testId}
    >
      {selected && <Icon name="check" size={18} />}
      <span>{children}</span>
      {count !== undefined && <span className="chip-count">{count}</span>}
    </button>
  );
}

export type Choice<V extends string> = { value: V; label: string; icon?: IconName };

export function ChoiceChips<V extends string>({
  name,
  legend,
  options,
  value,
  onChange,
  error,
  testId,
}: {
  name: string;
  legend: string;
  options: readonly Choice<V>[];
  value: V | '';
  onChange: (value: V) => void;
  /** Validation message (the app's own, never the browser bubble). */
  error?: string | null;
  testId?: string;
}) {
  const errorId = `${name}-error`;
  return (
    <fieldset
      className="choice-chips"
      data-testid={testId}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? errorId : undefined}
    >
      <legend className="field-label">{legend}</legend>
      <div className="choice-chips-row">
        {options.map((option) => (
          <label key={option.value} className={`chip choice ${value === option.value ? 'selected' : ''}`}>
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            {value === option.value ? (
              <Icon name="check" size={18} />
            ) : (
              option.icon && <Icon name={option.icon} size={18} />
            )}
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          <Icon name="error" size={16} /> {error}
        </p>
      )}
    </fieldset>
  );
}

export type StatusTone =
  | 'submitted'
  | 'open'
  | 'in-progress'
  | 'resolved'
  | 'closed'
  | 'rejected'
  | 'cancelled'
  | 'ok'
  | 'warn'
  | 'bad'
  | 'neutral';

const toneIcon: Record<StatusTone, IconName> = {
  submitted: 'schedule',
  open: 'inbox',
  'in-progress': 'build',
  resolved: 'checkCircle',
  closed: 'doneAll',
  rejected: 'block',
  cancelled: 'close',
  ok: 'checkCircle',
  warn: 'warning',
  bad: 'block',
  neutral: 'info',
};

export function StatusChip({
  tone,
  children,
  testId,
  data,
}: {
  tone: StatusTone;
  children: ReactNode;
  testId?: string;
  /** Extra data-* attributes tests read (e.g. `{ status: 'open' }` → `data-status`). */
  data?: Record<string, string>;
}) {
  const dataAttrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <span className={`status-chip tone-${tone}`} data-testid={testId} {...dataAttrs}>
      <Icon name={toneIcon[tone]} size={16} />
      {children}
    </span>
  );
}
