/**
 * Layer rules of the code base (docs/architecture.md draws them). `npm run lint` runs
 * `depcruise` with this file over client/src, sync-server/src and shared/src; a cycle or
 * an import against the arrows fails the lint. Type-only imports count: a type that
 * points upwards is a design that points upwards.
 */
const client = '^client/src/';
const server = '^sync-server/src/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles: every module can be read and tested without the ones above it.',
      from: { path: '^(client|sync-server|shared)/src/' },
      to: { circular: true },
    },

    // ---- shared: pure rules and schemas, below everything -----------------------------
    {
      name: 'shared-imports-nothing',
      severity: 'error',
      comment: 'shared/src imports only itself and zod: no other workspace, no I/O, no UI.',
      from: { path: '^shared/src/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: ['^shared/src/', '^node_modules/zod/', 'node_modules/zod/'] },
    },

    // ---- client: app → features → components → shell → sync → db → lib/i18n ----------
    {
      name: 'features-not-to-app',
      severity: 'error',
      comment: 'app/ is the composition root (route table): it imports screens, never the reverse.',
      from: { path: `${client}features/` },
      to: { path: `${client}app/` },
    },
    {
      name: 'feature-not-to-other-feature',
      severity: 'error',
      comment: 'Features do not import each other; what two features share moves to components/ or shell/.',
      from: { path: `${client}features/([^/]+)/` },
      to: { path: `${client}features/`, pathNot: `${client}features/$1/` },
    },
    {
      name: 'components-not-to-features',
      severity: 'error',
      comment: 'components/ are building blocks of every feature: they know no feature and no route table.',
      from: { path: `${client}components/` },
      to: { path: `${client}(features|app)/` },
    },
    {
      name: 'shell-not-up',
      severity: 'error',
      comment: 'shell/ (router, providers, storage state, hooks) is the base screens stand on.',
      from: { path: `${client}shell/` },
      to: { path: `${client}(features|app|components)/` },
    },
    {
      name: 'sync-not-up',
      severity: 'error',
      comment: 'sync/ (replication, session, API client) knows no screen, provider or camera.',
      from: { path: `${client}sync/` },
      to: { path: `${client}(features|app|components|shell|scan)/` },
    },
    {
      name: 'db-not-up',
      severity: 'error',
      comment: 'db/ is the local store: it never reaches the network, the UI or the camera.',
      from: { path: `${client}db/` },
      to: { path: `${client}(sync|features|app|components|shell|scan)/` },
    },
    {
      name: 'scan-not-to-data',
      severity: 'error',
      comment: 'scan/ turns frames into text; what the text means (a device) is decided by features.',
      from: { path: `${client}scan/` },
      to: { path: `${client}(db|sync|features|app|shell)/` },
    },
    {
      name: 'lib-and-i18n-at-the-bottom',
      severity: 'error',
      comment: 'lib/ and i18n/ are leaves every layer may use.',
      from: { path: `${client}(lib|i18n)/` },
      to: { path: `${client}(db|sync|scan|shell|components|features|app)/` },
    },

    // ---- server: index/app → routes, jobs → middleware → services → db → ground floor --
    {
      name: 'server-db-not-up',
      severity: 'error',
      comment: 'db/ (the only pg user) knows no HTTP, no service and no job.',
      from: { path: `${server}db/`, pathNot: '\\.test\\.ts$' },
      to: { path: `${server}(services|routes|middleware|jobs|app\\.ts|index\\.ts)` },
    },
    {
      name: 'server-services-not-up',
      severity: 'error',
      comment: 'services/ hold the orchestration; they are called by routes and jobs, never the reverse.',
      from: { path: `${server}services/`, pathNot: '\\.test\\.ts$' },
      to: { path: `${server}(routes|middleware|jobs|app\\.ts|index\\.ts)` },
    },
    {
      name: 'server-services-narrow-deps',
      severity: 'error',
      comment:
        'A service declares the few dependencies it uses ({db, clock}, …) instead of taking the ' +
        "app's AppDeps bag or Hono env (app-env.ts); who is calling comes from auth-context.ts.",
      from: { path: `${server}services/`, pathNot: '\\.test\\.ts$' },
      to: { path: `${server}app-env\\.ts$` },
    },
    {
      name: 'server-jobs-not-to-http',
      severity: 'error',
      comment: 'jobs/ schedule service passes; they know no route, middleware or HTTP app.',
      from: { path: `${server}jobs/`, pathNot: '\\.test\\.ts$' },
      to: { path: `${server}(routes|middleware|app\\.ts|app-env\\.ts|index\\.ts)` },
    },
    {
      name: 'server-middleware-not-to-routes',
      severity: 'error',
      from: { path: `${server}middleware/`, pathNot: '\\.test\\.ts$' },
      to: { path: `${server}(routes|jobs|app\\.ts|index\\.ts)` },
    },
    {
      name: 'server-ground-floor',
      severity: 'error',
      comment: 'config, app-env, auth-context and notifier are the ground floor every module may import.',
      from: { path: `${server}(config|app-env|auth-context|notifier)\\.ts$` },
      to: { path: `${server}(services|routes|middleware|jobs)/` },
    },

    // ---- workspaces ------------------------------------------------------------------
    {
      name: 'client-server-apart',
      severity: 'error',
      comment: 'client/ and sync-server/ never import each other; they meet in shared/ and HTTP.',
      from: { path: '^(client|sync-server)/' },
      to: { path: '^(client|sync-server)/', pathNot: '^$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
