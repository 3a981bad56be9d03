/**
 * Toasts (M3 snackbars): one short message at the bottom, above the navigation bar,
 * optionally with one action ("Urungkan"). A module-level queue rather than a context, so
 * any screen (or a handler that already navigated away) can call `showToast()`; the one
 * `<ToastHost/>` lives in the app layout.
 *
 * Accessibility: the host is a polite live region; a toast with an action stays at least
 * 10 s (WCAG 2.2.1: enough time to reach the button), and pointer hover / keyboard focus
 * inside it pauses the timer.
 */
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { Icon } from './icon.tsx';

export type ToastAction = { label: string; onClick: () => void };
export type Toast = { id: number; message: string; action?: ToastAction; timeoutMs: number };

let current: Toast | null = null;
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => {
  for (const listener of listeners) listener();
};

/** Shows a toast (replacing the one on screen); returns its id. */
export function showToast(input: { message: string; action?: ToastAction; timeoutMs?: number }): number {
  const id = nextId++;
  const timeoutMs = input.timeoutMs ?? (input.action ? 10_000 : 4_000);
  current = { id, message: input.message, action: input.action, timeoutMs };
  emit();
  return id;
}

export function dismissToast(id?: number): void {
  if (current && (id === undefined || current.id === id)) {
    current = null;
    emit();
  }
}

/**
 * "Urungkan" for a destructive step on a screen (a removed photo, a cleared signature): the
 * screen keeps what it needs to restore and calls `offerUndo(message, restore)`; the toast
 * is dismissed when the screen unmounts (its restore would act on a screen that is gone)
 * and by `dismissUndo()` when the restore must no longer be offered (e.g. the form was sent).
 */
export function useUndoToast(): {
  offerUndo: (message: string, restore: () => void) => void;
  dismissUndo: () => void;
} {
  const { t } = useI18n();
  const id = useRef<number | undefined>(undefined);
  useEffect(() => () => dismissToast(id.current), []);
  const offerUndo = useCallback(
    (message: string, restore: () => void) => {
      id.current = showToast({ message, action: { label: t('common.undo'), onClick: restore } });
    },
    [t],
  );
  const dismissUndo = useCallback(() => dismissToast(id.current), []);
  return { offerUndo, dismissUndo };
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function ToastHost({ dismissLabel }: { dismissLabel: string }) {
  const toast = useSyncExternalStore(
    subscribe,
    () => current,
    () => null,
  );
  const paused = useRef(false);

  useEffect(() => {
    if (!toast) return;
    let left = toast.timeoutMs;
    // Count down in steps so a pause (hover/focus) really stops the clock.
    const step = 250;
    const timer = setInterval(() => {
      if (paused.current) return;
      left -= step;
      if (left <= 0) dismissToast(toast.id);
    }, step);
    return () => clearInterval(timer);
  }, [toast]);

  return (
    <div className="toast-host" aria-live="polite" data-testid="toast-host">
      {toast && (
        <div
          className="toast"
          role="status"
          data-testid="toast"
          onPointerEnter={() => {
            paused.current = true;
          }}
          onPointerLeave={() => {
            paused.current = false;
          }}
          onFocus={() => {
            paused.current = true;
          }}
          onBlur={() => {
            paused.current = false;
          }}
        >
          <span className="toast-message">{toast.message}</span>
          {toast.action && (
            <button
              type="button"
              className="btn text toast-action"
              data-testid="toast-action"
              onClick={() => {
                toast.action?.onClick();
                dismissToast(toast.id);
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button
            type="button"
            className="icon-btn toast-close"
            aria-label={dismissLabel}
            onClick={() => dismissToast(toast.id)}
          >
            <Icon name="close" size={20} />
          </button>
        </div>
      )}
    </div>
  );
}
