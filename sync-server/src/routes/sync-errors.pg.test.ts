/**
 * Hostile and broken input to the replication and command endpoints: always a 4xx with
 * a reason, never a 5xx (issue 2, "Malformed bodies, oversized batches, unknown
 * collections").
 */
import { randomUUID } from 'node:crypto';
import { MAX_PUSH_ROWS, SYNC_BASE_PATH } from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCase } from '../services/case-acceptance-fixtures.ts';
import { makeTestApp, type TestApp } from '../test/fixtures.ts';

let t: TestApp;
let tech: string;
let admin: string;
const S = SYNC_BASE_PATH;

beforeAll(async () => {
  t = await makeTestApp();
  tech = await t.login('tech1');
  admin = await t.login('admin1');
});

afterAll(async () => {
  await t?.close();
});

type Case = [
  label: string,
  method: string,
  path: string,
  body: string | undefined,
  status: number,
  reason: string,
];

const manyRows = JSON.stringify(
  Array.from({ length: MAX_PUSH_ROWS + 1 }, () => ({ newDocumentState: newCase() })),
);

const cases: Case[] = [
  ['unknown collection (pull)', 'GET', `${S}/users/pull`, undefined, 404, 'unknown_collection'],
  ['unknown collection (push)', 'POST', `${S}/sessions/push`, '[]', 404, 'unknown_collection'],
  ['limit too large', 'GET', `${S}/devices/pull?limit=100000`, undefined, 400, 'invalid_query'],
  ['limit not a number', 'GET', `${S}/devices/pull?limit=abc`, undefined, 400, 'invalid_query'],
  ['txid without id', 'GET', `${S}/devices/pull?txid=5`, undefined, 400, 'invalid_query'],
  ['txid not a number', 'GET', `${S}/devices/pull?txid=x&id=a`, undefined, 400, 'invalid_query'],
  [
    'txid beyond xid8',
    'GET',
    `${S}/devices/pull?txid=99999999999999999999&id=a`,
    undefined,
    400,
    'invalid_query',
  ],
  ['case checkpoint id not a UUID', 'GET', `${S}/cases/pull?txid=5&id=abc`, undefined, 400, 'invalid_query'],
  ['body not JSON', 'POST', `${S}/cases/push`, '{nope', 400, 'invalid_body'],
  ['body an object', 'POST', `${S}/cases/push`, '{"a":1}', 400, 'invalid_body'],
  ['row without newDocumentState', 'POST', `${S}/cases/push`, '[{"x":1}]', 400, 'invalid_body'],
  [
    'document without id',
    'POST',
    `${S}/cases/push`,
    '[{"newDocumentState":{"status":"submitted"}}]',
    400,
    'invalid_body',
  ],
  [
    'document id not a UUID',
    'POST',
    `${S}/cases/push`,
    '[{"newDocumentState":{"id":"1"}}]',
    400,
    'invalid_body',
  ],
  [
    'event id not a UUID',
    'POST',
    `${S}/case_events/push`,
    '[{"newDocumentState":{"id":7}}]',
    400,
    'invalid_body',
  ],
  ['oversized batch', 'POST', `${S}/cases/push`, manyRows, 413, 'payload_too_large'],
  ['push to a pull-only collection', 'POST', `${S}/devices/push`, '[]', 403, 'forbidden'],
  ['push to sla_rules', 'POST', `${S}/sla_rules/push`, '[]', 403, 'forbidden'],
  ['transition body not JSON', 'POST', `/api/cases/${randomUUID()}/transition`, 'x', 400, 'invalid_body'],
  [
    'transition unknown action',
    'POST',
    `/api/cases/${randomUUID()}/transition`,
    '{"action":"delete"}',
    400,
    'invalid_body',
  ],
  ['comment without note', 'POST', `/api/cases/${randomUUID()}/comments`, '{}', 400, 'invalid_body'],
];

describe('malformed input', () => {
  it.each(cases)('%s → %i', async (_label, method, path, body, status, reason) => {
    const res = await t.app.request(path, {
      method,
      headers: { authorization: `Bearer ${tech}`, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ status: 'error', reason });
  });

  it('survives garbage inside otherwise valid case documents (stored as rejected/invalid)', async () => {
    const weird = [
      newCase({ location: { lat: 'x' } }),
      newCase({ attachmentIds: ['not-a-uuid'] }),
      newCase({ reportedAt: 12 }),
      newCase({ description: { $gt: '' } }),
      newCase({ clientRev: 'nope', category: null }),
      newCase({ serialNumber: 'x'.repeat(10_000) }),
    ];
    const res = await t.request(`${S}/cases/push`, {
      token: tech,
      json: weird.map((d) => ({ newDocumentState: d })),
    });
    expect(res.status).toBe(200);
    const docs = (await res.json()) as { status: string; rejectReason?: string }[];
    expect(docs).toHaveLength(weird.length);
    for (const d of docs) expect(d).toMatchObject({ status: 'rejected', rejectReason: 'invalid' });
  });

  it('pull without a token is 401, and back office cannot push master data either', async () => {
    expect((await t.app.request(`${S}/devices/pull`)).status).toBe(401);
    const res = await t.request(`${S}/merchants/push`, { token: admin, json: [] });
    expect(res.status).toBe(403);
  });
});
