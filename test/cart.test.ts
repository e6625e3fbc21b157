import { describe, expect, it } from 'vitest';
import { adminApi, apiError, client, raw, signUp } from './support/client.js';

/** A fresh published product so stock and prices are known exactly. */
async function product(stock: number, prices = [{ currency: 'LKR' as const, amount: 250000 }, { currency: 'USD' as const, amount: 899 }]) {
  const admin = await adminApi();
  const sku = `CART-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  const created = await admin.createProduct({
    body: { title: `Cart test ${sku}`, status: 'published', variants: [{ sku, title: 'One', prices, initialStock: stock }] },
  });
  return created.variants[0]!.id;
}

describe('guest carts', () => {
  it('prices lines and totals on the server', async () => {
    const variantId = await product(10);
    const api = client();
    const cart = await api.createCart({ body: { currency: 'LKR' } });
    expect(cart.lines).toEqual([]);
    const added = await api.addCartLine({ params: { id: cart.id }, body: { variantId, quantity: 3 } });
    expect(added.lines[0]).toMatchObject({ variantId, quantity: 3, unitPrice: { amount: 250000, currency: 'LKR' }, purchasable: true });
    expect(added.totals).toEqual({
      subtotal: { amount: 750000, currency: 'LKR' },
      discount: { amount: 0, currency: 'LKR' },
      shipping: null,
      tax: { amount: 0, currency: 'LKR' },
      total: { amount: 750000, currency: 'LKR' },
    });
    const again = await api.addCartLine({ params: { id: cart.id }, body: { variantId, quantity: 2 } });
    expect([again.lines.length, again.itemCount]).toEqual([1, 5]);
    const fetched = await client().getCart({ params: { id: cart.id } });
    expect(fetched.totals.total.amount).toBe(1_250_000);
  });

  it('caps one item at 999 units however they are added', async () => {
    const variantId = await product(2000);
    const api = client();
    const { id } = await api.createCart();
    await api.addCartLine({ params: { id }, body: { variantId, quantity: 999 } });
    const err = await apiError(() => api.addCartLine({ params: { id }, body: { variantId, quantity: 1 } }));
    expect([err.status, err.fields[0]?.code]).toEqual([400, 'too_big']);
  });

  it('refuses a client-sent price and odd quantities', async () => {
    const variantId = await product(10);
    const api = client();
    const cart = await api.createCart();
    for (const quantity of [0, -1, 1.5, 1000]) {
      const err = await apiError(() => api.addCartLine({ params: { id: cart.id }, body: { variantId, quantity } }));
      expect([err.status, err.fields[0]?.field]).toEqual([400, 'body.quantity']);
    }
    const res = await raw(`/v1/carts/${cart.id}/lines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ variantId, quantity: 1, price: 1 }),
    });
    expect(res.status).toBe(400);
    expect((await api.getCart({ params: { id: cart.id } })).lines).toEqual([]);
  });

  it('answers more than is available with the available quantity', async () => {
    const variantId = await product(4);
    const api = client();
    const cart = await api.createCart();
    await api.addCartLine({ params: { id: cart.id }, body: { variantId, quantity: 3 } });
    const err = await apiError(() => api.addCartLine({ params: { id: cart.id }, body: { variantId, quantity: 2 } }));
    expect([err.status, err.code]).toEqual([409, 'out_of_stock']);
    expect(err.problem?.lines).toEqual([{ variantId, requested: 5, available: 4 }]);
    expect(err.message).toBe('Only 4 available');
    expect((await api.getCart({ params: { id: cart.id } })).itemCount).toBe(3);
  });

  it('refuses a variant not sold in the cart currency, or unknown', async () => {
    const lkrOnly = await product(5, [{ currency: 'LKR', amount: 100000 }]);
    const api = client();
    const cart = await api.createCart({ body: { currency: 'USD' } });
    const err = await apiError(() => api.addCartLine({ params: { id: cart.id }, body: { variantId: lkrOnly, quantity: 1 } }));
    expect([err.status, err.fields[0]?.field, err.fields[0]?.code]).toEqual([400, 'body.variantId', 'not_priced']);
    const unknown = await apiError(() =>
      api.addCartLine({ params: { id: cart.id }, body: { variantId: '00000000-0000-4000-8000-000000000000', quantity: 1 } }),
    );
    expect(unknown.fields[0]?.code).toBe('not_found');
  });

  it('changes, removes and clears lines', async () => {
    const a = await product(10);
    const b = await product(10);
    const api = client();
    const { id } = await api.createCart();
    await api.addCartLine({ params: { id }, body: { variantId: a, quantity: 1 } });
    await api.addCartLine({ params: { id }, body: { variantId: b, quantity: 1 } });
    expect((await api.setCartLine({ params: { id, variantId: a }, body: { quantity: 4 } })).itemCount).toBe(5);
    expect((await api.setCartLine({ params: { id, variantId: a }, body: { quantity: 0 } })).lines.map((l) => l.variantId)).toEqual([b]);
    expect((await api.removeCartLine({ params: { id, variantId: b } })).lines).toEqual([]);
    await api.addCartLine({ params: { id }, body: { variantId: a, quantity: 1 } });
    expect((await api.clearCart({ params: { id } })).lines).toEqual([]);
    expect((await apiError(() => api.setCartLine({ params: { id, variantId: a }, body: { quantity: 1 } }))).status).toBe(404);
  });

  it('loses no change when several devices add at once', async () => {
    const variantId = await product(50);
    const api = client();
    const { id } = await api.createCart();
    await Promise.all(Array.from({ length: 10 }, () => client().addCartLine({ params: { id }, body: { variantId, quantity: 1 } })));
    expect((await api.getCart({ params: { id } })).itemCount).toBe(10);
  });
});

describe('customer carts', () => {
  it('is the same cart on every device', async () => {
    const variantId = await product(10);
    const { email, password, api: phone } = await signUp();
    const laptopSession = await client().login({ body: { email, password } });
    const laptop = client({ accessToken: laptopSession.tokens.accessToken });
    const onPhone = await phone.getMyCart();
    await phone.addCartLine({ params: { id: onPhone.id }, body: { variantId, quantity: 2 } });
    const onLaptop = await laptop.getMyCart();
    expect(onLaptop.id).toBe(onPhone.id);
    expect(onLaptop.itemCount).toBe(2);
    // Creating a cart while signed in gives back the same cart.
    expect((await laptop.createCart()).id).toBe(onPhone.id);
  });

  it('merges a guest cart into the customer cart on sign-in', async () => {
    const a = await product(10);
    const b = await product(3);
    const customer = await signUp();
    const mine = await customer.api.getMyCart();
    await customer.api.addCartLine({ params: { id: mine.id }, body: { variantId: b, quantity: 2 } });
    const guest = client();
    const guestCart = await guest.createCart();
    await guest.addCartLine({ params: { id: guestCart.id }, body: { variantId: a, quantity: 1 } });
    await guest.addCartLine({ params: { id: guestCart.id }, body: { variantId: b, quantity: 3 } });
    const merged = await customer.api.mergeCart({ body: { cartId: guestCart.id } });
    expect(merged.id).toBe(mine.id);
    // 2 + 3 of b is more than the 3 in stock: the merge keeps what can be bought.
    expect(Object.fromEntries(merged.lines.map((l) => [l.variantId, l.quantity]))).toEqual({ [a]: 1, [b]: 3 });
    expect((await apiError(() => guest.getCart({ params: { id: guestCart.id } }))).status).toBe(404);
  });

  it('merges a guest cart once when two tabs sign in at the same moment', async () => {
    const variantId = await product(10);
    const customer = await signUp();
    const guest = client();
    const guestCart = await guest.createCart();
    await guest.addCartLine({ params: { id: guestCart.id }, body: { variantId, quantity: 2 } });
    const results = await Promise.all([0, 1, 2].map(() => customer.api.mergeCart({ body: { cartId: guestCart.id } })));
    expect(results.map((r) => r.itemCount)).toContain(2);
    expect((await customer.api.getMyCart()).itemCount).toBe(2);
  });

  it("keeps a customer's cart from guests and other customers", async () => {
    const owner = await signUp();
    const cart = await owner.api.getMyCart();
    const stranger = await signUp();
    expect((await apiError(() => stranger.api.getCart({ params: { id: cart.id } }))).status).toBe(404);
    expect((await apiError(() => client().getCart({ params: { id: cart.id } }))).status).toBe(404);
    expect((await apiError(() => stranger.api.clearCart({ params: { id: cart.id } }))).status).toBe(404);
    const [demo] = (await client().listProducts({ query: { category: 'home', inStock: 'true', limit: 1 } })).items;
    const detail = await client().getProduct({ params: { slug: demo!.slug } });
    const variantId = detail.variants.find((v) => v.inStock)!.id;
    expect((await apiError(() => stranger.api.addCartLine({ params: { id: cart.id }, body: { variantId, quantity: 1 } }))).status).toBe(404);
    expect((await apiError(() => client().setCartDestination({ params: { id: cart.id }, body: { country: 'LK' } }))).status).toBe(404);
    expect((await apiError(() => stranger.api.mergeCart({ body: { cartId: cart.id } }))).status).toBe(404);
  });
});
