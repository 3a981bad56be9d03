/**
 * `createApp(deps)` builds the whole HTTP surface without listening, so tests drive it
 * with `app.request()`. One Hono sub-app per resource, mounted with `app.route()`; one
 * `onError` turning every failure into `{status:"error", reason, details?}`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, type ErrorBody, type ErrorCode, errorCodes, SYNC_BASE_PATH } from '@edc/shared';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppDeps, AppEnv } from './app-env.ts';
import { isDataError, isDbUnavailable, pingDb } from './db/pool.ts';
import { authenticate, createSessionGuard } from './middleware/auth.ts';
import { limitBody } from './middleware/body-limit.ts';
import { compressResponses } from './middleware/compress.ts';
import { requireContentType } from './middleware/content-type.ts';
import { accountRoutes } from './routes/account.ts';
import { adminAuditRoutes } from './routes/admin-audit.ts';
import { holidayAdminRoutes, slaRuleAdminRoutes } from './routes/admin-master-data.ts';
import { adminUserRoutes } from './routes/admin-users.ts';
import { announcementAdminRoutes, announcementRoutes } from './routes/announcements.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { authRoutes, meRoutes } from './routes/auth.ts';
import { caseRoutes } from './routes/cases.ts';
import { deskRoutes } from './routes/desk.ts';
import { deskBulkRoutes } from './routes/desk-bulk.ts';
import { deskHelpdeskRoutes } from './routes/desk-helpdesk.ts';
import { deskManagementRoutes } from './routes/desk-management.ts';
import { IMPORT_BODY_LIMIT, importRoutes } from './routes/import.ts';
import { inboxRoutes } from './routes/inbox.ts';
import { classifyRoutes, intakeRoutes } from './routes/intake.ts';
import { pushRoutes } from './routes/push.ts';
import { reportRoutes } from './routes/reports.ts';
import {
  faqAdminRoutes,
  faqRoutes,
  satisfactionReportRoutes,
  surveyAdminRoutes,
  surveyRoutes,
} from './routes/self-service.ts';
import { slaCalendarRoutes } from './routes/sla-calendars.ts';
import { syncRoutes } from './routes/sync.ts';
import { testHookRoutes } from './routes/test-hooks.ts';
import { webhookAdminRoutes } from './routes/webhooks.ts';

export type { AppDeps, AppEnv, AuthContext } from './app-env.ts';

/** Routes reachable without an access token. */
const PUBLIC_API = new Set(['/api/health', '/api/auth/login', '/api/auth/refresh', '/api/auth/logout']);

/** Photos are served as downloads that run nothing, whatever a browser makes of them. */
const ATTACHMENT_CSP = "default-src 'none'; sandbox";

/** Seconds a client is told to wait when the database is unreachable. */
const DB_RETRY_AFTER_SECONDS = 5;

/** Uploads have their own, larger limit (attachments up to 2 MB plus slack). */
const ATTACHMENT_BODY_LIMIT = 2 * 1024 * 1024 + 64 * 1024;

function errorResponse(c: Context<AppEnv>, code: ErrorCode, details?: unknown, message?: string) {
  const body: ErrorBody = { status: 'error', reason: code, ...(details === undefined ? {} : { details }) };
  if (message && message !== code && code !== 'internal' && details === undefined) body.details = { message };
  return c.json(body, errorCodes[code] satisfies number as ContentfulStatusCode);
}

function httpExceptionCode(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'invalid_body';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'too_many_requests';
    default:
      return status >= 500 ? 'internal' : 'invalid_body';
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function retryAfter(details: unknown): number | undefined {
  if (typeof details === 'object' && details !== null && 'retryAfterSeconds' in details) {
    const v = details.retryAfterSeconds;
    if (typeof v === 'number') return v;
  }
  return undefined;
}

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const guard = createSessionGuard(deps);

  app.onError((err, c) => {
    if (err instanceof AppError) {
      const wait = retryAfter(err.details);
      if (err.code === 'too_many_requests' && wait !== undefined) c.header('Retry-After', String(wait));
      return errorResponse(c, err.code, err.details, err.message);
    }
    if (err instanceof HTTPException) {
      const code = httpExceptionCode(err.status);
      if (code === 'internal') console.error('[http] error', err);
      // Hono's JSON validator throws 400 "Malformed JSON in request body".
      return errorResponse(c, code, code === 'internal' ? undefined : { message: err.message });
    }
    // Postgres down or restarting: a condition to wait out, not a bug (DESIGN section 9).
    if (isDbUnavailable(err)) {
      console.error(`[http] ${c.req.method} ${c.req.path}: database unavailable:`, errorText(err));
      c.header('Retry-After', String(DB_RETRY_AFTER_SECONDS));
      return errorResponse(c, 'service_unavailable', { retryAfterSeconds: DB_RETRY_AFTER_SECONDS });
    }
    // A value the database refused (class 22): the request's fault. The SQL message is not
    // echoed; the validation that should have caught it is the thing to fix.
    if (isDataError(err)) {
      console.warn(`[http] ${c.req.method} ${c.req.path}: value refused by the database:`, errorText(err));
      return errorResponse(c, 'invalid_body', { message: 'a value could not be stored' });
    }
    // Security: never echo an unknown error (stack traces, SQL) to the caller.
    console.error(`[http] ${c.req.method} ${c.req.path} failed:`, err);
    return errorResponse(c, 'internal');
  });

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/') || c.req.path === '/api') return errorResponse(c, 'not_found');
    return c.text('Not found', 404);
  });

  // Outermost: compresses what every later handler (API and static files) answered.
  app.use('*', compressResponses());

  // Registered before secureHeaders so it runs after it on the way out: an attachment keeps
  // the sandbox policy its route sets instead of the page policy below (issue 11).
  app.use('/api/attachments/*', async (c, next) => {
    await next();
    if (c.req.method === 'GET' && c.res.status === 200) {
      c.res.headers.set('Content-Security-Policy', ATTACHMENT_CSP);
    }
  });
  app.use(
    '*',
    secureHeaders({
      // The PWA: own scripts + WebAssembly (barcode decoder), camera frames as blobs,
      // workers from blob: URLs, inline styles from React. Nothing from other origins.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:', 'mediastream:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      permissionsPolicy: { camera: ['self'], geolocation: ['self'], microphone: [] },
      crossOriginEmbedderPolicy: false,
    }),
  );

  const jsonLimit = limitBody(deps.config.bodyLimitBytes, () => {
    throw new AppError('payload_too_large', undefined, { maxBytes: deps.config.bodyLimitBytes });
  });
  const uploadLimit = limitBody(ATTACHMENT_BODY_LIMIT, () => {
    throw new AppError('payload_too_large', undefined, { maxBytes: ATTACHMENT_BODY_LIMIT });
  });
  const importLimit = limitBody(IMPORT_BODY_LIMIT, () => {
    throw new AppError('payload_too_large', undefined, { maxBytes: IMPORT_BODY_LIMIT });
  });
  app.use('/api/*', requireContentType());
  app.use('/api/*', async (c, next) => {
    // API answers are per-user: never cached by the browser or the service worker's HTTP cache.
    c.header('Cache-Control', 'no-store');
    if (c.req.path.startsWith('/api/import/')) return importLimit(c, next);
    return c.req.path.startsWith('/api/attachments/') ? uploadLimit(c, next) : jsonLimit(c, next);
  });

  app.get('/api/health', async (c) => {
    if (!(await pingDb(deps.db))) {
      c.header('Retry-After', String(DB_RETRY_AFTER_SECONDS));
      return c.json({ status: 'error', reason: 'db_down' } satisfies ErrorBody, 503);
    }
    return c.json({ ok: true as const, db: 'up' as const, version: deps.config.version }, 200);
  });

  app.route('/api/auth', authRoutes(deps, guard));

  const requireAuth = authenticate(deps, guard);
  app.use('/api/*', async (c, next) => (PUBLIC_API.has(c.req.path) ? next() : requireAuth(c, next)));

  app.route('/api/auth', meRoutes(deps));
  app.route('/api/auth', accountRoutes(deps, guard));
  app.route('/api/admin', adminUserRoutes(deps, guard));
  // ---- resource routes of other modules are mounted below (sync, cases, attachments,
  // reports, import, ...): `app.route('/api/<resource>', <resource>Routes(deps))`. ----

  app.route(SYNC_BASE_PATH, syncRoutes(deps, deps.sse));
  app.route('/api/cases', caseRoutes(deps));
  app.route('/api/attachments', attachmentRoutes(deps));
  app.route('/api/reports/satisfaction', satisfactionReportRoutes(deps));
  app.route('/api/reports', reportRoutes(deps));
  app.route('/api/desk', deskRoutes(deps));
  app.route('/api/desk', deskManagementRoutes(deps));
  app.route('/api/desk', deskHelpdeskRoutes(deps));
  app.route('/api/desk', deskBulkRoutes(deps));
  app.route('/api/notifications', inboxRoutes(deps));
  app.route('/api/import', importRoutes(deps));
  app.route('/api/intake', intakeRoutes(deps));
  app.route('/api/push', pushRoutes(deps));
  app.route('/api/announcements', announcementRoutes(deps));
  app.route('/api/admin/announcements', announcementAdminRoutes(deps));
  app.route('/api/classify', classifyRoutes());
  app.route('/api/admin/webhooks', webhookAdminRoutes(deps));
  app.route('/api/admin/sla-rules', slaRuleAdminRoutes(deps));
  app.route('/api/admin/sla-calendars', slaCalendarRoutes(deps));
  app.route('/api/admin/holidays', holidayAdminRoutes(deps));
  app.route('/api/admin/audit', adminAuditRoutes(deps));
  app.route('/api/admin/faq', faqAdminRoutes(deps));
  app.route('/api/admin/surveys', surveyAdminRoutes(deps));
  app.route('/api/faq', faqRoutes(deps));
  app.route('/api/surveys', surveyRoutes(deps));
  // Security: test hooks exist only when configured (never in production, see config.ts).
  if (deps.config.testHooks) app.route('/api/test', testHookRoutes(deps));

  app.all('/api/*', (c) => errorResponse(c, 'not_found'));

  mountStatic(app, deps);
  return app;
}

/**
 * Serves the built PWA with an SPA fallback: any non-API GET that is not a file gets
 * index.html. Cache policy: Vite's hashed `/assets/*` are immutable; index.html, the
 * service worker and everything unhashed are revalidated on every load so a deploy is
 * picked up at once.
 */
function mountStatic(app: Hono<AppEnv>, deps: AppDeps): void {
  const root = deps.config.staticDir;
  const indexFile = join(root, 'index.html');
  // Without a built client (API-only tests, `npm run dev` before a build) only the
  // fallback below answers.
  if (!existsSync(root)) {
    app.get('*', (c) => c.text('The client is not built yet: run `npm run build` (npm start does it).', 503));
    return;
  }
  // serveStatic builds its response before `onFound` could add headers, so the cache
  // policy is applied on the way out instead.
  app.use('*', async (c, next) => {
    await next();
    if (c.req.path.startsWith('/api/') || c.res.status !== 200 || c.res.headers.has('cache-control')) return;
    const immutable = c.req.path.startsWith('/assets/') && !c.req.path.endsWith('.html');
    c.res.headers.set('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  });
  app.use('*', serveStatic({ root }));
  app.get('*', (c) => {
    const last = c.req.path.split('/').at(-1) ?? '';
    // A missing file (/assets/old-hash.js) is a 404, not the HTML shell.
    if (last.includes('.') && !last.endsWith('.html')) return c.text('Not found', 404);
    if (!existsSync(indexFile)) {
      return c.text('The client is not built yet: run `npm run build` (npm start does it).', 503);
    }
    c.header('Cache-Control', 'no-cache');
    return c.html(readFileSync(indexFile, 'utf8'));
  });
}
