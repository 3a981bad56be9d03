/**
 * Owns the `users` and `login_attempts` tables: lookups for login, the failure counts per
 * username + IP and per IP that throttle logins, and admin user management.
 */
import type { LadderTitle, Role } from '@edc/shared';
import type { Queryable } from './pool.ts';

export type UserRow = {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  regions: string[];
  mid: string | null;
  /** Back office: responsible unit (team). */
  team: string | null;
  ladderTitle: LadderTitle | null;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
};

const USER_COLUMNS = `id, username, display_name AS "displayName", password_hash AS "passwordHash", role,
  regions, mid, team, ladder_title AS "ladderTitle", disabled, failed_logins AS "failedLogins", locked_until AS "lockedUntil",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function findUserByUsername(q: Queryable, username: string): Promise<UserRow | undefined> {
  const { rows } = await q.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users WHERE lower(username) = lower($1)`,
    [username],
  );
  return rows[0];
}

export async function getUser(q: Queryable, id: string): Promise<UserRow | undefined> {
  const { rows } = await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0];
}

export async function listUsers(q: Queryable): Promise<UserRow[]> {
  const { rows } = await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`);
  return rows;
}

export type NewUser = {
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  regions: string[];
  mid?: string | undefined;
  team?: string | undefined;
  ladderTitle?: LadderTitle | undefined;
};

export async function insertUser(q: Queryable, user: NewUser, now: Date): Promise<UserRow> {
  const { rows } = await q.query<UserRow>(
    `INSERT INTO users (username, display_name, password_hash, role, regions, mid, team, ladder_title, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $8, $9, $7, $7) RETURNING ${USER_COLUMNS}`,
    [
      user.username,
      user.displayName,
      user.passwordHash,
      user.role,
      user.regions,
      user.mid ?? null,
      now,
      user.team ?? null,
      user.ladderTitle ?? null,
    ],
  );
  return rows[0]!;
}

/** Inserts many users in one statement (demo seeding, test fixtures); skips existing usernames. */
export async function insertUsers(q: Queryable, users: readonly NewUser[], now: Date): Promise<void> {
  if (users.length === 0) return;
  await q.query(
    `INSERT INTO users (username, display_name, password_hash, role, regions, mid, team, ladder_title, created_at, updated_at)
     SELECT u.username, u.display_name, u.password_hash, u.role, ARRAY(SELECT jsonb_array_elements_text(u.regions)),
            u.mid, u.team, u.ladder_title, $2, $2
     FROM jsonb_to_recordset($1::jsonb)
       AS u(username text, display_name text, password_hash text, role text, regions jsonb, mid text, team text,
            ladder_title text)
     ON CONFLICT DO NOTHING`,
    [
      JSON.stringify(
        users.map((u) => ({
          username: u.username,
          display_name: u.displayName,
          password_hash: u.passwordHash,
          role: u.role,
          regions: u.regions,
          mid: u.mid ?? null,
          team: u.team ?? null,
          ladder_title: u.ladderTitle ?? null,
        })),
      ),
      now,
    ],
  );
}

export type UserPatch = {
  displayName?: string | undefined;
  role?: Role | undefined;
  regions?: string[] | undefined;
  mid?: string | null | undefined;
  team?: string | null | undefined;
  ladderTitle?: LadderTitle | null | undefined;
  disabled?: boolean | undefined;
  passwordHash?: string | undefined;
};

export async function updateUser(
  q: Queryable,
  id: string,
  patch: UserPatch,
  now: Date,
): Promise<UserRow | undefined> {
  const sets: string[] = [];
  const values: unknown[] = [id, now];
  const add = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  if (patch.displayName !== undefined) add('display_name', patch.displayName);
  if (patch.role !== undefined) add('role', patch.role);
  if (patch.regions !== undefined) add('regions', patch.regions);
  if (patch.mid !== undefined) add('mid', patch.mid);
  if (patch.team !== undefined) add('team', patch.team);
  if (patch.ladderTitle !== undefined) add('ladder_title', patch.ladderTitle);
  if (patch.disabled !== undefined) add('disabled', patch.disabled);
  if (patch.passwordHash !== undefined) {
    add('password_hash', patch.passwordHash);
    // A password reset by an admin also lifts a lock.
    sets.push('failed_logins = 0', 'locked_until = NULL');
  }
  const { rows } = await q.query<UserRow>(
    `UPDATE users SET updated_at = $2${sets.length ? `, ${sets.join(', ')}` : ''} WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    values,
  );
  return rows[0];
}

export async function insertLoginAttempt(
  q: Queryable,
  attempt: { ip: string; username: string; success: boolean },
  now: Date,
): Promise<void> {
  await q.query('INSERT INTO login_attempts (ip, username, success, at) VALUES ($1, $2, $3, $4)', [
    attempt.ip,
    attempt.username.slice(0, 100),
    attempt.success,
    now,
  ]);
}

/** Failures from `ip` since `since`, and when the oldest of them was. */
export async function ipFailures(
  q: Queryable,
  ip: string,
  since: Date,
): Promise<{ count: number; oldestAt: string | null }> {
  const { rows } = await q.query<{ count: number; oldestAt: string | null }>(
    `SELECT count(*)::int AS count, min(at) AS "oldestAt" FROM login_attempts
     WHERE ip = $1 AND NOT success AND at > $2`,
    [ip, since],
  );
  return rows[0] ?? { count: 0, oldestAt: null };
}

/**
 * Consecutive failures of one username (any letter case, known or not) from one IP since
 * `since` and since that pair's last success, and when the latest was: the input of the
 * growing login delay (services/auth.ts).
 */
export async function pairFailures(
  q: Queryable,
  username: string,
  ip: string,
  since: Date,
): Promise<{ count: number; lastAt: string | null }> {
  const { rows } = await q.query<{ count: number; lastAt: string | null }>(
    `SELECT count(*)::int AS count, max(a.at) AS "lastAt" FROM login_attempts a
     WHERE lower(a.username) = lower($1) AND a.ip = $2 AND NOT a.success AND a.at > $3
       AND a.at > coalesce((SELECT max(s.at) FROM login_attempts s
                             WHERE lower(s.username) = lower($1) AND s.ip = $2 AND s.success), '-infinity')`,
    [username.slice(0, 100), ip, since],
  );
  return rows[0] ?? { count: 0, lastAt: null };
}

/** Drops attempts older than `before` (kept only as long as the throttle window needs). */
export async function pruneLoginAttempts(q: Queryable, before: Date): Promise<void> {
  await q.query('DELETE FROM login_attempts WHERE at < $1', [before]);
}
