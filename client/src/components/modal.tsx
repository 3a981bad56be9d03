/** Accessible modal dialog on the native <dialog> (focus trap, Esc, inert background). */
import { type ReactNode, useEffect, useId, useRef } from 'react';

export function Modal({
  title,
  children,
  onClose,
  testId,
  actions,
}: {
  title: string;
  children: ReactNode;
  onClose: () => void;
  testId?: string;
  actions?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div className="modal-body">{children}</div>
      <div className="modal-actions">{actions}</div>
    </dialog>
  );
}
