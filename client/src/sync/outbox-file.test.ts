import type { Case } from '@edc/shared';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../lib/uuid.ts';
import { base64ToBytes, buildOutboxFile, bytesToBase64, parseOutboxFile } from './outbox-file.ts';

const user = { id: 'u-1', username: 'tech1' };
const now = new Date('2026-11-25T03:41:00.000Z');

function pendingCase(status: Case['status'] = 'submitted'): Omit<Case, '_deleted'> {
  return {
    id: uuidv7(),
    clientRev: crypto.randomUUID(),
    serverRev: 0,
    status,
    category: 'replace_device',
    description: 'layar mati',
    channel: 'technician_app',
    serialNumber: 'SN1',
    tid: 'T0000001',
    mid: '000000000000001',
    attachmentIds: [],
    reportedAt: now.toISOString(),
    createdBy: 'tech1',
    escalationLevel: 0,
    updatedAt: now.toISOString(),
  };
}

describe('outbox file', () => {
  it('round-trips submitted cases and photos, leaving out answered cases', () => {
    const photo = new Uint8Array([0xff, 0xd8, 0xff, 0, 1, 2, 250]);
    const c = pendingCase();
    const file = buildOutboxFile({
      user,
      cases: [c, pendingCase('open')],
      attachments: [{ id: uuidv7(), caseId: c.id, contentType: 'image/jpeg', base64: bytesToBase64(photo) }],
      now,
    });
    expect(file.cases.map((x) => x.id)).toEqual([c.id]);
    const parsed = parseOutboxFile(JSON.stringify(file), user);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.file.cases[0]).toMatchObject({ id: c.id, status: 'submitted' });
    expect([...base64ToBytes(parsed.file.attachments[0]?.base64 ?? '')]).toEqual([...photo]);
  });

  it.each([
    ['garbage', 'not json', 'not_json'],
    ['wrong shape', '{"format":"x"}', 'not_an_outbox_file'],
  ])('rejects %s', (_name, text, reason) => {
    expect(parseOutboxFile(text, user)).toEqual({ ok: false, reason });
  });

  it("refuses another user's file", () => {
    const file = buildOutboxFile({ user, cases: [pendingCase()], attachments: [], now });
    expect(parseOutboxFile(JSON.stringify(file), { id: 'u-2', username: 'tech2' })).toEqual({
      ok: false,
      reason: 'other_user',
    });
  });

  it('encodes large binaries without stack overflow', () => {
    const big = new Uint8Array(0x8000 * 3 + 7).map((_, i) => i % 256);
    expect(base64ToBytes(bytesToBase64(big))).toEqual(big);
  });
});
