import type { KeyValueStore } from './kv.js';

interface LocalEntry {
  value: unknown;
  expiresAt: number;
  tags: string[];
}

export interface TaggedCacheOptions {
  /** Seconds a value lives in the shared store (Redis); 0 disables caching. */
  ttlSeconds: number;
  /** Told of every invalidation, e.g. to have the storefront revalidate its pages too. */
  onInvalidate?: (tags: string[]) => void;
  /** Milliseconds a value lives in this process's memory in front of the shared store. */
  localTtlMs?: number;
  /** Most values kept in this process; the oldest go first. */
  localMaxEntries?: number;
  /** Delay of the second invalidation pass that catches values loaded before a write committed. */
  secondPassMs?: number;
}

/**
 * Two-level read-through cache, invalidated by tag. Level 1 is this process's memory (a few
 * seconds, so a hot product page costs no network round trip); level 2 is the shared key-value
 * store. Each shared key is listed in a set per tag; invalidating a tag deletes those keys, drops
 * matching local entries and tells the other API copies over pub/sub to drop theirs. The TTLs
 * bound staleness if an invalidation is ever missed.
 */
export class TaggedCache {
  private readonly local = new Map<string, LocalEntry>();
  private readonly localTtlMs: number;
  private readonly localMax: number;
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly kv: KeyValueStore,
    private readonly namespace: string,
    private readonly options: TaggedCacheOptions,
  ) {
    this.localTtlMs = options.localTtlMs ?? 2_000;
    this.localMax = options.localMaxEntries ?? 1_000;
  }

  /** Listens for invalidations from other processes. */
  async start(): Promise<void> {
    this.unsubscribe = await this.kv.subscribe(this.channel, (message) => {
      this.dropLocal(JSON.parse(message) as string[]);
    });
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
    this.local.clear();
  }

  /** `tags` may depend on the loaded value (a product looked up by slug is tagged by its id). */
  async getOrLoad<T>(key: string, tags: string[] | ((value: T) => string[]), load: () => Promise<T>): Promise<T> {
    if (this.options.ttlSeconds === 0) return load();
    const fullKey = `${this.namespace}:${key}`;
    const now = Date.now();
    const near = this.local.get(fullKey);
    if (near && near.expiresAt > now) return near.value as T;

    // The cache is an optimisation: with Redis unreachable, pages are served from the database.
    const hit = await this.kv.get(fullKey).catch(() => null);
    if (hit !== null) {
      const { v, t } = JSON.parse(hit) as { v: T; t: string[] };
      this.remember(fullKey, v, t);
      return v;
    }
    const value = await load();
    const tagList = typeof tags === 'function' ? tags(value) : tags;
    try {
      await this.kv.set(fullKey, JSON.stringify({ v: value, t: tagList }), this.options.ttlSeconds);
      // The tag set outlives its keys a little so an invalidation never misses a live key.
      await Promise.all(tagList.map((t) => this.kv.sadd(this.tagKey(t), [fullKey], this.options.ttlSeconds + 60)));
    } catch {
      // Redis unreachable: not kept this time; the next request tries again.
    }
    this.remember(fullKey, value, tagList);
    return value;
  }

  async invalidate(...tags: string[]): Promise<void> {
    // With Redis unreachable this process still forgets its own copies; entries in Redis expire
    // within their TTL, and the second pass below retries once it is back.
    await this.invalidateNow(tags).catch(() => this.dropLocal(tags));
    this.options.onInvalidate?.(tags);
    // A read that loaded the old value before the write committed may store it just after this
    // invalidation; a second pass shortly after removes such late arrivals ("delayed double delete").
    setTimeout(() => void this.invalidateNow(tags).catch(() => {}), this.options.secondPassMs ?? 1_500).unref();
  }

  private async invalidateNow(tags: string[]): Promise<void> {
    this.dropLocal(tags);
    for (const tag of tags) {
      const keys = await this.kv.smembers(this.tagKey(tag));
      // In slices: a popular tag can list many thousands of keys.
      for (let i = 0; i < keys.length; i += 500) await this.kv.del(...keys.slice(i, i + 500));
      await this.kv.del(this.tagKey(tag));
    }
    await this.kv.publish(this.channel, JSON.stringify(tags));
  }

  private remember(key: string, value: unknown, tags: string[]) {
    if (this.local.size >= this.localMax) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.local.keys().next().value;
      if (oldest !== undefined) this.local.delete(oldest);
    }
    this.local.set(key, { value, tags, expiresAt: Date.now() + this.localTtlMs });
  }

  private dropLocal(tags: string[]) {
    for (const [key, entry] of this.local) if (entry.tags.some((t) => tags.includes(t))) this.local.delete(key);
  }

  private get channel() {
    return `${this.namespace}:invalidate`;
  }

  private tagKey(tag: string) {
    return `${this.namespace}:tag:${tag}`;
  }
}
