import type { TOrder } from '@tk/contract';
import type { Database } from '../../platform/database.js';
import type { Logger } from '../../platform/logger.js';
import { availableByVariant } from '../inventory/index.js';
import type { ActivityLog } from '../recommendations/index.js';
import type { Audience, EventBus } from './event-bus.js';

const TYPES = ['inventory.changed', 'order.changed'];

/**
 * Publishes the outbox's change events as real-time events, after their transaction committed:
 * rows are claimed with SKIP LOCKED (every API copy and the worker may run this), published, and
 * marked in the same transaction; a crash in between publishes them again (at least once).
 * Stock events carry availability read at publish time, so a late event never shows stale stock.
 */
export class RealtimeDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly deps: { db: Database; bus: EventBus; log: Logger; activity?: ActivityLog }) {}

  async dispatch(limit = 500): Promise<number> {
    return this.deps.db.transaction(async (tx) => {
      // One dispatcher at a time across all processes: events then leave in commit order, and a
      // late batch can never publish older stock or an older order status over a newer one.
      const { rows: lock } = await tx.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('realtime-dispatch')) AS ok");
      if (!lock[0]!.ok) return 0;
      const { rows } = await tx.query<{ id: number; type: string; payload: Record<string, unknown> }>(
        `SELECT id, type, payload FROM outbox_events WHERE type = ANY($1::text[]) AND dispatched_at IS NULL
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [TYPES, limit],
      );
      if (!rows.length) return 0;
      const variantIds = new Set<string>();
      const orders = new Map<string, { orderId: string; customerId: string | null; status: TOrder['status'] }>();
      const paidOrders = new Set<string>();
      for (const r of rows) {
        if (r.type === 'inventory.changed') for (const v of r.payload.variantIds as string[]) variantIds.add(v);
        else {
          orders.set(r.payload.orderId as string, r.payload as never); // clients get the latest status of each order
          if (r.payload.status === 'paid' && r.payload.customerId) paidOrders.add(r.payload.orderId as string);
        }
      }
      const available = await availableByVariant(tx, [...variantIds]);
      for (const variantId of variantIds) {
        await this.deps.bus.publish('inventory.updated', { variantId, available: available.get(variantId) ?? 0 }, ['all']);
      }
      const paid = [...paidOrders].map((orderId) => ({ orderId }));
      if (paid.length && this.deps.activity) {
        // Purchases feed recommendations; recorded once the payment has committed.
        const { rows: lines } = await tx.query<{ order_id: string; product_id: string; customer_id: string }>(
          `SELECT l.order_id, l.product_id, o.customer_id FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.order_id = ANY($1::uuid[])`,
          [paid.map((o) => o.orderId)],
        );
        for (const l of lines) this.deps.activity.record({ kind: 'purchase', shopper: `user:${l.customer_id}`, productId: l.product_id });
      }
      for (const o of orders.values()) {
        const audiences: Audience[] = [`order:${o.orderId}`, 'staff'];
        if (o.customerId) audiences.push(`user:${o.customerId}`);
        await this.deps.bus.publish('order.updated', { orderId: o.orderId, status: o.status }, audiences);
      }
      await tx.query('UPDATE outbox_events SET dispatched_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Polls the outbox every `intervalMs` (a partial index keeps an empty poll cheap). */
  start(intervalMs: number) {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = true;
      this.dispatch()
        .catch((err) => this.deps.log.warn({ err }, 'real-time dispatch failed; the next pass retries'))
        .finally(() => {
          this.running = false;
        });
    }, intervalMs);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }
}
