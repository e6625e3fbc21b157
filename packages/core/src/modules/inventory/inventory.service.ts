import type { Database, Queryable } from '../../platform/database.js';
import type { KeyValueStore } from '../../platform/kv.js';
import { AppError, invalidField } from '../../platform/errors.js';
import * as repo from './inventory.repository.js';

const holdKey = (reference: string) => `stock-hold:${reference}`;

export const ADJUSTMENT_REASONS = ['receive', 'correction', 'damage', 'return'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export interface ReservationLine {
  variantId: string;
  quantity: number;
}

/** A line that could not be reserved, and what could have been. */
export interface Shortage {
  variantId: string;
  requested: number;
  available: number;
}

/**
 * The inventory engine: stock per variant and location, `available = on_hand - reserved`.
 * Every change is one transaction that updates the level with a conditional write, appends to the
 * stock-movement ledger and, when available stock crosses the low-stock threshold downwards,
 * writes one `inventory.low_stock` event to the outbox.
 */
export class InventoryService {
  constructor(private readonly deps: { db: Database; kv: KeyValueStore; reservationTtlMinutes: number }) {}

  async levels(variantId: string) {
    const [levels, movements] = await Promise.all([
      repo.levelsForVariant(this.deps.db, variantId),
      repo.recentMovements(this.deps.db, variantId, 20),
    ]);
    return { levels, movements };
  }

  /** Staff's stock table, one page at a time with the total. */
  async list(filter: { q?: string; lowStock?: boolean }, limit: number, offset: number) {
    const { rows, total } = await repo.listLevels(this.deps.db, filter, limit, offset);
    return {
      items: rows.map((r) => ({
        variantId: r.variant_id,
        productId: r.product_id,
        productTitle: r.product_title,
        variantTitle: r.variant_title,
        sku: r.sku,
        locationId: r.location_id,
        locationCode: r.location_code,
        onHand: r.on_hand,
        reserved: r.reserved,
        available: r.on_hand - r.reserved,
        lowStockThreshold: r.low_stock_threshold,
        low: r.on_hand - r.reserved <= r.low_stock_threshold,
      })),
      total,
    };
  }

  /** Sets the alert level; crossing it by the change itself alerts staff as a sale would. */
  async setThreshold(input: { variantId: string; locationId?: string; threshold: number }) {
    return this.deps.db.transaction(async (tx) => {
      const locationId = input.locationId ?? (await repo.ensureDefaultLocation(tx));
      const level = await repo.setLowStockThreshold(tx, input.variantId, locationId, input.threshold);
      if (!level) throw invalidField(input.locationId ? 'body.locationId' : 'body.variantId', 'this variant has no stock record at this location', 'not_found');
      await this.checkLowStock(tx, input.variantId, locationId);
      return { variantId: input.variantId, locationId, onHand: level.on_hand, reserved: level.reserved, available: level.on_hand - level.reserved };
    });
  }

  /**
   * Inside the caller's transaction: brings on-hand stock at the main warehouse to `target`
   * (a stock count, a catalogue import), recorded as a correction. Returns the change, null when
   * the target is below what open orders have reserved, or 'moved' when on-hand is no longer
   * `expected` (the figure the new count was based on).
   */
  async setOnHand(tx: Queryable, variantId: string, target: number, reference: string, expected?: number): Promise<number | null | 'moved'> {
    const locationId = await repo.ensureDefaultLocation(tx);
    const current = await repo.lockOnHand(tx, variantId, locationId);
    if (expected !== undefined && current !== expected) return 'moved'; // counted from a stale figure
    const delta = target - current;
    if (delta === 0) return 0;
    const level = await repo.changeOnHand(tx, variantId, locationId, delta);
    if (!level) return null;
    await repo.recordMovement(tx, { variantId, locationId, onHandDelta: delta, reservedDelta: 0, reason: 'correction', reference });
    await this.checkLowStock(tx, variantId, locationId);
    return delta;
  }

  /** Receives, corrects, writes off or takes back stock at one location, with a reason for the ledger. */
  async adjust(input: { variantId: string; locationId?: string; quantity: number; reason: AdjustmentReason; note?: string }) {
    if (input.quantity === 0) throw invalidField('body.quantity', 'must not be zero', 'zero');
    if ((input.reason === 'receive' || input.reason === 'return') && input.quantity < 0) {
      throw invalidField('body.quantity', `a ${input.reason} adds stock: use a positive quantity`, 'sign');
    }
    if (input.reason === 'damage' && input.quantity > 0) {
      throw invalidField('body.quantity', 'damage removes stock: use a negative quantity', 'sign');
    }
    return this.deps.db.transaction(async (tx) => {
      const locationId = input.locationId ?? (await repo.ensureDefaultLocation(tx));
      if (input.locationId && !(await repo.locationExists(tx, input.locationId))) {
        throw invalidField('body.locationId', 'no stock location has this id', 'not_found');
      }
      const level = await repo.changeOnHand(tx, input.variantId, locationId, input.quantity);
      if (!level) {
        throw new AppError('conflict', 'Stock on hand cannot go below zero or below what is reserved for open orders', {
          fields: [{ field: 'body.quantity', message: 'more than can be removed', code: 'insufficient_stock' }],
        });
      }
      await repo.recordMovement(tx, {
        variantId: input.variantId,
        locationId,
        onHandDelta: input.quantity,
        reservedDelta: 0,
        reason: input.reason,
        reference: input.note ? `note:${input.note}` : null,
      });
      await this.checkLowStock(tx, input.variantId, locationId);
      return { variantId: input.variantId, locationId, onHand: level.on_hand, reserved: level.reserved, available: level.on_hand - level.reserved };
    });
  }

  /**
   * Reserves every line for `reference` inside the caller's transaction, or none: the first
   * shortage is collected with the others and the whole call fails with 409 out_of_stock naming
   * each line short and what is available, so no payment starts for an order that cannot ship.
   */
  async reserve(tx: Queryable, reference: string, lines: ReservationLine[]): Promise<{ expiresAt: Date }> {
    const merged = new Map<string, number>();
    for (const l of lines) {
      if (!Number.isInteger(l.quantity) || l.quantity <= 0) throw invalidField('lines.quantity', 'must be a positive whole number');
      merged.set(l.variantId, (merged.get(l.variantId) ?? 0) + l.quantity);
    }
    // Always lock levels in the same order, so two checkouts of the same items cannot deadlock.
    const ordered = [...merged].sort(([a], [b]) => (a < b ? -1 : 1));
    const expiresAt = new Date(Date.now() + this.deps.reservationTtlMinutes * 60_000);
    const shortages: Shortage[] = [];
    const held: { reference: string; variantId: string; locationId: string; quantity: number; expiresAt: Date }[] = [];
    for (const [variantId, quantity] of ordered) {
      const locationId = await repo.reserveAtBestLocation(tx, variantId, quantity);
      if (!locationId) {
        const levels = await repo.levelsForVariant(tx, variantId);
        const available = Math.max(0, ...levels.map((l) => l.on_hand - l.reserved), 0);
        shortages.push({ variantId, requested: quantity, available });
        continue;
      }
      held.push({ reference, variantId, locationId, quantity, expiresAt });
    }
    if (!shortages.length) {
      // One statement each for all lines: reservations, ledger rows, low-stock checks.
      await repo.insertReservations(tx, held);
      await repo.recordMovements(
        tx,
        held.map((h) => ({ variantId: h.variantId, locationId: h.locationId, onHandDelta: 0, reservedDelta: h.quantity, reason: 'reserve', reference })),
      );
      await this.checkLowStockMany(tx, held);
    }
    if (shortages.length) {
      throw new AppError('out_of_stock', `Not enough stock for ${shortages.length} line(s)`, {
        fields: shortages.map((s) => ({
          field: `lines.${s.variantId}`,
          message: `requested ${s.requested}, available ${s.available}`,
          code: 'out_of_stock',
        })),
        extra: { lines: shortages },
      });
    }
    return { expiresAt };
  }

  // A copy of each live hold in the key-value store answers "is this order's stock still held, and
  // until when?" without a database query. PostgreSQL stays the record: a missing copy falls back to it.

  /** Call after the reserving transaction commits. */
  async mirrorHold(reference: string, expiresAt: Date): Promise<void> {
    const ttl = Math.ceil((expiresAt.getTime() - Date.now()) / 1000);
    if (ttl > 0) await this.deps.kv.set(holdKey(reference), expiresAt.toISOString(), ttl);
  }

  /** Call after a transaction that committed, released or expired the hold. */
  async dropHold(reference: string): Promise<void> {
    await this.deps.kv.del(holdKey(reference));
  }

  /** When the stock held for a reference is released if unpaid, or null when nothing is held. */
  async holdUntil(reference: string): Promise<Date | null> {
    const mirrored = await this.deps.kv.get(holdKey(reference));
    if (mirrored) return new Date(mirrored);
    const { rows } = await this.deps.db.query<{ until: Date | null }>(
      `SELECT min(expires_at) AS until FROM stock_reservations WHERE reference = $1 AND status = 'active'`,
      [reference],
    );
    return rows[0]?.until ?? null;
  }

  /**
   * Gives a live hold a fresh TTL (a customer who starts paying should not lose the stock mid-way);
   * null when nothing is held any more.
   */
  async extendHold(tx: Queryable, reference: string): Promise<Date | null> {
    const expiresAt = new Date(Date.now() + this.deps.reservationTtlMinutes * 60_000);
    const { rowCount } = await tx.query(
      `UPDATE stock_reservations SET expires_at = greatest(expires_at, $2) WHERE reference = $1 AND status = 'active'`,
      [reference, expiresAt],
    );
    return rowCount ? expiresAt : null;
  }

  /** Payment succeeded: reserved units leave the shelf, in the caller's transaction. */
  async commit(tx: Queryable, reference: string): Promise<number> {
    const closed = await repo.closeReservations(tx, reference, 'committed');
    for (const r of closed) await repo.settleReserved(tx, r.variant_id, r.location_id, r.quantity, true);
    await repo.recordMovements(
      tx,
      closed.map((r) => ({ variantId: r.variant_id, locationId: r.location_id, onHandDelta: -r.quantity, reservedDelta: -r.quantity, reason: 'sale', reference })),
    );
    return closed.length;
  }

  /** Payment failed or the order was cancelled before payment: reserved units return to sale. */
  async release(tx: Queryable, reference: string, why: 'released' | 'expired' = 'released'): Promise<number> {
    // Expiry only takes rows that are still past due: a payment may have extended or settled them.
    const closed = await repo.closeReservations(tx, reference, why, 'active', why === 'expired');
    for (const r of closed) {
      await repo.settleReserved(tx, r.variant_id, r.location_id, r.quantity, false);
      await repo.recordMovement(tx, {
        variantId: r.variant_id,
        locationId: r.location_id,
        onHandDelta: 0,
        reservedDelta: -r.quantity,
        reason: why === 'expired' ? 'reservation_expired' : 'release',
        reference,
      });
      await this.checkLowStock(tx, r.variant_id, r.location_id);
    }
    return closed.length;
  }

  /** A paid order was cancelled before it shipped: its units go back on the shelf they left. */
  async returnCommitted(tx: Queryable, reference: string): Promise<number> {
    const returned = await repo.closeReservations(tx, reference, 'returned', 'committed');
    for (const r of returned) {
      await repo.changeOnHand(tx, r.variant_id, r.location_id, r.quantity);
      await repo.recordMovement(tx, {
        variantId: r.variant_id,
        locationId: r.location_id,
        onHandDelta: r.quantity,
        reservedDelta: 0,
        reason: 'order_cancelled',
        reference,
      });
      await this.checkLowStock(tx, r.variant_id, r.location_id);
    }
    return returned.length;
  }

  /**
   * The sweeper: returns the stock of reservations past their expiry, one reference per
   * transaction so a failure or a lock conflict costs only that reference. `claim` runs first in
   * each transaction and locks the holder (an order) the way payments do, order before stock;
   * it returns false to skip a holder that is busy. Loops until no due reference is left.
   * Returns the variants whose stock came back.
   */
  async expireDue(
    claim: (tx: Queryable, reference: string) => Promise<boolean>,
    after: (tx: Queryable, reference: string) => Promise<void>,
    batch = 100,
  ): Promise<{ references: string[]; variantIds: string[] }> {
    const references: string[] = [];
    const variantIds = new Set<string>();
    const skipped = new Set<string>();
    for (;;) {
      const due = (await repo.dueReferences(this.deps.db, batch + skipped.size)).filter((r) => !skipped.has(r));
      if (!due.length) break;
      for (const reference of due) {
        try {
          const released = await this.deps.db.transaction(async (tx) => {
            if (!(await claim(tx, reference))) return undefined;
            const rows = await repo.closeReservations(tx, reference, 'expired', 'active', true);
            for (const r of rows) {
              await repo.settleReserved(tx, r.variant_id, r.location_id, r.quantity, false);
              await this.checkLowStock(tx, r.variant_id, r.location_id);
            }
            await repo.recordMovements(
              tx,
              rows.map((r) => ({ variantId: r.variant_id, locationId: r.location_id, onHandDelta: 0, reservedDelta: -r.quantity, reason: 'reservation_expired', reference })),
            );
            if (rows.length) await after(tx, reference);
            return rows;
          });
          if (!released) {
            skipped.add(reference);
            continue;
          }
          references.push(reference);
          for (const r of released) variantIds.add(r.variant_id);
          await this.dropHold(reference);
        } catch {
          skipped.add(reference); // retried on the next sweep
        }
      }
      if (due.length < batch) break;
    }
    return { references, variantIds: [...variantIds] };
  }

  private async checkLowStockMany(tx: Queryable, levels: { variantId: string; locationId: string }[]) {
    for (const crossed of await repo.updateLowStockFlags(tx, levels)) {
      await repo.insertOutboxEvent(tx, 'inventory.low_stock', {
        variantId: crossed.variant_id,
        locationId: crossed.location_id,
        available: crossed.available,
        threshold: crossed.threshold,
      });
    }
  }

  private async checkLowStock(tx: Queryable, variantId: string, locationId: string) {
    const crossed = await repo.updateLowStockFlag(tx, variantId, locationId);
    if (crossed) {
      await repo.insertOutboxEvent(tx, 'inventory.low_stock', {
        variantId,
        locationId,
        available: crossed.available,
        threshold: crossed.threshold,
      });
    }
  }
}
