import type { TCurrency, TNextAction, TPayment, TRefund, TStartPaymentRequest } from '@tk/contract';
import type { Database, Queryable } from '../../platform/database.js';
import { AppError, invalidField, isUniqueViolation, notFound } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { AccessClaims } from '../customers/index.js';
import type { InventoryService } from '../inventory/index.js';
import { enqueueMessage, enqueuePush, type NotificationDispatcher } from '../notifications/index.js';
import { type OrderStatus, type OrdersService, reservationReference } from '../orders/index.js';
import type { OrderRow } from '../orders/orders.repository.js';
import { type CreatedPayment, GatewayRefusal, type GatewayName, type PaymentEvent, type PaymentGateway, type WebhookRequest } from './gateway.port.js';
import { orderCancelledAndRefunded, orderConfirmed, paymentFailed, refundIssued } from './payment-messages.js';
import * as repo from './payments.repository.js';

export interface PaymentsDeps {
  db: Database;
  inventory: InventoryService;
  orders: OrdersService;
  gateways: Partial<Record<GatewayName, PaymentGateway>>;
  /** Currency → gateway, first configured match wins ('*' matches any). */
  routes: { currency: string; gateway: GatewayName }[];
  sandboxEnabled: boolean;
  dispatcher: NotificationDispatcher;
  log: Logger;
  appBaseUrl: string;
  /** Stock moved: product pages on every channel should show it. */
  onStockChanged: (variantIds: string[]) => Promise<void>;
  reconcileAfterMinutes: number;
}

/** What applying events left to do once their transaction committed. */
interface Effects {
  duplicate: boolean;
  refundIds: string[];
  variantIds: string[];
  notify: boolean;
  /** PayHere preapproval: the tokenised card is charged next. */
  charge?: { paymentId: string; token: string };
}

const PAID_STATUSES: readonly OrderStatus[] = ['paid', 'fulfilled', 'shipped', 'delivered', 'partially_refunded'];
/** An open attempt younger than this is resumed; gateways keep idempotency keys for 24 hours. */
const RESUME_WITHIN_MS = 23 * 3_600_000;
/** How long one process may hold a refund while it asks the gateway (SDK retries included). */
const REFUND_CLAIM_SECONDS = 300;
/** A payment nobody finished at its gateway within this time is given up. */
const ABANDON_AFTER_MS = 24 * 3_600_000;

/**
 * Payments: starting them at a gateway, and turning every gateway event (webhook, synchronous
 * answer, reconciliation) into exactly one effect on the order. Each event is recorded under a
 * unique (gateway, event id) in the same transaction as the payment's and order's change, the stock
 * deduction and the customer's outbox message, so a redelivery is a no-op and nobody is told of a
 * change that did not commit. Payment states only move forward: a failure after a success, or a
 * second success, changes nothing. Money that arrives for an order that cannot take it (stock gone,
 * cancelled, already paid) is refunded automatically.
 */
export class PaymentsService {
  constructor(private readonly deps: PaymentsDeps) {}

  /** The gateways for a currency: the routed one (if configured), then the sandbox (if allowed). */
  gatewaysFor(currency: TCurrency): GatewayName[] {
    const out: GatewayName[] = [];
    const routed = this.deps.routes.find((r) => (r.currency === currency || r.currency === '*') && this.deps.gateways[r.gateway] && (r.gateway !== 'sandbox' || this.deps.sandboxEnabled));
    if (routed) out.push(routed.gateway);
    if (this.deps.sandboxEnabled && this.deps.gateways.sandbox && !out.includes('sandbox')) out.push('sandbox');
    return out;
  }

  gateway(name: GatewayName): PaymentGateway {
    const gateway = this.deps.gateways[name];
    if (!gateway || (name === 'sandbox' && !this.deps.sandboxEnabled)) throw notFound(`The ${name} gateway`);
    return gateway;
  }

  async options(orderId: string, caller: AccessClaims | undefined) {
    const order = await this.deps.orders.get(orderId, caller);
    const gateways = this.gatewaysFor(order.currency);
    const cards = caller ? (await repo.listCards(this.deps.db, caller.userId)).filter((c) => gateways.includes(c.gateway)) : [];
    return {
      gateways: gateways.map((g) => ({ gateway: g, label: this.deps.gateways[g]!.label })),
      savedCards: cards.map(toSavedCard),
    };
  }

  /**
   * Starts paying an order, or resumes the open attempt at the same gateway (one PaymentIntent per
   * order and gateway, so a double click cannot charge twice). A failed or expired order takes its
   * stock again first, or the attempt is refused with out_of_stock before anyone pays.
   */
  async start(orderId: string, caller: AccessClaims | undefined, input: TStartPaymentRequest): Promise<TPayment> {
    const order = await this.deps.orders.get(orderId, caller);
    if (!this.gatewaysFor(order.currency).includes(input.gateway)) {
      throw invalidField('body.gateway', `not offered for ${order.currency} (offered: ${this.gatewaysFor(order.currency).join(', ') || 'none'})`, 'gateway_not_offered');
    }
    const gateway = this.gateway(input.gateway);
    const customerId = caller?.role === 'customer' ? caller.userId : null;
    if ((input.saveCard || input.savedCardId) && !customerId) {
      throw invalidField(input.savedCardId ? 'body.savedCardId' : 'body.saveCard', 'sign in to keep or use a saved card', 'sign_in_required');
    }
    const savedCard = input.savedCardId ? await repo.findCard(this.deps.db, customerId!, input.savedCardId) : undefined;
    if (input.savedCardId && (!savedCard || savedCard.gateway !== input.gateway)) {
      throw invalidField('body.savedCardId', `no saved ${input.gateway} card with this id`, 'not_found');
    }

    let payment: repo.PaymentRow;
    let heldUntil: Date | null = null;
    try {
      payment = await this.deps.db.transaction(async (tx) => {
        const status = await this.deps.orders.lock(tx, orderId);
        if (!status) throw notFound('Order');
        ({ heldUntil } = await this.deps.orders.prepareForPayment(tx, orderId, status));
        const open = await repo.findOpenPayment(tx, orderId, input.gateway);
        if (open) {
          // The same attempt again (a double click, a reload): resume it, so the gateway sees one payment.
          // Gateways keep idempotency keys for a day, so an older attempt is not resumed but replaced.
          const fresh = Date.now() - open.created_at.getTime() < RESUME_WITHIN_MS;
          const same = open.amount === order.totals.total.amount && open.saved_card_id === (savedCard?.id ?? null) && open.save_card === input.saveCard;
          if (same && fresh) return open;
          if (open.status === 'creating' && fresh) throw new AppError('conflict', 'Another payment for this order is being started; try again in a moment');
          await repo.updatePayment(tx, open.id, { status: 'canceled', failure_reason: 'replaced by a new attempt' });
        }
        return repo.insertPayment(tx, { orderId, gateway: input.gateway, amount: order.totals.total.amount, currency: order.currency, saveCard: input.saveCard, savedCardId: savedCard?.id ?? null });
      });
    } catch (err) {
      // A twin request opened the attempt first: resume that one.
      if (!isUniqueViolation(err, 'payments_open_idx')) throw err;
      payment = (await repo.findOpenPayment(this.deps.db, orderId, input.gateway))!;
    }
    if (heldUntil) await this.deps.inventory.mirrorHold(reservationReference(orderId), heldUntil);

    const gatewayCustomerId =
      customerId && gateway.ensureCustomer && (payment.save_card || savedCard) ? await this.gatewayCustomer(gateway, customerId, order.email) : undefined;
    const address = order.shippingAddress;
    const [firstName, ...rest] = (address.fullName ?? '').split(/\s+/);
    let created: CreatedPayment;
    try {
      created = await gateway.createPayment({
        paymentId: payment.id,
        orderId,
        orderNumber: order.number,
        amount: payment.amount,
        currency: payment.currency,
        customer: {
          userId: customerId,
          email: order.email,
          firstName: firstName || 'Customer',
          lastName: rest.join(' ') || '-',
          phone: address.phone ?? '',
          address: [address.line1, address.line2].filter(Boolean).join(', '),
          city: address.city ?? '',
          country: address.country ?? '',
        },
        description: `Order ${order.number}`,
        saveCard: payment.save_card,
        gatewayCustomerId,
        savedCardToken: savedCard?.token,
      });
    } catch (err) {
      if (err instanceof GatewayRefusal) {
        await this.applyEvents([{ gateway: input.gateway, eventId: `refused:${payment.id}`, type: 'payment.failed', gatewayRef: payment.gateway_ref ?? '', paymentId: payment.id, reason: err.message, summary: { refused: err.message } }]);
        throw new AppError('gateway_refused', err.message);
      }
      throw err; // left 'creating': the next attempt resumes it, reconciliation cleans it up
    }
    await this.deps.db.transaction(async (tx) => {
      const status = created.status === 'requires_action' ? 'requires_action' : 'pending';
      await tx.query(
        `UPDATE payments SET gateway_ref = $2, status = CASE WHEN status IN ('creating', 'pending', 'requires_action') THEN $3 ELSE status END,
                updated_at = now() WHERE id = $1`,
        [payment.id, created.gatewayRef, status],
      );
    });
    // An outcome the gateway gave at once (a saved card, a decline) is applied like its webhook.
    if (created.event) await this.applyEvents([{ ...created.event, paymentId: payment.id }]);
    const fresh = (await repo.findPayment(this.deps.db, payment.id))!;
    const settled = fresh.status === 'succeeded' || fresh.status === 'failed' || fresh.status === 'canceled';
    return toPayment(fresh, settled ? { type: 'none' } : created.nextAction);
  }

  /** Verifies and applies one gateway webhook; a duplicate is acknowledged and changes nothing. */
  async handleWebhook(gatewayName: GatewayName, request: WebhookRequest): Promise<{ received: true; duplicate: boolean }> {
    const events = await this.gateway(gatewayName).parseWebhook(request);
    const effects = await this.applyEvents(events);
    return { received: true, duplicate: events.length > 0 && effects.every((e) => e.duplicate) };
  }

  /** Applies events one transaction each, then does what may only follow a commit. */
  async applyEvents(events: PaymentEvent[]): Promise<Effects[]> {
    const all: Effects[] = [];
    for (const event of events) {
      const effects = await this.deps.db.transaction((tx) => this.applyEvent(tx, event));
      all.push(effects);
      if (effects.notify) await this.deps.dispatcher.dispatchSoon();
      if (effects.variantIds.length) await this.deps.onStockChanged(effects.variantIds).catch((err) => this.deps.log.warn({ err }, 'cache refresh failed'));
      for (const id of effects.refundIds) await this.processRefund(id).catch((err) => this.deps.log.error({ err, refundId: id }, 'refund failed; reconciliation retries'));
      if (effects.charge) await this.chargePreapproved(effects.charge.paymentId, effects.charge.token);
    }
    return all;
  }

  private async applyEvent(tx: Queryable, event: PaymentEvent): Promise<Effects> {
    const effects: Effects = { duplicate: false, refundIds: [], variantIds: [], notify: false };
    const eventRow = await repo.recordEvent(tx, { gateway: event.gateway, eventId: event.eventId, type: event.type, payload: event.summary });
    if (eventRow === undefined) return { ...effects, duplicate: true };
    const found = await repo.findPaymentForEvent(tx, event.gateway, event.gatewayRef, event.paymentId);
    if (!found) {
      await repo.settleEvent(tx, eventRow, 'ignored: not a payment of this shop');
      return effects;
    }
    // Lock order first, then payment: the same order as checkout, refunds and the sweeper.
    const orderStatus = (await this.deps.orders.lock(tx, found.order_id))!;
    const payment = (await repo.findPayment(tx, found.id, true))!;
    const outcome = await this.decide(tx, event, payment, orderStatus, effects);
    await repo.settleEvent(tx, eventRow, outcome, payment.id, payment.order_id);
    if (outcome.startsWith('rejected')) this.deps.log.error({ event: event.summary, paymentId: payment.id }, `payment event ${outcome}`);
    return effects;
  }

  /** The rules, per event type. Returns what was done, for the event log. */
  private async decide(tx: Queryable, event: PaymentEvent, payment: repo.PaymentRow, orderStatus: OrderStatus, effects: Effects): Promise<string> {
    const orderId = payment.order_id;
    if (event.chargeRef && !payment.charge_ref) await repo.updatePayment(tx, payment.id, { charge_ref: event.chargeRef });
    if (event.gatewayRef && !payment.gateway_ref) await repo.updatePayment(tx, payment.id, { gateway_ref: event.gatewayRef });
    switch (event.type) {
      case 'payment.pending':
      case 'payment.requires_action': {
        if (!repo.OPEN_STATUSES.includes(payment.status)) return `ignored: payment already ${payment.status}`;
        await repo.updatePayment(tx, payment.id, { status: event.type === 'payment.pending' ? 'pending' : 'requires_action' });
        return 'applied';
      }
      case 'payment.preapproved': {
        if (!repo.OPEN_STATUSES.includes(payment.status) || !event.savedCard) return 'ignored: nothing to charge';
        const order = (await this.deps.orders.find(tx, orderId))!;
        if (payment.save_card && order.customer_id) await repo.saveCard(tx, order.customer_id, payment.gateway, event.savedCard);
        effects.charge = { paymentId: payment.id, token: event.savedCard.token };
        return 'applied: card kept, charging it';
      }
      case 'payment.succeeded':
        return this.onSucceeded(tx, event, payment, orderStatus, effects);
      case 'payment.failed':
      case 'payment.canceled': {
        if (!repo.OPEN_STATUSES.includes(payment.status)) return `ignored: payment already ${payment.status}`;
        const status = event.type === 'payment.failed' ? 'failed' : 'canceled';
        await repo.updatePayment(tx, payment.id, { status, failure_reason: event.reason ?? status });
        // The stock stays held while another attempt (another gateway) is still open.
        if (orderStatus === 'pending_payment' && (await repo.otherOpenPayments(tx, orderId, payment.id)) === 0) {
          await this.deps.orders.markPaymentFailed(tx, orderId, `payment ${status}: ${event.reason ?? status}`);
          const order = (await this.deps.orders.find(tx, orderId))!;
          effects.variantIds = order.lines.map((l) => l.variant_id);
          await enqueueMessage(tx, paymentFailed(order, event.reason ?? status, this.deps.appBaseUrl));
          effects.notify = true;
        }
        return 'applied';
      }
      case 'refund.succeeded':
      case 'refund.failed':
        return this.onRefundEvent(tx, event, payment, effects);
      case 'dispute.created': {
        const d = event.dispute!;
        const fresh = await repo.insertDispute(tx, { orderId, paymentId: payment.id, gateway: payment.gateway, gatewayDisputeId: d.gatewayDisputeId, amount: d.amount, currency: payment.currency, reason: d.reason });
        if (!fresh) return 'ignored: dispute already recorded';
        await this.deps.orders.addNote(tx, orderId, orderStatus, `${event.chargedBack ? 'charged back' : 'dispute opened'} at ${payment.gateway}: ${d.reason}`);
        return 'applied';
      }
    }
  }

  private async onSucceeded(tx: Queryable, event: PaymentEvent, payment: repo.PaymentRow, orderStatus: OrderStatus, effects: Effects): Promise<string> {
    if (payment.status === 'succeeded') return this.onSecondSuccess(tx, event, payment, orderStatus, effects);
    // The amount is checked even on signed events: a gateway that took another sum has not paid this order.
    if (event.amount === undefined || event.amount !== payment.amount || (event.currency ?? '').toUpperCase() !== payment.currency) {
      const what = `paid ${event.amount ?? 'an unknown amount'} ${event.currency ?? ''} but ${payment.amount} ${payment.currency} was asked`;
      await repo.updatePayment(tx, payment.id, { status: 'failed', failure_reason: `amount mismatch: ${what}` });
      await this.deps.orders.addNote(tx, payment.order_id, orderStatus, `${payment.gateway} reported a payment of the wrong amount (${what}): staff must review it at the gateway`);
      return `rejected: ${what}`;
    }
    await repo.updatePayment(tx, payment.id, {
      status: 'succeeded',
      failure_reason: null,
      ...(event.card ? { card_brand: event.card.brand, card_last4: event.card.last4 } : {}),
    });
    const orderId = payment.order_id;
    const order = (await this.deps.orders.find(tx, orderId))!;
    if (event.savedCard && payment.save_card && order.customer_id) await repo.saveCard(tx, order.customer_id, payment.gateway, event.savedCard);

    if (orderStatus === 'pending_payment' || orderStatus === 'payment_failed') {
      await tx.query('SAVEPOINT mark_paid');
      try {
        await this.deps.orders.markPaid(tx, orderId, orderStatus, payment.id, `paid with ${payment.gateway}`);
        await tx.query('RELEASE SAVEPOINT mark_paid');
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'out_of_stock')) throw err;
        // The hold ran out and the stock was sold meanwhile: the order cannot ship. Refund it all.
        await tx.query('ROLLBACK TO SAVEPOINT mark_paid');
        const reason = 'the payment arrived after the held stock was sold';
        await this.deps.orders.cancelLocked(tx, orderId, orderStatus, `${reason}; payment refunded`);
        await this.refundInTx(tx, order, payment, payment.amount, reason, 'order_cancelled', effects);
        await enqueueMessage(tx, orderCancelledAndRefunded(order, payment.amount, reason));
        effects.notify = true;
        return 'applied: order cancelled (stock gone), refunding';
      }
      await enqueueMessage(tx, orderConfirmed(order, this.deps.appBaseUrl));
      if (order.customer_id) {
        await enqueuePush(tx, { userId: order.customer_id, kind: 'order', template: 'order_confirmed', title: 'Order confirmed', body: `Order ${order.number} is paid and confirmed.`, data: { orderId: order.id } });
      }
      effects.notify = true;
      effects.variantIds = order.lines.map((l) => l.variant_id);
      return 'applied: order paid';
    }
    // Money for an order that cannot take it: cancelled meanwhile, or already paid by another attempt.
    const kind = orderStatus === 'cancelled' ? 'order_cancelled' : 'duplicate_payment';
    const reason = kind === 'order_cancelled' ? 'payment received for a cancelled order' : 'the order was already paid';
    await this.deps.orders.addNote(tx, orderId, orderStatus, `${reason}: ${payment.gateway} payment refunded`);
    await this.refundInTx(tx, order, payment, payment.amount, reason, kind, effects);
    if (kind === 'order_cancelled') {
      await enqueueMessage(tx, orderCancelledAndRefunded(order, payment.amount, reason));
      effects.notify = true;
    }
    return `applied: ${reason}, refunding`;
  }

  /**
   * A success for a payment that already succeeded. The same charge reported again changes
   * nothing. A different charge under the same attempt (a hosted page paid twice) is money the
   * order cannot keep: once the gateway confirms the charge exists, it is recorded as its own
   * payment and refunded.
   */
  private async onSecondSuccess(tx: Queryable, event: PaymentEvent, payment: repo.PaymentRow, orderStatus: OrderStatus, effects: Effects): Promise<string> {
    const sameIntent = !event.gatewayRef || event.gatewayRef === payment.gateway_ref;
    const sameCharge = !event.chargeRef || !payment.charge_ref || event.chargeRef === payment.charge_ref;
    if (sameIntent && sameCharge) return 'ignored: payment already succeeded';
    if (!sameCharge) {
      // The charge id may not be covered by the notification's signature: believe only the gateway's own records.
      const gateway = this.deps.gateways[payment.gateway];
      if (!(gateway?.verifyCharge && (await gateway.verifyCharge(event.gatewayRef, event.chargeRef!)))) {
        return 'rejected: a second charge the gateway does not confirm';
      }
    }
    const stray = await repo.insertStrayPayment(tx, {
      orderId: payment.order_id,
      gateway: payment.gateway,
      gatewayRef: sameIntent ? `${event.gatewayRef}#${event.chargeRef}` : event.gatewayRef,
      chargeRef: event.chargeRef ?? null,
      amount: event.amount ?? payment.amount,
      currency: payment.currency,
    });
    if (!stray) return 'ignored: second charge already recorded';
    const order = (await this.deps.orders.find(tx, payment.order_id))!;
    await this.deps.orders.addNote(tx, order.id, orderStatus, `a second ${payment.gateway} charge for this order was refunded`);
    await this.refundInTx(tx, order, stray, stray.amount, 'a second charge for an order already paid', 'duplicate_payment', effects);
    return 'applied: second charge recorded, refunding';
  }

  private async onRefundEvent(tx: Queryable, event: PaymentEvent, payment: repo.PaymentRow, effects: Effects): Promise<string> {
    const r = event.refund!;
    const ours = r.ourRefundId ? await repo.findRefund(tx, { id: r.ourRefundId }, true) : undefined;
    const known = ours?.payment_id === payment.id ? ours : await repo.findRefundByGatewayId(tx, payment.id, r.gatewayRefundId);
    if (known) {
      const outcome = event.type === 'refund.succeeded' ? 'succeeded' : 'failed';
      if (known.status === 'pending') {
        await this.settleRefund(tx, known, outcome, r.gatewayRefundId, event.reason, effects);
        return 'applied';
      }
      if (known.status === 'succeeded' && outcome === 'failed') {
        // The bank sent the money back after all: the customer has not been refunded. Staff must act.
        await tx.query(`UPDATE refunds SET status = 'failed', failure_reason = $2, updated_at = now() WHERE id = $1`, [known.id, `failed after it succeeded: ${event.reason ?? 'no reason given'}`]);
        await tx.query('UPDATE payments SET refunded_amount = greatest(0, refunded_amount - $2), updated_at = now() WHERE id = $1', [payment.id, known.amount]);
        const status = (await this.deps.orders.lock(tx, payment.order_id))!;
        await this.deps.orders.addNote(tx, payment.order_id, status, `refund of ${known.amount} failed at ${payment.gateway} after it had succeeded: retry it or pay the customer another way`);
        return 'applied: refund failed after success';
      }
      return `ignored: refund already ${known.status}`;
    }
    if (event.type === 'refund.failed') return 'ignored: unknown refund failed';
    // A refund made in the gateway's dashboard: record it so the order tells the truth.
    const order = (await this.deps.orders.find(tx, payment.order_id))!;
    const refund = await repo.insertRefund(tx, { orderId: order.id, paymentId: payment.id, amount: r.amount, currency: payment.currency, reason: `refunded at ${payment.gateway}`, kind: 'requested', status: 'pending', gatewayRefundId: r.gatewayRefundId });
    await this.settleRefund(tx, refund, 'succeeded', r.gatewayRefundId, undefined, effects);
    return 'applied: refund made at the gateway recorded';
  }

  /** Records a refund to be sent to the gateway after the commit. */
  private async refundInTx(tx: Queryable, order: OrderRow, payment: repo.PaymentRow, amount: number, reason: string, kind: repo.RefundRow['kind'], effects: Effects) {
    const refund = await repo.insertRefund(tx, { orderId: order.id, paymentId: payment.id, amount, currency: payment.currency, reason, kind });
    effects.refundIds.push(refund.id);
  }

  /** Moves a pending refund to its outcome; a success counts against the payment and the order. */
  private async settleRefund(tx: Queryable, refund: repo.RefundRow, status: 'succeeded' | 'failed', gatewayRefundId: string | null, failure: string | undefined, effects: Effects) {
    await tx.query(`UPDATE refunds SET status = $2, gateway_refund_id = coalesce($3, gateway_refund_id), failure_reason = $4, updated_at = now() WHERE id = $1`, [
      refund.id,
      status,
      gatewayRefundId,
      failure ?? null,
    ]);
    if (status !== 'succeeded') return;
    await repo.addRefunded(tx, refund.payment_id, refund.amount);
    const order = (await this.deps.orders.find(tx, refund.order_id))!;
    if (refund.kind === 'requested') {
      const total = await repo.requestedRefundTotal(tx, order.id);
      await this.deps.orders.applyRefundStatus(tx, order.id, order.status, total, order.total, `refunded ${refund.amount} (${refund.reason})`);
    }
    await enqueueMessage(tx, refundIssued(order, refund.amount, refund.reason));
    effects.notify = true;
  }

  /**
   * Sends a pending refund to its gateway with the refund's id as the idempotency key. The refund
   * is claimed first (so no other process sends it meanwhile), the gateway is called outside any
   * transaction, and the answer is settled in a second one. A refusal fails it for good; no answer
   * leaves it pending for reconciliation, which asks about it again (by the gateway's refund id
   * once there is one, so it is never created twice).
   */
  async processRefund(refundId: string): Promise<void> {
    const claimed = await repo.claimRefund(this.deps.db, refundId, REFUND_CLAIM_SECONDS);
    if (!claimed) return;
    const payment = (await repo.findPayment(this.deps.db, claimed.payment_id))!;
    const gateway = this.gateway(payment.gateway);
    let outcome: { status: 'succeeded' | 'pending' | 'failed'; gatewayRefundId: string | null; reason?: string } | undefined;
    try {
      if (claimed.gateway_refund_id && gateway.refundStatus) {
        outcome = { status: await gateway.refundStatus(claimed.gateway_refund_id), gatewayRefundId: claimed.gateway_refund_id };
      } else {
        const result = await gateway.refund({
          gatewayRef: payment.gateway_ref!,
          chargeRef: payment.charge_ref,
          amount: claimed.amount,
          currency: claimed.currency,
          idempotencyKey: claimed.id,
          reason: claimed.reason,
          full: claimed.amount === payment.amount,
          attempt: claimed.attempts,
        });
        outcome = { status: result.status, gatewayRefundId: result.gatewayRefundId };
      }
    } catch (err) {
      if (err instanceof GatewayRefusal) outcome = { status: 'failed', gatewayRefundId: null, reason: err.message };
      else this.deps.log.warn({ err, refundId }, 'refund not sent; it stays pending and is retried');
    }
    const effects: Effects = { duplicate: false, refundIds: [], variantIds: [], notify: false };
    await this.deps.db.transaction(async (tx) => {
      await this.deps.orders.lock(tx, claimed.order_id);
      const refund = (await repo.findRefund(tx, { id: refundId }, true))!;
      await tx.query('UPDATE refunds SET claimed_until = NULL WHERE id = $1', [refundId]);
      if (refund.status !== 'pending' || !outcome) return; // a webhook settled it meanwhile, or no answer
      if (outcome.status === 'pending') {
        if (outcome.gatewayRefundId) await tx.query('UPDATE refunds SET gateway_refund_id = $2 WHERE id = $1', [refundId, outcome.gatewayRefundId]);
        return;
      }
      await this.settleRefund(tx, refund, outcome.status, outcome.gatewayRefundId, outcome.reason, effects);
    });
    if (effects.notify) await this.deps.dispatcher.dispatchSoon();
  }

  /** Staff: sends a failed refund again, as a new refund with its own idempotency key. */
  async retryRefund(refundId: string, staff: AccessClaims): Promise<TRefund> {
    const retry = await this.deps.db.transaction(async (tx) => {
      const first = await repo.findRefund(tx, { id: refundId });
      if (!first) throw notFound('Refund');
      await this.deps.orders.lock(tx, first.order_id);
      const failed = (await repo.findRefund(tx, { id: refundId }, true))!;
      if (failed.status !== 'failed') throw new AppError('conflict', `Only a failed refund can be sent again; this one is ${failed.status}`);
      if (failed.retried_by) return (await repo.findRefund(tx, { id: failed.retried_by }))!;
      const payment = (await repo.findPayment(tx, failed.payment_id, true))!;
      if (failed.amount > (await repo.refundable(tx, payment))) throw new AppError('conflict', 'Less than this refund is left to refund on its payment');
      const again = await repo.insertRefund(tx, { orderId: failed.order_id, paymentId: payment.id, amount: failed.amount, currency: failed.currency, reason: failed.reason, kind: failed.kind, requestedBy: staff.userId });
      await tx.query('UPDATE refunds SET retried_by = $2, updated_at = now() WHERE id = $1', [failed.id, again.id]);
      return again;
    });
    await this.processRefund(retry.id);
    return toRefund((await repo.findRefund(this.deps.db, { id: retry.id }))!);
  }

  /** Staff: refunds part or all of what the order's payment took. Idempotent per staff member and key. */
  async refund(orderId: string, input: { amount: number; reason: string }, staff: AccessClaims, idempotencyKey: string): Promise<TRefund> {
    const requestKey = `${staff.userId}:${idempotencyKey}`;
    const replay = async () => {
      const earlier = await repo.findRefund(this.deps.db, { requestKey });
      if (!earlier) return undefined;
      if (earlier.order_id !== orderId || earlier.amount !== input.amount) {
        throw new AppError('conflict', 'This Idempotency-Key was already used for another refund', {
          fields: [{ field: 'header.idempotency-key', message: 'already used for another refund', code: 'idempotency_key_reused' }],
        });
      }
      return toRefund(earlier);
    };
    const earlier = await replay();
    if (earlier) return earlier;
    let refund: repo.RefundRow;
    try {
      refund = await this.deps.db.transaction(async (tx) => {
        const status = await this.deps.orders.lock(tx, orderId);
        if (!status) throw notFound('Order');
        const order = (await this.deps.orders.find(tx, orderId))!;
        if (!PAID_STATUSES.includes(status) || !order.payment_id) throw new AppError('conflict', `An order that is ${status.replace('_', ' ')} has no payment to refund`);
        const payment = (await repo.findPayment(tx, order.payment_id, true))!;
        const left = await repo.refundable(tx, payment);
        if (input.amount > left) throw invalidField('body.amount', `at most ${left} is left to refund`, 'exceeds_refundable');
        return repo.insertRefund(tx, { orderId, paymentId: payment.id, amount: input.amount, currency: payment.currency, reason: input.reason, kind: 'requested', requestKey, requestedBy: staff.userId });
      });
    } catch (err) {
      if (isUniqueViolation(err, 'refunds_request_key_key')) return (await replay())!;
      throw err;
    }
    await this.processRefund(refund.id);
    return toRefund((await repo.findRefund(this.deps.db, { id: refund.id }))!);
  }

  /** Staff: cancels an order; what a payment took is refunded in full. */
  async cancelOrder(orderId: string, reason: string) {
    const refundIds: string[] = [];
    const order = await this.deps.orders.cancel(orderId, reason, async (tx, from) => {
      if (from !== 'paid') return;
      const row = (await this.deps.orders.find(tx, orderId))!;
      if (!row.payment_id) return;
      const payment = (await repo.findPayment(tx, row.payment_id, true))!;
      const left = await repo.refundable(tx, payment);
      if (left > 0) {
        const refund = await repo.insertRefund(tx, { orderId, paymentId: payment.id, amount: left, currency: payment.currency, reason: `order cancelled: ${reason}`, kind: 'order_cancelled' });
        refundIds.push(refund.id);
      }
    });
    for (const id of refundIds) await this.processRefund(id).catch((err) => this.deps.log.error({ err, refundId: id }, 'refund failed; reconciliation retries'));
    return refundIds.length ? this.deps.orders.view((await this.deps.orders.find(this.deps.db, orderId))!) : order;
  }

  /**
   * The scheduled safety net: asks the gateways about payments still unsettled after the
   * threshold (a webhook lost or never sent), gives up on ones abandoned for a day, and resends
   * refunds left pending by an unreachable gateway.
   */
  async reconcile(): Promise<{ checked: number; settled: number; refundsRetried: number }> {
    let settled = 0;
    const stale = await repo.unsettledPayments(this.deps.db, this.deps.reconcileAfterMinutes, 100);
    for (const payment of stale) {
      await repo.markChecked(this.deps.db, payment.id);
      try {
        let event: PaymentEvent | null = null;
        const gateway = this.deps.gateways[payment.gateway];
        if (payment.gateway_ref && gateway) {
          event = await gateway.fetchStatus({ id: payment.id, gatewayRef: payment.gateway_ref, amount: payment.amount, currency: payment.currency });
        }
        const age = Date.now() - payment.created_at.getTime();
        if (!event && ((!payment.gateway_ref && age > 60_000) || age > ABANDON_AFTER_MS)) {
          const reason = payment.gateway_ref ? 'abandoned: not completed at the gateway within a day' : 'never reached the gateway';
          event = { gateway: payment.gateway, eventId: `reconcile:${payment.id}:given-up`, type: 'payment.canceled', gatewayRef: payment.gateway_ref ?? '', paymentId: payment.id, reason, summary: { reason } };
        }
        if (event) {
          await this.applyEvents([{ ...event, paymentId: payment.id }]);
          settled++;
        }
      } catch (err) {
        this.deps.log.warn({ err, paymentId: payment.id }, 'could not reconcile a payment; next pass retries');
      }
    }
    const refunds = await repo.pendingRefunds(this.deps.db, 100);
    for (const id of refunds) await this.processRefund(id).catch((err) => this.deps.log.warn({ err, refundId: id }, 'refund retry failed'));
    await this.deps.dispatcher.dispatchSoon();
    return { checked: stale.length, settled, refundsRetried: refunds.length };
  }

  // ----- saved cards -----

  async listCards(caller: AccessClaims) {
    return { items: (await repo.listCards(this.deps.db, caller.userId)).map(toSavedCard) };
  }

  async deleteCard(caller: AccessClaims, id: string): Promise<void> {
    const card = await repo.findCard(this.deps.db, caller.userId, id);
    if (!card) throw notFound('Saved card');
    // The gateway forgets it first: a card we no longer list must not stay chargeable there.
    try {
      await this.deps.gateways[card.gateway]?.deleteSavedCard?.(card.token);
    } catch (err) {
      // A refusal means the gateway no longer has it (already detached): forgetting it here is right.
      if (!(err instanceof GatewayRefusal)) throw err;
    }
    await repo.deleteCard(this.deps.db, card.id);
  }

  private async gatewayCustomer(gateway: PaymentGateway, userId: string, email: string): Promise<string> {
    const known = await repo.gatewayCustomer(this.deps.db, userId, gateway.name);
    if (known) return known;
    let created: string;
    try {
      created = await gateway.ensureCustomer!({ userId, email });
    } catch (err) {
      if (err instanceof GatewayRefusal) throw new AppError('gateway_refused', err.message);
      throw err;
    }
    return repo.saveGatewayCustomer(this.deps.db, userId, gateway.name, created);
  }

  /** After a PayHere preapproval: charge the token it returned, once (the payment id is PayHere's order id). */
  private async chargePreapproved(paymentId: string, token: string) {
    const payment = await repo.findPayment(this.deps.db, paymentId);
    if (!payment || !repo.OPEN_STATUSES.includes(payment.status)) return;
    const order = (await this.deps.orders.find(this.deps.db, payment.order_id))!;
    try {
      const created = await this.gateway(payment.gateway).createPayment({
        paymentId,
        orderId: order.id,
        orderNumber: order.number,
        amount: payment.amount,
        currency: payment.currency,
        customer: { userId: order.customer_id, email: order.email, firstName: '', lastName: '', phone: '', address: '', city: '', country: '' },
        description: `Order ${order.number}`,
        saveCard: false,
        savedCardToken: token,
      });
      if (created.event) await this.applyEvents([{ ...created.event, paymentId }]);
    } catch (err) {
      this.deps.log.error({ err, paymentId }, 'charging a preapproved card failed; reconciliation settles the payment');
    }
  }
}

function toPayment(p: repo.PaymentRow, nextAction: TNextAction): TPayment {
  const money = (amount: number) => ({ amount: Number(amount), currency: p.currency });
  return {
    id: p.id,
    orderId: p.order_id,
    gateway: p.gateway,
    status: p.status,
    amount: money(p.amount),
    refunded: money(p.refunded_amount),
    failureReason: p.failure_reason,
    card: p.card_brand && p.card_last4 ? { brand: p.card_brand, last4: p.card_last4 } : null,
    nextAction,
    createdAt: p.created_at.toISOString(),
  };
}

function toRefund(r: repo.RefundRow): TRefund {
  return {
    id: r.id,
    orderId: r.order_id,
    paymentId: r.payment_id,
    amount: { amount: Number(r.amount), currency: r.currency },
    reason: r.reason,
    kind: r.kind,
    status: r.status,
    failureReason: r.failure_reason,
    createdAt: r.created_at.toISOString(),
  };
}

function toSavedCard(c: repo.SavedCardRow) {
  return { id: c.id, gateway: c.gateway, brand: c.brand, last4: c.last4, expMonth: c.exp_month, expYear: c.exp_year, createdAt: c.created_at.toISOString() };
}
