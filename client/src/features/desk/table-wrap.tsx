import type { ReactNode } from 'react';

/**
 * A table's horizontal scroll box. A box that scrolls must be reachable by keyboard (axe:
 * scrollable-region-focusable), so it is a labelled, focusable region (a labelled section): Tab into it, then
 * the arrow keys scroll a table wider than the window.
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must be focusable to scroll by keyboard (WCAG 2.1.1).
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
