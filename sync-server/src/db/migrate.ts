/**
 * Owns the schema: applies `src/migrations/NNN_name.sql` in file-name order, each in its
 * own transaction, recorded in `schema_migrations`. Idempotent, and serialized across
 * processes by an advisory lock so several instances starting at once don't race.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './pool.ts';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
const FILE_PATTERN = /^(\d{3})_[a-z0-9_-]+\.sql$/;
// Arbitrary constant shared by every instance of this server ("EDC" + "MIG").
const MIGRATION_LOCK_KEY = 0x454443_4d4947;

export type MigrationFile = { name: string; sql: string };

export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  for (const name of names) {
    if (!FILE_PATTERN.test(name))
      throw new Error(`Migration file name ${name} must look like 012_add_things.sql`);
  }
  return names.map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/** Applies pending migrations; returns the names applied by this call. */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = listMigrations(dir);
  const client = await db.pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         name text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await client.query<{ name: string }>('SELECT name FROM schema_migrations');
    const done = new Set(rows.map((r) => r.name));
    for (const file of files) {
      if (done.has(file.name)) continue;
      try {
        await client.query('BEGIN');
        await client.query(file.sql);
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        const msg = err instanceof Error ? err.message : String(err);
        throw new Error(`Migration ${file.name} failed: ${msg}`);
      }
      applied.push(file.name);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
  return applied;
}
