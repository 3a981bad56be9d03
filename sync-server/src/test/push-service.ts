/**
 * A push service on loopback for tests and benchmarks (RFC 8030 receiving side). It
 * holds the browser half of each subscription (a P-256 key pair and a 16-byte auth
 * secret, made here with node:crypto), DECRYPTS every message it receives per RFC 8291 /
 * RFC 8188 (ECDH + HKDF-SHA256 + AES-128-GCM) and verifies the VAPID JWT (RFC 8292,
 * ES256, `aud` = its origin), so a test sees exactly what a real browser would get.
 * Written independently of the `web-push` library the server sends with.
 */
import {
  createCipheriv,
  createDecipheriv,
  createECDH,
  createPublicKey,
  hkdfSync,
  randomBytes,
  randomUUID,
  verify,
} from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type BrowserSubscription = {
  endpoint: string;
  keys: { p256dh: string; auth: string };
};

export type ReceivedPush = {
  /** Which subscription (the id in its endpoint path). */
  subscriptionId: string;
  payload: unknown;
  headers: Record<string, string>;
  jwt: { aud: string; exp: number; sub: string };
  /** `k=` of the Authorization header: the server's VAPID public key. */
  vapidKey: string;
  receivedAt: number;
};

type Held = { ecdh: ReturnType<typeof createECDH>; publicKey: Buffer; auth: Buffer };

export type PushServiceStandIn = {
  origin: string;
  /** A new browser-side subscription whose endpoint points here. */
  subscribe(): BrowserSubscription;
  received: ReceivedPush[];
  /** Messages whose decryption or JWT check failed (must stay empty). */
  rejected: { subscriptionId: string; error: string }[];
  /** Decrypts a body with the browser keys of `sub` (throws when they do not fit). */
  decrypt(sub: BrowserSubscription, body: Buffer): Buffer;
  /** Status to answer for a subscription (default 201); a function sees each attempt. */
  respond(subscriptionId: string, status: number | ((attempt: number) => number)): void;
  close(): Promise<void>;
};

function hkdf(salt: Buffer, ikm: Buffer, info: Buffer, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, length));
}

/** RFC 8291 section 3.4 + RFC 8188: decrypts one `aes128gcm` body with the browser's keys. */
export function decryptAes128gcm(body: Buffer, held: Pick<Held, 'ecdh' | 'publicKey' | 'auth'>): Buffer {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const serverKey = body.subarray(21, 21 + idlen);
  const records = body.subarray(21 + idlen);
  if (idlen !== 65) throw new Error(`keyid must be the 65-byte sender key, got ${idlen}`);
  if (records.length > rs) throw new Error('more than one record');
  const ecdhSecret = held.ecdh.computeSecret(serverKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), held.publicKey, serverKey]);
  const ikm = hkdf(held.auth, ecdhSecret, keyInfo, 32);
  const cek = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(records.subarray(records.length - 16));
  const padded = Buffer.concat([decipher.update(records.subarray(0, records.length - 16)), decipher.final()]);
  // Last record: content, then the 0x02 delimiter, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('missing last-record delimiter');
  return padded.subarray(0, end);
}

/** RFC 8292: `vapid t=<jwt>, k=<key>`; ES256 over the raw P-256 key in `k`. */
export function verifyVapid(
  authorization: string,
  origin: string,
  nowSeconds: number,
): ReceivedPush['jwt'] & { k: string } {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization.trim());
  if (!m) throw new Error(`bad Authorization: ${authorization.slice(0, 40)}`);
  const [header64, claims64, sig64] = m[1]!.split('.') as [string, string, string];
  const k = Buffer.from(m[2]!, 'base64url');
  if (k.length !== 65 || k[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  const header = JSON.parse(Buffer.from(header64, 'base64url').toString()) as { alg?: string };
  if (header.alg !== 'ES256') throw new Error(`alg ${header.alg}`);
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: k.subarray(1, 33).toString('base64url'),
      y: k.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const ok = verify(
    'sha256',
    Buffer.from(`${header64}.${claims64}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(sig64, 'base64url'),
  );
  if (!ok) throw new Error('VAPID signature does not verify');
  const claims = JSON.parse(Buffer.from(claims64, 'base64url').toString()) as ReceivedPush['jwt'];
  if (claims.aud !== origin) throw new Error(`aud ${claims.aud} is not ${origin}`);
  if (!(claims.exp > nowSeconds && claims.exp <= nowSeconds + 24 * 3600 + 60))
    throw new Error(`exp ${claims.exp} out of range`);
  if (!/^(mailto:|https:\/\/)/.test(claims.sub)) throw new Error(`sub ${claims.sub}`);
  return { ...claims, k: m[2]! };
}

/**
 * Encrypts like a sender would (used only to check `decryptAes128gcm` against itself
 * in a unit test; the server's messages come from the `web-push` library).
 */
export function encryptAes128gcm(plaintext: Buffer, sub: BrowserSubscription): Buffer {
  const sender = createECDH('prime256v1');
  const senderPublic = sender.generateKeys();
  const uaPublic = Buffer.from(sub.keys.p256dh, 'base64url');
  const auth = Buffer.from(sub.keys.auth, 'base64url');
  const salt = randomBytes(16);
  const ikm = hkdf(
    auth,
    sender.computeSecret(uaPublic),
    Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, senderPublic]),
    32,
  );
  const cek = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12);
  const cipher = createCipheriv('aes-128-gcm', cek, nonce);
  const ct = Buffer.concat([
    cipher.update(Buffer.concat([plaintext, Buffer.from([2])])),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const header = Buffer.alloc(21);
  salt.copy(header, 0);
  header.writeUInt32BE(4096, 16);
  header[20] = 65;
  return Buffer.concat([header, senderPublic, ct]);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startPushServiceStandIn(): Promise<PushServiceStandIn> {
  const held = new Map<string, Held>();
  const statuses = new Map<string, number | ((attempt: number) => number)>();
  const attempts = new Map<string, number>();
  const received: ReceivedPush[] = [];
  const rejected: PushServiceStandIn['rejected'] = [];
  let origin = '';

  const server: Server = createServer((req, res) => {
    void (async () => {
      const id = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1] ?? '';
      const body = await readBody(req);
      const h = held.get(id);
      if (req.method !== 'POST' || !h) {
        res.writeHead(404).end();
        return;
      }
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      const s = statuses.get(id) ?? 201;
      const status = typeof s === 'function' ? s(attempt) : s;
      if (status !== 201) {
        res.writeHead(status).end();
        return;
      }
      try {
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error('not aes128gcm');
        const jwt = verifyVapid(
          String(req.headers.authorization ?? ''),
          origin,
          Math.floor(Date.now() / 1000),
        );
        const payload = JSON.parse(decryptAes128gcm(body, h).toString('utf8')) as unknown;
        const { k, ...claims } = jwt;
        received.push({
          subscriptionId: id,
          payload,
          headers: Object.fromEntries(Object.entries(req.headers).map(([key, v]) => [key, String(v)])),
          jwt: claims,
          vapidKey: k,
          receivedAt: Date.now(),
        });
        res.writeHead(201, { location: `${origin}/message/${randomUUID()}` }).end();
      } catch (err) {
        rejected.push({ subscriptionId: id, error: err instanceof Error ? err.message : String(err) });
        res.writeHead(400).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    received,
    rejected,
    subscribe() {
      const ecdh = createECDH('prime256v1');
      const publicKey = ecdh.generateKeys();
      const auth = randomBytes(16);
      const id = randomUUID();
      held.set(id, { ecdh, publicKey, auth });
      return {
        endpoint: `${origin}/push/${id}`,
        keys: { p256dh: publicKey.toString('base64url'), auth: auth.toString('base64url') },
      };
    },
    decrypt(sub, body) {
      const h = held.get(sub.endpoint.split('/').at(-1) ?? '');
      if (!h) throw new Error('unknown subscription');
      return decryptAes128gcm(body, h);
    },
    respond(subscriptionId, status) {
      statuses.set(subscriptionId, status);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
