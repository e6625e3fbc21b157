import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createClient } from '@tk/sdk';
import { adminApi, randomIp } from '../support/client.js';
import { startSecondApi, startWorker } from '../support/second-api.js';

const env = inject('apiEnv') as Record<string, string>;
const real = Boolean(env.DATABASE_URL && env.REDIS_URL);
const ORDERS = 120;

/**
 * The worker killed with SIGKILL in the middle of a job: the job runs again (a new run, or BullMQ
 * taking back the stalled one) and its effect happens exactly once. The job here is the reservation
 * sweep with many expired holds, each released in its own transaction.
 */
describe.skipIf(!real)('a worker killed mid-job', () => {
  it('runs the job again and releases every expired hold exactly once', async () => {
    const admin = await adminApi();
    const sku = `SWEEP-${Date.now()}`;
    const product = await admin.createProduct({ body: { title: `Sweep ${sku}`, status: 'published', variants: [{ sku, title: 'One', prices: [{ currency: 'LKR', amount: 1_000 }], initialStock: ORDERS }] } });
    const variantId = product.variants[0]!.id;
    // Orders placed through a copy whose holds last a minute, and never paid.
    const shortHolds = await startSecondApi(4490 + Math.floor(Math.random() * 100), { RESERVATION_TTL_MINUTES: '1' });
    try {
      const api = createClient({ baseUrl: shortHolds.url, headers: { 'x-forwarded-for': randomIp() } });
      for (let batch = 0; batch < ORDERS / 20; batch++) {
        await Promise.all(
          Array.from({ length: 20 }, async () => {
            const cart = await api.createCart({ body: { currency: 'LKR' } });
            await api.addCartLine({ params: { id: cart.id }, body: { variantId, quantity: 1 } });
            await api.checkout({ body: { cartId: cart.id, email: `sweep-${randomUUID().slice(0, 8)}@example.com`, shippingAddress: { fullName: 'S', line1: '1 Road', city: 'Colombo', country: 'LK' } } }, { idempotencyKey: randomUUID() });
          }),
        );
      }
    } finally {
      shortHolds.stop();
    }
    expect((await admin.getVariantStock({ params: { id: variantId } })).levels[0]!.reserved).toBe(ORDERS);
    await new Promise((r) => setTimeout(r, 61_000)); // every hold has expired

    // A worker starts the sweep and dies a moment later, part-way through.
    const first = startWorker({ SWEEP_INTERVAL_SECONDS: '3600' });
    await new Promise((r) => setTimeout(r, 4_000)); // started and connected
    await admin.runJob({ params: { name: 'reservations.sweep' } });
    for (const until = Date.now() + 20_000; Date.now() < until; await new Promise((r) => setTimeout(r, 25))) {
      const reserved = (await admin.getVariantStock({ params: { id: variantId } })).levels[0]!.reserved;
      if (reserved < ORDERS) break;
    }
    process.kill(first.pid, 'SIGKILL');
    await first.exited;
    const partway = (await admin.getVariantStock({ params: { id: variantId } })).levels[0]!.reserved;
    expect(partway).toBeLessThan(ORDERS);

    // Another worker: the sweep runs again and finishes the job.
    const second = startWorker({ SWEEP_INTERVAL_SECONDS: '3600' });
    try {
      await new Promise((r) => setTimeout(r, 4_000));
      let reserved = partway;
      for (let attempt = 0; attempt < 30 && reserved !== 0; attempt++) {
        await admin.runJob({ params: { name: 'reservations.sweep' } });
        await new Promise((r) => setTimeout(r, 1_000));
        reserved = (await admin.getVariantStock({ params: { id: variantId } })).levels[0]!.reserved;
      }
      expect(reserved).toBe(0);
    } finally {
      second.stop();
    }
    // Exactly once: nothing held, nothing taken from on-hand (a second release of a hold could not
    // pass the reserved >= 0 check, and a lost one would leave units reserved), every unit on sale.
    const stock = await admin.getVariantStock({ params: { id: variantId } });
    expect([stock.levels[0]!.onHand, stock.levels[0]!.reserved]).toEqual([ORDERS, 0]);
    expect(stock.movements.filter((m) => m.reason === 'reservation_expired').every((m) => m.reservedDelta === -1)).toBe(true);
    const listing = (await createClient({ baseUrl: inject('apiUrl') }).getProduct({ params: { slug: product.slug } })).variants[0]!;
    expect(listing.available).toBe(ORDERS);
  }, 240_000);
});
