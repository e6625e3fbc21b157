import { describe, expect, it } from 'vitest';
import { adminApi, apiError, client, signUp } from './support/client.js';

async function productWithStock(admin: Awaited<ReturnType<typeof adminApi>>, stock: number) {
  const sku = `INV-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  const product = await admin.createProduct({
    body: {
      title: `Stock test ${sku}`,
      status: 'published',
      variants: [{ sku, title: 'One', prices: [{ currency: 'LKR', amount: 150000 }], initialStock: stock }],
    },
  });
  return { product, variantId: product.variants[0]!.id };
}

describe('stock administration', () => {
  it('receives stock, shows it to shoppers at once and records it in the ledger', async () => {
    const admin = await adminApi();
    const { product, variantId } = await productWithStock(admin, 2);
    const shopper = client();
    expect((await shopper.getProduct({ params: { slug: product.slug } })).variants[0]!.available).toBe(2);

    const received = await admin.adjustStock({ body: { variantId, quantity: 5, reason: 'receive', note: 'PO 1042' } });
    expect(received).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
    // The cached product page was invalidated by the adjustment.
    expect((await shopper.getProduct({ params: { slug: product.slug } })).variants[0]!.available).toBe(7);

    await admin.adjustStock({ body: { variantId, quantity: -1, reason: 'damage' } });
    const stock = await admin.getVariantStock({ params: { id: variantId } });
    expect(stock.levels).toHaveLength(1);
    expect(stock.levels[0]).toMatchObject({ locationCode: 'main', onHand: 6, available: 6 });
    expect(stock.movements.map((m) => [m.reason, m.onHandDelta])).toEqual([
      ['damage', -1],
      ['receive', 5],
      ['initial', 2],
    ]);
    expect(stock.movements.reduce((s, m) => s + m.onHandDelta, 0)).toBe(6);
  });

  it('refuses to remove more than is on hand, naming the field, and changes nothing', async () => {
    const admin = await adminApi();
    const { variantId } = await productWithStock(admin, 1);
    const err = await apiError(() => admin.adjustStock({ body: { variantId, quantity: -2, reason: 'correction' } }));
    expect([err.status, err.code, err.fields[0]?.field]).toEqual([409, 'conflict', 'body.quantity']);
    const wrongSign = await apiError(() => admin.adjustStock({ body: { variantId, quantity: -1, reason: 'receive' } }));
    expect([wrongSign.status, wrongSign.fields[0]?.field]).toEqual([400, 'body.quantity']);
    const fractional = await apiError(() => admin.adjustStock({ body: { variantId, quantity: 1.5, reason: 'receive' } }));
    expect(fractional.fields[0]?.field).toBe('body.quantity');
    expect((await admin.getVariantStock({ params: { id: variantId } })).levels[0]!.onHand).toBe(1);
  });

  it('answers unknown variants clearly', async () => {
    const admin = await adminApi();
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await apiError(() => admin.getVariantStock({ params: { id } }))).status).toBe(404);
    const err = await apiError(() => admin.adjustStock({ body: { variantId: id, quantity: 1, reason: 'receive' } }));
    expect([err.status, err.fields[0]?.field]).toEqual([400, 'body.variantId']);
  });

  it('keeps stock administration for staff', async () => {
    const { api } = await signUp();
    const err = await apiError(() => api.getVariantStock({ params: { id: '00000000-0000-4000-8000-000000000000' } }));
    expect(err.status).toBe(403);
  });
});
