/**
 * Owns the SQL of dispatch and on-site work (DESIGN section 9): who may be assigned,
 * re-stamping what a newly assigned technician must pull, the technicians picker, and the
 * device master writes of a replacement. Decisions are in shared (`planReplacement`,
 * `planTransition`) and services/dispatch.ts.
 */
import { assigneeRoles, type Device, deviceSchema, type Role } from '@edc/shared';
import type { Queryable } from './pool.ts';

export type Assignee = { username: string; role: Role; displayName: string };

/** The active user `username` (any case) when their role may hold a case; undefined otherwise. */
export async function findAssignee(q: Queryable, username: string): Promise<Assignee | undefined> {
  const { rows } = await q.query<{ username: string; role: Role; display_name: string }>(
    `SELECT username, role, display_name FROM users
      WHERE lower(username) = lower($1) AND NOT disabled AND role = ANY($2::text[])`,
    [username, [...assigneeRoles]],
  );
  const r = rows[0];
  return r ? { username: r.username, role: r.role, displayName: r.display_name } : undefined;
}

/**
 * A case just assigned to a technician: its earlier events and its merchant row are
 * re-stamped (same values, new txid), so the technician's next pulls serve them even
 * though their checkpoints are past the original writes. Other pullers get them again
 * unchanged, which costs a few rows.
 */
export async function restampForNewAssignee(q: Queryable, caseId: string, mid: string): Promise<void> {
  await q.query('UPDATE case_events SET updated_at = updated_at WHERE case_id = $1', [caseId]);
  if (mid) await q.query('UPDATE merchants SET updated_at = updated_at WHERE id = $1', [mid]);
}

/** Adds `username` to the case's former assignees (the reassignment tombstone, db/sync.ts). */
export async function addFormerAssignee(q: Queryable, caseId: string, username: string): Promise<void> {
  await q.query(
    `UPDATE cases SET former_assignees = array_append(former_assignees, $2)
      WHERE id = $1 AND NOT ($2 = ANY(former_assignees))`,
    [caseId, username],
  );
}

const DEVICE_DOC = `json_strip_nulls(json_build_object('id', d.id, 'serialNumber', d.serial_number, 'model', d.model,
  'tid', d.tid, 'mid', d.mid, 'status', d.status, 'samSerial', d.sam_serial, 'simSerial', d.sim_serial,
  'region', d.region, 'updatedAt', to_char(d.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  '_deleted', d.deleted))::text`;

/** The device with this serial (case-insensitive), locked for the resolving transaction. */
export async function lockDeviceBySerial(q: Queryable, serial: string): Promise<Device | undefined> {
  const { rows } = await q.query<{ d: string }>(
    `SELECT ${DEVICE_DOC} AS d FROM devices d WHERE upper(d.serial_number) = upper($1) AND NOT d.deleted FOR UPDATE`,
    [serial],
  );
  const r = rows[0];
  return r ? deviceSchema.parse(JSON.parse(r.d)) : undefined;
}

/**
 * The replacement's device master writes: the replaced unit goes to `under_repair`, the
 * replacement to `on_operation` at the case's TID/MID/region. Both rows are re-stamped,
 * so both replicate.
 */
export async function swapDevices(
  q: Queryable,
  replaced: string | null,
  replacement: { serialNumber: string; tid: string; mid: string; region: string },
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  if (replaced) {
    await q.query(
      `UPDATE devices SET status = 'under_repair', updated_at = $2
        WHERE upper(serial_number) = upper($1) AND NOT deleted`,
      [replaced, at],
    );
  }
  await q.query(
    `UPDATE devices SET status = 'on_operation', tid = $2, mid = $3, region = $4, updated_at = $5
      WHERE serial_number = $1`,
    [replacement.serialNumber, replacement.tid, replacement.mid, replacement.region, at],
  );
}

export type TechnicianLoadRow = {
  username: string;
  display_name: string;
  regions: string[];
  open_jobs: number;
  last_sync_at: string | null;
};

/** The dispatch picker: active technicians, their regions, open jobs and last sync. */
export async function technicianLoad(q: Queryable): Promise<TechnicianLoadRow[]> {
  const { rows } = await q.query<TechnicianLoadRow>(
    `SELECT u.username, u.display_name, u.regions,
            (SELECT count(*)::int FROM cases c
              WHERE c.assignee = u.username AND c.status IN ('open', 'in_progress') AND NOT c.deleted) AS open_jobs,
            (SELECT max(s.last_sync_at) FROM sessions s WHERE s.user_id = u.id) AS last_sync_at
       FROM users u
      WHERE u.role = 'technician' AND NOT u.disabled
      ORDER BY u.username`,
  );
  return rows;
}
