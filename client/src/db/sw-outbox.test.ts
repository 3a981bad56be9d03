import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { forgetPushRows, mirrorPushRows, rowKey, takeSentByWorker } from './sw-outbox.ts';

const row = (id: string, clientRev: string) => ({ newDocumentState: { id, clientRev, status: 'submitted' } });

/** What public/push-sw.js writes after sending a row (plain IndexedDB, no Dexie). */
function recordSent(key: string, userId: string, answer: Record<string, unknown> | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('edc-sw-outbox');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(['rows', 'sent'], 'readwrite');
      tx.objectStore('sent').put({ key, userId, answer });
      tx.objectStore('rows').delete(key);
      tx.oncomplete = () => {
        open.result.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

function mirrored(): Promise<{ key: string; userId: string }[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('edc-sw-outbox');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('rows').objectStore('rows').getAll();
      get.onsuccess = () => {
        open.result.close();
        resolve(get.result);
      };
    };
  });
}

describe('the outbox mirror shared with the service worker', () => {
  it('keeps what the page tries to send until answered, per revision', async () => {
    const a = row('a', 'r1');
    const b = row('b', 'r1');
    await mirrorPushRows('u1', 'cases', [a, b]);
    expect((await mirrored()).map((r) => r.key).sort()).toEqual(['cases|a|r1', 'cases|b|r1']);
    await forgetPushRows('cases', [a]);
    expect((await mirrored()).map((r) => r.key)).toEqual(['cases|b|r1']);
    await forgetPushRows('cases', [b]);
  });

  it('answers rows the worker already sent from its record, once, and sends the rest', async () => {
    const sentByWorker = row('c', 'r1');
    const stored = row('d', 'r1');
    const edited = row('e', 'r2');
    await mirrorPushRows('u1', 'cases', [sentByWorker, stored, edited]);
    const answer = { id: 'c', status: 'open', caseNumber: 'CASE-20261205-00001' };
    await recordSent(rowKey('cases', sentByWorker), 'u1', answer);
    await recordSent(rowKey('cases', stored), 'u1', null); // stored as sent: no answer doc
    await recordSent('cases|e|r1', 'u1', null); // an older revision of e: e|r2 is new

    const first = await takeSentByWorker('u1', 'cases', [sentByWorker, stored, edited]);
    expect(first).toEqual({ answers: [answer], rest: [edited] });
    // Consumed: a second push of the same rows sends them.
    const second = await takeSentByWorker('u1', 'cases', [sentByWorker]);
    expect(second).toEqual({ answers: [], rest: [sentByWorker] });
  });

  it('never hands another user’s record to this user', async () => {
    const r = row('f', 'r1');
    await recordSent(rowKey('cases', r), 'u2', { id: 'f', status: 'open' });
    expect(await takeSentByWorker('u1', 'cases', [r])).toEqual({ answers: [], rest: [r] });
  });
});
