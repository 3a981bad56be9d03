/**
 * The smoke test's tools (ops/smoke.ts): HTTPS requests and an SSE reader that go through
 * nginx with the test's self-signed certificate, nginx itself in a private prefix, and
 * commands run from the repository root.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { SYNC_BASE_PATH } from '@edc/shared';
import { serverDir } from '../src/test/server-process.ts';

export const repoRoot = join(serverDir, '..');
/** The host name in deploy/nginx-edc.conf and in the test certificate. */
export const SERVER_NAME = 'edc.example.com';

// ---- HTTPS through nginx ----------------------------------------------------------------

export type Reply = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

export function makeClient(port: number, ca: string) {
  return (method: string, path: string, opts: { token?: string; body?: string; type?: string } = {}) =>
    new Promise<Reply>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          ca,
          servername: SERVER_NAME,
          headers: {
            host: SERVER_NAME,
            ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
            ...(opts.body === undefined ? {} : { 'content-type': opts.type ?? 'application/json' }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(opts.body);
    });
}

/** An SSE stream through nginx: its headers, and each `data:` payload as it arrives. */
export function openStream(port: number, ca: string, token: string) {
  const events: { at: number; data: string }[] = [];
  const waiters = new Set<() => void>();
  let headers: Record<string, string | string[] | undefined> = {};
  let buffer = '';
  const opened = new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: `${SYNC_BASE_PATH}/stream`,
        ca,
        servername: SERVER_NAME,
        headers: { host: SERVER_NAME, authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      },
      (res) => {
        headers = res.headers;
        resolve(res.statusCode ?? 0);
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString('utf8');
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            for (const line of buffer.slice(0, end).split('\n')) {
              if (line.startsWith('data:'))
                events.push({ at: performance.now(), data: line.slice(5).trim() });
            }
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
          }
          for (const w of waiters) w();
        });
      },
    );
    req.on('error', reject);
    req.end();
    streams.push(req);
  });
  return {
    opened,
    headers: () => headers,
    /** Resolves with the first event after index `from` matching `pred`, or rejects after `ms`. */
    next(from: number, pred: (data: string) => boolean, ms: number) {
      return new Promise<{ at: number; data: string }>((resolve, reject) => {
        const look = () => {
          const hit = events.slice(from).find((e) => pred(e.data));
          if (!hit) return;
          waiters.delete(look);
          clearTimeout(timer);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events.slice(from))}`));
        }, ms);
        waiters.add(look);
        look();
      });
    },
    count: () => events.length,
  };
}
export const streams: { destroy(): void }[] = [];

// ---- processes --------------------------------------------------------------------------

export function run(cmd: string, args: string[], env: Record<string, string> = {}, input?: string): string {
  return execFileSync(cmd, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export async function startNginx(dir: string, site: string): Promise<ChildProcess> {
  const conf = join(dir, 'nginx.conf');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'edc.conf'), site);
  writeFileSync(
    conf,
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/edc.conf;
}
`,
  );
  run('nginx', ['-t', '-q', '-c', conf, '-p', dir]);
  const child = spawn('nginx', ['-c', conf, '-p', dir, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return child;
}
