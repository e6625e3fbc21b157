import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createClient } from '@tk/sdk';
import { adminApi, client, randomIp } from './support/client.js';
import { startSecondApi } from './support/second-api.js';

const realServers = inject('database') === 'postgres';

describe('the last-units race across two API processes', () => {
  it.skipIf(!realServers)(
    '300 buyers, 10 units, two API copies on one PostgreSQL: exactly 10 orders (needs DATABASE_URL; skipped on embedded PGlite)',
    async () => {
      const admin = await adminApi();
      const sku = `RACE-${Date.now()}`;
      const product = await admin.createProduct({
        body: { title: `Race ${sku}`, status: 'published', variants: [{ sku, title: 'Last ones', prices: [{ currency: 'LKR', amount: 99900 }], initialStock: 10 }] },
      });
      const variantId = product.variants[0]!.id;
      const second = await startSecondApi(4990 + Math.floor(Math.random() * 9));
      try {
        const apis = [client(), createClient({ baseUrl: second.url, headers: { 'x-forwarded-for': randomIp() } })];
        // 300 different guests each put the item in a cart (carts do not hold stock)...
        const carts: string[] = [];
        for (let i = 0; i < 300; i++) {
          const api = apis[i % 2]!;
          const cart = await api.createCart();
          await api.addCartLine({ params: { id: cart.id }, body: { variantId, quantity: 1 } });
          carts.push(cart.id);
        }
        // ...and all check out at once, half through each API process.
        const results = await Promise.allSettled(
          carts.map((cartId, i) =>
            apis[i % 2]!.checkout(
              { body: { cartId, email: `buyer${i}@example.com`, shippingAddress: { fullName: 'B', line1: '1 Main St', city: 'Kandy', country: 'LK' } } },
              { idempotencyKey: randomUUID() },
            ),
          ),
        );
        const won = results.filter((r) => r.status === 'fulfilled').length;
        const outOfStock = results.filter((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'out_of_stock').length;
        expect({ won, outOfStock }).toEqual({ won: 10, outOfStock: 290 });

        const db = new pg.Client({ connectionString: inject('apiEnv').DATABASE_URL });
        await db.connect();
        const { rows } = await db.query(
          `SELECT l.on_hand, l.reserved,
                  (SELECT sum(on_hand_delta)::int FROM stock_movements WHERE variant_id = $1) AS ledger_on_hand,
                  (SELECT sum(reserved_delta)::int FROM stock_movements WHERE variant_id = $1) AS ledger_reserved,
                  (SELECT count(*)::int FROM order_lines WHERE variant_id = $1) AS orders
             FROM inventory_levels l WHERE l.variant_id = $1`,
          [variantId],
        );
        await db.end();
        expect(rows[0]).toEqual({ on_hand: 10, reserved: 10, ledger_on_hand: 10, ledger_reserved: 10, orders: 10 });
      } finally {
        second.stop();
      }
    },
    120_000,
  );
});
