import { importResultSchema, SYNC_BASE_PATH } from '@edc/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, seedMerchant, type TestApp } from '../test/fixtures.ts';
import { IMPORT_BODY_LIMIT } from './import.ts';

describe('CSV import (real Postgres)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-03-02T03:00:00Z' });
    admin = await t.login('admin1');
    await seedMerchant(t.db, { mid: '200000000000001', region: 'JKT' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (kind: string, body: string | Uint8Array, token = admin, type = 'text/csv; charset=utf-8') =>
    t.app.request(`/api/import/${kind}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body,
    });

  it('merchants: good rows in, each bad row reported with its file line', async () => {
    const csv = [
      '\uFEFFmid,name,address,city,region,phone,status', // line 1
      '300000000000001,Toko Maju,"Jl. Melati 1, RT 02",Jakarta,JKT,021-1,active', // 2 ok
      '30000000000000X,Toko Salah,,Jakarta,JKT,,active', // 3 bad mid
      '300000000000002,"Warung ""Bu Sri""\nCabang 2",,Bandung,bdg,,', // 4–5 ok (quoted newline; region lower-cased)
      '300000000000003,Toko Tiga,,Jakarta,JAKARTA,,active', // 6 bad region
      '300000000000004,,,Jakarta,JKT,,active', // 7 empty name
      '300000000000005,Toko Lima,,Jakarta,JKT,,closed', // 8 bad status
      '300000000000001,Toko Maju Lagi,,Jakarta,JKT,,active', // 9 duplicate of line 2
      '300000000000006,Toko Enam,,Surabaya,JKT,,inactive', // 10 ok
    ].join('\r\n');
    const res = await post('merchants', csv);
    expect(res.status).toBe(200);
    const r = importResultSchema.parse(await res.json());
    expect(r.inserted).toBe(3);
    expect(r.updated).toBe(0);
    expect(r.errors.map((e) => e.line)).toEqual([3, 6, 7, 8, 9]);
    expect(r.errors.find((e) => e.line === 3)).toMatchObject({
      code: 'invalid_field',
      params: { field: 'mid', value: '30000000000000X' },
      reason: 'The mid "30000000000000X" is not valid.',
    });
    expect(r.errors.find((e) => e.line === 7)).toMatchObject({
      code: 'missing_field',
      params: { field: 'name' },
    });
    expect(r.errors.find((e) => e.line === 9)).toMatchObject({
      code: 'duplicate_in_file',
      params: { line: '2' },
    });

    const { rows } = await t.db.pool.query<{ mid: string; name: string; region: string; status: string }>(
      `SELECT mid, name, region, status FROM merchants WHERE mid LIKE '3%' ORDER BY mid`,
    );
    expect(rows).toEqual([
      { mid: '300000000000001', name: 'Toko Maju', region: 'JKT', status: 'active' },
      { mid: '300000000000002', name: 'Warung "Bu Sri"\nCabang 2', region: 'BDG', status: 'active' },
      { mid: '300000000000006', name: 'Toko Enam', region: 'JKT', status: 'inactive' },
    ]);
  });

  it('merchants: optional lat/lng columns, validated per line; a file without them keeps the coordinates', async () => {
    const csv = [
      'mid,name,city,region,lat,lng', // line 1
      '310000000000001,Toko Koordinat,Jakarta,JKT,-6.2088,106.8456', // 2 ok
      '310000000000002,Toko Tanpa,Jakarta,JKT,,', // 3 ok, no coordinates
      '310000000000003,Toko Lintang,Jakarta,JKT,-95.5,106.8', // 4 latitude out of range
      '310000000000004,Toko Koma,Jakarta,JKT,"-6,2",106.8', // 5 decimal comma: not a number
      '310000000000005,Toko Separuh,Jakarta,JKT,-6.2,', // 6 lat without lng
      '310000000000006,Toko Bandung,Bandung,BDG,-6.9175,107.6191', // 7 ok
    ].join('\n');
    const r = importResultSchema.parse(await (await post('merchants', csv)).json());
    expect(r).toMatchObject({ inserted: 3, updated: 0 });
    expect(r.errors.map((e) => e.line)).toEqual([4, 5, 6]);
    expect(r.errors.map(({ code, params }) => ({ code, params }))).toEqual([
      { code: 'invalid_field', params: { field: 'lat', value: '-95.5' } },
      { code: 'invalid_field', params: { field: 'lat', value: '-6,2' } },
      { code: 'missing_field', params: { field: 'lng' } },
    ]);
    expect(r.errors[1]?.reason).toBe('The lat "-6,2" is not valid.');
    const coords = async () =>
      (
        await t.db.pool.query<{ mid: string; lat: number | null; lng: number | null }>(
          `SELECT mid, lat, lng FROM merchants WHERE mid LIKE '31%' ORDER BY mid`,
        )
      ).rows;
    expect(await coords()).toEqual([
      { mid: '310000000000001', lat: -6.2088, lng: 106.8456 },
      { mid: '310000000000002', lat: null, lng: null },
      { mid: '310000000000006', lat: -6.9175, lng: 107.6191 },
    ]);
    // The replicated merchant carries them (the desk's visit distance uses them).
    const pulled = await t.request(`${SYNC_BASE_PATH}/merchants/pull?limit=1000`, { token: admin });
    const docs = ((await pulled.json()) as { documents: Record<string, unknown>[] }).documents;
    expect(docs.find((d) => d.mid === '310000000000001')).toMatchObject({ lat: -6.2088, lng: 106.8456 });

    // An older file without the columns updates the rest and keeps the coordinates; new ones replace them.
    const old = importResultSchema.parse(
      await (await post('merchants', 'mid,name,region\n310000000000001,Toko Koordinat Baru,JKT\n')).json(),
    );
    expect(old).toMatchObject({ updated: 1, errors: [] });
    const moved = importResultSchema.parse(
      await (
        await post('merchants', 'mid,name,region,lat,lng\n310000000000002,Toko Tanpa,JKT,-6.3,106.9\n')
      ).json(),
    );
    expect(moved).toMatchObject({ updated: 1, errors: [] });
    expect((await coords()).slice(0, 2)).toEqual([
      { mid: '310000000000001', lat: -6.2088, lng: 106.8456 },
      { mid: '310000000000002', lat: -6.3, lng: 106.9 },
    ]);
  });

  it('devices: upsert by serial, unknown merchant and bad status reported, re-import is unchanged', async () => {
    const header = 'serialNumber,model,tid,mid,status,samSerial,simSerial,region';
    const csv = `${[
      header,
      'SN-IMP-1,Verifone V200c,TID00001,200000000000001,on_operation,SAM1,,JKT', // 2 ok
      'SN-IMP-2,Ingenico Move 2500,TID00002,999999999999999,on_operation,,,JKT', // 3 unknown mid
      'SN-IMP-3,PAX S90,TID00003,200000000000001,broken,,,JKT', // 4 bad status
      'SN-IMP-4,PAX S90,TID00004,200000000000001,in_warehouse,,8962000000000000001,JKT', // 5 ok
      ',PAX S90,TID00005,200000000000001,in_warehouse,,,JKT', // 6 no serial
      'SN-IMP-6,PAX S90,TID00006,200000000000001,in_warehouse,,,JKT,extra', // 7 extra field
    ].join('\n')}\n`;
    const first = importResultSchema.parse(await (await post('devices', csv)).json());
    expect(first).toMatchObject({ inserted: 2, updated: 0 });
    expect(first.errors.map((e) => e.line)).toEqual([3, 4, 6, 7]);
    expect(first.errors[0]).toMatchObject({
      code: 'unknown_merchant',
      reason: 'Merchant 999999999999999 does not exist; import the merchant first.',
    });
    // One reason per bad line: the serial-less line 6 also has other faults, it is reported once.
    expect(new Set(first.errors.map((e) => e.line)).size).toBe(first.errors.length);

    const again = importResultSchema.parse(await (await post('devices', csv)).json());
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });

    const { rows: before } = await t.db.pool.query<{ txid: string }>(
      `SELECT txid::text FROM devices WHERE id = 'SN-IMP-4'`,
    );
    const changed = `${header}\nSN-IMP-4,PAX S90,TID00004,200000000000001,on_operation,,8962000000000000001,JKT\n`;
    const upd = importResultSchema.parse(await (await post('devices', changed)).json());
    expect(upd).toMatchObject({ inserted: 0, updated: 1, errors: [] });
    const { rows: after } = await t.db.pool.query<{ status: string; txid: string }>(
      `SELECT status, txid::text FROM devices WHERE id = 'SN-IMP-4'`,
    );
    expect(after[0]?.status).toBe('on_operation');
    // The update re-stamped the txid, so phones pull the change.
    expect(after[0]?.txid).not.toBe(before[0]?.txid);
  });

  it('a TID or serial that belongs to ANOTHER terminal is refused per line; the rest imports', async () => {
    const header = 'serialNumber,model,tid,mid,status,samSerial,simSerial,region';
    await post(
      'devices',
      `${header}\nSN-OWN-1,PAX S90,TIDOWN01,200000000000001,in_warehouse,SAM-OWN-1,,JKT\n`,
    );
    const csv = `${[
      header,
      'SN-OWN-2,PAX S90,tidown01,200000000000001,in_warehouse,,,JKT', // 2: TID of SN-OWN-1 (any case)
      'SN-OWN-3,PAX S90,TIDOWN03,200000000000001,in_warehouse,sam-own-1,,JKT', // 3: SAM of SN-OWN-1
      'SN-OWN-5,PAX S90,TIDOWN05,200000000000001,in_warehouse,,,JKT', // 4: ok
      'SN-OWN-6,PAX S90,TIDOWN05,200000000000001,in_warehouse,,,JKT', // 5: TID of line 4
      'SN-OWN-1,PAX S90,TIDOWN01,200000000000001,on_operation,SAM-OWN-1,,JKT', // 6: its own TID and SAM: an update
    ].join('\n')}\n`;
    const r = importResultSchema.parse(await (await post('devices', csv)).json());
    expect(r).toMatchObject({ inserted: 1, updated: 1 });
    expect(r.errors.map((e) => [e.line, e.code, e.params])).toEqual([
      [2, 'tid_taken', { tid: 'tidown01', serial: 'SN-OWN-1' }],
      [3, 'serial_taken', { value: 'sam-own-1', serial: 'SN-OWN-1' }],
      [5, 'tid_in_file', { tid: 'TIDOWN05', line: '4' }],
    ]);
    // The same serial in another case is the same terminal's serial, not a new terminal.
    const variant = importResultSchema.parse(
      await (
        await post('devices', `${header}\nsn-own-1,PAX S90,TIDOWN07,200000000000001,in_warehouse,,,JKT\n`)
      ).json(),
    );
    expect(variant.errors.map((e) => [e.line, e.code, e.params])).toEqual([
      [2, 'serial_taken', { value: 'sn-own-1', serial: 'SN-OWN-1' }],
    ]);
    expect(r.errors[0]?.reason).toBe('TID tidown01 already belongs to another terminal (SN-OWN-1).');
    const { rows } = await t.db.pool.query<{ id: string }>(
      `SELECT id FROM devices WHERE id ILIKE 'sn-own-%' ORDER BY id`,
    );
    expect(rows.map((x) => x.id)).toEqual(['SN-OWN-1', 'SN-OWN-5']);
  });

  it('file-level faults: missing columns, unterminated quote, not UTF-8, wrong content type', async () => {
    const missing = await post('devices', 'serialNumber,model\nA,B\n');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      reason: 'invalid_csv',
      details: { missing: ['tid', 'mid', 'status', 'region'] },
    });
    const unterminated = await post('merchants', 'mid,name,region\n"300000000000009,x,JKT\n');
    expect(await unterminated.json()).toMatchObject({ reason: 'invalid_csv', details: { line: 2 } });
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode('mid,name,region\n300000000000010,Caf'),
      0xe9,
      0x0a,
    ]);
    expect((await post('merchants', latin1)).status).toBe(400);
    expect((await post('merchants', 'mid,name,region\n', admin, 'application/json')).status).toBe(415);
  });

  it('a file over the size limit is refused with 413 before it is parsed', async () => {
    const row = '300000000000099,Toko Besar,,Jakarta,JKT,,active\n';
    const big = `mid,name,address,city,region,phone,status\n${row.repeat(Math.ceil((IMPORT_BODY_LIMIT + 1) / row.length))}`;
    const res = await post('merchants', big);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 'error', reason: 'payload_too_large' });
  });

  it('templates are header-only CSV', async () => {
    const res = await t.request('/api/import/templates/devices.csv', { token: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="devices.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    // UTF-8 BOM first, so Excel reads the file as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe(
      'serialNumber,model,tid,mid,status,samSerial,simSerial,region\r\n',
    );
  });

  it.each(['agent1', 'tech1', 'merchant1'])('%s may not import (403)', async (username) => {
    const token = await t.login(username);
    expect((await post('merchants', 'mid,name,region\n', token)).status).toBe(403);
    expect((await t.request('/api/import/templates/merchants.csv', { token })).status).toBe(403);
  });
});
