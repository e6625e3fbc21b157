import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adminApi, apiError, client, signUp, paySandbox } from './support/client.js';

const address = { fullName: 'Kumari Perera', line1: '12 Galle Road', city: 'Colombo', country: 'lk' };

async function product(stock: number, amount = 250000) {
  const admin = await adminApi();
  const sku = `CO-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  const created = await admin.createProduct({
    body: { title: `Checkout test ${sku}`, status: 'published', variants: [{ sku, title: 'One', prices: [{ currency: 'LKR', amount }], initialStock: stock }] },
  });
  return { variantId: created.variants[0]!.id, admin };
}

async function stock(variantId: string) {
  const admin = await adminApi();
  const { levels } = await admin.getVariantStock({ params: { id: variantId } });
  return { onHand: levels[0]!.onHand, reserved: levels[0]!.reserved };
}

async function guestCart(lines: { variantId: string; quantity: number }[]) {
  const api = client();
  const cart = await api.createCart();
  for (const line of lines) await api.addCartLine({ params: { id: cart.id }, body: line });
  return { api, cartId: cart.id };
}

describe('checkout', () => {
  it('turns a guest cart into an order awaiting payment that holds its stock, once per key', async () => {
    const a = await product(5, 100000);
    const b = await product(5, 35000);
    const { api, cartId } = await guestCart([{ variantId: a.variantId, quantity: 2 }, { variantId: b.variantId, quantity: 1 }]);
    const key = randomUUID();
    const order = await api.checkout({ body: { cartId, email: 'guest@example.com', shippingAddress: address } }, { idempotencyKey: key });
    expect(order).toMatchObject({ status: 'pending_payment', email: 'guest@example.com', currency: 'LKR' });
    expect(order.number).toMatch(/^TK\d+$/);
    // Demo shipping: standard LKR 450 under LKR 15,000; VAT 18 % is inside Sri Lankan prices.
    expect(order.totals.subtotal.amount).toBe(235000);
    expect(order.totals.shipping.amount).toBe(45000);
    expect(order.totals.tax.amount).toBe(Math.round((280000 * 1800) / 11800));
    expect(order.totals.total.amount).toBe(280000);
    expect(order.shippingMethod).toBe('Standard (2–4 days)');
    expect(order.lines.map((l) => [l.quantity, l.lineTotal.amount])).toEqual([[2, 200000], [1, 35000]]);
    expect(order.history.map((h) => h.to)).toEqual(['pending_payment']);
    // Stock is held for 15 minutes (the default) while payment is awaited.
    const heldFor = Date.parse(order.stockHeldUntil!) - Date.now();
    expect(heldFor).toBeGreaterThan(14 * 60_000);
    expect(heldFor).toBeLessThanOrEqual(15 * 60_000);
    expect(await stock(a.variantId)).toEqual({ onHand: 5, reserved: 2 });
    // The cart was emptied; a retry with the same key returns the same order and holds nothing more.
    expect((await api.getCart({ params: { id: cartId } })).lines).toEqual([]);
    const retry = await api.checkout({ body: { cartId, email: 'guest@example.com', shippingAddress: address } }, { idempotencyKey: key });
    expect(retry.id).toBe(order.id);
    expect(await stock(a.variantId)).toEqual({ onHand: 5, reserved: 2 });
  });

  it('answers simultaneous retries with one key with one order', async () => {
    const { variantId } = await product(3);
    const { api, cartId } = await guestCart([{ variantId, quantity: 3 }]);
    const key = randomUUID();
    const body = { cartId, email: 'twice@example.com', shippingAddress: address };
    const results = await Promise.allSettled([0, 1, 2].map(() => api.checkout({ body }, { idempotencyKey: key })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(new Set(results.map((r) => (r as PromiseFulfilledResult<{ id: string }>).value.id)).size).toBe(1);
    expect(await stock(variantId)).toEqual({ onHand: 3, reserved: 3 });
  });

  it('needs an Idempotency-Key, and refuses one reused for another cart', async () => {
    const { variantId } = await product(5);
    const first = await guestCart([{ variantId, quantity: 1 }]);
    const missing = await apiError(() => first.api.checkout({ body: { cartId: first.cartId, email: 'g@example.com', shippingAddress: address } }));
    expect([missing.status, missing.fields[0]?.field]).toEqual([400, 'header.idempotency-key']);
    const key = randomUUID();
    await first.api.checkout({ body: { cartId: first.cartId, email: 'g@example.com', shippingAddress: address } }, { idempotencyKey: key });
    const second = await guestCart([{ variantId, quantity: 1 }]);
    const reused = await apiError(() =>
      second.api.checkout({ body: { cartId: second.cartId, email: 'g@example.com', shippingAddress: address } }, { idempotencyKey: key }),
    );
    expect([reused.status, reused.fields[0]?.code]).toEqual([409, 'idempotency_key_reused']);
    // The same key and cart with different details is not a retry either.
    const changed = await apiError(() =>
      first.api.checkout({ body: { cartId: first.cartId, email: 'someone-else@example.com', shippingAddress: address } }, { idempotencyKey: key }),
    );
    expect([changed.status, changed.fields[0]?.code]).toEqual([409, 'idempotency_key_reused']);
  });

  it('fails with 409 out_of_stock naming the line when the last unit went to someone else', async () => {
    const { variantId } = await product(1);
    const first = await guestCart([{ variantId, quantity: 1 }]);
    const second = await guestCart([{ variantId, quantity: 1 }]);
    await first.api.checkout({ body: { cartId: first.cartId, email: 'a@example.com', shippingAddress: address } }, { idempotencyKey: randomUUID() });
    const err = await apiError(() =>
      second.api.checkout({ body: { cartId: second.cartId, email: 'b@example.com', shippingAddress: address } }, { idempotencyKey: randomUUID() }),
    );
    expect([err.status, err.code]).toEqual([409, 'out_of_stock']);
    expect(err.problem?.lines).toEqual([{ variantId, requested: 1, available: 0 }]);
    expect(await stock(variantId)).toEqual({ onHand: 1, reserved: 1 });
    expect((await second.api.getCart({ params: { id: second.cartId } })).itemCount).toBe(1);
  });

  it('refuses an empty cart and a guest without an email', async () => {
    const api = client();
    const cart = await api.createCart();
    const empty = await apiError(() => api.checkout({ body: { cartId: cart.id, email: 'g@example.com', shippingAddress: address } }, { idempotencyKey: randomUUID() }));
    expect([empty.status, empty.fields[0]?.field]).toEqual([400, 'body.cartId']);
    const { variantId } = await product(3);
    await api.addCartLine({ params: { id: cart.id }, body: { variantId, quantity: 1 } });
    const noEmail = await apiError(() => api.checkout({ body: { cartId: cart.id, shippingAddress: address } }, { idempotencyKey: randomUUID() }));
    expect(noEmail.fields[0]?.field).toBe('body.email');
  });
});

describe('payment through the sandbox gateway', () => {
  it('deducts the held stock when payment succeeds, exactly once', async () => {
    const { variantId } = await product(4);
    const { api, cartId } = await guestCart([{ variantId, quantity: 3 }]);
    const order = await api.checkout({ body: { cartId, email: 'pay@example.com', shippingAddress: address } }, { idempotencyKey: randomUUID() });
    const paid = await paySandbox(api, order.id, 'success');
    expect(paid.status).toBe('paid');
    expect(paid.stockHeldUntil).toBeNull();
    expect(paid.history.map((h) => h.to)).toEqual(['pending_payment', 'paid']);
    expect(await stock(variantId)).toEqual({ onHand: 1, reserved: 0 });
    // A paid order takes no second payment; a resubmitted payment page changes nothing.
    expect((await apiError(() => paySandbox(api, order.id, 'success'))).status).toBe(409);
    const reference = `sbx_${paid.payments[0]!.id}`;
    const again = await api.sandboxConfirm({ params: { reference }, body: { outcome: 'decline' } });
    expect(again.status).toBe('succeeded');
    expect((await api.getOrder({ params: { id: order.id } })).status).toBe('paid');
    expect(await stock(variantId)).toEqual({ onHand: 1, reserved: 0 });
    // Shoppers see the new stock.
    const page = await client().getOrder({ params: { id: order.id } });
    expect(page.status).toBe('paid');
  });

  it('returns the stock when payment fails, and takes it again when a retry succeeds', async () => {
    const { variantId } = await product(2);
    const { api, cartId } = await guestCart([{ variantId, quantity: 2 }]);
    const order = await api.checkout({ body: { cartId, email: 'retry@example.com', shippingAddress: address } }, { idempotencyKey: randomUUID() });
    const failed = await paySandbox(api, order.id, 'decline');
    expect(failed.status).toBe('payment_failed');
    expect(failed.stockHeldUntil).toBeNull();
    expect(await stock(variantId)).toEqual({ onHand: 2, reserved: 0 });
    const paid = await paySandbox(api, order.id, 'success');
    expect(paid.history.map((h) => h.to)).toEqual(['pending_payment', 'payment_failed', 'pending_payment', 'paid']);
    expect(await stock(variantId)).toEqual({ onHand: 0, reserved: 0 });
  });
});

describe('customer orders', () => {
  it('uses the account email, lists the order, and hides it from others; guests look orders up by number and email', async () => {
    const { variantId } = await product(5);
    const customer = await signUp();
    const cart = await customer.api.getMyCart();
    await customer.api.addCartLine({ params: { id: cart.id }, body: { variantId, quantity: 1 } });
    const order = await customer.api.checkout({ body: { cartId: cart.id, shippingAddress: address } }, { idempotencyKey: randomUUID() });
    expect(order.email).toBe(customer.email);
    expect((await customer.api.listMyOrders()).items.map((o) => o.id)).toEqual([order.id]);
    const stranger = await signUp();
    expect((await apiError(() => stranger.api.getOrder({ params: { id: order.id } }))).status).toBe(404);
    expect((await apiError(() => client().getOrder({ params: { id: order.id } }))).status).toBe(404);
    expect((await apiError(() => paySandbox(stranger.api, order.id, 'success'))).status).toBe(404);
    const staff = await adminApi();
    expect((await staff.getOrder({ params: { id: order.id } })).id).toBe(order.id);

    // Lookup by number and email is for guest orders; a customer's order stays behind their sign-in.
    expect((await apiError(() => client().lookupOrder({ body: { number: order.number, email: customer.email } }))).status).toBe(404);
    const guest = await guestCart([{ variantId, quantity: 1 }]);
    const guestOrder = await guest.api.checkout({ body: { cartId: guest.cartId, email: 'Guest.Buyer@example.com', shippingAddress: address } }, { idempotencyKey: randomUUID() });
    const found = await client().lookupOrder({ body: { number: guestOrder.number, email: 'guest.buyer@EXAMPLE.com' } });
    expect(found.id).toBe(guestOrder.id);
    expect((await apiError(() => client().lookupOrder({ body: { number: guestOrder.number, email: 'other@example.com' } }))).status).toBe(404);
  });
});

describe('staff order operations', () => {
  async function paidOrder(stockUnits: number, quantity: number) {
    const { variantId } = await product(stockUnits);
    const { api, cartId } = await guestCart([{ variantId, quantity }]);
    const order = await api.checkout({ body: { cartId, email: 'ops@example.com', shippingAddress: address } }, { idempotencyKey: randomUUID() });
    await paySandbox(api, order.id, 'success');
    return { order, variantId, api };
  }

  it('packs, ships with tracking and delivers, and the customer sees the timeline', async () => {
    const { order, api } = await paidOrder(5, 1);
    const staff = await adminApi();
    expect((await staff.listOrders({ query: { status: 'paid' } })).items.some((o) => o.id === order.id)).toBe(true);
    await staff.fulfilOrder({ params: { id: order.id } });
    const shipped = await staff.shipOrder({
      params: { id: order.id },
      body: { carrier: 'Pronto', trackingNumber: 'PR123456LK', trackingUrl: 'https://track.example/PR123456LK' },
    });
    expect(shipped.shipments).toEqual([
      { carrier: 'Pronto', trackingNumber: 'PR123456LK', trackingUrl: 'https://track.example/PR123456LK', shippedAt: expect.any(String) },
    ]);
    await staff.deliverOrder({ params: { id: order.id } });
    const seen = await api.getOrder({ params: { id: order.id } });
    expect(seen.history.map((h) => h.to)).toEqual(['pending_payment', 'paid', 'fulfilled', 'shipped', 'delivered']);
    // Delivered orders cannot be cancelled or shipped again.
    expect((await apiError(() => staff.cancelOrder({ params: { id: order.id }, body: { reason: 'late' } }))).status).toBe(409);
    expect((await apiError(() => staff.shipOrder({ params: { id: order.id }, body: { carrier: 'X', trackingNumber: 'Y' } }))).status).toBe(409);
  });

  it('cancelling returns the stock: held stock before payment, deducted stock after', async () => {
    const staff = await adminApi();
    const paid = await paidOrder(5, 2);
    expect(await stock(paid.variantId)).toEqual({ onHand: 3, reserved: 0 });
    const cancelled = await staff.cancelOrder({ params: { id: paid.order.id }, body: { reason: 'customer asked' } });
    expect(cancelled.status).toBe('cancelled');
    expect(await stock(paid.variantId)).toEqual({ onHand: 5, reserved: 0 });

    const { variantId } = await product(4);
    const { api, cartId } = await guestCart([{ variantId, quantity: 3 }]);
    const pending = await api.checkout({ body: { cartId, email: 'c@example.com', shippingAddress: address } }, { idempotencyKey: randomUUID() });
    await staff.cancelOrder({ params: { id: pending.id }, body: { reason: 'fraud check' } });
    expect(await stock(variantId)).toEqual({ onHand: 4, reserved: 0 });
    // A payment confirmation arriving after the cancellation is refused.
    expect((await apiError(() => paySandbox(api, pending.id, 'success'))).status).toBe(409);
  });

  it('keeps order operations for staff', async () => {
    const { order } = await paidOrder(2, 1);
    const customer = await signUp();
    expect((await apiError(() => customer.api.fulfilOrder({ params: { id: order.id } }))).status).toBe(403);
    expect((await apiError(() => customer.api.listOrders())).status).toBe(403);
  });
});
