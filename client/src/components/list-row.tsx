/**
 * M3 list item: leading visual, headline, up to two supporting lines, trailing meta. The
 * whole row is the touch target (≥ 56 px; 72 px with two lines) when it has `href` or
 * `onClick`. Use inside `<ul className="list-rows">` (dividers, no gaps) or as cards.
 */
import type { ReactNode } from 'react';
import { Link } from '../shell/router.tsx';
import { Icon } from './icon.tsx';

type ListRowContent = {
  href?: string;
  onClick?: () => void;
  leading?: ReactNode;
  headline: ReactNode;
  supporting?: ReactNode;
  trailing?: ReactNode;
  /** Show a ">" affordance (navigation rows). */
  chevron?: boolean;
};

export function ListRow({
  testId,
  data,
  ...content
}: ListRowContent & {
  testId?: string;
  data?: Record<string, string>;
}) {
  const dataAttrs = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <li className="list-row" data-testid={testId} {...dataAttrs}>
      <ListRowBody {...content} />
    </li>
  );
}

/**
 * What a `ListRow` holds inside its `<li>`, for a list that makes its own `<li>`s (a
 * `VirtualList` with `className="list-rows"` and rows of class `list-row`).
 */
export function ListRowBody({
  href,
  onClick,
  leading,
  headline,
  supporting,
  trailing,
  chevron,
}: ListRowContent) {
  const body = (
    <>
      {leading && <span className="row-leading">{leading}</span>}
      <span className="row-text">
        <span className="row-headline">{headline}</span>
        {supporting && <span className="row-supporting">{supporting}</span>}
      </span>
      {trailing && <span className="row-trailing">{trailing}</span>}
      {chevron && <Icon name="chevronRight" className="row-chevron" />}
    </>
  );
  return href ? (
    <Link href={href} className="row-body interactive">
      {body}
    </Link>
  ) : onClick ? (
    <button type="button" className="row-body interactive" onClick={onClick}>
      {body}
    </button>
  ) : (
    <div className="row-body">{body}</div>
  );
}
