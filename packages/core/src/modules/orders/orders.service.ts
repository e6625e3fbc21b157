import type { TOrder } from '@tk/contract';
import type { Database, Queryable } from '../../platform/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { AccessClaims } from '../customers/index.js';
import type { InventoryService } from '../inventory/index.js';
import { canTransition, HOLDS_RESERVATION, type OrderStatus } from './order-state.js';
import * as repo from './orders.repository.js';
import { enqueueMessage, enqueuePush } from '../notifications/index.js';
import { orderDelivered, orderShipped } from './order-messages.js';

export const reservationReference = (orderId: string) => `order:${orderId}`;

/**
 * Orders after checkout: reading them (with the rights of who asks) and moving them through the
 * state machine. Stock follows the state in the same transaction: payment turns the reservation
 * into a deduction; failure and cancellation before payment return it.
 */
/** What other modules do, in the same transaction, when an order is paid or cancelled. */
export interface OrderHooks {
  onPaid(tx: Queryable, orderId: string): Promise<void>;
  onCancelled(tx: Queryable, orderId: string): Promise<void>;
}

export class OrdersService {
  constructor(
    private readonly deps: {
      db: Database;
      inventory: InventoryService;
      hooks?: OrderHooks;
      /** How long an order may sit in payment_failed (holding promotion uses) before it is cancelled. */
      abandonAfterMinutes?: number;
      /** Links in messages point here. */
      appBaseUrl?: string;
      /** Sends the outbox's messages after a commit. */
      afterCommit?: () => Promise<void>;
    },
  ) {}

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

  // ----- payment outcomes, inside the payments module's transaction (the order row is locked) -----

  /**
   * A payment succeeded: the reserved stock becomes a deduction (re-reserved first if the hold
   * was released meanwhile; out_of_stock if it is gone) and the order is paid by `paymentId`.
   * Run it inside a savepoint: a shortage leaves partial reservations for the caller to roll back.
   */
  async markPaid(tx: Queryable, orderId: string, from: OrderStatus, paymentId: string, reason: string): Promise<void> {
    this.guard(from, 'paid');
    if (from === 'payment_failed') await repo.setStatus(tx, orderId, from, 'pending_payment', 'payment retried');
    await this.deductStock(tx, orderId);
    await tx.query('UPDATE orders SET payment_id = $2 WHERE id = $1', [orderId, paymentId]);
    await repo.setStatus(tx, orderId, 'pending_payment', 'paid', reason);
    await this.deps.hooks?.onPaid(tx, orderId);
  }

  /** The last open payment failed: the held stock goes back and the customer may try again. */
  async markPaymentFailed(tx: Queryable, orderId: string, reason: string): Promise<void> {
    await this.deps.inventory.release(tx, reservationReference(orderId));
    await repo.setStatus(tx, orderId, 'pending_payment', 'payment_failed', reason);
  }

  /**
   * Before a new payment attempt: an order whose payment failed (or whose hold ran out) takes its
   * stock again, or the attempt is refused with out_of_stock before the customer pays anything.
   */
  async prepareForPayment(tx: Queryable, orderId: string, status: OrderStatus): Promise<{ heldUntil: Date | null }> {
    if (status !== 'pending_payment' && status !== 'payment_failed') {
      throw new AppError('conflict', `This order is ${status.replace('_', ' ')}: there is nothing to pay`);
    }
    const reference = reservationReference(orderId);
    if (status === 'pending_payment') {
      const extended = await this.deps.inventory.extendHold(tx, reference);
      if (extended) return { heldUntil: extended };
    }
    const order = (await repo.findOrder(tx, { id: orderId }))!;
    const hold = await this.deps.inventory.reserve(tx, reference, order.lines.map((l) => ({ variantId: l.variant_id, quantity: l.quantity })));
    if (status === 'payment_failed') await repo.setStatus(tx, orderId, status, 'pending_payment', 'payment retried');
    return { heldUntil: hold.expiresAt };
  }

  /** Cancels inside the caller's transaction (the payments module refunds what was paid). */
  async cancelLocked(tx: Queryable, orderId: string, from: OrderStatus, reason: string): Promise<void> {
    this.guard(from, 'cancelled');
    const reference = reservationReference(orderId);
    if (from === 'paid') await this.deps.inventory.returnCommitted(tx, reference);
    else await this.deps.inventory.release(tx, reference);
    await repo.setStatus(tx, orderId, from, 'cancelled', reason);
    await this.deps.hooks?.onCancelled(tx, orderId);
  }

  /** After a refund: refunded once requested refunds cover the total, partially refunded before. */
  async applyRefundStatus(tx: Queryable, orderId: string, from: OrderStatus, refundedTotal: number, orderTotal: number, reason: string) {
    const to: OrderStatus = refundedTotal >= orderTotal ? 'refunded' : 'partially_refunded';
    if (refundedTotal > 0 && canTransition(from, to)) await repo.setStatus(tx, orderId, from, to, reason);
    else await repo.addNote(tx, orderId, from, reason);
  }

  /** A line on the order's timeline that changes nothing (a late payment, a dispute). */
  async addNote(tx: Queryable, orderId: string, status: OrderStatus, note: string) {
    await repo.addNote(tx, orderId, status, note);
  }

  lock(tx: Queryable, orderId: string) {
    return repo.lockOrder(tx, orderId);
  }

  find(db: Queryable, orderId: string) {
    return repo.findOrder(db, { id: orderId });
  }

  /** Staff: newest first, filtered, one page at a time with the total. */
  async list(filter: repo.OrderListFilter, limit = 25, offset = 0): Promise<{ items: TOrder[]; total: number }> {
    const { rows, total } = await repo.listOrders(this.deps.db, filter, limit, offset);
    return { items: await Promise.all(rows.map((o) => this.view(o))), total };
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
      // The customer hears of it once this commits: email, and a push to their devices.
      const message = orderShipped((await repo.findOrder(tx, { id: orderId }))!, shipment, this.deps.appBaseUrl ?? '');
      await enqueueMessage(tx, message.email);
      if (message.push) await enqueuePush(tx, message.push);
    });
  }

  async markDelivered(orderId: string): Promise<TOrder> {
    return this.change(orderId, async (tx, status) => {
      this.guard(status, 'delivered');
      await repo.setStatus(tx, orderId, status, 'delivered', 'delivered');
      const message = orderDelivered((await repo.findOrder(tx, { id: orderId }))!, this.deps.appBaseUrl ?? '');
      await enqueueMessage(tx, message.email);
      if (message.push) await enqueuePush(tx, message.push);
    });
  }

  /**
   * Staff: cancels an order that has not shipped. Held stock is released; stock already deducted
   * by a payment goes back on the shelf. `alsoInTx` lets the payments module record the refund
   * of a paid order in the same transaction.
   */
  async cancel(orderId: string, reason: string, alsoInTx?: (tx: Queryable, from: OrderStatus) => Promise<void>): Promise<TOrder> {
    return this.change(orderId, async (tx, status) => {
      await this.cancelLocked(tx, orderId, status, reason);
      await alsoInTx?.(tx, status);
    });
  }

  private async change(orderId: string, apply: (tx: Queryable, status: OrderStatus) => Promise<void>): Promise<TOrder> {
    await this.deps.db.transaction(async (tx) => {
      const status = await repo.lockOrder(tx, orderId);
      if (!status) throw notFound('Order');
      await apply(tx, status);
    });
    await this.deps.afterCommit?.();
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

  /**
   * For the sweeper: orders whose payment failed and that nobody paid again within the hold's TTL
   * are cancelled, so the promotion uses and flash-sale units they hold go back. Each in its own
   * transaction; one with a payment open again is left alone.
   */
  async cancelAbandoned(limit = 100): Promise<string[]> {
    const minutes = this.deps.abandonAfterMinutes ?? 15;
    const { rows } = await this.deps.db.query<{ id: string }>(
      `SELECT id FROM orders WHERE status = 'payment_failed' AND updated_at < now() - make_interval(mins => $1) ORDER BY updated_at LIMIT $2`,
      [minutes, limit],
    );
    const cancelled: string[] = [];
    for (const { id } of rows) {
      const done = await this.deps.db.transaction(async (tx) => {
        if (!(await repo.tryLockOrder(tx, id))) return false;
        const status = await repo.lockOrder(tx, id);
        const open = await tx.query(`SELECT 1 FROM payments WHERE order_id = $1 AND status IN ('creating', 'pending', 'requires_action') LIMIT 1`, [id]);
        if (status !== 'payment_failed' || open.rowCount) return false;
        await this.cancelLocked(tx, id, status, 'payment not completed');
        return true;
      });
      if (done) cancelled.push(id);
    }
    return cancelled;
  }

  /**
   * An unpaid order whose stock hold ran out (the sweeper has the order locked and has released
   * the stock). It is cancelled unless a payment is still open at a gateway: that payment may yet
   * succeed, and then the stock is taken again if it is there, or the payment refunded.
   */
  async cancelExpired(tx: Queryable, orderId: string): Promise<void> {
    const status = await repo.lockOrder(tx, orderId);
    if (!status || !HOLDS_RESERVATION.includes(status)) return;
    const open = await tx.query(
      "SELECT 1 FROM payments WHERE order_id = $1 AND status IN ('creating', 'pending', 'requires_action') LIMIT 1",
      [orderId],
    );
    if (open.rowCount) await repo.addNote(tx, orderId, status, 'stock hold expired while a payment is open');
    else {
      await repo.setStatus(tx, orderId, status, 'cancelled', 'reservation expired');
      await this.deps.hooks?.onCancelled(tx, orderId);
    }
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
      discount: money(Number(l.discount)),
    })),
    promotions: (o.promotions ?? []).map((p) => ({ id: p.id, code: p.code, name: p.name, amount: money(p.amount) })),
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
    payments: o.payments.map((p) => ({
      id: p.id,
      gateway: p.gateway,
      status: p.status,
      amount: money(Number(p.amount)),
      refunded: money(Number(p.refunded_amount)),
      failureReason: p.failure_reason,
      card: p.card_brand && p.card_last4 ? { brand: p.card_brand, last4: p.card_last4 } : null,
      createdAt: new Date(p.created_at).toISOString(),
    })),
    refunds: o.refunds.map((r) => ({
      id: r.id,
      orderId: o.id,
      paymentId: r.payment_id,
      amount: money(Number(r.amount)),
      reason: r.reason,
      kind: r.kind,
      status: r.status,
      failureReason: r.failure_reason,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    disputes: o.disputes.map((d) => ({ amount: money(Number(d.amount)), reason: d.reason, createdAt: new Date(d.created_at).toISOString() })),
    createdAt: o.created_at.toISOString(),
  };
}
