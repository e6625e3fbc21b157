import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createClient } from '@tk/sdk';
import { adminApi, randomIp } from '../support/client.js';
import { startSecondApi, startWorker } from '../support/second-api.js';

const env = inject('apiEnv') as Record<string, string>;
const real = Boolean(env.DATABASE_URL && env.REDIS_URL);
const STOCK = 40;
const BUYERS = 60;

/**
 * An API copy killed with SIGKILL in the middle of a checkout storm: nothing it did half-way may
 * lose a paid order, deduct stock twice, or keep stock held past its TTL. The rest of the cluster
 * (the test run's own API) picks up after it: reconciliation and the reservation sweep.
 */
describe.skipIf(!real)('an API process killed during a checkout storm', () => {
  it('loses no paid order, deducts stock once per paid unit, and returns every dead checkout\'s hold within its TTL', async () => {
    const admin = await adminApi();
    const sku = `KILL-${Date.now()}`;
    const product = await admin.createProduct({ body: { title: `Storm ${sku}`, status: 'published', variants: [{ sku, title: 'One', prices: [{ currency: 'LKR', amount: 50_000 }], initialStock: STOCK }] } });
    const variantId = product.variants[0]!.id;
    // The copy that dies holds stock for a minute only, so the test can watch holds come back.
    const victim = await startSecondApi(4390 + Math.floor(Math.random() * 100), { RESERVATION_TTL_MINUTES: '1' });

    const confirmed = new Set<string>(); // orders whose buyer saw the payment succeed before the crash
    const placed = new Set<string>();
    let paidSeen = 0;
    const buyer = async () => {
      const api = createClient({ baseUrl: victim.url, headers: { 'x-forwarded-for': randomIp() } });
      try {
        const cart = await api.createCart({ body: { currency: 'LKR' } });
        await api.addCartLine({ params: { id: cart.id }, body: { variantId, quantity: 1 } });
        const order = await api.checkout({ body: { cartId: cart.id, email: `storm-${randomUUID().slice(0, 8)}@example.com`, shippingAddress: { fullName: 'S', line1: '1 Road', city: 'Colombo', country: 'LK' } } }, { idempotencyKey: randomUUID() });
        placed.add(order.id);
        const payment = await api.startPayment({ params: { id: order.id }, body: { gateway: 'sandbox' } });
        if (payment.nextAction.type !== 'sandbox') return;
        const state = await api.sandboxConfirm({ params: { reference: payment.nextAction.reference }, body: { outcome: 'success' } });
        if (state.status === 'succeeded') {
          confirmed.add(order.id);
          paidSeen++;
        }
      } catch {
        // out of stock, or the process died under this buyer: what a shopper's app would see
      }
    };
    const storm = Promise.all(Array.from({ length: BUYERS }, buyer));
    // Killed once a few buyers have paid, while the others are mid-way.
    for (const until = Date.now() + 30_000; paidSeen < 5 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    process.kill(victim.pid, 'SIGKILL');
    await victim.exited;
    await storm;
    expect(paidSeen).toBeGreaterThanOrEqual(5);
    expect(placed.size).toBeGreaterThan(confirmed.size); // some checkouts died half-way

    // The surviving API asks the gateway about payments the dead copy never settled.
    await admin.reconcilePayments();
    const orders = await Promise.all([...placed].map((id) => admin.getOrder({ params: { id } })));
    const paid = orders.filter((o) => o.status === 'paid');
    for (const id of confirmed) expect(orders.find((o) => o.id === id)?.status).toBe('paid'); // no paid order lost

    // Stock: one unit out per paid order, exactly once.
    const stock = await admin.getVariantStock({ params: { id: variantId } });
    expect(stock.levels[0]!.onHand).toBe(STOCK - paid.length);

    // The dead checkouts' holds expire after their TTL (a minute) and the worker's sweep returns them.
    const worker = startWorker();
    try {
      await new Promise((r) => setTimeout(r, 61_000));
      let reserved = -1;
      for (let attempt = 0; attempt < 30 && reserved !== 0; attempt++) {
        await admin.runJob({ params: { name: 'reservations.sweep' } });
        await new Promise((r) => setTimeout(r, 1000));
        reserved = (await admin.getVariantStock({ params: { id: variantId } })).levels[0]!.reserved;
      }
      expect(reserved).toBe(0);
    } finally {
      worker.stop();
    }
    const after = await admin.getVariantStock({ params: { id: variantId } });
    expect(after.levels[0]!.onHand).toBe(STOCK - paid.length);
    // Unpaid orders of the dead copy ended cancelled (or stay open only while a payment is open at the gateway).
    const final = await Promise.all([...placed].map((id) => admin.getOrder({ params: { id } })));
    expect(final.filter((o) => o.status === 'paid').length).toBe(paid.length);
  }, 180_000);
});
