import type { KeyValueStore } from './kv.js';

/**
 * Read-through JSON cache in the key-value store, invalidated by tag. Each cached key is listed in
 * a set per tag; invalidating a tag deletes every key in its set. TTL bounds staleness if an
 * invalidation is ever missed.
 */
export class TaggedCache {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly namespace: string,
    private readonly ttlSeconds: number,
  ) {}

  /** `tags` may depend on the loaded value (a product looked up by slug is tagged by its id). */
  async getOrLoad<T>(key: string, tags: string[] | ((value: T) => string[]), load: () => Promise<T>): Promise<T> {
    if (this.ttlSeconds === 0) return load();
    const fullKey = `${this.namespace}:${key}`;
    const hit = await this.kv.get(fullKey);
    if (hit !== null) return JSON.parse(hit) as T;
    const value = await load();
    await this.kv.set(fullKey, JSON.stringify(value), this.ttlSeconds);
    // The tag set outlives its keys a little so an invalidation never misses a live key.
    const tagList = typeof tags === 'function' ? tags(value) : tags;
    await Promise.all(tagList.map((t) => this.kv.sadd(this.tagKey(t), [fullKey], this.ttlSeconds + 60)));
    return value;
  }

  async invalidate(...tags: string[]): Promise<void> {
    for (const tag of tags) {
      const keys = await this.kv.smembers(this.tagKey(tag));
      await this.kv.del(...keys, this.tagKey(tag));
    }
  }

  private tagKey(tag: string) {
    return `${this.namespace}:tag:${tag}`;
  }
}
