import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore, createRedisStore, type KeyValueStore } from './kv.js';

const redisUrl = process.env.REDIS_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One behavioural contract, run against both adapters: the in-process one must act like Redis. */
function contract(name: string, make: () => KeyValueStore) {
  describe(`${name} key-value store`, () => {
    const kv = make();
    afterAll(() => kv.close());

    it('stores strings and expires them after their TTL', async () => {
      await kv.set('a', '1', 1);
      await kv.set('b', '2');
      expect(await kv.get('a')).toBe('1');
      await sleep(1100);
      expect(await kv.get('a')).toBeNull();
      expect(await kv.get('b')).toBe('2');
      expect(await kv.del('b', 'missing')).toBe(1);
    });

    it('counts within a window that starts at the first hit', async () => {
      expect(await kv.incrWithTtl('hits', 1)).toBe(1);
      expect(await kv.incrWithTtl('hits', 1)).toBe(2);
      await sleep(1100);
      expect(await kv.incrWithTtl('hits', 1)).toBe(1);
    });

    it('slides a TTL on read and writes only over the expected value', async () => {
      await kv.set('slide', 'v', 1);
      await sleep(600);
      expect(await kv.getAndTouch('slide', 1)).toBe('v');
      await sleep(600);
      expect(await kv.get('slide')).toBe('v');
      expect(await kv.setIfUnchanged('cas', null, 'one', 10)).toBe(true);
      expect(await kv.setIfUnchanged('cas', null, 'two', 10)).toBe(false);
      expect(await kv.setIfUnchanged('cas', 'one', 'two', 10)).toBe(true);
      expect(await kv.setIfUnchanged('cas', 'one', 'three', 10)).toBe(false);
      expect(await kv.get('cas')).toBe('two');
    });

    it('keeps sets for cache tags', async () => {
      await kv.sadd('tag', ['k1', 'k2'], 10);
      await kv.sadd('tag', ['k2', 'k3'], 10);
      expect((await kv.smembers('tag')).sort()).toEqual(['k1', 'k2', 'k3']);
    });

    it('delivers published messages to every subscriber until they unsubscribe', async () => {
      const got: string[] = [];
      const off = await kv.subscribe('events', (m) => got.push(m));
      await kv.publish('events', 'one');
      await sleep(100);
      await off();
      await kv.publish('events', 'two');
      await sleep(100);
      expect(got).toEqual(['one']);
    });
  });
}

contract('in-process', createMemoryStore);
if (redisUrl) {
  contract('Redis', () => createRedisStore(redisUrl, `test:kv:${randomUUID()}:`));
  it('Redis pub/sub crosses connections, as between two API processes', async () => {
    const prefix = `test:kv:${randomUUID()}:`;
    const a = createRedisStore(redisUrl, prefix);
    const b = createRedisStore(redisUrl, prefix);
    const got: string[] = [];
    await b.subscribe('stock', (m) => got.push(m));
    await a.publish('stock', 'sold');
    await sleep(200);
    expect(got).toEqual(['sold']);
    await Promise.all([a.close(), b.close()]);
  });
} else {
  it.skip('Redis adapter contract and cross-connection pub/sub: skipped, REDIS_URL is not set', () => {});
}
