/**
 * Owns the Postgres connection pool (`Db`) and transactions. Type parsing is fixed here
 * for the whole server: `timestamptz` → ISO-8601 string (`2026-11-25T03:41:00.000Z`, the
 * wire format), `date` → `YYYY-MM-DD`, `int8`/`xid8`/`numeric` → decimal strings
 * (never lossy JS numbers), `int4` → number. Sessions run in UTC.
 */
import pg from 'pg';

export type Db = { pool: pg.Pool; close(): Promise<void> };
export type DbClient = pg.PoolClient;
/** Anything that can run a query: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const DATE = 1082;

/** `2026-11-25 03:41:00.123456+00` (or `+05:30`) → `2026-11-25T03:41:00.123Z`. */
export function toIso(pgText: string): string {
  const m = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)?([+-]\d\d)(:?\d\d)?(:?\d\d)?$/.exec(pgText);
  if (!m) return pgText; // 'infinity', BC dates: pass through untouched
  const frac = (m[3] ?? '.000').slice(0, 4).padEnd(4, '0');
  const offset = `${m[4]}:${(m[5] ?? '00').replace(':', '')}`;
  return new Date(`${m[1]}T${m[2]}${frac}${offset}`).toISOString();
}

// Per-pool overrides (not the global pg.types), so other pg users in the process keep
// the library defaults. int8 (20), numeric and xid8 already come back as strings.
const types = new pg.TypeOverrides();
// Postgres text `2026-11-25 03:41:00.123456+00` → ms-precision ISO in UTC.
types.setTypeParser(TIMESTAMPTZ, (v: string) => toIso(v));
types.setTypeParser(TIMESTAMP, (v: string) => toIso(`${v}+00`));
// Calendar dates stay calendar dates: no time zone shift through a JS Date.
types.setTypeParser(DATE, (v: string) => v);

export type CreateDbOptions = { max?: number; applicationName?: string };

export function createDb(url: string, options: CreateDbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    application_name: options.applicationName ?? 'edc-sync-server',
    options: '-c TimeZone=UTC',
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its connection (e.g. Postgres restarted) must not crash the
  // process; the next checkout gets a fresh connection.
  let closed = false;
  pool.on('error', (err) => {
    // pool.end() resolves before its sockets are gone; a DROP DATABASE … WITH (FORCE)
    // or shutdown right after terminates them. Expected then, not worth a log line.
    if (closed) return;
    console.error('[db] idle client error:', err.message);
  });
  return {
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

export type Isolation = 'read committed' | 'repeatable read' | 'serializable';

export type TransactionOptions = {
  isolation?: Isolation;
  /** Attempts on serialization failure / deadlock (default 5). */
  maxAttempts?: number;
};

const RETRYABLE = new Set(['40001', '40P01']);

export function pgErrorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string')
    return err.code;
  return undefined;
}

/**
 * A value Postgres could not take (SQLSTATE class 22, "data exception": NUL in text,
 * an out-of-range number or date, malformed JSON, …). Input validation should catch
 * these first; whatever slips through is the caller's bad value (4xx), never a 5xx.
 */
export function isDataError(err: unknown): boolean {
  return pgErrorCode(err)?.startsWith('22') ?? false;
}

// Socket errors of the driver, and SQLSTATEs meaning "this server is not there for you
// now": connection exceptions (08), shutting down / starting up (57P01-57P03), and too
// many connections (53300).
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
// node-postgres reports a lost or never-made connection without a code.
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Cannot use a pool after calling end',
  'connect ECONNREFUSED',
];

/** True when `err` says the database cannot be reached (answered 503 + Retry-After). */
export function isDbUnavailable(err: unknown): boolean {
  const code = pgErrorCode(err);
  if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (err instanceof AggregateError) return err.errors.some(isDbUnavailable);
  const message = err instanceof Error ? err.message : '';
  return UNAVAILABLE_MESSAGES.some((m) => message.includes(m));
}

/** Name of the violated constraint/index of a unique violation (23505), if any. */
export function uniqueViolation(err: unknown): string | undefined {
  if (pgErrorCode(err) !== '23505') return undefined;
  if (typeof err === 'object' && err !== null && 'constraint' in err && typeof err.constraint === 'string') {
    return err.constraint;
  }
  return '';
}

/**
 * Runs `fn` in one transaction. Serialization failures and deadlocks roll back and are
 * retried with jittered backoff: both mean "nothing happened, try again", so a retry is
 * always safe as long as `fn` has no side effects outside the database.
 */
export async function withTransaction<T>(
  db: Db,
  fn: (client: DbClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  const begin = options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation.toUpperCase()}` : 'BEGIN';
  for (let attempt = 1; ; attempt++) {
    const client = await db.pool.connect();
    let broken = false;
    try {
      await client.query(begin);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      const code = pgErrorCode(err);
      if (code && RETRYABLE.has(code) && attempt < maxAttempts) {
        await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
        continue;
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }
}

/** True when the database answers a trivial query within `timeoutMs`. */
export async function pingDb(db: Db, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((r) => {
      timer = setTimeout(() => r(false), timeoutMs);
    });
    const ping = db.pool.query('SELECT 1').then(() => true);
    return await Promise.race([ping, timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
