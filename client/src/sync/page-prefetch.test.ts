import { describe, expect, it } from 'vitest';
import { PagePrefetch } from './page-prefetch.ts';

const page = (n: number) => Promise.resolve(n);

describe('the prefetched pull page', () => {
  it('is used for the checkpoint it follows, once', async () => {
    const p = new PagePrefetch<number>();
    p.put('cases', 'a', page(1));
    expect(await p.take('cases', 'a')).toBe(1);
    expect(p.take('cases', 'a')).toBeNull();
  });

  it('is not used for another checkpoint (and is dropped)', () => {
    const p = new PagePrefetch<number>();
    p.put('cases', 'a', page(1));
    expect(p.take('cases', 'b')).toBeNull();
    expect(p.take('cases', 'a')).toBeNull();
  });

  it('is stale after a poke of its collection: the next pull asks the server again', () => {
    const p = new PagePrefetch<number>();
    p.put('cases', 'a', page(1));
    p.invalidate('cases');
    expect(p.take('cases', 'a')).toBeNull();
  });

  it('stays valid across a poke of another collection, and a page requested after a poke is fresh', async () => {
    const p = new PagePrefetch<number>();
    p.invalidate('cases');
    p.put('cases', 'a', page(1));
    p.put('devices', 'x', page(2));
    p.invalidate('devices');
    expect(await p.take('cases', 'a')).toBe(1);
    expect(p.take('devices', 'x')).toBeNull();
  });
});
