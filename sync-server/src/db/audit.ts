/**
 * Owns the admin audit log (migration 068): `withActor` runs a change in a transaction
 * that names its actor, so the master-data triggers record who changed what (before and
 * after); `listAudit` reads the log, newest first, with keyset paging.
 */
import type { Db, DbClient, Queryable } from './pool.ts';
import { withTransaction } from './pool.ts';

/** Runs `fn` in one transaction whose master-data changes are logged as `actor`'s. */
export function withActor<T>(db: Db, actor: string, fn: (client: DbClient) => Promise<T>): Promise<T> {
  return withTransaction(db, async (client) => {
    // Transaction-local: the pooled connection forgets the actor at COMMIT/ROLLBACK.
    await client.query(`SELECT set_config('edc.actor', $1, true)`, [actor]);
    return fn(client);
  });
}

export type AuditRow = {
  id: string;
  at: string;
  actor: string;
  entity: string;
  entityKey: string;
  action: 'create' | 'update' | 'delete';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

export async function listAudit(
  db: Queryable,
  q: { entity?: string | undefined; actor?: string | undefined; before?: string | undefined; limit: number },
): Promise<AuditRow[]> {
  const params: unknown[] = [q.limit];
  const where: string[] = [];
  if (q.entity) {
    params.push(q.entity);
    where.push(`entity = $${params.length}`);
  }
  if (q.actor) {
    params.push(q.actor);
    where.push(`lower(actor) = lower($${params.length})`);
  }
  if (q.before) {
    params.push(q.before);
    where.push(`id < $${params.length}::bigint`);
  }
  const { rows } = await db.query<AuditRow>(
    `SELECT id::text, at, actor, entity, entity_key AS "entityKey", action, before, after
     FROM admin_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY id DESC LIMIT $1`,
    params,
  );
  return rows;
}
