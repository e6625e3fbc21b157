import { AppError } from './errors.js';
import type { KeyValueStore } from './kv.js';

/**
 * Fixed-window counters in the key-value store, so every API copy shares one count.
 * `hit` counts and throws rate_limited once the window's limit is passed; `peek` only checks.
 */
export class RateLimiter {
  constructor(private readonly kv: KeyValueStore) {}

  async hit(bucket: string, limit: number, windowSeconds: number): Promise<void> {
    const count = await this.kv.incrWithTtl(`rl:${bucket}`, windowSeconds);
    if (count > limit) throw tooMany(windowSeconds);
  }

  async check(bucket: string, limit: number, windowSeconds: number): Promise<void> {
    const raw = await this.kv.get(`rl:${bucket}`);
    if (raw !== null && Number(raw) >= limit) throw tooMany(windowSeconds);
  }

  async reset(bucket: string): Promise<void> {
    await this.kv.del(`rl:${bucket}`);
  }
}

function tooMany(windowSeconds: number) {
  return new AppError('rate_limited', 'Too many attempts; try again later', {
    headers: { 'Retry-After': String(windowSeconds) },
  });
}
