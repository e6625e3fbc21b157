import { describe, expect, it } from 'vitest';
import { clientKey, RateLimiter } from './rate-limit.js';
import { createMemoryStore } from './kv.js';

describe('clientKey', () => {
  it('counts IPv4 addresses singly and IPv6 addresses by /64', () => {
    expect(clientKey('10.1.2.3')).toBe('10.1.2.3');
    expect(clientKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(clientKey('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
    expect(clientKey('2001:db8:aa:bb::9')).toBe('2001:db8:aa:bb::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
  });
});

describe('RateLimiter', () => {
  it('lets exactly the limit through even when attempts arrive together', async () => {
    const limiter = new RateLimiter(createMemoryStore());
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => limiter.hit('b', 4, 60)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
  });
});
