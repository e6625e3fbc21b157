import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

/**
 * The small slice of Redis the platform uses: strings with TTL, counters, sets (cache tags) and
 * pub/sub. Redis through ioredis when REDIS_URL is set, otherwise an in-process adapter with the
 * same semantics. Keys and channels are namespaced by the store, so callers use bare names.
 */
export interface KeyValueStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  /** Reads a value and restarts its TTL: a sliding expiry, as for carts. */
  getAndTouch(key: string, ttlSeconds: number): Promise<string | null>;
  /**
   * Writes only if the stored value is still `expected` (null: the key must be absent). Returns
   * whether it wrote: the primitive for lost-update-free read-modify-write.
   */
  setIfUnchanged(key: string, expected: string | null, value: string, ttlSeconds: number): Promise<boolean>;
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  del(...keys: string[]): Promise<number>;
  /** Atomically increments; the first increment of a window starts its TTL. Returns the new value. */
  incrWithTtl(key: string, ttlSeconds: number): Promise<number>;
  /** Adds members to a set and refreshes the set's TTL. */
  sadd(key: string, members: string[], ttlSeconds: number): Promise<void>;
  smembers(key: string): Promise<string[]>;
  /** Appends to a list and keeps only its newest `maxLength` items (a replay buffer). */
  pushCapped(key: string, value: string, maxLength: number): Promise<void>;
  /** A list's items, oldest first. */
  listAll(key: string): Promise<string[]>;
  /** Removes and returns up to `count` items from the front of a list (a queue). */
  popBatch(key: string, count: number): Promise<string[]>;
  /** Writes many keys at once (one round trip on Redis). */
  setMany(entries: [key: string, value: string][], ttlSeconds?: number): Promise<void>;
  publish(channel: string, message: string): Promise<void>;
  /** Returns a function that unsubscribes. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function createRedisStore(url: string, prefix: string): KeyValueStore {
  const client = new Redis(url, { keyPrefix: prefix, maxRetriesPerRequest: 1, lazyConnect: false });
  // ioredis reconnects by itself; without a listener a dropped connection would crash the process.
  client.on('error', () => {});
  // Once the connection has dropped, commands fail at once (the API answers 503) instead of
  // queueing behind reconnection attempts; the first 'ready' after it clears the flag.
  let down = false;
  client.on('close', () => (down = true));
  client.on('ready', () => (down = false));
  let subscriber: Redis | undefined;
  const handlers = new Map<string, Set<(m: string) => void>>();
  const getSubscriber = () => {
    if (!subscriber) {
      // Pub/sub needs its own connection; ioredis' keyPrefix does not apply to channels.
      subscriber = new Redis(url, { maxRetriesPerRequest: 2 });
      subscriber.on('error', () => {});
      subscriber.on('message', (channel: string, message: string) => {
        for (const h of handlers.get(channel) ?? []) h(message);
      });
    }
    return subscriber;
  };
  const store: KeyValueStore = {
    kind: 'redis',
    get: (key) => client.get(key),
    getAndTouch: (key, ttlSeconds) => client.getex(key, 'EX', ttlSeconds),
    async setIfUnchanged(key, expected, value, ttlSeconds) {
      const written = await client.eval(COMPARE_AND_SET, 1, key, expected === null ? '1' : '0', expected ?? '', value, ttlSeconds);
      return written === 1;
    },
    async set(key, value, ttlSeconds) {
      if (ttlSeconds && ttlSeconds > 0) await client.set(key, value, 'EX', ttlSeconds);
      else await client.set(key, value);
    },
    del: (...keys) => (keys.length ? client.del(...keys) : Promise.resolve(0)),
    async incrWithTtl(key, ttlSeconds) {
      // NX creates the window with its TTL only once; INCR never touches the TTL.
      const res = await client.multi().set(key, '0', 'EX', ttlSeconds, 'NX').incr(key).exec();
      return Number(res?.[1]?.[1] ?? 0);
    },
    async sadd(key, members, ttlSeconds) {
      if (!members.length) return;
      await client.multi().sadd(key, ...members).expire(key, ttlSeconds).exec();
    },
    smembers: (key) => client.smembers(key),
    async pushCapped(key, value, maxLength) {
      await client.multi().rpush(key, value).ltrim(key, -maxLength, -1).exec();
    },
    listAll: (key) => client.lrange(key, 0, -1),
    async popBatch(key, count) {
      return (await client.lpop(key, count)) ?? [];
    },
    async setMany(entries, ttlSeconds) {
      if (!entries.length) return;
      const pipeline = client.pipeline();
      for (const [key, value] of entries) {
        if (ttlSeconds && ttlSeconds > 0) pipeline.set(key, value, 'EX', ttlSeconds);
        else pipeline.set(key, value);
      }
      await pipeline.exec();
    },
    async publish(channel, message) {
      await client.publish(prefix + channel, message);
    },
    async subscribe(channel, onMessage) {
      const full = prefix + channel;
      const set = handlers.get(full) ?? new Set();
      if (!handlers.has(full)) {
        handlers.set(full, set);
        await getSubscriber().subscribe(full);
      }
      set.add(onMessage);
      return async () => {
        set.delete(onMessage);
        if (set.size === 0) {
          handlers.delete(full);
          await subscriber?.unsubscribe(full);
        }
      };
    },
    ping: async () => (await client.ping()) === 'PONG',
    async close() {
      await Promise.all([client.quit(), subscriber?.quit()]);
    },
  };
  const unreachable = () => Promise.reject(Object.assign(new Error('Connection is closed (Redis is unreachable)'), { service: 'cache' }));
  // Errors from here are marked as Redis's, so the API can tell an outage from other failures.
  const mark = (err: unknown) => {
    if (err && typeof err === 'object') (err as { service?: string }).service ??= 'cache';
    throw err;
  };
  for (const name of Object.keys(store) as (keyof KeyValueStore)[]) {
    const method = store[name];
    if (typeof method !== 'function' || name === 'close' || name === 'subscribe') continue;
    (store as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
      down ? unreachable() : Promise.resolve((method as (...a: unknown[]) => unknown).apply(store, args)).catch(mark);
  }
  return store;
}

/** KEYS[1]; ARGV: expect-absent flag, expected value, new value, TTL seconds. */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if (ARGV[1] == '1' and current == false) or (ARGV[1] == '0' and current == ARGV[2]) then
  redis.call('SET', KEYS[1], ARGV[3], 'EX', ARGV[4])
  return 1
end
return 0`;

interface MemoryEntry {
  value: string | Set<string> | string[];
  expiresAt: number | undefined;
}

/** In-process stand-in for Redis with the same TTL and pub/sub behaviour, for one process. */
export function createMemoryStore(): KeyValueStore {
  const entries = new Map<string, MemoryEntry>();
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  const live = (key: string): MemoryEntry | undefined => {
    const e = entries.get(key);
    if (e && e.expiresAt !== undefined && e.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return e;
  };
  // Expired keys are dropped lazily on read and by this sweep, so memory stays bounded.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [k, e] of entries) if (e.expiresAt !== undefined && e.expiresAt <= now) entries.delete(k);
  }, 30_000);
  sweep.unref();
  const expiry = (ttlSeconds?: number) => (ttlSeconds && ttlSeconds > 0 ? Date.now() + ttlSeconds * 1000 : undefined);
  return {
    kind: 'memory',
    async get(key) {
      const e = live(key);
      return typeof e?.value === 'string' ? e.value : null;
    },
    async getAndTouch(key, ttlSeconds) {
      const e = live(key);
      if (typeof e?.value !== 'string') return null;
      e.expiresAt = expiry(ttlSeconds);
      return e.value;
    },
    async setIfUnchanged(key, expected, value, ttlSeconds) {
      const e = live(key);
      const current = typeof e?.value === 'string' ? e.value : null;
      if (current !== expected) return false;
      entries.set(key, { value, expiresAt: expiry(ttlSeconds) });
      return true;
    },
    async set(key, value, ttlSeconds) {
      entries.set(key, { value, expiresAt: expiry(ttlSeconds) });
    },
    async del(...keys) {
      let n = 0;
      for (const k of keys) if (live(k) && entries.delete(k)) n++;
      return n;
    },
    async incrWithTtl(key, ttlSeconds) {
      const e = live(key);
      const next = (typeof e?.value === 'string' ? Number.parseInt(e.value, 10) : 0) + 1;
      entries.set(key, { value: String(next), expiresAt: e?.expiresAt ?? expiry(ttlSeconds) });
      return next;
    },
    async sadd(key, members, ttlSeconds) {
      const e = live(key);
      const set = e?.value instanceof Set ? e.value : new Set<string>();
      for (const m of members) set.add(m);
      entries.set(key, { value: set, expiresAt: expiry(ttlSeconds) });
    },
    async smembers(key) {
      const e = live(key);
      return e?.value instanceof Set ? [...e.value] : [];
    },
    async pushCapped(key, value, maxLength) {
      const e = live(key);
      const list = Array.isArray(e?.value) ? e.value : [];
      list.push(value);
      if (list.length > maxLength) list.splice(0, list.length - maxLength);
      entries.set(key, { value: list, expiresAt: e?.expiresAt });
    },
    async listAll(key) {
      const e = live(key);
      return Array.isArray(e?.value) ? [...e.value] : [];
    },
    async popBatch(key, count) {
      const e = live(key);
      return Array.isArray(e?.value) ? e.value.splice(0, count) : [];
    },
    async setMany(items, ttlSeconds) {
      for (const [key, value] of items) entries.set(key, { value, expiresAt: expiry(ttlSeconds) });
    },
    async publish(channel, message) {
      // Asynchronous delivery, as with Redis: a publisher never runs subscriber code inline.
      setImmediate(() => bus.emit(channel, message));
    },
    async subscribe(channel, onMessage) {
      bus.on(channel, onMessage);
      return async () => {
        bus.off(channel, onMessage);
      };
    },
    ping: async () => true,
    async close() {
      clearInterval(sweep);
      entries.clear();
      bus.removeAllListeners();
    },
  };
}

export function openKeyValueStore(opts: { url?: string; prefix: string }): KeyValueStore {
  return opts.url ? createRedisStore(opts.url, opts.prefix) : createMemoryStore();
}
