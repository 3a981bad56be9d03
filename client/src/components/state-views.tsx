/**
 * Loading / empty / error states and progress, the same everywhere:
 * - `Loading`: spinner + label (a polite status), for waits without a known size.
 * - `Empty`: icon, one sentence, and optionally the action that fills the list.
 * - `ErrorState`: what went wrong in words, and "Coba lagi" when retrying can help.
 * - `LinearProgress`: a real progress bar (`value` 0–1) when the total is known, an
 *   indeterminate one otherwise; always with a text label beside it.
 */
import type { ReactNode } from 'react';
import { Icon, type IconName } from './icon.tsx';

export function Loading({ label, testId }: { label: string; testId?: string }) {
  return (
    <p className="state loading" role="status" aria-live="polite" data-testid={testId}>
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

export function Empty({
  children,
  icon = 'inbox',
  action,
}: {
  children: ReactNode;
  icon?: IconName;
  action?: ReactNode;
}) {
  return (
    <div className="state empty">
      <Icon name={icon} size={40} className="state-icon" />
      <p>{children}</p>
      {action}
    </div>
  );
}

export function ErrorState({
  children,
  onRetry,
  retryLabel,
}: {
  children: ReactNode;
  onRetry?: () => void;
  retryLabel?: string;
}) {
  return (
    <div className="state error" role="alert">
      <Icon name="error" size={40} className="state-icon" />
      <p>{children}</p>
      {onRetry && (
        <button type="button" className="btn tonal" onClick={onRetry}>
          {retryLabel}
        </button>
      )}
    </div>
  );
}

export function LinearProgress({
  value,
  label,
  testId,
}: {
  /** 0–1; undefined = indeterminate. */
  value?: number;
  /** Accessible name (also shown by the caller next to the bar). */
  label: string;
  testId?: string;
}) {
  const percent = value === undefined ? undefined : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={`progress ${percent === undefined ? 'indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      data-testid={testId}
    >
      <div className="progress-bar" style={percent === undefined ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
