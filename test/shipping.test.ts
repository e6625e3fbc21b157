import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adminApi, apiError, client, signUp } from './support/client.js';

async function product(prices: { currency: 'LKR' | 'USD' | 'EUR'; amount: number }[], weightGrams = 500) {
  const admin = await adminApi();
  const sku = `SHIP-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const created = await admin.createProduct({
    body: { title: `Ship ${sku}`, status: 'published', variants: [{ sku, title: 'One', weightGrams, prices, initialStock: 50 }] },
  });
  return created.variants[0]!.id;
}

describe('shipping and tax in the cart', () => {
  it('offers the destination zone methods, cheapest first, with free shipping over the threshold', async () => {
    const variantId = await product([{ currency: 'LKR', amount: 500000 }]);
    const api = client();
    const { id } = await api.createCart();
    await api.addCartLine({ params: { id }, body: { variantId, quantity: 1 } });
    const cart = await api.setCartDestination({ params: { id }, body: { country: 'lk' } });
    expect(cart.destination).toEqual({ country: 'LK', region: '', postalCode: '' });
    expect(cart.shippingOptions.map((o) => [o.name, o.amount.amount])).toEqual([
      ['Standard (2–4 days)', 45000],
      ['Express (next day)', 120000],
    ]);
    // No method chosen yet: shipping is null, VAT is reported inside the price.
    expect(cart.totals.shipping).toBeNull();
    expect(cart.totals.tax.amount).toBe(Math.round((500000 * 1800) / 11800));
    const express = await api.chooseShippingMethod({ params: { id }, body: { methodId: cart.shippingOptions[1]!.id } });
    expect(express.totals.shipping).toEqual({ amount: 120000, currency: 'LKR' });
    expect(express.totals.total.amount).toBe(620000);
    // LKR 15,000 or more ships free by standard.
    const big = await api.setCartLine({ params: { id, variantId }, body: { quantity: 3 } });
    expect(big.shippingOptions[0]).toMatchObject({ name: 'Standard (2–4 days)', amount: { amount: 0 } });
  });

  it('charges abroad by weight, without Sri Lankan VAT', async () => {
    const variantId = await product([{ currency: 'USD', amount: 2000 }], 1200);
    const api = client();
    const { id } = await api.createCart({ body: { currency: 'USD' } });
    await api.addCartLine({ params: { id }, body: { variantId, quantity: 1 } });
    const cart = await api.setCartDestination({ params: { id }, body: { country: 'DE' } });
    // 1.2 kg: base USD 12 + 2 started kilos × USD 6.
    expect(cart.shippingOptions.map((o) => o.amount.amount)).toEqual([2400]);
    expect(cart.totals.tax.amount).toBe(0);
  });

  it('refuses a method the destination does not offer, and a checkout nobody can deliver', async () => {
    const eurOnly = await product([{ currency: 'EUR', amount: 1500 }]);
    const api = client();
    const { id } = await api.createCart({ body: { currency: 'EUR' } });
    await api.addCartLine({ params: { id }, body: { variantId: eurOnly, quantity: 1 } });
    const noDestination = await apiError(() => api.chooseShippingMethod({ params: { id }, body: { methodId: randomUUID() } }));
    expect(noDestination.fields[0]?.code).toBe('no_destination');
    // Sri Lanka has no EUR rates: nothing can deliver this EUR cart there.
    const lk = await api.setCartDestination({ params: { id }, body: { country: 'LK' } });
    expect(lk.shippingOptions).toEqual([]);
    const err = await apiError(() =>
      api.checkout(
        { body: { cartId: id, email: 'eu@example.com', shippingAddress: { fullName: 'E', line1: '1 Road', city: 'Galle', country: 'LK' } } },
        { idempotencyKey: randomUUID() },
      ),
    );
    expect([err.status, err.fields[0]?.field, err.fields[0]?.code]).toEqual([400, 'body.shippingAddress.country', 'not_deliverable']);
  });

  it('refuses a shipping method the address does not offer', async () => {
    const variantId = await product([{ currency: 'LKR', amount: 100000 }]);
    const api = client();
    const { id } = await api.createCart();
    await api.addCartLine({ params: { id }, body: { variantId, quantity: 1 } });
    const lk = await api.setCartDestination({ params: { id }, body: { country: 'LK' } });
    const abroad = await client().createCart();
    await client().addCartLine({ params: { id: abroad.id }, body: { variantId, quantity: 1 } });
    const worldMethod = (await client().setCartDestination({ params: { id: abroad.id }, body: { country: 'DE' } })).shippingOptions[0]!.id;
    const choose = await apiError(() => api.chooseShippingMethod({ params: { id }, body: { methodId: worldMethod } }));
    expect(choose.fields[0]?.code).toBe('not_offered');
    const checkout = await apiError(() =>
      api.checkout(
        { body: { cartId: id, email: 'x@example.com', shippingMethodId: worldMethod, shippingAddress: { fullName: 'X', line1: '1 Road', city: 'Galle', country: 'LK' } } },
        { idempotencyKey: randomUUID() },
      ),
    );
    expect([checkout.status, checkout.fields[0]?.field]).toEqual([400, 'body.shippingMethodId']);
    expect(lk.shippingOptions.length).toBeGreaterThan(0);
  });
});

describe('shipping administration', () => {
  it('lets staff add a regional zone that wins over the country zone', async () => {
    const admin = await adminApi();
    const region = `Test Region ${randomUUID().slice(0, 6)}`;
    const zone = await admin.createShippingZone({
      body: { name: 'Same-day test', countries: ['lk'], regions: [region], tax: { name: 'VAT', rateBasisPoints: 1800, inclusive: true } },
    });
    expect(zone.countries).toEqual(['LK']);
    const withMethod = await admin.createShippingMethod({
      params: { id: zone.id },
      body: { name: 'Same day', kind: 'flat', rates: [{ currency: 'LKR', amount: 90000 }] },
    });
    expect(withMethod.methods.map((m) => m.name)).toEqual(['Same day']);
    expect((await admin.listShippingZones()).items.some((z) => z.id === zone.id)).toBe(true);

    const variantId = await product([{ currency: 'LKR', amount: 100000 }]);
    const api = client();
    const { id } = await api.createCart();
    await api.addCartLine({ params: { id }, body: { variantId, quantity: 1 } });
    const cart = await api.setCartDestination({ params: { id }, body: { country: 'LK', region } });
    expect(cart.shippingOptions.map((o) => o.name)).toEqual(['Same day']);

    const bad = await apiError(() => admin.createShippingZone({ body: { name: 'x', countries: ['Sri Lanka'] } }));
    expect(bad.fields[0]?.field).toBe('body.countries.0');
    const customer = await signUp();
    expect((await apiError(() => customer.api.listShippingZones())).status).toBe(403);
  });

  it('lets staff change a zone\'s tax and countries and retire a method, quoted at once', async () => {
    const admin = await adminApi();
    const variantId = await product([{ currency: 'USD', amount: 10_000 }]);
    const zone = await admin.createShippingZone({ body: { name: `Iceland ${Date.now()}`, countries: ['IS'] } });
    const withMethod = await admin.createShippingMethod({ params: { id: zone.id }, body: { name: 'Air', kind: 'flat', rates: [{ currency: 'USD', amount: 1_500 }] } });
    const method = withMethod.methods[0]!;
    const api = client();
    const { id } = await api.createCart({ body: { currency: 'USD' } });
    await api.addCartLine({ params: { id }, body: { variantId, quantity: 1 } });
    const before = await api.setCartDestination({ params: { id }, body: { country: 'IS' } });
    expect([before.shippingOptions.map((o) => o.amount.amount), before.totals.tax.amount]).toEqual([[1_500], 0]);

    const taxed = await admin.updateShippingZone({ params: { id: zone.id }, body: { tax: { name: 'VAT', rateBasisPoints: 2_400, inclusive: false } } });
    expect([taxed.name, taxed.countries, taxed.tax]).toEqual([zone.name, ['IS'], { name: 'VAT', rateBasisPoints: 2_400, inclusive: false }]);
    const after = await api.setCartDestination({ params: { id }, body: { country: 'IS' } });
    expect(after.totals.tax.amount).toBeGreaterThanOrEqual(2_400); // 24 % of the goods, at least
    // Adding Greenland to the zone; then retiring its only method leaves nothing to ship by.
    expect((await admin.updateShippingZone({ params: { id: zone.id }, body: { countries: ['is', 'gl'] } })).countries).toEqual(['IS', 'GL']);
    const retired = await admin.retireShippingMethod({ params: { id: zone.id, methodId: method.id } });
    expect(retired.methods).toEqual([]);
    expect((await api.setCartDestination({ params: { id }, body: { country: 'GL' } })).shippingOptions).toEqual([]);
    expect((await apiError(() => admin.retireShippingMethod({ params: { id: zone.id, methodId: method.id } }))).status).toBe(404);
    const bad = await apiError(() => admin.updateShippingZone({ params: { id: zone.id }, body: { tax: { name: 'VAT', rateBasisPoints: 20_000, inclusive: false } } }));
    expect([bad.status, bad.fields[0]?.field]).toEqual([400, 'body.tax.rateBasisPoints']);
    expect((await apiError(() => admin.updateShippingZone({ params: { id: randomUUID() }, body: { name: 'x' } }))).status).toBe(404);
  });
});
