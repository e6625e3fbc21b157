import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../platform/kv.js';
import type { Database } from '../../platform/database.js';
import { openTestDatabase } from '../../platform/test-database.js';
import { ensureDefaultLocation, receiveInitialStock } from './inventory.repository.js';
import { InventoryService } from './inventory.service.js';

let db: Database;
let drop: () => Promise<void>;
let inventory: InventoryService;

async function newVariant(onHand: number, threshold = 0): Promise<string> {
  const { rows } = await db.query<{ id: string }>('SELECT gen_random_uuid() AS id');
  const id = rows[0]!.id;
  await db.transaction(async (tx) => {
    await receiveInitialStock(tx, await ensureDefaultLocation(tx), [{ variantId: id, quantity: onHand }], 'test');
    await tx.query('UPDATE inventory_levels SET low_stock_threshold = $2 WHERE variant_id = $1', [id, threshold]);
  });
  return id;
}

async function level(variantId: string) {
  const { rows } = await db.query<{ on_hand: number; reserved: number; ledger_on_hand: number; ledger_reserved: number }>(
    `SELECT l.on_hand, l.reserved,
            (SELECT coalesce(sum(on_hand_delta), 0)::int FROM stock_movements WHERE variant_id = $1) AS ledger_on_hand,
            (SELECT coalesce(sum(reserved_delta), 0)::int FROM stock_movements WHERE variant_id = $1) AS ledger_reserved
       FROM inventory_levels l WHERE l.variant_id = $1`,
    [variantId],
  );
  return rows[0]!;
}

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  inventory = new InventoryService({ db, kv: createMemoryStore(), reservationTtlMinutes: 15 });
});
afterAll(() => drop());

describe(`inventory on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('lets exactly 10 of 300 simultaneous buyers reserve the last 10 units', async () => {
    const variantId = await newVariant(10);
    const attempts = await Promise.allSettled(
      Array.from({ length: 300 }, (_, i) =>
        db.transaction((tx) => inventory.reserve(tx, `order:${i}`, [{ variantId, quantity: 1 }])),
      ),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled').length;
    const lost = attempts.filter((a) => a.status === 'rejected' && (a.reason as { code?: string }).code === 'out_of_stock').length;
    expect([won, lost]).toEqual([10, 290]);
    const after = await level(variantId);
    expect(after).toEqual({ on_hand: 10, reserved: 10, ledger_on_hand: 10, ledger_reserved: 10 });
  });

  it('commits sold units off the shelf and releases the rest, and the ledger sums to the stock', async () => {
    const variantId = await newVariant(5);
    for (const ref of ['a', 'b', 'c']) await db.transaction((tx) => inventory.reserve(tx, `order:${variantId}:${ref}`, [{ variantId, quantity: 1 }]));
    await db.transaction((tx) => inventory.commit(tx, `order:${variantId}:a`));
    await db.transaction((tx) => inventory.release(tx, `order:${variantId}:b`));
    // Settling twice changes nothing: only active reservations are closed.
    expect(await db.transaction((tx) => inventory.commit(tx, `order:${variantId}:a`))).toBe(0);
    const after = await level(variantId);
    expect(after).toEqual({ on_hand: 4, reserved: 1, ledger_on_hand: 4, ledger_reserved: 1 });
  });

  it('fails the whole reservation with the lines short, reserving nothing', async () => {
    const plenty = await newVariant(50);
    const scarce = await newVariant(2);
    const err = await db
      .transaction((tx) => inventory.reserve(tx, 'order:short', [{ variantId: plenty, quantity: 3 }, { variantId: scarce, quantity: 5 }]))
      .catch((e) => e);
    expect(err.code).toBe('out_of_stock');
    expect(err.details.extra.lines).toEqual([{ variantId: scarce, requested: 5, available: 2 }]);
    expect((await level(plenty)).reserved).toBe(0);
  });

  it('returns the stock of expired reservations but never of committed ones', async () => {
    const variantId = await newVariant(3);
    await db.transaction((tx) => inventory.reserve(tx, `order:${variantId}:paid`, [{ variantId, quantity: 1 }]));
    await db.transaction((tx) => inventory.reserve(tx, `order:${variantId}:abandoned`, [{ variantId, quantity: 1 }]));
    await db.transaction((tx) => inventory.commit(tx, `order:${variantId}:paid`));
    await db.query(`UPDATE stock_reservations SET expires_at = now() - interval '1 minute' WHERE variant_id = $1`, [variantId]);
    const { references: expired, variantIds } = await inventory.expireDue(async () => true, async () => {});
    expect(expired).toContain(`order:${variantId}:abandoned`);
    expect(expired).not.toContain(`order:${variantId}:paid`);
    expect(variantIds).toContain(variantId);
    expect(await level(variantId)).toEqual({ on_hand: 2, reserved: 0, ledger_on_hand: 2, ledger_reserved: 0 });
  });

  it('emits one low-stock event per downward crossing of the threshold', async () => {
    const variantId = await newVariant(10, 5);
    const events = async () =>
      (await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'inventory.low_stock' AND payload->>'variantId' = $1`, [variantId])).rows[0]!.n;
    for (let i = 0; i < 4; i++) await inventory.adjust({ variantId, quantity: -1, reason: 'correction' }); // 6 left
    expect(await events()).toBe(0);
    await inventory.adjust({ variantId, quantity: -1, reason: 'damage' }); // 5: crossed
    await inventory.adjust({ variantId, quantity: -2, reason: 'damage' }); // 3: still below
    expect(await events()).toBe(1);
    await inventory.adjust({ variantId, quantity: 10, reason: 'receive' }); // 13: back above
    await inventory.adjust({ variantId, quantity: -9, reason: 'correction' }); // 4: crossed again
    expect(await events()).toBe(2);
  });

  it('refuses to remove more than is on hand or reserved, and signs that contradict the reason', async () => {
    const variantId = await newVariant(2);
    await db.transaction((tx) => inventory.reserve(tx, `order:${variantId}`, [{ variantId, quantity: 2 }]));
    await expect(inventory.adjust({ variantId, quantity: -1, reason: 'damage' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(inventory.adjust({ variantId, quantity: -1, reason: 'receive' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(inventory.adjust({ variantId, quantity: 0, reason: 'correction' })).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await level(variantId)).toMatchObject({ on_hand: 2, reserved: 2 });
  });

  it('mirrors live holds in the key-value store and falls back to PostgreSQL without the copy', async () => {
    const variantId = await newVariant(3);
    const reference = `order:${variantId}:mirror`;
    const { expiresAt } = await db.transaction((tx) => inventory.reserve(tx, reference, [{ variantId, quantity: 1 }]));
    await inventory.mirrorHold(reference, expiresAt);
    expect((await inventory.holdUntil(reference))?.toISOString()).toBe(expiresAt.toISOString());
    await inventory.dropHold(reference);
    // No copy: the record answers, to the microsecond PostgreSQL keeps.
    expect(Math.abs((await inventory.holdUntil(reference))!.getTime() - expiresAt.getTime())).toBeLessThan(2);
    await db.transaction((tx) => inventory.commit(tx, reference));
    expect(await inventory.holdUntil(reference)).toBeNull();
  });
});
