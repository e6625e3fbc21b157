import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMemoryStore } from '../platform/kv.js';
import type { Database } from '../platform/database.js';
import { openTestDatabase } from '../platform/test-database.js';
import { ensureDefaultLocation, InventoryService, receiveInitialStock } from '../modules/inventory/index.js';
import { findOrder, insertOrder, OrdersService, reservationReference } from '../modules/orders/index.js';
import { expireReservations } from './expire-reservations.workflow.js';

let db: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
});
afterAll(() => drop());

it('cancels unpaid orders whose hold expired and returns their stock; paid orders keep theirs', async () => {
  const inventory = new InventoryService({ db, kv: createMemoryStore(), reservationTtlMinutes: 15 });
  const orders = new OrdersService({ db, inventory });
  const variantId = randomUUID();
  await db.transaction(async (tx) => receiveInitialStock(tx, await ensureDefaultLocation(tx), [{ variantId, quantity: 9 }], 'test'));
  const place = async () => {
    const id = randomUUID();
    await db.transaction(async (tx) => {
      await inventory.reserve(tx, reservationReference(id), [{ variantId, quantity: 2 }]);
      await insertOrder(tx, {
        id, customerId: null, email: 'x@example.com', currency: 'LKR', subtotal: 2, discount: 0, shipping: 0, shippingMethod: 'Standard', tax: 0, total: 2,
        shippingAddress: {}, idempotencyKey: id, requestHash: '', cartId: randomUUID(), cartVersion: '',
        lines: [{ variantId, productId: randomUUID(), sku: 'S', title: 'T', variantTitle: 'V', unitPrice: 1, quantity: 2, discount: 0 }], promotions: [],
      });
    });
    return id;
  };
  const unpaid = await place();
  const paid = await place();
  // The customer is still on a gateway's page: the stock goes back, the order waits for the answer.
  const paying = await place();
  await db.query(`INSERT INTO payments (order_id, gateway, gateway_ref, status, amount, currency) VALUES ($1, 'stripe', 'pi_x', 'pending', 2, 'LKR')`, [paying]);
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO payments (order_id, gateway, status, amount, currency) VALUES ($1, 'sandbox', 'succeeded', 2, 'LKR') RETURNING id`,
      [paid],
    );
    await orders.markPaid(tx, paid, (await orders.lock(tx, paid))!, rows[0]!.id, 'test');
  });
  await db.query(`UPDATE stock_reservations SET expires_at = now() - interval '1 second'`);

  // An order whose payment failed an hour ago, never paid again: cancelled by the same sweep.
  const failed = await place();
  await db.transaction(async (tx) => orders.markPaymentFailed(tx, failed, 'declined'));
  await db.query(`UPDATE orders SET updated_at = now() - interval '1 hour' WHERE id = $1`, [failed]);
  const swept = await expireReservations({ inventory, orders });
  expect(swept.abandoned).toEqual([failed]);
  expect(swept.references).toHaveLength(2);
  expect((await findOrder(db, { id: failed }))!.history.at(-1)!.reason).toBe('payment not completed');
  expect((await findOrder(db, { id: unpaid }))!.status).toBe('cancelled');
  const waiting = (await findOrder(db, { id: paying }))!;
  expect([waiting.status, waiting.history.at(-1)!.reason]).toEqual(['pending_payment', 'stock hold expired while a payment is open']);
  expect((await findOrder(db, { id: paid }))!.status).toBe('paid');
  const { rows } = await db.query<{ on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM inventory_levels WHERE variant_id = $1', [variantId]);
  expect(rows[0]).toEqual({ on_hand: 7, reserved: 0 });
  // A payment arriving after the cancellation is refused by the state machine.
  await expect(
    db.transaction(async (tx) => orders.markPaid(tx, unpaid, (await orders.lock(tx, unpaid))!, randomUUID(), 'late')),
  ).rejects.toMatchObject({ code: 'conflict' });
});
