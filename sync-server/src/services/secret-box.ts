/**
 * Secrets at rest (issue 11): AES-256-GCM. Webhook signing secrets with the key from
 * `WEBHOOK_SECRET_KEY` (development: generated into the data dir, like the JWT secret).
 * A database dump alone no longer lets anyone forge deliveries. Stored form:
 * `v1:<base64url(iv ‖ tag ‖ ciphertext)>`; a value without the prefix is a secret stored
 * before encryption, read as is and sealed at the next start (`sealLegacyWebhookSecrets`). Also seals a rotated refresh token's successor for its
 * grace window (services/auth.ts).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export function sealSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
}

/** The plain secret; throws when the value was sealed with another key or tampered with. */
export function openSecret(stored: string, key: Buffer): string {
  if (!isSealed(stored)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  const iv = raw.subarray(0, IV_BYTES);
  const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}
