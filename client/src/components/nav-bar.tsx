/**
 * Bottom navigation bar for the phone roles (M3 navigation bar, 64 px): 2–5 top-level
 * destinations, icon + label, the current one marked with the pill indicator and
 * `aria-current="page"`. Child screens (device, case form, case detail) hide it and show a
 * back arrow in the app bar instead, as Android apps do.
 */
import { type MessageKey, useI18n } from '../i18n/index.tsx';
import { Link, usePathname } from '../shell/router.tsx';
import { Icon, type IconName } from './icon.tsx';
import { useUnreadCount } from './notification-watch.tsx';

export type NavItem = {
  href: string;
  label: MessageKey;
  icon: IconName;
  testId?: string;
  /** Show the unread-notification count on this destination (the inbox). */
  unreadBadge?: boolean;
};

export function NavigationBar({ items }: { items: readonly NavItem[] }) {
  const { t } = useI18n();
  const pathname = usePathname();
  const unread = useUnreadCount();
  return (
    <nav className="nav-bar" aria-label={t('nav.main')}>
      {items.map((item) => {
        const current = pathname === item.href;
        return (
          <Link
            key={item.href}
            href={item.href}
            className="nav-item"
            aria-current={current ? 'page' : undefined}
            data-testid={item.testId}
          >
            <span className="nav-indicator">
              <Icon name={item.icon} />
              {item.unreadBadge && unread > 0 && (
                <span className="nav-badge" data-testid="unread-badge">
                  <span aria-hidden="true">{unread > 99 ? '99+' : unread}</span>
                  <span className="sr-only">{t('inbox.unreadCount', { count: unread })}</span>
                </span>
              )}
            </span>
            <span className="nav-label">{t(item.label)}</span>
          </Link>
        );
      })}
    </nav>
  );
}
