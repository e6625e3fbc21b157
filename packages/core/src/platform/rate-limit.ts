import { isIPv6 } from 'node:net';
import { AppError } from './errors.js';
import type { KeyValueStore } from './kv.js';

/**
 * Fixed-window counters in the key-value store, so every API copy shares one count.
 * `hit` counts first and then throws rate_limited past the limit, so parallel attempts cannot
 * all slip in before any of them is counted.
 */
export class RateLimiter {
  constructor(private readonly kv: KeyValueStore) {}

  async hit(bucket: string, limit: number, windowSeconds: number): Promise<void> {
    const count = await this.kv.incrWithTtl(`rl:${bucket}`, windowSeconds);
    if (count > limit) {
      throw new AppError('rate_limited', 'Too many attempts; try again later', {
        headers: { 'Retry-After': String(windowSeconds) },
      });
    }
  }

  async reset(bucket: string): Promise<void> {
    await this.kv.del(`rl:${bucket}`);
  }
}

/**
 * The key one client is counted under: the IPv4 address, or the /64 network of an IPv6 address
 * (one subscriber usually holds a whole /64, so counting single IPv6 addresses is easy to dodge).
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
