import { afterEach, describe, expect, it } from 'vitest';
import { BullJobRunner, InProcessJobRunner, type JobDefinition, type JobRunner } from './jobs.js';
import { createMemoryStore, createRedisStore, type KeyValueStore } from './kv.js';
import { Redis } from 'ioredis';
import { createLogger } from './logger.js';

const log = createLogger('silent');
const redisUrl = process.env.REDIS_URL;

const runners: { name: string; make: (defs: JobDefinition[]) => { runner: JobRunner; kv: KeyValueStore } }[] = [
  { name: 'in-process', make: (defs) => {
    const kv = createMemoryStore();
    return { runner: new InProcessJobRunner({ kv, log, backoffMs: 10 }, defs), kv };
  } },
  ...(redisUrl
    ? [{ name: 'bullmq (real Redis)', make: (defs: JobDefinition[]) => {
        const prefix = `test-jobs:${process.pid}:${Date.now()}:${Math.random().toString(36).slice(2)}:`;
        const kv = createRedisStore(redisUrl, prefix);
        const runner = new BullJobRunner({ redisUrl, prefix, kv, log, concurrency: 2, backoffMs: 10 }, defs);
        // Closing the store also removes every key this test's queue left in Redis.
        const close = kv.close.bind(kv);
        kv.close = async () => {
          await new Promise((r) => setTimeout(r, 300)); // let the queue's last writes land
          const redis = new Redis(redisUrl);
          let cursor = '0';
          do {
            const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
            if (keys.length) await redis.del(...keys);
            cursor = next;
          } while (cursor !== '0');
          await redis.quit();
          await close();
        };
        return { runner, kv };
      } }]
    : []),
];

const until = async (check: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.each(runners)('background jobs: $name', ({ make }) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('retries a failing job with backoff until it succeeds, and dead-letters one that never does', async () => {
    let flaky = 0;
    let broken = 0;
    let ok = false;
    const { runner, kv } = make([
      { name: 'flaky', attempts: 5, run: async () => { if (++flaky < 3) throw new Error(`flaky ${flaky}`); ok = true; } },
      { name: 'broken', attempts: 3, run: async () => { broken++; throw new Error('always broken'); } },
    ]);
    cleanup = async () => { await runner.drain(); await kv.close(); };
    await runner.start();
    await runner.enqueue('flaky');
    await runner.enqueue('broken', { orderId: 'o-1' });
    await until(() => ok && broken === 3);
    expect(flaky).toBe(3);
    await new Promise((r) => setTimeout(r, 100));
    const dead = await runner.deadLetters();
    expect(dead).toEqual([expect.objectContaining({ name: 'broken', data: { orderId: 'o-1' }, error: 'always broken', attempts: 3 })]);
  });

  it('runs scheduled jobs by themselves, and drains a running job before stopping', async () => {
    let ticks = 0;
    let finished = false;
    const { runner, kv } = make([
      { name: 'tick', everyMs: 100, run: async () => { ticks++; } },
      { name: 'slow', run: async () => { await new Promise((r) => setTimeout(r, 400)); finished = true; } },
    ]);
    cleanup = async () => kv.close();
    await runner.start();
    await until(() => ticks >= 2);
    await runner.enqueue('slow');
    await new Promise((r) => setTimeout(r, 150)); // it has started
    await runner.drain();
    expect(finished).toBe(true);
  });
});
