/**
 * Dialogs on the native `<dialog>` (focus trap, Esc, inert background for free):
 * - `Dialog`: M3 basic dialog (title, body, actions right-aligned). `tone="error"` for
 *   blocking problems (Table 2 popups), which also gives the title an icon.
 * - `ConfirmDialog`: every destructive action asks first ("Hapus draf?" → Batal / Hapus);
 *   the destructive button is styled as such and the safe one has the focus.
 * - `BottomSheet`: M3 modal bottom sheet (menus, settings, choices) anchored to the bottom
 *   edge on phones, a centred sheet on wide screens.
 */
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { Icon } from './icon.tsx';

function useModalDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return ref;
}

export function Dialog({
  title,
  children,
  onClose,
  actions,
  testId,
  tone = 'default',
}: {
  title: string;
  children: ReactNode;
  /** Esc, or the caller's own close button. */
  onClose: () => void;
  actions?: ReactNode;
  testId?: string;
  tone?: 'default' | 'error';
}) {
  const ref = useModalDialog();
  const titleId = useId();
  const bodyId = useId();
  return (
    <dialog
      ref={ref}
      className={`dialog ${tone === 'error' ? 'dialog-error' : ''}`}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {tone === 'error' && <Icon name="error" className="dialog-icon" />}
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <div id={bodyId} className="dialog-body">
        {children}
      </div>
      {actions && <div className="dialog-actions">{actions}</div>}
    </dialog>
  );
}

export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  cancelLabel,
  onConfirm,
  onCancel,
  testId,
}: {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}) {
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      testId={testId}
      actions={
        <>
          {/* autoFocus on the safe choice: a stray Enter never destroys anything. */}
          {/* biome-ignore lint/a11y/noAutofocus: focus belongs to the safe button of a confirmation. */}
          <button type="button" className="btn text" onClick={onCancel} autoFocus>
            {cancelLabel}
          </button>
          <button
            type="button"
            className="btn danger-filled"
            onClick={onConfirm}
            data-testid="confirm-action"
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      {typeof body === 'string' ? <p>{body}</p> : body}
    </Dialog>
  );
}

export function BottomSheet({
  title,
  children,
  onClose,
  closeLabel,
  testId,
}: {
  title: string;
  children: ReactNode;
  onClose: () => void;
  closeLabel: string;
  testId?: string;
}) {
  const ref = useModalDialog();
  const titleId = useId();
  return (
    <dialog
      ref={ref}
      className="sheet"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      // A tap on the scrim (the dialog box itself, outside the sheet's content) closes it.
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div className="sheet-content">
        <div className="sheet-handle" aria-hidden="true" />
        <div className="sheet-header">
          <h2 id={titleId} className="sheet-title">
            {title}
          </h2>
          <button type="button" className="icon-btn" onClick={onClose} aria-label={closeLabel}>
            <Icon name="close" />
          </button>
        </div>
        {children}
      </div>
    </dialog>
  );
}
