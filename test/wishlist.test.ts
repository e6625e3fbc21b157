import { describe, expect, it } from 'vitest';
import { adminApi, apiError, client, signUp } from './support/client.js';

describe('wishlists', () => {
  it('saves products and lists them with live price and stock', async () => {
    const admin = await adminApi();
    const sku = `WISH-${Date.now()}`;
    const product = await admin.createProduct({
      body: { title: `Wish ${sku}`, status: 'published', variants: [{ sku, title: 'One', prices: [{ currency: 'LKR', amount: 500000 }], initialStock: 1 }] },
    });
    const { api } = await signUp();
    await api.addToWishlist({ params: { productId: product.id } });
    const twice = await api.addToWishlist({ params: { productId: product.id } });
    expect(twice.items.map((i) => [i.id, i.price?.amount, i.inStock])).toEqual([[product.id, 500000, true]]);

    // The list follows price and stock changes.
    await admin.setVariantPrices({ params: { id: product.variants[0]!.id }, body: { prices: [{ currency: 'LKR', amount: 450000 }] } });
    await admin.adjustStock({ body: { variantId: product.variants[0]!.id, quantity: -1, reason: 'damage' } });
    const now = await api.getWishlist();
    expect(now.items.map((i) => [i.price?.amount, i.inStock])).toEqual([[450000, false]]);
    // Not sold in USD: listed with no price rather than hidden.
    expect((await api.getWishlist({ query: { currency: 'USD' } })).items[0]!.price).toBeNull();

    expect((await api.removeFromWishlist({ params: { productId: product.id } })).items).toEqual([]);
  });

  it('refuses unknown products, keeps lists private and needs a signed-in customer', async () => {
    const { api } = await signUp();
    const err = await apiError(() => api.addToWishlist({ params: { productId: '00000000-0000-4000-8000-000000000000' } }));
    expect([err.status, err.fields[0]?.field]).toEqual([400, 'params.productId']);
    const other = await signUp();
    const [demo] = (await client().listProducts({ query: { limit: 1 } })).items;
    await api.addToWishlist({ params: { productId: demo!.id } });
    expect((await other.api.getWishlist()).items).toEqual([]);
    expect((await apiError(() => client().getWishlist())).status).toBe(401);
  });
});
