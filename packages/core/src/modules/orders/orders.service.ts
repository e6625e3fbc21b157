import type { TOrder } from '@tk/contract';
import type { Database, Queryable } from '../../platform/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { AccessClaims } from '../customers/index.js';
import type { InventoryService } from '../inventory/index.js';
import { canTransition, HOLDS_RESERVATION, type OrderStatus } from './order-state.js';
import * as repo from './orders.repository.js';

export const reservationReference = (orderId: string) => `order:${orderId}`;

/**
 * Orders after checkout: reading them (with the rights of who asks) and moving them through the
 * state machine. Stock follows the state in the same transaction: payment turns the reservation
 * into a deduction; failure and cancellation before payment return it.
 */
export class OrdersService {
  constructor(private readonly deps: { db: Database; inventory: InventoryService }) {}

  /** A customer sees their own orders, staff every order, anyone a guest order whose id they hold. */
  async get(id: string, caller: AccessClaims | undefined): Promise<TOrder> {
    const order = await repo.findOrder(this.deps.db, { id });
    const staff = caller && caller.role !== 'customer';
    if (!order || (!staff && order.customer_id !== null && order.customer_id !== caller?.userId)) throw notFound('Order');
    return this.view(order);
  }

  /** The order as clients see it, with how long its stock is held while payment is awaited. */
  async view(order: repo.OrderRow): Promise<TOrder> {
    const held = HOLDS_RESERVATION.includes(order.status)
      ? await this.deps.inventory.holdUntil(reservationReference(order.id))
      : null;
    return { ...toOrder(order), stockHeldUntil: held ? held.toISOString() : null };
  }

  async lookup(number: string, email: string): Promise<TOrder> {
    const order = await repo.findOrder(this.deps.db, { number: number.toUpperCase() });
    // The same answer for a wrong number and a wrong email: a number alone reveals nothing.
    // Only guest orders: a customer's orders are behind their sign-in.
    if (!order || order.customer_id !== null || order.email.toLowerCase() !== email.toLowerCase()) throw notFound('Order');
    return this.view(order);
  }

  async listMine(caller: AccessClaims): Promise<TOrder[]> {
    return Promise.all((await repo.listCustomerOrders(this.deps.db, caller.userId)).map((o) => this.view(o)));
  }

  /**
   * Applies a payment outcome. Success deducts the reserved stock (re-reserving first if the hold
   * had expired) in the same transaction as the status change; a repeated success is a no-op; a
   * success on a cancelled order is refused (the payments issue refunds it). Failure returns the stock.
   */
  async applyPayment(orderId: string, outcome: 'success' | 'failure', reason: string): Promise<TOrder> {
    await this.deps.db.transaction(async (tx) => {
      const status = await repo.lockOrder(tx, orderId);
      if (!status) throw notFound('Order');
      if (outcome === 'success') {
        if (status === 'paid') return;
        this.guard(status, 'paid');
        if (status === 'payment_failed') await repo.setStatus(tx, orderId, status, 'pending_payment', 'payment retried');
        await this.deductStock(tx, orderId);
        await repo.setStatus(tx, orderId, 'pending_payment', 'paid', reason);
      } else {
        if (status !== 'pending_payment') return; // a late or repeated failure changes nothing
        await this.deps.inventory.release(tx, reservationReference(orderId));
        await repo.setStatus(tx, orderId, status, 'payment_failed', reason);
      }
    });
    await this.deps.inventory.dropHold(reservationReference(orderId));
    return this.view((await repo.findOrder(this.deps.db, { id: orderId }))!);
  }

  /** Staff: newest first, optionally by status. */
  async list(filter: { status?: OrderStatus }, limit = 50): Promise<TOrder[]> {
    return Promise.all((await repo.listOrders(this.deps.db, filter, limit)).map((o) => this.view(o)));
  }

  /** Staff: the order is packed. */
  async fulfil(orderId: string): Promise<TOrder> {
    return this.change(orderId, async (tx, status) => {
      this.guard(status, 'fulfilled');
      await repo.setStatus(tx, orderId, status, 'fulfilled', 'packed');
    });
  }

  /** Staff: handed to the carrier with a tracking number (packing is implied if not yet recorded). */
  async ship(orderId: string, shipment: { carrier: string; trackingNumber: string; trackingUrl?: string }): Promise<TOrder> {
    return this.change(orderId, async (tx, status) => {
      let current = status;
      if (current === 'paid') {
        await repo.setStatus(tx, orderId, current, 'fulfilled', 'packed');
        current = 'fulfilled';
      }
      this.guard(current, 'shipped');
      await repo.insertShipment(tx, { orderId, carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, trackingUrl: shipment.trackingUrl ?? null });
      await repo.setStatus(tx, orderId, current, 'shipped', `shipped with ${shipment.carrier}`);
    });
  }

  async markDelivered(orderId: string): Promise<TOrder> {
    return this.change(orderId, async (tx, status) => {
      this.guard(status, 'delivered');
      await repo.setStatus(tx, orderId, status, 'delivered', 'delivered');
    });
  }

  /**
   * Staff: cancels an order that has not shipped. Held stock is released; stock already deducted
   * by a payment goes back on the shelf (the refund itself is the payments module's job).
   */
  async cancel(orderId: string, reason: string): Promise<TOrder> {
    return this.change(orderId, async (tx, status) => {
      this.guard(status, 'cancelled');
      const reference = reservationReference(orderId);
      if (status === 'paid') await this.deps.inventory.returnCommitted(tx, reference);
      else await this.deps.inventory.release(tx, reference);
      await repo.setStatus(tx, orderId, status, 'cancelled', reason);
    });
  }

  private async change(orderId: string, apply: (tx: Queryable, status: OrderStatus) => Promise<void>): Promise<TOrder> {
    await this.deps.db.transaction(async (tx) => {
      const status = await repo.lockOrder(tx, orderId);
      if (!status) throw notFound('Order');
      await apply(tx, status);
    });
    await this.deps.inventory.dropHold(reservationReference(orderId));
    return this.view((await repo.findOrder(this.deps.db, { id: orderId }))!);
  }

  /**
   * For the sweeper: locks the order unless someone else holds it (then false: try next sweep).
   * Orders that no longer await payment are claimed too, so their stray holds are returned.
   */
  async claimForExpiry(tx: Queryable, orderId: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(orderId)) return true; // not an order id: nothing to lock
    return repo.tryLockOrder(tx, orderId);
  }

  /** Cancels an unpaid order whose stock hold ran out (the sweeper has the order locked). */
  async cancelExpired(tx: Queryable, orderId: string): Promise<void> {
    const status = await repo.lockOrder(tx, orderId);
    if (status && HOLDS_RESERVATION.includes(status)) await repo.setStatus(tx, orderId, status, 'cancelled', 'reservation expired');
  }

  private guard(from: OrderStatus, to: OrderStatus) {
    if (!canTransition(from, to)) throw new AppError('conflict', `An order that is ${from.replace('_', ' ')} cannot become ${to.replace('_', ' ')}`);
  }

  private async deductStock(tx: Queryable, orderId: string) {
    const reference = reservationReference(orderId);
    if ((await this.deps.inventory.commit(tx, reference)) > 0) return;
    // The hold was released (failed payment, expiry): take the stock again, or refuse if it is gone.
    const order = (await repo.findOrder(tx, { id: orderId }))!;
    await this.deps.inventory.reserve(tx, reference, order.lines.map((l) => ({ variantId: l.variant_id, quantity: l.quantity })));
    await this.deps.inventory.commit(tx, reference);
  }
}

export function toOrder(o: repo.OrderRow): Omit<TOrder, 'stockHeldUntil'> {
  const money = (amount: number) => ({ amount, currency: o.currency });
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    currency: o.currency,
    email: o.email,
    lines: o.lines.map((l) => ({
      variantId: l.variant_id,
      productId: l.product_id,
      sku: l.sku,
      title: l.title,
      variantTitle: l.variant_title,
      unitPrice: money(l.unit_price),
      quantity: l.quantity,
      lineTotal: money(l.line_total),
    })),
    totals: {
      subtotal: money(o.subtotal),
      discount: money(o.discount),
      shipping: money(o.shipping),
      tax: money(o.tax),
      total: money(o.total),
    },
    shippingAddress: o.shipping_address,
    shippingMethod: o.shipping_method,
    history: o.history.map((h) => ({ from: h.from_status, to: h.to_status, reason: h.reason, at: new Date(h.created_at).toISOString() })),
    shipments: o.shipments.map((s) => ({
      carrier: s.carrier,
      trackingNumber: s.tracking_number,
      trackingUrl: s.tracking_url,
      shippedAt: new Date(s.shipped_at).toISOString(),
    })),
    createdAt: o.created_at.toISOString(),
  };
}
