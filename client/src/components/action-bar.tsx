/**
 * Sticky bottom action bar: the screen's primary action stays visible whatever the form's
 * length (no "Kirim kasus" below the fold). Sits above the navigation bar when one is
 * shown; the page reserves its height so nothing hides behind it.
 */
import type { ReactNode } from 'react';

export function ActionBar({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="action-bar" data-testid={testId}>
      <div className="action-bar-inner">{children}</div>
    </div>
  );
}
