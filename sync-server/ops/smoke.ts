/**
 * `npm run smoke` (issue 11, "Production"; outside `npm test`): the deployment of
 * docs/deploy.md on one machine, checked end to end. ops/smoke.sh installs what is
 * missing (Debian's nginx, postgresql, openssl) and runs this.
 *
 * 1. A private cluster of Debian's PostgreSQL (external to the app; role `edc` owning
 *    database `edc`, password auth), the PWA built into a temp dir, the first admin made
 *    with the create-user CLI.
 * 2. Two production-mode instances (NODE_ENV=production, shared JWT_SECRET, HOST=127.0.0.1,
 *    TRUST_PROXY=true) behind nginx running deploy/nginx-edc.conf itself (ports, name and
 *    certificate replaced) with TLS from a self-signed certificate.
 * 3. Through nginx: HTTP → HTTPS redirect, the PWA with HSTS, admin CSV imports and user
 *    creation, a desk agent's SSE stream served by one instance, a technician's case
 *    pushed through the other, and the poke arriving on the stream (so it is neither
 *    lost between instances nor held in a proxy buffer).
 * 4. Backup and restore: pg_dump -Fc, a NEW cluster (another server) prepared as
 *    docs/deploy.md says, pg_restore, a third instance on it: same row counts, the case
 *    readable, a fresh pull serves it, and a phone's checkpoint from the old server still
 *    receives a case pushed after the restore.
 * Prints one line per check and exits 1 on the first failure.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYNC_BASE_PATH } from '@edc/shared';
import { z } from 'zod';
import { createDb } from '../src/db/pool.ts';
import { newCase } from '../src/services/case-acceptance-fixtures.ts';
import { freePort } from '../src/test/global-setup.ts';
import { type ServerProcess, spawnServer } from '../src/test/server-process.ts';
import { type DebianCluster, initDebianCluster } from './debian-pg.ts';
import {
  makeClient,
  openStream,
  type Reply,
  repoRoot,
  run,
  SERVER_NAME,
  startNginx,
  streams,
} from './smoke-tools.ts';

const log = (line: string) => console.log(`[smoke ${new Date().toISOString().slice(11, 23)}] ${line}`);
const secret = () => randomBytes(18).toString('base64url');

function check(ok: boolean, what: string, detail = ''): void {
  if (!ok) throw new Error(`FAILED: ${what}${detail ? `\n${detail}` : ''}`);
  log(`ok   ${what}`);
}

// ---- main -------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'edc-smoke-'));
  chmodSync(dir, 0o755);
  const cleanups: (() => Promise<void> | void)[] = [];
  // Once, whether the run ends, fails or is interrupted (the two may overlap).
  let cleaning: Promise<void> | undefined;
  const cleanUp = () => {
    cleaning ??= (async () => {
      for (const s of streams) s.destroy();
      for (const c of [...cleanups].reverse()) await Promise.resolve(c()).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    })();
    return cleaning;
  };
  // Interrupted (Ctrl-C, a CI timeout): still stop what was started.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }
  try {
    const t0 = performance.now();
    // ---- 1. Postgres, the PWA, the first admin --------------------------------------
    const appPassword = secret();
    const superPassword = secret();
    const pgA = initDebianCluster(join(dir, 'pg-a'), await freePort(), superPassword);
    // A server that has been in use for a long time: its transaction ids are far past those
    // of a freshly made cluster (here: epoch 3, past 3 × 2^32), as they would be after years
    // of writes. A brand-new cluster would hide the restore problem checked in step 4.
    pgA.run('pg_resetwal', ['-e', '3', pgA.dataDir]);
    await pgA.start();
    cleanups.push(() => pgA.stop());
    const superA = createDb(pgA.url('postgres', superPassword, 'postgres'), { max: 1 });
    // Least privilege: the app's own role owns its database, and is no superuser.
    await superA.pool.query(`CREATE ROLE edc LOGIN PASSWORD '${appPassword}'`);
    await superA.pool.query('CREATE DATABASE edc OWNER edc');
    await superA.close();
    const databaseUrl = pgA.url('edc', appPassword, 'edc');
    log(`Debian PostgreSQL ${pgA.bin.split('/').at(-2)} on port ${pgA.port}`);

    const staticDir = join(dir, 'dist');
    run('npm', ['run', 'build', '-w', '@edc/client'], { EDC_CLIENT_OUT_DIR: staticDir });
    log('PWA built');

    const jwtSecret = randomBytes(32).toString('base64url');
    const prodEnv = {
      NODE_ENV: 'production',
      JWT_SECRET: jwtSecret,
      // Same on every instance: any of them delivers any webhook (secrets sealed with it).
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      TRUST_PROXY: 'true',
      STATIC_DIR: staticDir,
      DATA_DIR: join(dir, 'app-data'),
      SEED_DEMO: undefined,
    };
    const adminPassword = secret();
    const created = run(
      'npm',
      [
        'run',
        '-s',
        'create-user',
        '-w',
        '@edc/sync-server',
        '--',
        '--username',
        'admin',
        '--role',
        'admin',
        '--display-name',
        'Admin',
      ],
      Object.fromEntries(Object.entries(prodEnv).filter((e): e is [string, string] => e[1] !== undefined)),
      `${adminPassword}\n`,
    );
    check(
      created.includes('created user admin'),
      'first admin created with the create-user CLI (migrates the database)',
    );

    // ---- 2. two instances behind nginx with TLS -------------------------------------
    const ports = [await freePort(), await freePort()];
    const instances: ServerProcess[] = ports.map((port) =>
      spawnServer({ ...prodEnv, PORT: String(port) }, port),
    );
    cleanups.push(async () => {
      for (const s of instances) s.kill('SIGTERM');
      await Promise.all(instances.map((s) => s.exited));
    });
    await Promise.all(instances.map((s) => s.healthy()));
    log(`instances on ${ports.join(' and ')}`);

    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${SERVER_NAME}`,
        '-addext',
        `subjectAltName=DNS:${SERVER_NAME}`,
        '-keyout',
        join(dir, 'tls.key'),
        '-out',
        join(dir, 'tls.crt'),
      ],
      { stdio: 'ignore' },
    );
    const ca = readFileSync(join(dir, 'tls.crt'), 'utf8');
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const template = readFileSync(join(repoRoot, 'deploy', 'nginx-edc.conf'), 'utf8');
    const replacements: [string, string][] = [
      ['server 127.0.0.1:8081', `server 127.0.0.1:${ports[0]}`],
      ['server 127.0.0.1:8082', `server 127.0.0.1:${ports[1]}`],
      ['listen 80;', `listen 127.0.0.1:${httpPort};`],
      ['listen [::]:80;\n', ''],
      ['listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`],
      ['listen [::]:443 ssl http2;\n', ''],
      ['return 301 https://$host$request_uri;', `return 301 https://$host:${httpsPort}$request_uri;`],
      [`/etc/letsencrypt/live/${SERVER_NAME}/fullchain.pem`, join(dir, 'tls.crt')],
      [`/etc/letsencrypt/live/${SERVER_NAME}/privkey.pem`, join(dir, 'tls.key')],
      // Test only: which instance answered (never in production: it names internal addresses).
      [
        'add_header Strict-Transport-Security',
        'add_header X-Edc-Upstream $upstream_addr always;\n    add_header Strict-Transport-Security',
      ],
    ];
    let site = template;
    for (const [from, to] of replacements) {
      if (!site.includes(from)) throw new Error(`deploy/nginx-edc.conf no longer contains "${from.trim()}"`);
      site = site.replace(from, to);
    }
    const nginx = await startNginx(join(dir, 'nginx'), site).catch((err: unknown) => {
      throw new Error(`nginx: ${err instanceof Error ? err.message : err}`);
    });
    cleanups.push(async () => {
      nginx.kill('SIGQUIT');
      await new Promise((r) => nginx.once('exit', r));
    });
    const https = makeClient(httpsPort, ca);
    for (let i = 0; ; i++) {
      try {
        if ((await https('GET', '/api/health')).status === 200) break;
      } catch {
        if (i > 200) throw new Error('nginx did not come up');
      }
      await new Promise((r) => setTimeout(r, 50));
    }

    // ---- 3. through the proxy -------------------------------------------------------
    const redirect = await new Promise<{ status: number; location: string | undefined }>(
      (resolve, reject) => {
        const req = spawn('curl', [
          '-s',
          '-o',
          '/dev/null',
          '-w',
          '%{http_code} %{redirect_url}',
          '-H',
          `Host: ${SERVER_NAME}`,
          `http://127.0.0.1:${httpPort}/desk`,
        ]);
        let out = '';
        req.stdout.on('data', (c: Buffer) => {
          out += c.toString();
        });
        req.on('error', reject);
        req.on('exit', () => {
          const [status, location] = out.split(' ');
          resolve({ status: Number(status), location });
        });
      },
    );
    check(
      redirect.status === 301 && redirect.location === `https://${SERVER_NAME}:${httpsPort}/desk`,
      'plain HTTP is redirected to HTTPS',
      JSON.stringify(redirect),
    );
    const home = await https('GET', '/');
    check(
      home.status === 200 &&
        home.text.includes('<div id="root">') &&
        String(home.headers['strict-transport-security']).includes('max-age'),
      'the PWA is served over TLS with HSTS',
      `${home.status} ${home.text.slice(0, 200)}`,
    );

    const login = async (username: string, password: string) => {
      const res = await https('POST', '/api/auth/login', { body: JSON.stringify({ username, password }) });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
      return z.object({ accessToken: z.string() }).parse(JSON.parse(res.text)).accessToken;
    };
    const admin = await login('admin', adminPassword);
    const mid = '990000000000001';
    const merchants = await https('POST', '/api/import/merchants', {
      token: admin,
      type: 'text/csv',
      body: `mid,name,address,city,region,phone,status\n${mid},Toko Smoke,Jl. Uji 1,Jakarta,JKT,021555,active\n`,
    });
    const devices = await https('POST', '/api/import/devices', {
      token: admin,
      type: 'text/csv',
      body: `serialNumber,model,tid,mid,status,samSerial,simSerial,region\nSMOKE0001,Verifone V200c,SMK00001,${mid},on_operation,,,JKT\nSMOKE0002,Verifone V200c,SMK00002,${mid},on_operation,,,JKT\n`,
    });
    check(
      merchants.status === 200 && devices.status === 200 && JSON.parse(devices.text).inserted === 2,
      'admin imports merchants and devices (CSV) through the proxy',
      `${merchants.status} ${merchants.text} / ${devices.status} ${devices.text}`,
    );
    const techPassword = secret();
    const agentPassword = secret();
    for (const user of [
      {
        username: 'tech',
        displayName: 'Teknisi',
        role: 'technician',
        regions: ['JKT'],
        password: techPassword,
      },
      { username: 'desk', displayName: 'Desk', role: 'agent', regions: [], password: agentPassword },
    ]) {
      const res = await https('POST', '/api/admin/users', { token: admin, body: JSON.stringify(user) });
      if (res.status !== 201 && res.status !== 200)
        throw new Error(`create ${user.username}: ${res.status} ${res.text}`);
    }
    const desk = await login('desk', agentPassword);
    const tech = await login('tech', techPassword);

    const stream = openStream(httpsPort, ca, desk);
    // A buffering proxy holds even the headers back: bounded waits, so a failure says so.
    const openedStatus = await Promise.race([
      stream.opened,
      new Promise<string>((r) => setTimeout(() => r('timeout'), 10_000)),
    ]);
    check(openedStatus === 200, 'the desk opens the SSE stream through nginx', `status: ${openedStatus}`);
    await stream.next(0, (d) => d.includes('"*"'), 10_000);
    const streamUpstream = String(stream.headers()['x-edc-upstream']);
    check(
      ports.some((p) => streamUpstream.endsWith(`:${p}`)),
      `the stream is served by instance ${streamUpstream}`,
    );

    const pushCase = async (serialNumber: string) => {
      const doc = newCase({
        serialNumber,
        description: 'Layar mati (smoke)',
        reportedAt: new Date().toISOString(),
      });
      const res = await https('POST', `${SYNC_BASE_PATH}/cases/push`, {
        token: tech,
        body: JSON.stringify([{ newDocumentState: doc }]),
      });
      return { res, id: String(doc.id) };
    };
    const before = stream.count();
    const pushedAt = performance.now();
    const pushed = await pushCase('SMOKE0001');
    const pushUpstream = String(pushed.res.headers['x-edc-upstream']);
    const answer = z
      .array(z.object({ id: z.string(), status: z.string(), caseNumber: z.string() }).loose())
      .parse(JSON.parse(pushed.res.text));
    check(
      pushed.res.status === 200 && answer[0]?.status === 'open',
      `the technician's case is accepted through the proxy as ${answer[0]?.caseNumber}`,
    );
    check(
      pushUpstream !== streamUpstream && ports.some((p) => pushUpstream.endsWith(`:${p}`)),
      `the push went to the other instance (${pushUpstream}; least_conn, the stream holds one connection)`,
    );
    const poke = await stream.next(before, (d) => d.includes('"cases"'), 10_000);
    check(
      true,
      `the poke reached the stream through nginx ${Math.round(poke.at - pushedAt)} ms after the push was sent`,
    );
    const caseNumber = answer[0]?.caseNumber ?? '';

    // The phone's checkpoint on the old server, kept for after the restore.
    const pullAll = async (client: ReturnType<typeof makeClient>, token: string, start: string) => {
      let query = start;
      const ids: string[] = [];
      let checkpoint: { txid: string; id: string } | null = null;
      for (;;) {
        const res = await client('GET', `${SYNC_BASE_PATH}/cases/pull?limit=100${query}`, { token });
        if (res.status !== 200) throw new Error(`pull: ${res.status} ${res.text}`);
        const page = z
          .object({
            documents: z.array(z.object({ id: z.string() }).loose()),
            checkpoint: z.object({ txid: z.string(), id: z.string() }).nullable(),
          })
          .parse(JSON.parse(res.text));
        ids.push(...page.documents.map((d) => d.id));
        checkpoint = page.checkpoint ?? checkpoint;
        if (page.documents.length < 100 || !page.checkpoint) return { ids, checkpoint };
        query = `&txid=${page.checkpoint.txid}&id=${page.checkpoint.id}`;
      }
    };
    const phone = await pullAll(https, tech, '');
    check(
      phone.ids.includes(pushed.id) && phone.checkpoint !== null,
      "the technician's phone pulls its case",
    );

    // ---- 4. backup and a tested restore on another server ---------------------------
    const dump = join(dir, 'edc.dump');
    run(join(pgA.bin, 'pg_dump'), ['--format=custom', `--file=${dump}`, `--dbname=${databaseUrl}`]);
    log(`pg_dump -Fc: ${readFileSync(dump).length} bytes`);
    // "Another server": a new cluster, as after losing the first one.
    const pgB: DebianCluster = initDebianCluster(join(dir, 'pg-b'), await freePort(), superPassword);
    await pgB.start();
    cleanups.push(() => pgB.stop());
    const superB = createDb(pgB.url('postgres', superPassword, 'postgres'), { max: 1 });
    await superB.pool.query(`CREATE ROLE edc LOGIN PASSWORD '${appPassword}'`);
    await superB.pool.query('CREATE DATABASE edc OWNER edc');
    await superB.close();
    const restoredUrl = pgB.url('edc', appPassword, 'edc');
    run(join(pgB.bin, 'pg_restore'), [
      '--no-owner',
      '--role=edc',
      '--exit-on-error',
      `--dbname=${restoredUrl}`,
      dump,
    ]);
    const counts = async (url: string) => {
      const db = createDb(url, { max: 1 });
      try {
        const { rows } = await db.pool.query<{ t: string; n: string }>(
          `SELECT 'cases' AS t, count(*)::text AS n FROM cases UNION ALL SELECT 'case_events', count(*)::text FROM case_events
           UNION ALL SELECT 'devices', count(*)::text FROM devices UNION ALL SELECT 'merchants', count(*)::text FROM merchants
           UNION ALL SELECT 'users', count(*)::text FROM users UNION ALL SELECT 'sla_rules', count(*)::text FROM sla_rules
           ORDER BY 1`,
        );
        return rows.map((r) => `${r.t}=${r.n}`).join(' ');
      } finally {
        await db.close();
      }
    };
    const [countA, countB] = [await counts(databaseUrl), await counts(restoredUrl)];
    check(countA === countB, `pg_restore into a new cluster: same rows (${countB})`, `${countA}\n${countB}`);

    // The rows keep the first cluster's transaction ids, which this cluster has not reached:
    // the server must refuse to start (and say what to do) rather than serve nothing.
    const restoredPort = await freePort();
    const restoredEnv = { ...prodEnv, DATABASE_URL: restoredUrl, PORT: String(restoredPort) };
    const refused = spawnServer(restoredEnv, restoredPort);
    const refusedCode = await Promise.race([
      refused.exited,
      refused.healthy().then(() => {
        refused.kill('SIGTERM');
        return 'started';
      }),
    ]);
    const fix = /pg_resetwal -e (\d+)/.exec(refused.log());
    check(
      refusedCode !== 0 && refusedCode !== 'started' && fix !== null,
      `a start on the restored database is refused until the cluster's xid epoch is moved (pg_resetwal -e ${fix?.[1]})`,
      refused.log(),
    );
    await pgB.stop();
    pgB.run('pg_resetwal', ['-e', fix?.[1] ?? '1', pgB.dataDir]);
    await pgB.start();
    const restored = spawnServer(restoredEnv, restoredPort);
    cleanups.push(async () => {
      restored.kill('SIGTERM');
      await restored.exited;
    });
    await restored.healthy();
    const direct = async (method: string, path: string, opts: { token?: string; body?: string } = {}) => {
      const res = await fetch(`${restored.baseUrl}${path}`, {
        method,
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.body ? { 'content-type': 'application/json' } : {}),
        },
        body: opts.body,
      });
      return { status: res.status, headers: {}, text: await res.text() } satisfies Reply;
    };
    const loginR = async (username: string, password: string) => {
      const res = await direct('POST', '/api/auth/login', { body: JSON.stringify({ username, password }) });
      if (res.status !== 200) throw new Error(`login ${username} (restored): ${res.status} ${res.text}`);
      return z.object({ accessToken: z.string() }).parse(JSON.parse(res.text)).accessToken;
    };
    const deskR = await loginR('desk', agentPassword);
    const byNumber = await direct('GET', `/api/cases/by-number/${caseNumber}`, { token: deskR });
    check(
      byNumber.status === 200 && byNumber.text.includes(pushed.id),
      `the restored server has ${caseNumber}`,
    );
    const techR = await loginR('tech', techPassword);
    const fresh = await pullAll(direct, techR, '');
    check(fresh.ids.includes(pushed.id), 'a phone syncing from scratch gets it from the restored server');
    const pushR = newCase({
      serialNumber: 'SMOKE0002',
      description: 'Kertas macet (after restore)',
      reportedAt: new Date().toISOString(),
    });
    const pushRes = await direct('POST', `${SYNC_BASE_PATH}/cases/push`, {
      token: techR,
      body: JSON.stringify([{ newDocumentState: pushR }]),
    });
    check(
      pushRes.status === 200 && pushRes.text.includes('"open"'),
      'the restored server accepts a new case',
    );
    const cp = phone.checkpoint;
    const resumed = await pullAll(direct, techR, cp ? `&txid=${cp.txid}&id=${cp.id}` : '');
    check(
      resumed.ids.includes(String(pushR.id)),
      'a phone resuming from its checkpoint on the old server receives the case written after the restore',
      JSON.stringify({ checkpoint: cp, got: resumed.ids }),
    );
    log(`all checks passed in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    await cleanUp();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
