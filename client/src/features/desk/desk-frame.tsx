/**
 * Desktop frame of every back-office screen: left navigation (master data only for
 * admins; the server enforces it anyway) and the keyboard-shortcut help on `?`.
 */
import { type ReactNode, useEffect, useState } from 'react';
import { Modal } from '../../components/modal.tsx';
import { useUnreadCount } from '../../components/notification-watch.tsx';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../shell/providers.tsx';
import { Link, usePathname } from '../../shell/router.tsx';
import './desk.css';

type DeskNavItem = {
  href: string;
  label: MessageKey;
  adminOnly?: boolean;
  /** Show the unread-notification count beside it (the inbox). */
  unreadBadge?: boolean;
};

export const deskNav: DeskNavItem[] = [
  { href: '/desk', label: 'desk.nav.queue' },
  { href: '/desk/intake', label: 'desk.nav.intake' },
  { href: '/desk/sla', label: 'desk.nav.sla' },
  { href: '/desk/sync-health', label: 'desk.nav.syncHealth' },
  { href: '/desk/dashboard', label: 'desk.nav.dashboard' },
  { href: '/desk/reports', label: 'desk.nav.reports' },
  { href: '/desk/problems', label: 'desk.nav.problems' },
  { href: '/desk/inbox', label: 'nav.inbox', unreadBadge: true },
  { href: '/desk/announcements', label: 'desk.nav.announcements' },
  { href: '/desk/admin', label: 'desk.nav.admin', adminOnly: true },
];

/** True when a key press belongs to a text field and must not trigger a shortcut. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

export function DeskFrame({ children, title }: { children: ReactNode; title: string }) {
  const { t } = useI18n();
  const { user } = useSession();
  const pathname = usePathname();
  const unread = useUnreadCount();
  const [help, setHelp] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '?' && !isTyping(event.target) && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        setHelp(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    document.title = `${title} — ${t('app.title')}`;
  }, [title, t]);

  const items = deskNav.filter((item) => !item.adminOnly || user?.role === 'admin');
  return (
    <div className="desk" data-testid="desk">
      <nav className="desk-nav" aria-label={t('desk.nav.label')}>
        <ul>
          {items.map((item) => (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={pathname === item.href ? 'page' : undefined}
                data-testid={item.unreadBadge ? 'desk-nav-inbox' : undefined}
              >
                {t(item.label)}
                {item.unreadBadge && unread > 0 && (
                  <span className="desk-nav-badge" data-testid="unread-badge">
                    <span aria-hidden="true">{unread > 99 ? '99+' : unread}</span>
                    <span className="sr-only">{t('inbox.unreadCount', { count: unread })}</span>
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
        <button type="button" className="btn small link desk-help-btn" onClick={() => setHelp(true)}>
          {t('desk.shortcuts.hint')}
        </button>
      </nav>
      <div className="desk-main">{children}</div>
      {help && (
        <Modal
          title={t('desk.shortcuts.title')}
          onClose={() => setHelp(false)}
          testId="desk-shortcuts"
          actions={
            <button type="button" className="btn" onClick={() => setHelp(false)}>
              {t('desk.common.close')}
            </button>
          }
        >
          <dl className="shortcuts">
            <dt>
              <kbd>j</kbd> <kbd>k</kbd> / <kbd>↓</kbd> <kbd>↑</kbd>
            </dt>
            <dd>{t('desk.shortcuts.move')}</dd>
            <dt>
              <kbd>Enter</kbd>
            </dt>
            <dd>{t('desk.shortcuts.open')}</dd>
            <dt>
              <kbd>x</kbd>
            </dt>
            <dd>{t('desk.shortcuts.tick')}</dd>
            <dt>
              <kbd>/</kbd>
            </dt>
            <dd>{t('desk.shortcuts.search')}</dd>
            <dt>
              <kbd>Esc</kbd>
            </dt>
            <dd>{t('desk.shortcuts.close')}</dd>
            <dt>
              <kbd>r</kbd>
            </dt>
            <dd>{t('desk.shortcuts.reply')}</dd>
            <dt>
              <kbd>n</kbd>
            </dt>
            <dd>{t('desk.shortcuts.note')}</dd>
            <dt>
              <kbd>a</kbd>
            </dt>
            <dd>{t('desk.shortcuts.assign')}</dd>
            <dt>
              <kbd>s</kbd>
            </dt>
            <dd>{t('desk.shortcuts.resolve')}</dd>
            <dt>
              <kbd>?</kbd>
            </dt>
            <dd>{t('desk.shortcuts.help')}</dd>
          </dl>
        </Modal>
      )}
    </div>
  );
}
