/**
 * The bench's large data set, over HTTP only (admin CSV import and technician pushes):
 * shared by `bench:client` (bench-client.ts) and the Tugas profile (profile-jobs.ts).
 */
import { randomUUID } from 'node:crypto';
import { merchantSchema, SYNC_BASE_PATH, slaRuleSchema } from '@edc/shared';
import { apiLogin, pullAll } from '../fixtures/api.ts';

function uuidv7(): string {
  const bytes = new Uint8Array(16);
  let ts = Date.now();
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ts % 256;
    ts = Math.floor(ts / 256);
  }
  crypto.getRandomValues(bytes.subarray(6));
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const serialOf = (i: number) => `BN${pad(i, 8)}`;
export const tidOf = (i: number) => `B${pad(i, 7)}`;

/**
 * Seeds `devices` bench terminals (`BN…`, JKT, on operation) by admin CSV import and one
 * tech1 case per terminal for the first `cases` of them by push (server-side, HTTP only).
 */
export async function seed(
  baseURL: string,
  { devices: DEVICES, cases: CASES }: { devices: number; cases: number },
  log: (line: string) => void,
): Promise<void> {
  const [admin, agent, tech] = await Promise.all([
    apiLogin(baseURL, 'admin1'),
    apiLogin(baseURL, 'agent1'),
    apiLogin(baseURL, 'tech1'),
  ]);
  const merchants = (await pullAll(baseURL, agent, 'merchants', merchantSchema)).filter(
    (m) => m.region === 'JKT',
  );
  if (merchants.length === 0) throw new Error('no JKT merchants in the demo data');
  const started = Date.now();
  const CHUNK = 10_000;
  for (let from = 0; from < DEVICES; from += CHUNK) {
    const lines = ['serialNumber,model,tid,mid,status,samSerial,simSerial,region'];
    for (let i = from; i < Math.min(DEVICES, from + CHUNK); i++) {
      const mid = merchants[i % merchants.length]?.mid ?? '';
      lines.push(
        `${serialOf(i)},Bench X1,${tidOf(i)},${mid},on_operation,SAMB${pad(i, 8)},8962999${pad(i, 12)},JKT`,
      );
    }
    const res = await fetch(`${baseURL}/api/import/devices`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${admin}` },
      body: `${lines.join('\n')}\n`,
    });
    if (!res.ok) throw new Error(`import devices: ${res.status} ${await res.text()}`);
    const result = (await res.json()) as { inserted: number; errors: unknown[] };
    if (result.errors.length > 0)
      throw new Error(`import errors: ${JSON.stringify(result.errors.slice(0, 3))}`);
  }
  log(`seeded ${DEVICES} devices by CSV import in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const rules = await pullAll(baseURL, tech, 'sla_rules', slaRuleSchema);
  const subcase = rules.find((r) => r.category === 'replace_device' && r.active)?.subcase;
  const casesStarted = Date.now();
  // One case per bench terminal: distinct TID/MIDs would be needed for acceptance, and
  // MIDs repeat across terminals, so some are rejected (tid_mid_open) — rejections are
  // documents too and replicate like accepted cases.
  for (let from = 0; from < CASES; from += 200) {
    const rows = [];
    for (let i = from; i < Math.min(CASES, from + 200); i++) {
      const now = new Date().toISOString();
      rows.push({
        newDocumentState: {
          id: uuidv7(),
          clientRev: randomUUID(),
          serverRev: 0,
          status: 'submitted',
          category: 'replace_device',
          subcase,
          description: `bench case ${i}`,
          channel: 'technician_app',
          serialNumber: serialOf(i),
          tid: tidOf(i),
          mid: merchants[i % merchants.length]?.mid ?? '',
          attachmentIds: [],
          reportedAt: now,
          createdBy: 'tech1',
          escalationLevel: 0,
          updatedAt: now,
          _deleted: false,
        },
      });
    }
    const res = await fetch(`${baseURL}${SYNC_BASE_PATH}/cases/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tech}` },
      body: JSON.stringify(rows),
    });
    if (!res.ok) throw new Error(`push cases: ${res.status} ${await res.text()}`);
  }
  log(`seeded ${CASES} cases by push in ${((Date.now() - casesStarted) / 1000).toFixed(1)} s`);
}
