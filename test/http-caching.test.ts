import { describe, expect, it } from 'vitest';
import { adminApi, raw } from './support/client.js';

describe('HTTP caching of public catalogue reads', () => {
  it('sends an ETag and Cache-Control, answers 304 while nothing changed and 200 once it has', async () => {
    const admin = await adminApi();
    const sku = `HC-${Date.now()}`;
    const product = await admin.createProduct({ body: { title: `Cache ${sku}`, status: 'published', variants: [{ sku, title: 'One', prices: [{ currency: 'LKR', amount: 4_000 }], initialStock: 3 }] } });
    const path = `/v1/products/${product.slug}?currency=LKR`;
    const first = await raw(path);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=10, stale-while-revalidate=60');
    const again = await raw(path, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    await admin.setVariantPrices({ params: { id: product.variants[0]!.id }, body: { prices: [{ currency: 'LKR', amount: 4_500 }] } });
    const changed = await raw(path, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    // Listings and categories too; private and write routes never.
    expect((await raw('/v1/categories')).headers.get('cache-control')).toContain('stale-while-revalidate');
    expect((await raw('/v1/products?limit=2')).headers.get('etag')).toBeTruthy();
    expect((await raw('/v1/carts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).headers.get('cache-control')).toBeNull();
  });
});
