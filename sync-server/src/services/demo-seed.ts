/**
 * Seeds the demo data set (DESIGN section 8) on the first start of a development
 * database: only when the configuration allows it (never in production) and only when
 * the database has no merchants yet, so a restart never duplicates or overwrites data.
 */
import type { Config } from '../config.ts';
import { type DemoSeedCounts, hasMerchants, insertDemoData } from '../db/demo-seed.ts';
import type { Db } from '../db/pool.ts';
import { seedFaq } from '../db/self-service.ts';
import { hashPassword } from './auth.ts';
import { DEMO_FAQ } from './demo/faq-articles.ts';
import { DEMO_PASSWORD, type DemoOptions, generateDemoData } from './demo-data.ts';

/**
 * `SEED_DEMO_SIZE=small`: enough of every kind of row for each screen, a tenth of the rows.
 * No dispatched jobs: the e2e journeys decide each technician's Tugas list themselves.
 */
export const SMALL_DEMO = { merchants: 200, devices: 500, months: 2, dispatch: false } as const;

export async function seedDemoIfEmpty(
  db: Db,
  config: Pick<Config, 'seedDemo' | 'isProduction' | 'argon2'>,
  now: Date,
  options: Omit<DemoOptions, 'now'> = {},
): Promise<DemoSeedCounts | undefined> {
  // Security: belt and braces — config already forces seedDemo off in production.
  if (!config.seedDemo || config.isProduction) return undefined;
  if (await hasMerchants(db)) return undefined;
  const data = generateDemoData({ ...options, now });
  // One hash for every demo user: they share the documented demo password.
  const passwordHash = await hashPassword(DEMO_PASSWORD, config);
  return insertDemoData(db, data, passwordHash, now);
}

/**
 * The demo FAQ, on every start of a demo server (not only an empty one, so an existing
 * development database gets it too). Insert-if-missing by fixed id: an admin's edit or
 * delete is never undone. Returns the number of articles added.
 */
export async function seedDemoFaq(
  db: Db,
  config: Pick<Config, 'seedDemo' | 'isProduction'>,
  now: Date,
): Promise<number> {
  if (!config.seedDemo || config.isProduction) return 0;
  return seedFaq(db.pool, DEMO_FAQ, now);
}
