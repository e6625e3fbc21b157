import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adminApi, apiError, client, paySandbox } from './support/client.js';

const address = { fullName: 'Kumari Perera', line1: '12 Galle Road', city: 'Colombo', country: 'lk' };
const hour = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const uniqueCode = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 10)}`.toUpperCase();

async function product(price = 100_000, stock = 100) {
  const admin = await adminApi();
  const sku = `PR-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  const created = await admin.createProduct({
    body: { title: `Promo test ${sku}`, status: 'published', variants: [{ sku, title: 'One', prices: [{ currency: 'LKR', amount: price }], initialStock: stock }] },
  });
  return { productId: created.id, variantId: created.variants[0]!.id, sku, slug: created.slug };
}

async function cartWith(lines: { variantId: string; quantity: number }[]) {
  const api = client();
  const cart = await api.createCart({ body: { currency: 'LKR' } });
  for (const line of lines) await api.addCartLine({ params: { id: cart.id }, body: line });
  return { api, cartId: cart.id };
}

async function promotion(body: Parameters<Awaited<ReturnType<typeof adminApi>>['createPromotion']>[0]['body']) {
  return (await adminApi()).createPromotion({ body });
}

describe('discount codes on a cart', () => {
  it('answers with the discount, or with the exact reason it does not apply', async () => {
    const a = await product(100_000);
    const b = await product(50_000);
    const { api, cartId } = await cartWith([{ variantId: a.variantId, quantity: 1 }, { variantId: b.variantId, quantity: 1 }]);
    const code = uniqueCode('TEN');
    await promotion({ name: '10 % off', code: code.toLowerCase(), kind: 'percentage', percentOff: 10, startsAt: iso(-hour) });
    const cart = await api.applyPromotionCode({ params: { id: cartId }, body: { code: code.toLowerCase() } });
    expect(cart.totals.discount.amount).toBe(15_000);
    expect(cart.promotions).toEqual([expect.objectContaining({ code, applied: true, amount: { amount: 15_000, currency: 'LKR' } })]);
    // The discount is allocated to the lines to the minor unit.
    expect(cart.lines.reduce((s, l) => s + l.discount.amount, 0)).toBe(15_000);
    expect(cart.totals.total.amount).toBe(cart.totals.subtotal.amount - 15_000);

    const reason = async (body: Parameters<typeof promotion>[0]) => {
      const c = uniqueCode('R');
      await promotion({ ...body, code: c });
      const err = await apiError(() => api.applyPromotionCode({ params: { id: cartId }, body: { code: c } }));
      expect([err.status, err.code, err.fields[0]?.field]).toEqual([422, 'promotion_not_applicable', 'body.code']);
      return err.fields[0]!.code;
    };
    const base = { name: 'x', kind: 'percentage' as const, percentOff: 5 };
    expect(await reason({ ...base, startsAt: iso(hour) })).toBe('not_started');
    expect(await reason({ ...base, startsAt: iso(-2 * hour), endsAt: iso(-hour) })).toBe('expired');
    expect(await reason({ ...base, startsAt: iso(-hour), minSubtotal: { LKR: 1_000_000 } })).toBe('below_minimum');
    expect(await reason({ ...base, startsAt: iso(-hour), target: 'products', targetIds: [(await product()).productId] })).toBe('not_valid_for_items');
    expect(await reason({ ...base, startsAt: iso(-hour), active: false })).toBe('inactive');
    const unknown = await apiError(() => api.applyPromotionCode({ params: { id: cartId }, body: { code: 'NO-SUCH-CODE' } }));
    expect(unknown.fields[0]?.code).toBe('unknown_code');
    // Refused codes are not kept on the cart.
    expect((await api.getCart({ params: { id: cartId } })).promotions.map((p) => p.code)).toEqual([code]);

    const removed = await api.removePromotionCode({ params: { id: cartId, code } });
    expect(removed.totals.discount.amount).toBe(0);
  });

  it('applies automatic promotions by priority: an exclusive one stops the rest; free shipping needs a method', async () => {
    const p = await product(80_000);
    const collection = await (await adminApi()).createCollection({ body: { slug: `col-${randomUUID().slice(0, 8)}`, name: 'Gifts', productIds: [p.productId] } });
    // Automatic promotions apply to every cart: scope them to this test's collection.
    await promotion({ name: 'Gifts 5 % off', kind: 'percentage', percentOff: 5, target: 'collections', targetIds: [collection.id], startsAt: iso(-hour), priority: 1 });
    const { api, cartId } = await cartWith([{ variantId: p.variantId, quantity: 1 }]);
    let cart = await api.getCart({ params: { id: cartId } });
    expect(cart.promotions.map((x) => [x.name, x.amount.amount])).toEqual([['Gifts 5 % off', 4_000]]);

    const vip = uniqueCode('VIP');
    await promotion({ name: 'VIP 20 %', code: vip, kind: 'percentage', percentOff: 20, exclusive: true, priority: 10, startsAt: iso(-hour) });
    cart = await api.applyPromotionCode({ params: { id: cartId }, body: { code: vip } });
    expect(cart.promotions.filter((x) => x.applied).map((x) => x.name)).toEqual(['VIP 20 %']);
    expect(cart.totals.discount.amount).toBe(16_000);

    const low = uniqueCode('LOW');
    await promotion({ name: 'Low exclusive', code: low, kind: 'percentage', percentOff: 30, exclusive: true, priority: -5, startsAt: iso(-hour) });
    const refused = await apiError(() => api.applyPromotionCode({ params: { id: cartId }, body: { code: low } }));
    expect(refused.fields[0]?.code).toBe('not_combinable');

    const ship = uniqueCode('SHIP');
    await promotion({ name: 'Free shipping', code: ship, kind: 'free_shipping', target: 'shipping', startsAt: iso(-hour), priority: 20 });
    expect((await apiError(() => api.applyPromotionCode({ params: { id: cartId }, body: { code: ship } }))).fields[0]?.code).toBe('shipping_not_chosen');
  });

  it('refuses bad promotions with every problem named, and nothing stored', async () => {
    const admin = await adminApi();
    const bad = await apiError(() => admin.createPromotion({ body: { name: 'x', kind: 'percentage', percentOff: 150, startsAt: iso(0), endsAt: iso(-hour) } }));
    expect(bad.status).toBe(400);
    expect(bad.fields.map((f) => f.field).sort()).toEqual(['body.endsAt', 'body.percentOff']);
    const tooBig = await apiError(() => admin.createPromotion({ body: { name: 'x', kind: 'fixed', amounts: { LKR: 50_000 }, minSubtotal: { LKR: 10_000 }, startsAt: iso(0) } }));
    expect(tooBig.fields.map((f) => f.field)).toEqual(['body.amounts.LKR']);
    const noTarget = await apiError(() => admin.createPromotion({ body: { name: 'x', kind: 'percentage', percentOff: 5, target: 'products', targetIds: [randomUUID()], startsAt: iso(0) } }));
    expect([noTarget.status, noTarget.fields[0]?.field]).toEqual([400, 'body.targetIds.0']);

    const window = { startsAt: iso(30 * 24 * hour), endsAt: iso(31 * 24 * hour) };
    await admin.createPromotion({ body: { name: 'Exclusive A', kind: 'percentage', percentOff: 5, exclusive: true, target: 'products', targetIds: [(await product()).productId], ...window } });
    const overlap = await apiError(() => admin.createPromotion({ body: { name: 'Exclusive B', kind: 'percentage', percentOff: 5, exclusive: true, startsAt: iso(30.5 * 24 * hour) } }));
    expect([overlap.status, overlap.fields[0]?.code]).toEqual([409, 'overlapping_exclusive']);

    const code = uniqueCode('DUP');
    await admin.createPromotion({ body: { name: 'a', code, kind: 'percentage', percentOff: 5, startsAt: iso(0) } });
    const dup = await apiError(() => admin.createPromotion({ body: { name: 'b', code: code.toLowerCase(), kind: 'percentage', percentOff: 5, startsAt: iso(0) } }));
    expect([dup.status, dup.fields[0]?.code]).toEqual([409, 'code_taken']);
  });
});

describe('promotion usage', () => {
  it('is held at checkout, counted when paid and given back when the order is cancelled', async () => {
    const p = await product(60_000);
    const code = uniqueCode('USE');
    const created = await promotion({ name: 'Rs 1,000 off', code, kind: 'fixed', amounts: { LKR: 100_000 }, minSubtotal: { LKR: 100_000 }, startsAt: iso(-hour), usageLimit: 10 });
    const { api, cartId } = await cartWith([{ variantId: p.variantId, quantity: 3 }]);
    await api.applyPromotionCode({ params: { id: cartId }, body: { code } });
    const order = await api.checkout({ body: { cartId, email: 'promo@example.com', shippingAddress: address } }, { idempotencyKey: randomUUID() });
    expect(order.promotions).toEqual([{ id: created.id, code, name: 'Rs 1,000 off', amount: { amount: 100_000, currency: 'LKR' } }]);
    expect(order.totals.discount.amount).toBe(100_000);
    expect(order.lines[0]!.discount.amount).toBe(100_000);
    const admin = await adminApi();
    expect(await admin.getPromotion({ params: { id: created.id } })).toMatchObject({ timesUsed: 0, timesReserved: 1 });
    await paySandbox(api, order.id);
    expect(await admin.getPromotion({ params: { id: created.id } })).toMatchObject({ timesUsed: 1, timesReserved: 0 });
    await admin.cancelOrder({ params: { id: order.id }, body: { reason: 'customer asked' } });
    expect(await admin.getPromotion({ params: { id: created.id } })).toMatchObject({ timesUsed: 0, timesReserved: 0 });
  });

  it('refuses a checkout whose total changed since the shopper saw it', async () => {
    const p = await product(40_000);
    const { api, cartId } = await cartWith([{ variantId: p.variantId, quantity: 1 }]);
    const shown = (await api.getCart({ params: { id: cartId } })).totals;
    await (await adminApi()).applyPriceRun({ body: { currency: 'LKR', filter: { skus: [p.sku] }, operation: { type: 'increase', by: 'amount', value: 1_000 } } });
    const changed = await apiError(() =>
      api.checkout({ body: { cartId, email: 'x@example.com', shippingAddress: address, expectedTotal: shown.total.amount + 45_000 } }, { idempotencyKey: randomUUID() }),
    );
    expect([changed.status, changed.fields[0]?.field, changed.fields[0]?.code]).toEqual([409, 'body.expectedTotal', 'total_changed']);
  });

  it('50 concurrent orders racing for a code with 5 redemptions left: exactly 5 get it', async () => {
    const p = await product(10_000, 500);
    const code = uniqueCode('RACE');
    const created = await promotion({ name: 'Last five', code, kind: 'percentage', percentOff: 50, startsAt: iso(-hour), usageLimit: 5 });
    const carts = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const c = await cartWith([{ variantId: p.variantId, quantity: 1 }]);
        await c.api.applyPromotionCode({ params: { id: c.cartId }, body: { code } });
        return c;
      }),
    );
    const results = await Promise.allSettled(
      carts.map((c, n) => c.api.checkout({ body: { cartId: c.cartId, email: `race${n}@example.com`, shippingAddress: address } }, { idempotencyKey: randomUUID() })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { status: number; code: string; fields: { code: string }[] }] : []));
    expect(won).toHaveLength(5);
    expect(lost.every((e) => e.status === 422 && e.code === 'promotion_not_applicable' && e.fields[0]?.code === 'limit_reached')).toBe(true);
    expect(await (await adminApi()).getPromotion({ params: { id: created.id } })).toMatchObject({ timesUsed: 0, timesReserved: 5 });
  });

  it('holds a per-customer limit across orders', async () => {
    const p = await product(10_000);
    const code = uniqueCode('ONCE');
    await promotion({ name: 'Once each', code, kind: 'percentage', percentOff: 10, startsAt: iso(-hour), perCustomerLimit: 1 });
    const first = await cartWith([{ variantId: p.variantId, quantity: 1 }]);
    await first.api.applyPromotionCode({ params: { id: first.cartId }, body: { code } });
    await first.api.checkout({ body: { cartId: first.cartId, email: 'Once@Example.com', shippingAddress: address } }, { idempotencyKey: randomUUID() });
    const second = await cartWith([{ variantId: p.variantId, quantity: 1 }]);
    await second.api.applyPromotionCode({ params: { id: second.cartId }, body: { code } });
    const refused = await apiError(() => second.api.checkout({ body: { cartId: second.cartId, email: 'once@example.com', shippingAddress: address } }, { idempotencyKey: randomUUID() }));
    expect([refused.status, refused.fields[0]?.code]).toEqual([422, 'limit_reached']);
  });
});

describe('flash sales', () => {
  it('prices exactly inside the window, shows the end for a countdown, and limits units per customer', async () => {
    const p = await product(100_000);
    const admin = await adminApi();
    const startsAt = new Date(Math.ceil((Date.now() + 1500) / 1000) * 1000);
    const endsAt = new Date(startsAt.getTime() + 2500);
    const sale = await admin.createFlashSale({
      body: { name: 'Midnight madness', startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), kind: 'percentage', percentOff: 25, perCustomerLimit: 2, items: [{ variantId: p.variantId }] },
    });
    expect(sale.state).toBe('scheduled');
    const page = () => client().getProduct({ params: { slug: p.slug }, query: { currency: 'LKR' } });
    const before = await page();
    expect([before.price?.amount, before.flashSale]).toEqual([100_000, null]);

    await new Promise((r) => setTimeout(r, Math.max(0, startsAt.getTime() - Date.now() + 50)));
    const during = await page();
    expect(during.price?.amount).toBe(75_000);
    expect(during.variants[0]!.compareAtPrice?.amount).toBe(100_000);
    expect(during.flashSale).toEqual({ id: sale.id, name: 'Midnight madness', endsAt: endsAt.toISOString(), perCustomerLimit: 2 });
    expect((await client().currentFlashSales()).items.find((s) => s.id === sale.id)?.state).toBe('running');

    // The per-customer limit: 3 units at the sale price are refused, 2 are fine, then no more.
    const tooMany = await cartWith([{ variantId: p.variantId, quantity: 3 }]);
    expect((await tooMany.api.getCart({ params: { id: tooMany.cartId } })).lines[0]!.unitPrice?.amount).toBe(75_000);
    const refused = await apiError(() => tooMany.api.checkout({ body: { cartId: tooMany.cartId, email: 'flash@example.com', shippingAddress: address } }, { idempotencyKey: randomUUID() }));
    expect([refused.status, refused.fields[0]?.code]).toEqual([400, 'flash_sale_limit']);
    const two = await cartWith([{ variantId: p.variantId, quantity: 2 }]);
    const order = await two.api.checkout({ body: { cartId: two.cartId, email: 'flash@example.com', shippingAddress: address } }, { idempotencyKey: randomUUID() });
    expect(order.lines[0]!.unitPrice.amount).toBe(75_000);

    await new Promise((r) => setTimeout(r, Math.max(0, endsAt.getTime() - Date.now() + 50)));
    const after = await page();
    expect([after.price?.amount, after.flashSale]).toEqual([100_000, null]);
  });

  it('refuses a sale that overlaps another on the same variant, or ends before it starts', async () => {
    const p = await product();
    const admin = await adminApi();
    const window = { startsAt: iso(10 * hour), endsAt: iso(12 * hour) };
    await admin.createFlashSale({ body: { name: 'A', ...window, kind: 'fixed_price', items: [{ variantId: p.variantId, prices: { LKR: 50_000 } }] } });
    const overlap = await apiError(() => admin.createFlashSale({ body: { name: 'B', startsAt: iso(11 * hour), endsAt: iso(13 * hour), kind: 'percentage', percentOff: 10, items: [{ variantId: p.variantId }] } }));
    expect([overlap.status, overlap.fields[0]?.field, overlap.fields[0]?.code]).toEqual([400, 'body.items.0.variantId', 'overlapping_sale']);
    const backwards = await apiError(() => admin.createFlashSale({ body: { name: 'C', startsAt: iso(hour), endsAt: iso(0), kind: 'percentage', percentOff: 110, items: [{ variantId: p.variantId }] } }));
    expect(backwards.fields.map((f) => f.field).sort()).toEqual(['body.endsAt', 'body.percentOff']);
  });
});

describe('bulk price operations', () => {
  it('previews every change, applies atomically, audits and reverts', async () => {
    const admin = await adminApi();
    const a = await product(10_000);
    const b = await product(20_005);
    const collection = await admin.createCollection({ body: { slug: `bulk-${randomUUID().slice(0, 8)}`, name: 'Bulk', productIds: [a.productId, b.productId] } });
    const request = { currency: 'LKR' as const, filter: { collectionId: collection.id }, operation: { type: 'increase' as const, by: 'percent' as const, value: 10 } };
    const preview = await admin.previewPriceRun({ body: request });
    expect(preview.changes.map((c) => [c.sku, c.oldAmount, c.newAmount]).sort()).toEqual([
      [a.sku, 10_000, 11_000],
      [b.sku, 20_005, 22_006], // 2000.5 rounds half up
    ].sort());
    expect((await client().getProduct({ params: { slug: a.slug }, query: { currency: 'LKR' } })).price?.amount).toBe(10_000);
    const run = await admin.applyPriceRun({ body: request });
    expect(run.changeCount).toBe(2);
    expect((await client().getProduct({ params: { slug: a.slug }, query: { currency: 'LKR' } })).price?.amount).toBe(11_000);
    expect((await admin.listPriceRuns()).items[0]).toMatchObject({ id: run.id, changeCount: 2, createdBy: expect.any(String) });

    const revert = await admin.revertPriceRun({ params: { id: run.id } });
    expect(revert.reverts).toBe(run.id);
    expect((await client().getProduct({ params: { slug: b.slug }, query: { currency: 'LKR' } })).price?.amount).toBe(20_005);
    expect((await apiError(() => admin.revertPriceRun({ params: { id: run.id } }))).status).toBe(409);

    // Two runs at once on the same prices: the second works from what the first committed.
    await Promise.all([admin.applyPriceRun({ body: request }), admin.applyPriceRun({ body: request })]);
    expect((await client().getProduct({ params: { slug: a.slug }, query: { currency: 'LKR' } })).price?.amount).toBe(12_100);
    await admin.applyPriceRun({ body: { ...request, operation: { type: 'set', by: 'amount', value: 10_000 } } });
    // Percentages with two decimals are fine, including ones binary floating point cannot hold.
    expect((await admin.previewPriceRun({ body: { ...request, operation: { type: 'increase', by: 'percent', value: 0.07 } } })).count).toBe(2);

    const below = await apiError(() => admin.applyPriceRun({ body: { ...request, operation: { type: 'decrease', by: 'amount', value: 15_000 } } }));
    expect([below.status, below.fields.map((f) => f.field).sort()]).toEqual([400, [`variants.${a.sku}`, `variants.${b.sku}`].sort()]);
    expect((await client().getProduct({ params: { slug: a.slug }, query: { currency: 'LKR' } })).price?.amount).toBe(10_000); // nothing applied
  });

  it('takes a CSV of prices, naming every bad row and column, and applies nothing unless all are good', async () => {
    const admin = await adminApi();
    const a = await product(10_000);
    const wrongColumns = await apiError(() => admin.previewPriceCsv({ body: { csv: 'sku,price\nX,1' } }));
    expect(wrongColumns.fields.map((f) => f.code).sort()).toEqual(['missing_column', 'missing_column']);
    const bad = await apiError(() =>
      admin.applyPriceCsv({ body: { csv: `sku,currency,price,compare_at\n${a.sku},LKR,125.50,\nNOPE-1,LKR,10.00,\n${a.sku},XYZ,abc,\n${a.sku},USD,9.999,` } }),
    );
    expect(bad.status).toBe(400);
    expect(bad.fields.map((f) => f.field)).toEqual(['body.csv.3.sku', 'body.csv.4.currency', 'body.csv.4.price', 'body.csv.5.price']);
    // An unquoted thousands separator splits a row; a decimal comma is not a price: neither is guessed.
    const ambiguous = await apiError(() => admin.previewPriceCsv({ body: { csv: `sku,currency,price,compare_at\n${a.sku},LKR,1,250.00,\n${a.sku},USD,"12,50",` } }));
    expect(ambiguous.fields.map((f) => [f.field, f.code])).toEqual([['body.csv.2', 'wrong_field_count'], ['body.csv.3.price', 'invalid_number']]);
    expect((await client().getProduct({ params: { slug: a.slug }, query: { currency: 'LKR' } })).price?.amount).toBe(10_000);
    const run = await admin.applyPriceCsv({ body: { csv: `sku,currency,price,compare_at\n${a.sku},LKR,"1,250.50",1500\n${a.sku},USD,9.99,` } });
    expect(run.changes.map((c) => [c.currency, c.newAmount, c.newCompareAt]).sort()).toEqual([['LKR', 125_050, 150_000], ['USD', 999, null]]);
    const page = await client().getProduct({ params: { slug: a.slug }, query: { currency: 'LKR' } });
    expect([page.price?.amount, page.variants[0]!.compareAtPrice?.amount]).toEqual([125_050, 150_000]);
  });
});
