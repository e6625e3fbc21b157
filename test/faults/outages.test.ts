import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSecondApi } from '../support/second-api.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

/**
 * PostgreSQL and Redis going away and coming back, under an API process that talks to them
 * through proxies this test cuts and restores (the servers themselves keep running for the rest).
 * Only against real servers.
 */
const env = inject('apiEnv') as Record<string, string>;
const real = Boolean(env.DATABASE_URL && env.REDIS_URL);

describe.skipIf(!real)('outages of the database and the cache', () => {
  let api: Awaited<ReturnType<typeof startSecondApi>>;
  let pg: Awaited<ReturnType<typeof startTcpProxy>>;
  let redis: Awaited<ReturnType<typeof startTcpProxy>>;
  const get = (path: string, init?: RequestInit) => fetch(`${api.url}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
  const timed = async (path: string, init?: RequestInit) => {
    const started = Date.now();
    const res = await get(path, init);
    return { status: res.status, ms: Date.now() - started, body: (await res.json().catch(() => null)) as { code?: string; items?: unknown[] } | null, retryAfter: res.headers.get('retry-after') };
  };
  const waitFor = async (check: () => Promise<boolean>, ms = 20_000) => {
    for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) if (await check().catch(() => false)) return true;
    return false;
  };

  beforeAll(async () => {
    const db = new URL(env.DATABASE_URL!);
    const cache = new URL(env.REDIS_URL!);
    pg = await startTcpProxy({ host: db.hostname, port: Number(db.port || 5432) });
    redis = await startTcpProxy({ host: cache.hostname, port: Number(cache.port || 6379) });
    db.host = `127.0.0.1:${pg.port}`;
    cache.host = `127.0.0.1:${redis.port}`;
    api = await startSecondApi(4290 + Math.floor(Math.random() * 100), { DATABASE_URL: db.toString(), REDIS_URL: cache.toString(), DATABASE_CONNECT_TIMEOUT_MS: '2000' });
  }, 60_000);
  afterAll(async () => {
    api?.stop();
    await Promise.all([pg?.stop(), redis?.stop()]);
  });

  it('Redis stopped: the catalogue is served from PostgreSQL, carts answer 503 with a clear code, and all recovers without a restart', async () => {
    expect((await timed('/v1/products?limit=3')).status).toBe(200);
    await redis.cut();

    const listing = await timed('/v1/products?limit=5&sort=price_desc');
    expect([listing.status, listing.body?.items?.length]).toEqual([200, 5]);
    expect((await timed('/v1/categories')).status).toBe(200);
    const cart = await timed('/v1/carts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect([cart.status, cart.body?.code, cart.retryAfter]).toEqual([503, 'service_unavailable', '5']);
    expect(cart.ms).toBeLessThan(10_000);
    expect((await timed('/readyz')).status).toBe(503);

    await redis.restore();
    expect(await waitFor(async () => (await timed('/v1/carts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status === 201)).toBe(true);
    expect((await timed('/readyz')).status).toBe(200);
  }, 90_000);

  it('PostgreSQL restarted: requests fail fast with 503 while it is away, and the API reconnects by itself', async () => {
    const product = ((await timed('/v1/products?limit=1')).body!.items as { slug: string }[])[0]!;
    await pg.cut();

    // An uncached query: answered 503 within the connect timeout, never left hanging.
    const during = await timed(`/v1/search?q=${encodeURIComponent(`nothing-cached-${Date.now()}`)}`);
    expect([during.status, during.body?.code]).toEqual([503, 'service_unavailable']);
    expect(during.ms).toBeLessThan(8_000);
    expect((await timed('/readyz')).status).toBe(503);

    await pg.restore();
    expect(await waitFor(async () => (await timed(`/v1/search?q=${encodeURIComponent(`after-${Date.now()}`)}`)).status === 200)).toBe(true);
    expect((await timed(`/v1/products/${product.slug}`)).status).toBe(200);
    expect((await timed('/readyz')).status).toBe(200);
  }, 90_000);
});
