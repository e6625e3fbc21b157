import { describe, expect, it } from 'vitest';
import { adminApi, apiError, signUp } from './support/client.js';

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
});
