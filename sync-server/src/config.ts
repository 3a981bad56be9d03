/**
 * Server configuration: the environment is parsed here, once, and nowhere else
 * (STYLE rule 8). A bad variable fails the start naming the variable; secrets are masked
 * whenever the configuration is described in a log.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_AUTO_CLOSE_HOURS, DEFAULT_PUSH_HOSTS } from '@edc/shared/domain';
import { z } from 'zod';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Package version reported by `/api/health`. */
const serverVersion: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'sync-server', 'package.json'), 'utf8')) as unknown;
    const parsed = z.object({ version: z.string() }).safeParse(pkg);
    return parsed.success ? parsed.data.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => (v === '' ? undefined : ['true', '1', 'yes', 'on'].includes(v)));

const port = z.coerce.number().int().min(0).max(65535);

// OWASP's argon2id baseline (19 MiB, t=2, p=1). Production refuses anything weaker, so a
// test-friendly cost can never leak into a real deployment through a stray variable.
const ARGON2_MIN_MEMORY_KIB = 19_456;
const ARGON2_MIN_TIME_COST = 2;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(8080),
  // An address or host name to bind; no default here: it depends on NODE_ENV (below).
  HOST: z.union([z.ipv4(), z.ipv6(), z.hostname()], 'must be an IP address or host name').optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  PG_PORT: port.default(54329),
  DATA_DIR: z.string().min(1).optional(),
  STATIC_DIR: z.string().min(1).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SEED_DEMO: booleanString.optional(),
  // `small`: a tenth of the demo data set (the e2e suite, where every sign-in syncs it).
  SEED_DEMO_SIZE: z.enum(['full', 'small']).default('full'),
  TRUST_PROXY: booleanString.optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(900).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(8).max(1_048_576).default(ARGON2_MIN_MEMORY_KIB),
  ARGON2_TIME_COST: z.coerce.number().int().min(1).max(20).default(ARGON2_MIN_TIME_COST),
  // Background jobs (SERVER-C): seconds between runs; 0 turns a job off in this instance.
  SLA_MONITOR_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  WEBHOOK_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3_600).default(5),
  // Webhook SSRF allowlist: comma-separated IPs / CIDRs a webhook may reach although they
  // are loopback, private, link-local… (tests: 127.0.0.1/32 for their receiver).
  WEBHOOK_ALLOWED_NETWORKS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const entries = (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      // The message names the entry's position, not its text: config values are not echoed.
      entries.forEach((e, i) => {
        try {
          parseNetwork(e);
        } catch {
          ctx.addIssue({ code: 'custom', message: `entry ${i + 1} is not an IP address or CIDR network` });
        }
      });
      return entries;
    }),
  // AES-256-GCM key for webhook secrets at rest: 32 bytes as base64 or hex.
  WEBHOOK_SECRET_KEY: z
    .string()
    .optional()
    .refine((v) => v === undefined || decodeKey(v) !== null, 'must be 32 bytes, base64 or hex'),
  /** Seconds a just-rotated refresh token is still answered with the same new pair. */
  REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  // Confirmation loop (DESIGN section 9): resolved cases close themselves after this long.
  AUTO_CLOSE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(DEFAULT_AUTO_CLOSE_HOURS),
  AUTO_CLOSE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  // Test-only routes under /api/test (e2e: auto-close with an injected clock); never in production.
  TEST_HOOKS: booleanString.optional(),
  // Web Push (DESIGN section 9). Keys: base64url, the public one an uncompressed P-256
  // point (65 bytes), the private one its 32-byte scalar (`npx web-push generate-vapid-keys`).
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{86,88}$/, 'must be a base64url uncompressed P-256 public key')
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{42,44}$/, 'must be a base64url P-256 private key')
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)\S+$/, 'must be a mailto: or https: URL')
    .default('mailto:edc-ops@example.invalid'),
  /** Comma-separated push-service hosts subscriptions may point to; `*.` = any subdomain. */
  PUSH_ALLOWED_HOSTS: z.string().optional(),
  PUSH_INTERVAL_SECONDS: z.coerce.number().min(0).max(3_600).default(1),
  ANNOUNCEMENT_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3_600).default(15),
});

/** Parses an allowlist entry `1.2.3.4`, `10.0.0.0/8` or `fd00::/8`; throws naming the bad entry. */
export function parseNetwork(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [address = '', prefixText] = entry.trim().split('/');
  const v = isIP(address);
  if (v === 0) throw new Error(`not an IP address or network: ${entry}`);
  const max = v === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`bad prefix length: ${entry}`);
  return { address, prefix, family: v === 4 ? 'ipv4' : 'ipv6' };
}

/** 32 key bytes from base64 / base64url / hex text, or null. */
function decodeKey(text: string): Buffer | null {
  const t = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  return bytes.length === 32 ? bytes : null;
}

/** Reads or creates the development webhook-secret key, like the JWT secret. */
function devWebhookKey(dataDir: string): Buffer {
  const file = join(dataDir, 'webhook-key');
  if (existsSync(file)) {
    const key = decodeKey(readFileSync(file, 'utf8'));
    if (key) return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

export type Config = {
  nodeEnv: 'development' | 'production' | 'test';
  isProduction: boolean;
  version: string;
  port: number;
  /** Interface the HTTP server binds: `127.0.0.1` in development/test, `0.0.0.0` in production. */
  host: string;
  /** External Postgres; `undefined` → embedded Postgres under `<dataDir>/pg`. */
  databaseUrl: string | undefined;
  pgPort: number;
  dataDir: string;
  staticDir: string;
  jwtSecret: string;
  /** Demo data (users, merchants, devices, case history); never in production. */
  seedDemo: boolean;
  /** Size of the demo data set seeded on an empty development database. */
  demoSize: 'full' | 'small';
  /** Take the client IP from `X-Forwarded-For` (only behind a trusted proxy). */
  trustProxy: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  bodyLimitBytes: number;
  argon2: { memoryCost: number; timeCost: number };
  login: {
    /**
     * Growing delays per account name + IP (issue 11, replacing a hard account lock that let
     * anyone lock anyone out): after `freeFailures` consecutive failures from one IP for one
     * username, the next attempt from that IP for that name waits `baseDelaySeconds`,
     * doubling per further failure up to `maxDelaySeconds`. Failures older than
     * `pairWindowSeconds`, or before a success of the same pair, do not count.
     */
    freeFailures: number;
    baseDelaySeconds: number;
    maxDelaySeconds: number;
    pairWindowSeconds: number;
    /** Failures per IP within `ipWindowSeconds` before that IP gets 429. */
    maxIpFailures: number;
    ipWindowSeconds: number;
  };
  /** Outbound webhooks: SSRF allowlist (IPs/CIDRs) and the key sealing their secrets. */
  webhooks: { allowedNetworks: string[]; secretKey: Buffer };
  /** A just-rotated refresh token presented again within this many seconds gets the same new pair. */
  refreshGraceSeconds: number;
  /** Background job intervals in ms; 0 = off in this instance. */
  jobs: {
    slaMonitorIntervalMs: number;
    webhookIntervalMs: number;
    autoCloseIntervalMs: number;
    pushIntervalMs: number;
    announcementIntervalMs: number;
  };
  /** A resolved case not confirmed within this many hours is closed by `system`. */
  autoCloseHours: number;
  /** Mount `/api/test/*` (e2e clock injection); always false in production. */
  testHooks: boolean;
  push: {
    /** VAPID (RFC 8292) key pair; `null` = Web Push off (production without keys). */
    vapid: { publicKey: string; privateKey: string; subject: string } | null;
    /** Hosts a subscription endpoint may name (see `checkPushEndpoint`). */
    allowedHosts: string[];
  };
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const variable = issue.path.join('.') || '(environment)';
  return `${variable}: ${issue.message}`;
}

/** Reads or creates the development JWT secret so tokens survive a restart. */
function devJwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

/** Uncompressed P-256 point and scalar, base64url, the shapes `web-push` takes. */
function newVapidKeys(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = publicKey.export({ format: 'jwk' });
  const priv = privateKey.export({ format: 'jwk' });
  if (!jwk.x || !jwk.y || !priv.d) throw new Error('P-256 key export failed');
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x, 'base64url'),
    Buffer.from(jwk.y, 'base64url'),
  ]);
  return { publicKey: point.toString('base64url'), privateKey: priv.d };
}

/**
 * Reads or creates the development VAPID key pair in the data dir: browsers bind a
 * subscription to the key it was made with, so the pair must survive restarts.
 */
function devVapidKeys(dataDir: string): { publicKey: string; privateKey: string } {
  const file = join(dataDir, 'vapid.json');
  if (existsSync(file)) {
    const parsed = z
      .object({ publicKey: z.string().min(86), privateKey: z.string().min(42) })
      .safeParse(JSON.parse(readFileSync(file, 'utf8')) as unknown);
    if (parsed.success) return parsed.data;
  }
  mkdirSync(dataDir, { recursive: true });
  const keys = newVapidKeys();
  writeFileSync(file, `${JSON.stringify(keys)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return keys;
}

/**
 * Parses the environment (default `process.env`) into a `Config`, or throws a
 * `ConfigError` naming every bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration:\n  ${parsed.error.issues.map(describeIssue).join('\n  ')}`);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  const dataDir = resolve(e.DATA_DIR ?? join(repoRoot, '.data'));

  if (isProduction && !e.JWT_SECRET) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production');
  }
  if (isProduction && !e.WEBHOOK_SECRET_KEY) {
    throw new ConfigError('Invalid configuration:\n  WEBHOOK_SECRET_KEY: required when NODE_ENV=production');
  }
  if (isProduction && e.TEST_HOOKS) {
    throw new ConfigError('Invalid configuration:\n  TEST_HOOKS: never allowed when NODE_ENV=production');
  }
  if (
    isProduction &&
    (e.ARGON2_MEMORY_KIB < ARGON2_MIN_MEMORY_KIB || e.ARGON2_TIME_COST < ARGON2_MIN_TIME_COST)
  ) {
    throw new ConfigError(
      `Invalid configuration:\n  ARGON2_MEMORY_KIB/ARGON2_TIME_COST: production needs at least ${ARGON2_MIN_MEMORY_KIB} KiB and t=${ARGON2_MIN_TIME_COST}`,
    );
  }

  if (Boolean(e.VAPID_PUBLIC_KEY) !== Boolean(e.VAPID_PRIVATE_KEY)) {
    throw new ConfigError(
      'Invalid configuration:\n  VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY: set both or neither',
    );
  }
  // Production takes its keys from the configuration only (no key files on servers);
  // without them Web Push is off there. Development keeps a generated pair in the data dir.
  const vapidKeys =
    e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY
      ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY }
      : isProduction
        ? null
        : devVapidKeys(dataDir);
  const allowedHosts = (e.PUSH_ALLOWED_HOSTS ?? DEFAULT_PUSH_HOSTS.join(','))
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h.length > 0);

  return {
    nodeEnv: e.NODE_ENV,
    isProduction,
    version: serverVersion,
    port: e.PORT,
    // Security: a development server carries demo users with a published password, so it
    // is reachable from this machine only unless HOST says otherwise. Production binds
    // every interface so that a proxy on another host or a container runtime reaches it;
    // docs/deploy.md says when to narrow it (a proxy on the same host: HOST=127.0.0.1).
    host: e.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: e.DATABASE_URL,
    pgPort: e.PG_PORT,
    dataDir,
    staticDir: resolve(e.STATIC_DIR ?? join(repoRoot, 'client', 'dist')),
    jwtSecret: e.JWT_SECRET ?? devJwtSecret(dataDir),
    // Security: production never seeds demo users, whatever SEED_DEMO says.
    seedDemo: isProduction ? false : (e.SEED_DEMO ?? true),
    demoSize: e.SEED_DEMO_SIZE,
    trustProxy: e.TRUST_PROXY ?? false,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    argon2: { memoryCost: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_TIME_COST },
    login: {
      freeFailures: 5,
      baseDelaySeconds: 2,
      maxDelaySeconds: 15 * 60,
      pairWindowSeconds: 24 * 3600,
      maxIpFailures: 50,
      ipWindowSeconds: 15 * 60,
    },
    webhooks: {
      allowedNetworks: e.WEBHOOK_ALLOWED_NETWORKS,
      secretKey: (e.WEBHOOK_SECRET_KEY ? decodeKey(e.WEBHOOK_SECRET_KEY) : null) ?? devWebhookKey(dataDir),
    },
    refreshGraceSeconds: e.REFRESH_GRACE_SECONDS,
    jobs: {
      slaMonitorIntervalMs: e.SLA_MONITOR_INTERVAL_SECONDS * 1000,
      webhookIntervalMs: e.WEBHOOK_INTERVAL_SECONDS * 1000,
      autoCloseIntervalMs: e.AUTO_CLOSE_INTERVAL_SECONDS * 1000,
      pushIntervalMs: Math.round(e.PUSH_INTERVAL_SECONDS * 1000),
      announcementIntervalMs: e.ANNOUNCEMENT_INTERVAL_SECONDS * 1000,
    },
    push: {
      vapid: vapidKeys ? { ...vapidKeys, subject: e.VAPID_SUBJECT } : null,
      allowedHosts,
    },
    autoCloseHours: e.AUTO_CLOSE_HOURS,
    testHooks: !isProduction && (e.TEST_HOOKS ?? false),
  };
}

/** Masks the password of a connection URL. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '***';
  }
}

/** The configuration as it may appear in a log: secrets masked. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    jwtSecret: '***',
    webhooks: { ...config.webhooks, secretKey: '***' },
    push: {
      ...config.push,
      vapid: config.push.vapid ? { ...config.push.vapid, privateKey: '***' } : null,
    },
    databaseUrl: config.databaseUrl === undefined ? '(embedded)' : maskUrl(config.databaseUrl),
  };
}
