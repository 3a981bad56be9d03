/**
 * Owns the bulk insert of demo data (DESIGN section 8) into an empty database: regions,
 * merchants, devices, users, cases, case events and case-number counters, in one
 * transaction (a crash half-way leaves nothing, so the next start seeds again).
 * Rows go in as JSON batches through `jsonb_to_recordset`: a few statements instead of
 * tens of thousands of round trips.
 */
import type { Case, CaseEvent, Device, LadderTitle, Merchant, Role } from '@edc/shared';
import { type Db, withTransaction } from './pool.ts';
import { insertUsers } from './users.ts';

export type DemoRows = {
  merchants: readonly Merchant[];
  devices: readonly Device[];
  cases: readonly Case[];
  events: readonly CaseEvent[];
  users: readonly {
    username: string;
    role: Role;
    displayName: string;
    regions?: string[];
    mid?: string;
    team?: string;
    ladderTitle?: LadderTitle;
  }[];
  caseNumberCounters: readonly { day: string; last: number }[];
};

const BATCH = 5000;
// Arbitrary constant ("EDCDEM"), below 2^53 so it survives a JS number.
const DEMO_SEED_LOCK_KEY = 0x4544_4344_454d;

function batches<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

export async function hasMerchants(db: Db): Promise<boolean> {
  const { rows } = await db.pool.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM merchants) AS any');
  return rows[0]?.any ?? false;
}

export type DemoSeedCounts = {
  merchants: number;
  devices: number;
  cases: number;
  events: number;
  users: number;
};

export async function insertDemoData(
  db: Db,
  data: DemoRows,
  passwordHash: string,
  now: Date,
): Promise<DemoSeedCounts | undefined> {
  return withTransaction(db, async (c) => {
    // Several instances may start at once on one database: the first seeds, the others
    // find merchants once they get the lock and leave.
    await c.query('SELECT pg_advisory_xact_lock($1)', [DEMO_SEED_LOCK_KEY]);
    const { rows: existing } = await c.query<{ any: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM merchants) AS any',
    );
    if (existing[0]?.any) return undefined;
    await c.query(
      `INSERT INTO regions (code, name) VALUES ('JKT', 'Jakarta'), ('BDG', 'Bandung') ON CONFLICT DO NOTHING`,
    );
    for (const rows of batches(data.merchants)) {
      await c.query(
        `INSERT INTO merchants (id, mid, name, address, city, region, phone, status, lat, lng, updated_at)
         SELECT m.id, m.mid, m.name, m.address, m.city, m.region, m.phone, m.status, m.lat, m.lng, m."updatedAt"
         FROM jsonb_to_recordset($1::jsonb) AS m(id text, mid text, name text, address text, city text,
           region text, phone text, status text, lat float8, lng float8, "updatedAt" timestamptz)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(rows)],
      );
    }
    for (const rows of batches(data.devices)) {
      await c.query(
        `INSERT INTO devices (id, serial_number, model, tid, mid, status, sam_serial, sim_serial, region, updated_at)
         SELECT d.id, d."serialNumber", d.model, d.tid, d.mid, d.status, d."samSerial", d."simSerial", d.region,
                d."updatedAt"
         FROM jsonb_to_recordset($1::jsonb) AS d(id text, "serialNumber" text, model text, tid text, mid text,
           status text, "samSerial" text, "simSerial" text, region text, "updatedAt" timestamptz)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(rows)],
      );
    }
    await insertUsers(
      c,
      data.users.map((u) => ({
        username: u.username,
        displayName: u.displayName,
        passwordHash,
        role: u.role,
        regions: u.regions ?? [],
        mid: u.mid,
        team: u.team,
        ladderTitle: u.ladderTitle,
      })),
      now,
    );
    for (const rows of batches(data.cases)) {
      await c.query(
        `INSERT INTO cases (id, client_rev, server_rev, status, reject_reason, blocking_case_number, case_number,
           category, subcase, priority, description, channel, serial_number, tid, mid, replacement_serial,
           location, attachment_ids, reported_at, created_by, accepted_at, response_due_at, due_at, case_type,
           responsible_unit, escalation_level, assignee, first_response_at, resolved_at, closed_at, rca, capa,
           satisfaction, region, created_at, updated_at)
         SELECT x.id, x."clientRev", x."serverRev", x.status, x."rejectReason", x."blockingCaseNumber",
           x."caseNumber", x.category, x.subcase, x.priority, x.description, x.channel, x."serialNumber", x.tid,
           x.mid, x."replacementSerial", x.location,
           ARRAY(SELECT jsonb_array_elements_text(COALESCE(x."attachmentIds", '[]'::jsonb)))::uuid[],
           x."reportedAt", x."createdBy", x."acceptedAt", x."responseDueAt", x."dueAt", x."caseType",
           x."responsibleUnit", x."escalationLevel", x.assignee, x."firstResponseAt", x."resolvedAt",
           x."closedAt", x.rca, x.capa, x.satisfaction,
           -- A device-not-found case has no merchant: it belongs to its technician's region.
           COALESCE(m.region, (SELECT u.regions[1] FROM users u WHERE u.username = x."createdBy")),
           COALESCE(x."acceptedAt", x."reportedAt"), x."updatedAt"
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "clientRev" uuid, "serverRev" int, status text,
           "rejectReason" text, "blockingCaseNumber" text, "caseNumber" text, category text, subcase text,
           priority text, description text, channel text, "serialNumber" text, tid text, mid text,
           "replacementSerial" text, location jsonb, "attachmentIds" jsonb, "reportedAt" timestamptz,
           "createdBy" text, "acceptedAt" timestamptz, "responseDueAt" timestamptz, "dueAt" timestamptz,
           "caseType" text, "responsibleUnit" text, "escalationLevel" int, assignee text,
           "firstResponseAt" timestamptz, "resolvedAt" timestamptz, "closedAt" timestamptz, rca text, capa text,
           satisfaction int, "updatedAt" timestamptz)
         LEFT JOIN merchants m ON m.id = x.mid
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(rows)],
      );
    }
    for (const rows of batches(data.events)) {
      await c.query(
        `INSERT INTO case_events (id, case_id, type, at, actor, note, data, mid, region, created_at, updated_at)
         SELECT e.id, e."caseId", e.type, e.at, e.actor, e.note, e.data, k.mid, k.region, e.at, e.at
         FROM jsonb_to_recordset($1::jsonb) AS e(id uuid, "caseId" uuid, type text, at timestamptz, actor text,
           note text, data jsonb)
         JOIN cases k ON k.id = e."caseId"
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(rows)],
      );
    }
    await c.query(
      `INSERT INTO case_number_counters (day, last)
       SELECT x.day, x.last FROM jsonb_to_recordset($1::jsonb) AS x(day date, last int)
       ON CONFLICT (day) DO UPDATE SET last = GREATEST(case_number_counters.last, EXCLUDED.last)`,
      [JSON.stringify(data.caseNumberCounters)],
    );
    return {
      merchants: data.merchants.length,
      devices: data.devices.length,
      cases: data.cases.length,
      events: data.events.length,
      users: data.users.length,
    };
  });
}
