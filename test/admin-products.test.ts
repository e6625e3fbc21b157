import { describe, expect, it } from 'vitest';
import { adminApi, apiError, client, signUp } from './support/client.js';

describe('the admin product table', () => {
  it('lists products in every status, searchable by title, SKU or brand, with stock and paging', async () => {
    const admin = await adminApi();
    const tag = `ADM${Date.now()}`;
    const draft = await admin.createProduct({ body: { title: `Draft lamp ${tag}`, brand: `Brand${tag}`, variants: [{ sku: `${tag}-L`, title: 'One', initialStock: 4 }] } });
    const live = await admin.createProduct({
      body: { title: `Live vase ${tag}`, status: 'published', variants: [{ sku: `${tag}-V1`, title: 'Small', initialStock: 2 }, { sku: `${tag}-V2`, title: 'Large', initialStock: 3 }] },
    });

    const byTitle = await admin.listAdminProducts({ query: { q: tag } });
    expect(byTitle.total).toBe(2);
    expect(byTitle.items.map((p) => [p.title, p.status, p.variantCount, p.available])).toEqual([
      [`Live vase ${tag}`, 'published', 2, 5],
      [`Draft lamp ${tag}`, 'draft', 1, 4],
    ]);
    expect((await admin.listAdminProducts({ query: { q: `${tag}-V2` } })).items.map((p) => p.id)).toEqual([live.id]);
    expect((await admin.listAdminProducts({ query: { q: `brand${tag}` } })).items.map((p) => p.id)).toEqual([draft.id]);
    expect((await admin.listAdminProducts({ query: { q: tag, status: 'draft' } })).items.map((p) => p.id)).toEqual([draft.id]);
    const second = await admin.listAdminProducts({ query: { q: tag, limit: 1, offset: 1 } });
    expect([second.total, second.items.map((p) => p.id)]).toEqual([2, [draft.id]]);
    expect((await admin.listAdminProducts({ query: { q: tag, offset: 5 } })).total).toBe(2);
    // LIKE wildcards in the search are literal.
    expect((await admin.listAdminProducts({ query: { q: `${tag}%` } })).total).toBe(0);
  });

  it('is for staff only, and says which parameter is wrong', async () => {
    const { api } = await signUp();
    expect((await apiError(() => api.listAdminProducts())).status).toBe(403);
    const admin = await adminApi();
    const err = await apiError(() => admin.listAdminProducts({ query: { limit: 500 } as never }));
    expect([err.status, err.fields[0]?.field]).toEqual([400, 'query.limit']);
  });

  it('adds a variant to an existing product and corrects a variant\'s SKU and option values', async () => {
    const admin = await adminApi();
    const tag = `VAR${Date.now()}`;
    const product = await admin.createProduct({
      body: { title: `Kurta ${tag}`, status: 'published', variants: [{ sku: `${tag}-M`, title: 'M', options: { Size: 'M' }, prices: [{ currency: 'LKR', amount: 500_000 }], initialStock: 3 }] },
    });
    const added = await admin.addVariant({
      params: { id: product.id },
      body: { sku: `${tag}-L`, title: 'L', options: { Size: 'L' }, weightGrams: 300, prices: [{ currency: 'LKR', amount: 520_000 }, { currency: 'EUR', amount: 1_900, compareAtAmount: 2_400 }], initialStock: 5 },
    });
    expect(added.items.map((v) => [v.sku, v.options, v.prices, v.onHand, v.available])).toEqual([
      [`${tag}-M`, { Size: 'M' }, [{ currency: 'LKR', amount: 500_000, compareAtAmount: null }], 3, 3],
      [`${tag}-L`, { Size: 'L' }, [{ currency: 'EUR', amount: 1_900, compareAtAmount: 2_400 }, { currency: 'LKR', amount: 520_000, compareAtAmount: null }], 5, 5],
    ]);
    const shopper = await client().getProduct({ params: { slug: product.slug } });
    expect(shopper.options).toEqual([{ name: 'Size', values: ['M', 'L'] }]);

    const large = added.items[1]!;
    const fixed = await admin.updateVariant({ params: { id: large.id }, body: { sku: `${tag}-XL`, title: 'XL', options: { Size: 'XL' }, barcode: '4790000000001' } });
    expect(fixed.items[1]).toMatchObject({ id: large.id, sku: `${tag}-XL`, title: 'XL', options: { Size: 'XL' }, weightGrams: 300, barcode: '4790000000001' });
    expect((await client().getProduct({ params: { slug: product.slug } })).options).toEqual([{ name: 'Size', values: ['M', 'XL'] }]);

    const taken = await apiError(() => admin.updateVariant({ params: { id: large.id }, body: { sku: `${tag}-M` } }));
    expect([taken.status, taken.code, taken.fields[0]?.field]).toEqual([409, 'sku_taken', 'body.sku']);
    const takenOnAdd = await apiError(() => admin.addVariant({ params: { id: product.id }, body: { sku: `${tag}-M`, title: 'Again' } }));
    expect([takenOnAdd.status, takenOnAdd.fields[0]?.field]).toEqual([409, 'body.sku']);
    const badOption = await apiError(() => admin.updateVariant({ params: { id: large.id }, body: { options: { 'Size:x': 'L' } } }));
    expect([badOption.status, badOption.fields[0]?.field.startsWith('body.options')]).toEqual([400, true]);
    expect((await apiError(() => admin.updateVariant({ params: { id: large.id }, body: {} }))).status).toBe(400);
    expect((await apiError(() => admin.addVariant({ params: { id: crypto.randomUUID() }, body: { sku: `${tag}-Z`, title: 'Z' } }))).status).toBe(404);
    expect((await apiError(() => admin.listProductVariants({ params: { id: crypto.randomUUID() } }))).status).toBe(404);
    const { api } = await signUp();
    expect((await apiError(() => api.listProductVariants({ params: { id: product.id } }))).status).toBe(403);
  });
});
