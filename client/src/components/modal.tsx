/** Kept for existing callers: a `Modal` is the design system's basic `Dialog` (components/dialog.tsx). */
import type { ReactNode } from 'react';
import { Dialog } from './dialog.tsx';

export function Modal({
  title,
  children,
  onClose,
  testId,
  actions,
  tone,
}: {
  title: string;
  children: ReactNode;
  onClose: () => void;
  testId?: string;
  actions?: ReactNode;
  tone?: 'default' | 'error';
}) {
  return (
    <Dialog title={title} onClose={onClose} testId={testId} actions={actions} tone={tone}>
      {children}
    </Dialog>
  );
}
