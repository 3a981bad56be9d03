import 'fake-indexeddb/auto';
import { type Case, type Checkpoint, caseSchema } from '@edc/shared';
import { addRxPlugin } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { filter, firstValueFrom, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../lib/uuid.ts';
import { loadBootstrapProgress } from './bootstrap.ts';
import { closeDb, type EdcDb, openDb } from './database.ts';
import { countDevices, findDevice } from './queries.ts';
import { type PullOut, startReplication } from './replication.ts';
import { toLocalDoc } from './schemas.ts';

// Dev-mode checks on, its "do not ship dev-mode" banner off (RxDB's documented switch).
disableWarnings();
addRxPlugin(RxDBDevModePlugin);

const at = '2026-11-25T03:41:00.000Z';

function device(i: number, model = 'Verifone X990'): Record<string, unknown> {
  const id = `SN${String(i).padStart(8, '0')}`;
  return {
    id,
    serialNumber: id,
    model,
    tid: `T${String(i).padStart(7, '0')}`,
    mid: `00000000000${String(i % 10000).padStart(4, '0')}`,
    status: 'on_operation',
    samSerial: `SAM${i}`,
    simSerial: '',
    region: 'JKT',
    updatedAt: at,
    _deleted: false,
  };
}

/**
 * The server side of the pull contract over an in-memory table: rows ordered by (txid, id),
 * a page is the rows after the checkpoint, the answer's checkpoint is its last row (or the
 * request's). `offline` makes requests fail like a dropped network.
 */
class FakePullServer {
  private rows = new Map<string, { txid: bigint; doc: Record<string, unknown> }>();
  private txid = 0n;
  readonly requests: (string | null)[] = [];
  offline: (checkpoint: Checkpoint | undefined) => boolean = () => false;

  put(doc: Record<string, unknown>): void {
    this.txid += 1n;
    this.rows.set(String(doc.id), { txid: this.txid, doc });
  }

  pull = async (checkpoint: Checkpoint | undefined, batchSize: number): Promise<PullOut> => {
    this.requests.push(checkpoint ? checkpoint.txid : null);
    if (this.offline(checkpoint)) throw new Error('offline');
    const after = checkpoint ? BigInt(checkpoint.txid) : -1n;
    const page = [...this.rows.values()]
      .filter((r) => r.txid > after || (r.txid === after && String(r.doc.id) > (checkpoint?.id ?? '')))
      .sort((a, b) => (a.txid < b.txid ? -1 : a.txid > b.txid ? 1 : 0))
      .slice(0, batchSize);
    const last = page.at(-1);
    return {
      documents: page.map((r) => ({ ...r.doc })),
      checkpoint: last ? { txid: String(last.txid), id: String(last.doc.id) } : (checkpoint ?? null),
    };
  };
}

/**
 * A server case document (accepted, numbered) as the pull hands it to storage (the sync
 * engine's toLocalDoc: unassigned = ''); ids are random UUIDs.
 */
function serverCase(i: number, status: 'open' | 'closed' = 'open'): Case {
  return toLocalDoc(
    'cases',
    caseSchema.parse({
      id: caseId(i),
      clientRev: `0190a000-0000-7000-9000-${String(i).padStart(12, '0')}`,
      serverRev: status === 'open' ? 1 : 2,
      status,
      caseNumber: `CASE-20261125-${String(i).padStart(5, '0')}`,
      category: 'replace_device',
      description: `case ${i}`,
      channel: 'technician_app',
      serialNumber: `SN${String(i).padStart(8, '0')}`,
      tid: `T${String(i).padStart(7, '0')}`,
      mid: '000000000000001',
      attachmentIds: [],
      reportedAt: at,
      createdBy: 'tech1',
      escalationLevel: 0,
      updatedAt: at,
      _deleted: false,
    }),
  ) as Case;
}
const caseIds = new Map<number, string>();
function caseId(i: number): string {
  const known = caseIds.get(i);
  if (known) return known;
  const id = crypto.randomUUID();
  caseIds.set(i, id);
  return id;
}

/** Cases replication with a push handler that records what the upstream sends. */
function replicateCases(
  db: EdcDb,
  server: FakePullServer,
  identifier: string,
  pushed: string[],
  stream$ = new Subject<'RESYNC'>(),
) {
  return startReplication(
    db,
    'cases',
    {
      pull: server.pull,
      push: async (rows) => {
        for (const row of rows) pushed.push(String(row.newDocumentState.id));
        return [];
      },
      stream$,
    },
    { identifier, pullBatchSize: 1000, pushBatchSize: 50, bootstrap: true },
  );
}

function replicate(db: EdcDb, server: FakePullServer, identifier: string, stream$ = new Subject<'RESYNC'>()) {
  return startReplication(
    db,
    'devices',
    { pull: server.pull, stream$ },
    { identifier, pullBatchSize: 1000, pushBatchSize: 50, bootstrap: true },
  );
}

async function waitForModel(db: EdcDb, id: string, model: string): Promise<void> {
  await firstValueFrom(db.rx.devices.findOne(id).$.pipe(filter((doc) => doc?.model === model)));
}

describe('first-sync bootstrap of a pull-only collection', () => {
  it('writes full pages directly, hands the last page and checkpoint to the live replication', async () => {
    const db = await openDb(`boot-${uuidv7()}`, { validate: true });
    const server = new FakePullServer();
    for (let i = 0; i < 2500; i++) server.put(device(i));
    const stream$ = new Subject<'RESYNC'>();
    const handle = replicate(db, server, 'devices-a', stream$);
    await handle.awaitInitialReplication();

    expect(await countDevices(db)).toBe(2500);
    expect(server.requests).toEqual([null, '1000', '2000']);
    expect(await loadBootstrapProgress(db, 'devices-a')).toEqual({ txid: '2000', id: 'SN00001999' });
    // Every row has its own lwt and RxDB wrote a batch of one: at each later start its
    // upstream re-reads only the batch holding its checkpoint (one row, not the last page).
    const lwts = (await db.rx.devices.find().exec()).map((d) => d.toMutableJSON(true)._meta.lwt);
    expect(new Set(lwts).size).toBe(2500);
    // Directly written rows are ordinary documents: indexed lookups find them.
    expect((await findDevice(db, 'SAM1234'))?.device.id).toBe('SN00001234');

    // A row changed after the bootstrap has a newer txid: the next pull starts at the
    // bootstrap's last checkpoint (nothing pulled twice) and brings it.
    server.put(device(5, 'Ingenico Move 2500'));
    server.put(device(9000));
    stream$.next('RESYNC');
    await waitForModel(db, 'SN00000005', 'Ingenico Move 2500');
    expect(server.requests.slice(3)).toEqual(['2500']);
    expect(await countDevices(db)).toBe(2501);
    await handle.cancel();
    await closeDb(db);
  });

  it('a collection that fits one short page is written directly too, all but one row', async () => {
    const db = await openDb(`boot-${uuidv7()}`, { validate: true });
    const server = new FakePullServer();
    for (let i = 0; i < 300; i++) server.put(device(i));
    const handle = replicate(db, server, 'devices-short');
    await handle.awaitInitialReplication();
    expect(server.requests).toEqual([null]);
    expect(await countDevices(db)).toBe(300);
    const lwts = (await db.rx.devices.find().exec()).map((d) => d.toMutableJSON(true)._meta.lwt);
    expect(new Set(lwts).size).toBe(300);
    // Later changes still arrive through the live replication from its stored checkpoint.
    server.put(device(7, 'Ingenico Move 2500'));
    handle.reSync();
    await waitForModel(db, 'SN00000007', 'Ingenico Move 2500');
    expect(server.requests.slice(1)).toEqual(['300']);
    await handle.cancel();
    await closeDb(db);
  });

  it('resumes from the stored progress after a failed page, without starting over', async () => {
    const db = await openDb(`boot-${uuidv7()}`, { validate: true });
    const server = new FakePullServer();
    for (let i = 0; i < 2500; i++) server.put(device(i));
    let failures = 0;
    server.offline = (cp) => cp?.txid === '2000' && failures++ === 0;
    const handle = replicate(db, server, 'devices-b');
    await handle.awaitInitialReplication();
    expect(server.requests).toEqual([null, '1000', '2000', '2000']);
    expect(await countDevices(db)).toBe(2500);
    await handle.cancel();
    await closeDb(db);
  });

  it('resumes after a reload cut the bootstrap off midway', async () => {
    const userId = `boot-${uuidv7()}`;
    const server = new FakePullServer();
    for (let i = 0; i < 3500; i++) server.put(device(i));
    server.offline = (cp) => cp?.txid === '2000';
    const db1 = await openDb(userId, { validate: true });
    const first = replicate(db1, server, 'devices-c');
    await firstValueFrom(first.error$);
    await first.cancel();
    await closeDb(db1);
    expect(server.requests).toEqual([null, '1000', '2000']);

    // The "reload": same profile, a new replication; pages 1-2 are not fetched again.
    server.offline = () => false;
    server.requests.length = 0;
    const db2 = await openDb(userId, { validate: true });
    expect(await countDevices(db2)).toBe(2000);
    const second = replicate(db2, server, 'devices-c');
    await second.awaitInitialReplication();
    expect(server.requests).toEqual(['2000', '3000']);
    expect(await countDevices(db2)).toBe(3500);
    await second.cancel();
    await closeDb(db2);
  });

  it('live queries opened before the first sync see every directly written row', async () => {
    const db = await openDb(`boot-${uuidv7()}`, { validate: true });
    const server = new FakePullServer();
    for (let i = 0; i < 2500; i++) server.put(device(i));
    // Subscribed (and executed once, on the empty store) before any page arrives.
    const counts: number[] = [];
    const countSub = db.rx.devices.count().$.subscribe((n) => counts.push(n));
    const one = db.rx.devices.findOne('SN00001234').$;
    expect(await firstValueFrom(one)).toBeNull();
    const handle = replicate(db, server, 'devices-e');
    await handle.awaitInitialReplication();
    await firstValueFrom(db.rx.devices.count().$.pipe(filter((n) => n === 2500)));
    await firstValueFrom(one.pipe(filter((doc) => doc?.model === 'Verifone X990')));
    // The first-sync rows arrived in page-sized steps through the change stream.
    await firstValueFrom(db.rx.devices.count().$.pipe(filter(() => counts.at(-1) === 2500)));
    expect(counts[0]).toBe(0);
    expect(counts.some((n) => n === 1000 || n === 2000)).toBe(true);
    const sorted = await db.rx.devices.find({ sort: [{ id: 'asc' }], limit: 3 }).exec();
    expect(sorted.map((d) => d.id)).toEqual(['SN00000000', 'SN00000001', 'SN00000002']);
    countSub.unsubscribe();
    await handle.cancel();
    await closeDb(db);
  });

  it('a row changed on the server during the bootstrap ends with its newer version', async () => {
    const db = await openDb(`boot-${uuidv7()}`, { validate: true });
    const server = new FakePullServer();
    for (let i = 0; i < 2999; i++) server.put(device(i));
    // While page 2 is requested, rows 5 and 6 (already written with page 1) change: 5 comes
    // again inside the full page 3 (written directly, as an update), 6 in the short page 4.
    let changed = false;
    server.offline = (cp) => {
      if (cp?.txid === '1000' && !changed) {
        changed = true;
        server.put(device(5, 'Ingenico Move 2500'));
        server.put(device(6, 'PAX A920'));
      }
      return false;
    };
    const handle = replicate(db, server, 'devices-f');
    await handle.awaitInitialReplication();
    expect(server.requests).toEqual([null, '1000', '2000', '3000']);
    expect(await countDevices(db)).toBe(2999);
    expect((await db.rx.devices.findOne('SN00000005').exec())?.model).toBe('Ingenico Move 2500');
    expect((await db.rx.devices.findOne('SN00000006').exec())?.model).toBe('PAX A920');
    await handle.cancel();
    await closeDb(db);
  });

  it('a row of the page still committing that comes again in the next page ends as one row, newest version', async () => {
    const db = await openDb(`boot-${uuidv7()}`, { validate: true });
    const server = new FakePullServer();
    for (let i = 0; i < 2999; i++) server.put(device(i));
    // Page 2 is being written when page 3 is requested; row 1500 (in page 2) changes then and
    // fills page 3 up to a full page, so page 3 is written directly too, as an update of a
    // row whose own page may not have committed yet.
    const live = db.rx.devices.findOne('SN00001500').$;
    const models: (string | undefined)[] = [];
    const sub = live.subscribe((doc) => models.push(doc?.model));
    server.offline = (cp) => {
      if (cp?.txid === '2000') server.put(device(1500, 'Sunmi P2'));
      return false;
    };
    const handle = replicate(db, server, 'devices-g');
    await handle.awaitInitialReplication();
    expect(server.requests).toEqual([null, '1000', '2000', '3000']);
    expect(await countDevices(db)).toBe(2999);
    await firstValueFrom(live.pipe(filter((doc) => doc?.model === 'Sunmi P2')));
    expect((await db.rx.devices.findOne('SN00001500').exec())?.model).toBe('Sunmi P2');
    expect(models.at(-1)).toBe('Sunmi P2');
    sub.unsubscribe();
    await handle.cancel();
    await closeDb(db);
  });

  it('cases: bootstrapped rows are never pushed, later server changes apply, the outbox still goes up', async () => {
    const userId = `boot-${uuidv7()}`;
    const db = await openDb(userId, { validate: true });
    // A case submitted offline before the first sync ever ran.
    const { caseNumber: _, ...local } = { ...serverCase(9999), status: 'submitted', serverRev: 0 };
    await db.rx.cases.insert(stripDeleted(local));
    const server = new FakePullServer();
    for (let i = 0; i < 2500; i++) server.put(serverCase(i));
    const pushed: string[] = [];
    const stream$ = new Subject<'RESYNC'>();
    const handle = replicateCases(db, server, 'cases-a', pushed, stream$);
    await handle.awaitInitialReplication();
    await handle.awaitInSync();
    expect(server.requests).toEqual([null, '1000', '2000']);
    expect(await db.rx.cases.count().exec()).toBe(2501);
    expect(pushed).toEqual([local.id]);

    // The server closes a case that came with a bootstrapped page: the live pull applies it
    // (RxDB leaves a row without replication meta alone, taking it for an unpushed local edit).
    server.put(serverCase(5, 'closed'));
    stream$.next('RESYNC');
    const id5 = String(serverCase(5).id);
    await firstValueFrom(db.rx.cases.findOne(id5).$.pipe(filter((doc) => doc?.status === 'closed')));
    await handle.awaitInSync();
    expect(pushed).toEqual([local.id]);
    await handle.cancel();
    await closeDb(db);

    // Next app start: the upstream's first scan starts after the bootstrapped rows.
    const again: string[] = [];
    const db2 = await openDb(userId, { validate: true });
    const second = replicateCases(db2, server, 'cases-a', again);
    await second.awaitInitialReplication();
    await second.awaitInSync();
    expect(again).toEqual([]);
    expect(await db2.rx.cases.count().exec()).toBe(2501);
    await second.cancel();
    await closeDb(db2);
  });

  it('cases: a case written locally during the bootstrap and then served in a page is one row, the server’s', async () => {
    const db = await openDb(`boot-${uuidv7()}`, { validate: true });
    const server = new FakePullServer();
    for (let i = 0; i < 2999; i++) server.put(serverCase(i));
    // While page 2 is requested, the phone stores case 7000 (e.g. imported from a colleague's
    // outbox file) and the server accepts the same case: it comes back in the full page 3.
    let done = false;
    server.offline = (cp) => {
      if (cp?.txid === '1000' && !done) {
        done = true;
        const { caseNumber: _, ...mine } = { ...serverCase(7000), status: 'submitted', serverRev: 0 };
        void db.rx.cases.insert(stripDeleted(mine));
        server.put(serverCase(7000));
      }
      return false;
    };
    // A live list, as the desk or "my cases" keeps one: it must never show a case twice.
    let listed: string[] = [];
    const list = db.rx.cases.find({ sort: [{ id: 'asc' }] }).$.subscribe((docs) => {
      listed = docs.map((d) => d.id);
    });
    const pushed: string[] = [];
    const handle = replicateCases(db, server, 'cases-b', pushed);
    await handle.awaitInitialReplication();
    await handle.awaitInSync();
    expect(server.requests).toEqual([null, '1000', '2000', '3000']);
    expect(await db.rx.cases.count().exec()).toBe(3000);
    await firstValueFrom(db.rx.cases.count().$.pipe(filter(() => listed.length >= 3000)));
    expect(listed).toHaveLength(3000);
    expect(new Set(listed).size).toBe(3000);
    list.unsubscribe();
    const row = await db.rx.cases.findOne(String(serverCase(7000).id)).exec();
    expect(row?.status).toBe('open');
    expect(row?.caseNumber).toBe('CASE-20261125-07000');
    await handle.cancel();
    await closeDb(db);
  });

  it('re-writes a page that was stored before its progress (idempotent overwrite)', async () => {
    const db = await openDb(`boot-${uuidv7()}`, { validate: true });
    // Rows present locally without progress: e.g. written just before the app was killed.
    await db.rx.devices.bulkInsert([device(1, 'old model'), device(2, 'old model')].map(stripDeleted));
    const server = new FakePullServer();
    for (let i = 0; i < 1500; i++) server.put(device(i));
    const handle = replicate(db, server, 'devices-d');
    await handle.awaitInitialReplication();
    expect(server.requests).toEqual([null, '1000']);
    expect(await countDevices(db)).toBe(1500);
    expect((await db.rx.devices.findOne('SN00000001').exec())?.model).toBe('Verifone X990');
    await handle.cancel();
    await closeDb(db);
  });
});

function stripDeleted(doc: Record<string, unknown>) {
  const { _deleted, ...rest } = doc;
  return rest as never;
}
