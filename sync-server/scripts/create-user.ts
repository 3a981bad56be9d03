/**
 * Creates (or resets the password of) a user from the command line — the way to get the
 * first admin into a production database, where no demo users are ever seeded.
 *
 *   echo 'a-long-password' | npm run -s create-user -w @edc/sync-server -- \
 *     --username admin --role admin --display-name "Admin" [--regions JKT,BDG] [--mid 000...]
 *
 * The password comes from stdin (never from argv: it would show in `ps` and shell history).
 * Uses DATABASE_URL, or the embedded cluster under DATA_DIR (running or not).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createUserRequestSchema, roleSchema } from '@edc/shared';
import { loadConfig } from '../src/config.ts';
import {
  type EmbeddedPg,
  embeddedUrl,
  readEmbeddedPassword,
  startEmbeddedPostgres,
} from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { createDb, type Db, pingDb } from '../src/db/pool.ts';
import { revokeUserSessions } from '../src/db/sessions.ts';
import { findUserByUsername, insertUser, updateUser } from '../src/db/users.ts';
import { hashPassword } from '../src/services/auth.ts';
import { checkPassword } from '../src/services/password-policy.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function connect(config: ReturnType<typeof loadConfig>): Promise<{ db: Db; embedded?: EmbeddedPg }> {
  if (config.databaseUrl) return { db: createDb(config.databaseUrl, { max: 2 }) };
  const dataDir = join(config.dataDir, 'pg');
  // A running server owns the embedded cluster: talk to it rather than start a second one.
  const password = readEmbeddedPassword(dataDir);
  if (password) {
    const running = createDb(embeddedUrl(config.pgPort, 'edc', password), { max: 2 });
    if (await pingDb(running, 3000)) return { db: running };
    await running.close();
  }
  const embedded = await startEmbeddedPostgres({ dataDir, port: config.pgPort });
  return { db: createDb(embedded.url, { max: 2 }), embedded };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      'display-name': { type: 'string' },
      regions: { type: 'string' },
      mid: { type: 'string' },
    },
  });
  const password = await readStdin();
  const parsed = createUserRequestSchema.safeParse({
    username: values.username,
    displayName: values['display-name'] ?? values.username,
    role: roleSchema.safeParse(values.role).data ?? values.role,
    regions: values.regions ? values.regions.split(',').map((r) => r.trim()) : [],
    mid: values.mid,
    password,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      console.error(`${issue.path.join('.') || 'input'}: ${issue.message}`);
    return 2;
  }
  const input = parsed.data;
  // The same strength rule as the admin API (issue 11): a guessable first admin is the
  // easiest way into a production database.
  const verdict = await checkPassword(input.password, [input.username, input.displayName]);
  if (!verdict.ok) {
    console.error(`password: too easy to guess: ${verdict.warning}`);
    for (const s of verdict.suggestions) console.error(`  - ${s}`);
    return 2;
  }
  const config = loadConfig();
  const { db, embedded } = await connect(config);
  try {
    await migrate(db);
    const now = new Date();
    const passwordHash = await hashPassword(input.password, config);
    const existing = await findUserByUsername(db.pool, input.username);
    if (existing) {
      await updateUser(
        db.pool,
        existing.id,
        {
          displayName: input.displayName,
          role: input.role,
          regions: input.regions,
          mid: input.mid ?? null,
          passwordHash,
          disabled: false,
        },
        now,
      );
      await revokeUserSessions(db.pool, existing.id, 'user_changed', now);
      console.log(`updated user ${existing.username} (${input.role}); their sessions were revoked`);
    } else {
      const user = await insertUser(db.pool, { ...input, passwordHash }, now);
      console.log(`created user ${user.username} (${user.role})`);
    }
    return 0;
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
