/**
 * Attachments (DESIGN section 5): idempotent PUT by device-made id, content checks, and
 * reads scoped through the case.
 */
import { randomUUID } from 'node:crypto';
import { MAX_ATTACHMENT_BYTES } from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCase, pushCasesHttp } from '../services/case-acceptance-fixtures.ts';
import { makeTestApp, seedDevice, type TestApp } from '../test/fixtures.ts';
import { JPEG_2X2, WEBP_2X2 } from '../test/images.ts';

let t: TestApp;
const tokens: Record<string, string> = {};

const JPEG = JPEG_2X2;
const WEBP = WEBP_2X2;

function put(token: string, id: string, caseId: string, body: Uint8Array, contentType = 'image/jpeg') {
  return t.app.request(`/api/attachments/${id}?caseId=${caseId}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body,
  });
}

beforeAll(async () => {
  t = await makeTestApp({ now: '2026-11-25T03:00:00.000Z' });
  await seedDevice(t.db, { serialNumber: 'SN-ATT-1', tid: 'TIDATT01', mid: '000000000000001' });
  for (const u of ['tech1', 'tech3', 'merchant1', 'merchant2', 'agent1']) tokens[u] = await t.login(u);
});

afterAll(async () => {
  await t?.close();
});

describe('attachments', () => {
  it('uploads before the case exists, binds when it arrives, and retries are no-ops', async () => {
    const caseDoc = newCase({ serialNumber: 'SN-ATT-1', reportedAt: '2026-11-25T02:00:00.000Z' });
    const caseId = String(caseDoc.id);
    const id = randomUUID();
    const first = await put(tokens.tech1!, id, caseId, JPEG);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ id, caseId, bytes: JPEG.length, contentType: 'image/jpeg' });
    const retry = await put(tokens.tech1!, id, caseId, JPEG);
    expect(retry.status).toBe(200);
    expect((await put(tokens.tech1!, id, randomUUID(), JPEG)).status).toBe(409);

    // Before the case arrives only the uploader may read it.
    expect((await t.request(`/api/attachments/${id}`, { token: tokens.agent1! })).status).toBe(404);
    const own = await t.request(`/api/attachments/${id}`, { token: tokens.tech1! });
    expect(own.status).toBe(200);

    const [accepted] = await pushCasesHttp(t, tokens.tech1!, [{ ...caseDoc, attachmentIds: [id] }]);
    expect(accepted!.attachmentIds).toEqual([id]);
    const byAgent = await t.request(`/api/attachments/${id}`, { token: tokens.agent1! });
    expect(byAgent.status).toBe(200);
    expect(byAgent.headers.get('content-type')).toBe('image/jpeg');
    // Issue 11: served as a download that runs nothing, never as a page.
    expect(byAgent.headers.get('content-disposition')).toBe(`attachment; filename="${id}.jpg"`);
    expect(byAgent.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(byAgent.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await byAgent.arrayBuffer())).toEqual(JPEG);
    expect((await t.request(`/api/attachments/${id}`, { token: tokens.merchant1! })).status).toBe(200);
    // Security: other MID / other region → 404, same as a missing id.
    expect((await t.request(`/api/attachments/${id}`, { token: tokens.merchant2! })).status).toBe(404);
    expect((await t.request(`/api/attachments/${id}`, { token: tokens.tech3! })).status).toBe(404);
    expect((await t.request(`/api/attachments/${randomUUID()}`, { token: tokens.agent1! })).status).toBe(404);
    // Someone else's existing case: cannot attach to it.
    expect((await put(tokens.merchant2!, randomUUID(), caseId, JPEG)).status).toBe(404);
    // Back office attaches only to existing cases.
    expect((await put(tokens.agent1!, randomUUID(), randomUUID(), JPEG)).status).toBe(404);
  });

  it.each([
    ['a PNG content type', 'image/png', JPEG, 415],
    ['bytes that are not the declared type', 'image/webp', JPEG, 415],
    ['HTML declared as JPEG', 'image/jpeg', new TextEncoder().encode('<html></html>'), 415],
    // Issue 11: three magic bytes used to be enough.
    [
      'HTML behind the JPEG magic bytes',
      'image/jpeg',
      new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode('<html><script>x</script>')]),
      415,
    ],
    ['a page appended to a real JPEG', 'image/jpeg', new Uint8Array([...JPEG_2X2, 0x3c, 0x61, 0x3e]), 415],
    ['an empty body', 'image/jpeg', new Uint8Array(0), 400],
    ['more than 2 MB', 'image/jpeg', new Uint8Array(MAX_ATTACHMENT_BYTES + 1).fill(0xff), 413],
  ])('refuses %s', async (_label, contentType, body, status) => {
    const res = await put(tokens.tech1!, randomUUID(), randomUUID(), body, contentType);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ status: 'error' });
  });

  it('accepts WebP and rejects non-UUID ids', async () => {
    expect((await put(tokens.tech1!, randomUUID(), randomUUID(), WEBP, 'image/webp')).status).toBe(201);
    expect((await put(tokens.tech1!, 'photo-1', randomUUID(), WEBP, 'image/webp')).status).toBe(400);
  });
});
