/**
 * A list of hundreds of rows that scrolls with the page and keeps only the rows near the
 * viewport in the DOM (my cases, the Tugas list): rendering 200 job cards at start cost more
 * than the rest of the home screen together (docs/benchmarks.md, "Work loop rows").
 *
 * It stays a real list for assistive technology and the keyboard: a `<ul>` of `<li>`s, each
 * rendered row saying where it stands (`aria-posinset` of `aria-setsize`, "5 of 200"), rows in
 * document order, and `overscan` rows rendered beyond each edge of the screen, so Tab always
 * has a next row to move to; focusing it scrolls it into view, which renders the ones after.
 * Rows are measured once rendered (their estimate only places them until then).
 */
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { type LiHTMLAttributes, type ReactNode, useLayoutEffect, useRef, useState } from 'react';

type DataAttributes = { [name: `data-${string}`]: string | number | undefined };

export type VirtualListProps<T> = {
  items: readonly T[];
  itemKey: (item: T) => string;
  /** Expected row height in px before it is measured. */
  estimateSize: (item: T) => number;
  renderItem: (item: T) => ReactNode;
  /** Attributes of a row's `<li>` (class, test id, data-*); position and size are the list's. */
  itemProps?: (item: T) => LiHTMLAttributes<HTMLLIElement> & DataAttributes;
  overscan?: number;
  className?: string;
  /** Attributes of the `<ul>` (test id, counts, a label). */
  listProps?: DataAttributes & { 'aria-labelledby'?: string };
};

export function VirtualList<T>({
  items,
  itemKey,
  estimateSize,
  renderItem,
  itemProps,
  overscan = 6,
  className,
  listProps,
}: VirtualListProps<T>) {
  const listRef = useRef<HTMLUListElement>(null);
  // Where the list starts on the page: what is above it (a banner, drafts) may change height.
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el) setMargin(Math.round(el.getBoundingClientRect().top + window.scrollY));
  });
  const virtualizer = useWindowVirtualizer({
    count: items.length,
    estimateSize: (i) => {
      const item = items[i];
      return item === undefined ? 0 : estimateSize(item);
    },
    overscan,
    scrollMargin: margin,
    // The window's size is known now: the first render already holds a screenful of rows.
    initialRect: { width: window.innerWidth, height: window.innerHeight },
    getItemKey: (i) => {
      const item = items[i];
      return item === undefined ? i : itemKey(item);
    },
  });
  return (
    <ul
      ref={listRef}
      className={className}
      {...listProps}
      style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
    >
      {virtualizer.getVirtualItems().map((row) => {
        const item = items[row.index];
        if (item === undefined) return null;
        return (
          <li
            key={row.key}
            {...itemProps?.(item)}
            ref={virtualizer.measureElement}
            data-index={row.index}
            aria-setsize={items.length}
            aria-posinset={row.index + 1}
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              width: '100%',
              transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)`,
            }}
          >
            {renderItem(item)}
          </li>
        );
      })}
    </ul>
  );
}
