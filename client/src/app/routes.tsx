/**
 * Route table. To add a screen: add an entry here (path with `:params`, the roles allowed,
 * a lazy component receiving `params`). Role guards redirect to the login page or to the
 * user's home; the database is opened before any authenticated screen renders.
 */
import { backOfficeRoles, type Role } from '@edc/shared';
import { type ComponentType, Suspense, useEffect } from 'react';
import { AppLayout, type NavItem } from '../components/app-layout.tsx';
import { Empty, ErrorState, Loading } from '../components/state-views.tsx';
import { hasSnapshot } from '../db/lookup-snapshot.ts';
import { type MessageKey, useI18n } from '../i18n/index.tsx';
import { lazyScreen, type PreloadableComponent } from '../shell/lazy-screen.ts';
import { useDbState, useSession } from '../shell/providers.tsx';
import { Link, matchPath, navigate, type ScreenProps, usePathname } from '../shell/router.tsx';

export type RouteDef = {
  path: string;
  /** Roles allowed; `public` routes render without a session. */
  roles: readonly Role[] | 'public';
  component: PreloadableComponent<ScreenProps> | ComponentType<ScreenProps>;
  /** Render without the app chrome (login). */
  bare?: boolean;
  /** App bar title (the screen's h1); absent = app name, not a heading (desk screens own theirs). */
  title?: MessageKey;
  /** Parent screen for the app bar's back arrow; child screens hide the bottom navigation. */
  back?: (params: Record<string, string>) => string;
  /**
   * Renders while the database opens when the user has a lookup snapshot
   * (db/lookup-snapshot.ts; the screen reads `useOpenDb()`, null until then): a technician
   * can look a device up right after an offline start.
   */
  early?: boolean;
  /** Screens usually opened from this one: their code loads with this screen's. */
  next?: readonly PreloadableComponent<ScreenProps>[];
};

const technician = ['technician'] as const satisfies readonly Role[];
const merchant = ['merchant'] as const satisfies readonly Role[];

const LoginPage = lazyScreen(() => import('../features/auth/login-page.tsx').then((m) => m.LoginPage));
const TechHome = lazyScreen(() => import('../features/technician/home-page.tsx').then((m) => m.HomePage));
const DevicePage = lazyScreen(() =>
  import('../features/technician/device-page.tsx').then((m) => m.DevicePage),
);
const CaseFormPage = lazyScreen(() =>
  import('../features/technician/case-form-page.tsx').then((m) => m.CaseFormPage),
);
const MyCasesPage = lazyScreen(() =>
  import('../features/technician/my-cases-page.tsx').then((m) => m.MyCasesPage),
);
const CaseDetailPage = lazyScreen(() =>
  import('../features/technician/case-detail-page.tsx').then((m) => m.CaseDetailPage),
);
const MerchantHomePage = lazyScreen(() =>
  import('../features/merchant/merchant-home-page.tsx').then((m) => m.MerchantHomePage),
);
const ComplaintPage = lazyScreen(() =>
  import('../features/merchant/complaint-page.tsx').then((m) => m.ComplaintPage),
);
const MerchantCasePage = lazyScreen(() =>
  import('../features/merchant/merchant-case-page.tsx').then((m) => m.MerchantCasePage),
);
const FaqPage = lazyScreen(() => import('../features/merchant/faq-page.tsx').then((m) => m.FaqPage));
// Back office (DESK): one lazy chunk family under features/desk/.
const DeskQueuePage = lazyScreen(() => import('../features/desk/queue-page.tsx').then((m) => m.QueuePage));
const DeskIntakePage = lazyScreen(() => import('../features/desk/intake-page.tsx').then((m) => m.IntakePage));
const DeskSlaPage = lazyScreen(() => import('../features/desk/sla-page.tsx').then((m) => m.SlaPage));
const DeskSyncHealthPage = lazyScreen(() =>
  import('../features/desk/sync-health-page.tsx').then((m) => m.SyncHealthPage),
);
const DeskDashboardPage = lazyScreen(() =>
  import('../features/desk/dashboard-page.tsx').then((m) => m.DashboardPage),
);
const DeskReportsPage = lazyScreen(() =>
  import('../features/desk/reports-page.tsx').then((m) => m.ReportsPage),
);
const DeskProblemsPage = lazyScreen(() =>
  import('../features/desk/problems-page.tsx').then((m) => m.ProblemsPage),
);
const InboxPage = lazyScreen(() => import('../features/inbox/inbox-page.tsx').then((m) => m.InboxPage));
const DeskInboxPage = lazyScreen(() =>
  import('../features/desk/inbox-page.tsx').then((m) => m.DeskInboxPage),
);
const DeskAnnouncementsPage = lazyScreen(() =>
  import('../features/desk/announcements-page.tsx').then((m) => m.AnnouncementsPage),
);
const DeskAdminPage = lazyScreen(() => import('../features/desk/admin-page.tsx').then((m) => m.AdminPage));

export const routes: RouteDef[] = [
  { path: '/login', roles: 'public', component: LoginPage, bare: true },
  {
    path: '/tech',
    roles: technician,
    component: TechHome,
    title: 'app.title',
    early: true,
    next: [DevicePage],
  },
  {
    path: '/tech/device/:serial',
    roles: technician,
    component: DevicePage,
    title: 'screen.device',
    back: () => '/tech',
    early: true,
  },
  {
    path: '/tech/device/:serial/new',
    roles: technician,
    component: CaseFormPage,
    title: 'screen.newCase',
    back: (p) => `/tech/device/${encodeURIComponent(p.serial ?? '')}`,
  },
  { path: '/tech/cases', roles: technician, component: MyCasesPage, title: 'cases.title' },
  {
    path: '/tech/cases/:id',
    roles: technician,
    component: CaseDetailPage,
    title: 'case.detail.title',
    back: () => '/tech/cases',
  },
  { path: '/merchant', roles: merchant, component: MerchantHomePage, title: 'app.title' },
  { path: '/merchant/new', roles: merchant, component: ComplaintPage, title: 'merchant.complaint.title' },
  {
    path: '/merchant/cases/:id',
    roles: merchant,
    component: MerchantCasePage,
    title: 'merchant.case.title',
    back: () => '/merchant',
  },
  { path: '/merchant/help', roles: merchant, component: FaqPage, title: 'faq.title' },
  // Back office (DESK): the queue; ?case=<id> opens the detail panel without remounting.
  { path: '/desk', roles: backOfficeRoles, component: DeskQueuePage },
  { path: '/desk/intake', roles: backOfficeRoles, component: DeskIntakePage },
  { path: '/desk/sla', roles: backOfficeRoles, component: DeskSlaPage },
  { path: '/desk/sync-health', roles: backOfficeRoles, component: DeskSyncHealthPage },
  { path: '/desk/dashboard', roles: backOfficeRoles, component: DeskDashboardPage },
  { path: '/desk/reports', roles: backOfficeRoles, component: DeskReportsPage },
  { path: '/desk/problems', roles: backOfficeRoles, component: DeskProblemsPage },
  { path: '/desk/inbox', roles: backOfficeRoles, component: DeskInboxPage },
  { path: '/desk/announcements', roles: backOfficeRoles, component: DeskAnnouncementsPage },
  // Notifications of every role (DESIGN section 9).
  {
    path: '/inbox',
    roles: ['technician', 'merchant', ...backOfficeRoles],
    component: InboxPage,
    title: 'inbox.title',
  },
  // Master data is admin-only; the page says so to others and the server enforces it.
  { path: '/desk/admin', roles: ['admin'], component: DeskAdminPage },
];

/**
 * Bottom navigation per role (phone roles only; the desk has its own side navigation).
 * Later screens (jobs, notifications, FAQ) add their destination here: 2–5 entries.
 */
export const navByRole: Record<Role, NavItem[]> = {
  technician: [
    { href: '/tech', label: 'nav.home', icon: 'home', testId: 'nav-home' },
    { href: '/tech/cases', label: 'nav.myCases', icon: 'list', testId: 'nav-cases' },
    { href: '/inbox', label: 'nav.inbox', icon: 'inbox', testId: 'nav-inbox', unreadBadge: true },
  ],
  merchant: [
    { href: '/merchant', label: 'nav.home', icon: 'home', testId: 'nav-home' },
    { href: '/merchant/new', label: 'merchant.nav.new', icon: 'add', testId: 'nav-new-complaint' },
    { href: '/inbox', label: 'nav.inbox', icon: 'inbox', testId: 'nav-inbox', unreadBadge: true },
    { href: '/merchant/help', label: 'merchant.nav.help', icon: 'help', testId: 'nav-help' },
  ],
  agent: [],
  supervisor: [],
  admin: [],
};

export function homeFor(role: Role): string {
  if (role === 'technician') return '/tech';
  if (role === 'merchant') return '/merchant';
  return '/desk';
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <Empty
      icon="info"
      action={
        <Link className="btn tonal" href="/">
          {t('notFound.back')}
        </Link>
      }
    >
      {t('notFound.title')}
    </Empty>
  );
}

function isPreloadable(component: RouteDef['component']): component is PreloadableComponent<ScreenProps> {
  return 'preload' in component;
}

/** Loads every screen a role can reach (small chunks), so no navigation waits for one. */
function preloadScreensOf(role: Role): void {
  for (const route of routes) {
    if (route.roles !== 'public' && route.roles.includes(role) && isPreloadable(route.component)) {
      void route.component.preload().catch(() => undefined);
    }
  }
}

function findRoute(pathname: string): { route: RouteDef; params: Record<string, string> } | null {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

// The first screen's code is fetched from module load, while the session and database
// open (shell/providers.tsx) and React renders its first frame, not after that frame.
if (typeof window !== 'undefined') {
  const first = findRoute(window.location.pathname)?.route;
  if (first && isPreloadable(first.component))
    void first.component.preload().then(
      () => {
        performance.mark('edc:screen-code');
        for (const next of first.next ?? []) void next.preload().catch(() => undefined);
      },
      () => undefined,
    );
}

export function RouteView() {
  const pathname = usePathname();
  const { ready, user } = useSession();
  const dbState = useDbState();
  const { t } = useI18n();
  const match = findRoute(pathname);
  const component = match?.route.component;
  const next = match?.route.next;
  // The screen's code loads while the session and database open, not after.
  useEffect(() => {
    if (component && isPreloadable(component))
      void component
        .preload()
        .then(() => Promise.all((next ?? []).map((screen) => screen.preload())))
        .catch(() => undefined);
  }, [component, next]);
  // Once the first screen is up, the role's other screens load in idle time.
  const role = user?.role;
  const open = dbState.status === 'open';
  useEffect(() => {
    if (!role || !open) return;
    const run = () => preloadScreensOf(role);
    if (typeof window.requestIdleCallback !== 'function') {
      const timer = window.setTimeout(run, 500);
      return () => window.clearTimeout(timer);
    }
    // Soon, not "when idle": on a busy phone idle time may come after the first tap.
    const handle = window.requestIdleCallback(run, { timeout: 500 });
    return () => window.cancelIdleCallback(handle);
  }, [role, open]);

  if (!ready) return <Loading label={t('app.loading')} />;
  if (pathname === '/') return <Redirect to={user ? homeFor(user.role) : '/login'} />;
  if (!match) {
    return (
      <AppLayout nav={user ? navByRole[user.role] : []} title={t('notFound.title')}>
        <NotFound />
      </AppLayout>
    );
  }
  const { route, params } = match;
  const Screen = route.component;
  if (route.roles === 'public') {
    if (user && route.path === '/login') return <Redirect to={homeFor(user.role)} />;
    return (
      <Suspense fallback={<Loading label={t('app.loading')} />}>
        <Screen params={params} />
      </Suspense>
    );
  }
  if (!user) return <Redirect to="/login" />;
  if (!route.roles.includes(user.role)) return <Redirect to={homeFor(user.role)} />;
  let body: React.ReactNode;
  if (dbState.status === 'error') body = <ErrorState>{dbState.error.message}</ErrorState>;
  else if (dbState.status === 'upgrading')
    body = (
      <Loading
        label={t('app.upgrading', {
          percent: dbState.total ? Math.floor((dbState.copied / dbState.total) * 100) : 0,
        })}
      />
    );
  else if (
    dbState.status !== 'open' &&
    !(route.early && (dbState.status === 'opening' || dbState.status === 'none') && hasSnapshot(user.id))
  )
    body = <Loading label={t('app.loading')} />;
  else
    body = (
      <Suspense fallback={<Loading label={t('app.loading')} />}>
        <Screen key={pathname} params={params} />
      </Suspense>
    );
  const back = route.back?.(params);
  return (
    <AppLayout
      // Child screens (with a back arrow) hide the bottom navigation, as Android apps do.
      nav={back ? [] : navByRole[user.role]}
      title={route.title ? t(route.title) : undefined}
      back={back}
    >
      {body}
    </AppLayout>
  );
}
