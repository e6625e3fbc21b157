import { describe, expect, it } from 'vitest';
import { TaggedCache } from './cache.js';
import { createMemoryStore } from './kv.js';

describe('TaggedCache', () => {
  it('loads once, serves from cache, and reloads after its tag is invalidated', async () => {
    const kv = createMemoryStore();
    const cache = new TaggedCache(kv, 'c', { ttlSeconds: 60 });
    let loads = 0;
    const load = async () => ({ n: ++loads });
    expect(await cache.getOrLoad('k', ['t'], load)).toEqual({ n: 1 });
    expect(await cache.getOrLoad('k', ['t'], load)).toEqual({ n: 1 });
    await cache.invalidate('other');
    expect(await cache.getOrLoad('k', ['t'], load)).toEqual({ n: 1 });
    await cache.invalidate('t');
    expect(await cache.getOrLoad('k', ['t'], load)).toEqual({ n: 2 });
    await kv.close();
  });

  it('tells other processes to drop their local copies', async () => {
    const kv = createMemoryStore(); // shared, as Redis is between API copies
    const a = new TaggedCache(kv, 'c', { ttlSeconds: 60, localTtlMs: 60_000 });
    const b = new TaggedCache(kv, 'c', { ttlSeconds: 60, localTtlMs: 60_000 });
    await Promise.all([a.start(), b.start()]);
    let version = 1;
    const load = async () => version;
    expect(await b.getOrLoad('k', ['t'], load)).toBe(1);
    version = 2;
    await a.invalidate('t');
    await new Promise((r) => setTimeout(r, 20));
    expect(await b.getOrLoad('k', ['t'], load)).toBe(2);
    await Promise.all([a.stop(), b.stop(), kv.close()]);
  });

  it('derives tags from the loaded value', async () => {
    const kv = createMemoryStore();
    const cache = new TaggedCache(kv, 'c', { ttlSeconds: 60 });
    let loads = 0;
    const load = async () => ({ id: 'p1', loads: ++loads });
    await cache.getOrLoad('by-slug', (v) => [`product:${v.id}`], load);
    await cache.invalidate('product:p1');
    expect((await cache.getOrLoad('by-slug', (v) => [`product:${v.id}`], load)).loads).toBe(2);
    await kv.close();
  });
});
