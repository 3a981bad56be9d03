import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../test/global-setup.ts';
import {
  embeddedPasswordFile,
  embeddedUrl,
  readEmbeddedPassword,
  startEmbeddedPostgres,
} from './embedded.ts';
import { createDb } from './pool.ts';

// A cluster of its own (not the run's shared one): these tests stop and restart it.
const dir = mkdtempSync(join(tmpdir(), 'edc-embedded-'));
chmodSync(dir, 0o755);
const dataDir = join(dir, 'pg');

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function canQuery(url: string): Promise<string | undefined> {
  const db = createDb(url, { max: 1 });
  try {
    const { rows } = await db.pool.query<{ db: string }>('SELECT current_database() AS db');
    return rows[0]?.db;
  } finally {
    await db.close();
  }
}

function deadPid(): number {
  const child = spawnSync('true');
  return child.pid ?? 999_999;
}

describe('embedded Postgres', () => {
  it('initialises a new cluster, creates the database, and restarts on the same data', async () => {
    const port = await freePort();
    const pg = await startEmbeddedPostgres({ dataDir, port, database: 'edc_x', fast: true });
    expect(await canQuery(pg.url)).toBe('edc_x');
    await pg.stop();
    const again = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      database: 'edc_x',
      fast: true,
    });
    expect(await canQuery(again.url)).toBe('edc_x');
    await again.stop();
  }, 60_000);

  it.each([
    ['a dead process', deadPid],
    ['a live process that is not postgres (recycled pid)', () => process.pid],
  ])(
    'removes a stale postmaster.pid naming %s',
    async (_label, pidOf) => {
      writeFileSync(join(dataDir, 'postmaster.pid'), `${pidOf()}\n${dataDir}\n`);
      const pg = await startEmbeddedPostgres({
        dataDir,
        port: await freePort(),
        database: 'edc_x',
        fast: true,
      });
      expect(await canQuery(pg.url)).toBe('edc_x');
      await pg.stop();
    },
    60_000,
  );

  it('moves a cluster on the old shared password to a random one of its own (0600 file)', async () => {
    const first = await startEmbeddedPostgres({ dataDir, port: await freePort(), fast: true });
    const own = readEmbeddedPassword(dataDir);
    // Back to how every cluster was before: the constant password and no file beside it.
    const db = createDb(first.adminUrl, { max: 1 });
    await db.pool.query(`ALTER ROLE postgres PASSWORD 'edc-embedded'`);
    await db.close();
    await first.stop();
    rmSync(embeddedPasswordFile(dataDir));

    const port = await freePort();
    const pg = await startEmbeddedPostgres({ dataDir, port, fast: true });
    try {
      const fresh = readEmbeddedPassword(dataDir);
      expect(fresh).toBeDefined();
      expect(fresh).not.toBe(own);
      expect(statSync(embeddedPasswordFile(dataDir)).mode & 0o777).toBe(0o600);
      expect(await canQuery(pg.url)).toBe('edc');
      await expect(canQuery(embeddedUrl(port, 'edc', 'edc-embedded'))).rejects.toMatchObject({
        code: '28P01',
      });
    } finally {
      await pg.stop();
    }
  }, 60_000);

  it('gives every cluster its own password', async () => {
    const other = join(dir, 'other');
    const pg = await startEmbeddedPostgres({
      dataDir: other,
      port: await freePort(),
      fast: true,
      persistent: false,
    });
    try {
      expect(readEmbeddedPassword(other)).toBeDefined();
      expect(readEmbeddedPassword(other)).not.toBe(readEmbeddedPassword(dataDir));
    } finally {
      await pg.stop();
    }
    // A throwaway cluster takes its password file with it.
    expect(existsSync(embeddedPasswordFile(other))).toBe(false);
  }, 60_000);

  it('refuses a data dir that a running cluster owns', async () => {
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), fast: true });
    try {
      const owner = Number.parseInt(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8'), 10);
      await expect(startEmbeddedPostgres({ dataDir, port: await freePort(), fast: true })).rejects.toThrow(
        new RegExp(`in use by pid ${owner}`),
      );
    } finally {
      await pg.stop();
    }
  }, 60_000);
});
