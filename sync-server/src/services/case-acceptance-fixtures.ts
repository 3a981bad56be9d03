/**
 * Test helpers for the replication and case-command tests: a submitted case document and
 * push/pull over HTTP through `makeTestApp`'s `request`.
 */
import { randomUUID } from 'node:crypto';
import { type Case, caseSchema, pullResponseSchema, SYNC_BASE_PATH } from '@edc/shared';
import { z } from 'zod';
import type { TestApp } from '../test/fixtures.ts';

/** A device-side case draft (status `submitted`), as the field app pushes it. */
export function newCase(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    clientRev: randomUUID(),
    serverRev: 0,
    status: 'submitted',
    category: 'replace_device',
    description: 'Layar mati',
    channel: 'technician_app',
    serialNumber: 'SN-A-1',
    mid: '',
    attachmentIds: [],
    reportedAt: '2026-11-25T02:30:00.000Z',
    createdBy: '',
    escalationLevel: 0,
    updatedAt: '2026-11-25T02:30:00.000Z',
    _deleted: false,
    ...overrides,
  };
}

/** Pushes case documents; fails unless 200; returns the parsed answer. */
export async function pushCasesHttp(
  t: TestApp,
  token: string,
  docs: Record<string, unknown>[],
): Promise<Case[]> {
  const res = await t.request(`${SYNC_BASE_PATH}/cases/push`, {
    token,
    json: docs.map((d) => ({ newDocumentState: d })),
  });
  if (res.status !== 200) throw new Error(`push failed: ${res.status} ${await res.text()}`);
  return caseSchema.array().parse(await res.json());
}

const pullBodySchema = pullResponseSchema(z.record(z.string(), z.unknown()));

/** Pulls a collection to the end in pages of `limit`. */
export async function pullAllHttp(
  t: TestApp,
  token: string,
  collection: string,
  limit = 3,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let query = '';
  for (;;) {
    const res = await t.request(`${SYNC_BASE_PATH}/${collection}/pull?limit=${limit}${query}`, { token });
    if (res.status !== 200) throw new Error(`pull failed: ${res.status} ${await res.text()}`);
    const body = pullBodySchema.parse(await res.json());
    out.push(...body.documents);
    if (body.documents.length < limit || !body.checkpoint) return out;
    query = `&txid=${body.checkpoint.txid}&id=${encodeURIComponent(body.checkpoint.id)}`;
  }
}
