import { createHash, randomUUID } from 'node:crypto';
import type { TCheckoutRequest, TOrder } from '@tk/contract';
import type { Database } from '../platform/database.js';
import { AppError, invalidField, isUniqueViolation } from '../platform/errors.js';
import type { CartService } from '../modules/cart/index.js';
import type { AccessClaims, ProfileService } from '../modules/customers/index.js';
import type { InventoryService } from '../modules/inventory/index.js';
import { findOrder, insertOrder, type OrdersService, reservationReference } from '../modules/orders/index.js';
import { customerIdentity, type FlashSaleService, type PromotionsService } from '../modules/promotions/index.js';

export interface CheckoutDeps {
  db: Database;
  carts: CartService;
  inventory: InventoryService;
  orders: OrdersService;
  profiles: ProfileService;
  promotions: PromotionsService;
  flashSales: FlashSaleService;
}

/**
 * Cart → order, across modules: price the cart on the server, then in ONE transaction reserve
 * every line (or fail with 409 out_of_stock naming them) and write the order in pending_payment.
 * Nothing is charged here; payment comes after, against an order whose stock is already held.
 * Idempotent per caller and key: a retried request gets the order the first one made.
 */
export class CheckoutWorkflow {
  constructor(private readonly deps: CheckoutDeps) {}

  async run(input: TCheckoutRequest, caller: AccessClaims | undefined, idempotencyKey: string): Promise<TOrder> {
    const scopedKey = `${caller?.userId ?? 'guest'}:${idempotencyKey}`;
    const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    const replay = await this.replay(scopedKey, input.cartId, requestHash);
    if (replay) return replay;

    const destination = {
      country: input.shippingAddress.country,
      region: input.shippingAddress.region,
      postalCode: input.shippingAddress.postalCode,
    };
    const email = caller ? (await this.deps.profiles.get(caller.userId)).email : input.email;
    let cart;
    try {
      cart = await this.deps.carts.quoteForCheckout(input.cartId, caller, destination, input.shippingMethodId, customerIdentity(caller?.userId ?? null, email));
    } catch (err) {
      // A twin request with the same key may have placed the order and emptied the cart meanwhile.
      const placed = await this.replay(scopedKey, input.cartId, requestHash);
      if (placed) return placed;
      throw err;
    }
    const unpriced = cart.lines.filter((l) => l.unitPrice === null);
    if (unpriced.length) {
      throw new AppError('validation_failed', 'Some items are no longer sold in this currency; remove them first', {
        fields: unpriced.map((l) => ({ field: `cart.lines.${l.variantId}`, message: 'no longer for sale', code: 'not_priced' })),
      });
    }
    if (!email) throw invalidField('body.email', 'required for guest checkout', 'required');
    // A code the shopper entered that no longer applies (limit used up, expired, minimum not met)
    // stops the checkout: charging more than the cart promised, silently, is not an option.
    const lapsed = cart.promotions.filter((p) => p.code !== null && !p.applied);
    if (lapsed.length) {
      throw new AppError('promotion_not_applicable', `${lapsed.map((p) => p.code).join(', ')} no longer applies; remove it or change the cart`, {
        fields: lapsed.map((p) => ({ field: 'body.cartId', message: `${p.code}: ${p.reason}`, code: p.reason ?? 'inactive' })),
      });
    }
    const customer = customerIdentity(caller?.userId ?? null, email)!;
    // The client may say what total it showed; any change since (a sale ended, a price run, an
    // automatic promotion used up) is refused rather than charged.
    if (input.expectedTotal !== undefined && input.expectedTotal !== cart.totals.total.amount) {
      throw new AppError('conflict', `The total changed to ${cart.totals.total.amount} (${cart.currency} minor units); review the cart and confirm again`, {
        fields: [{ field: 'body.expectedTotal', message: `now ${cart.totals.total.amount}`, code: 'total_changed' }],
      });
    }
    const lineDiscount = new Map(cart.quote.totals.lines.map((l) => [l.variantId, l.discount]));

    const orderId = randomUUID();
    let heldUntil: Date;
    try {
      const placedMeanwhile = await this.deps.db.transaction(async (tx) => {
        // Requests with the same key take turns here; the second finds the first one's order.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`checkout:${scopedKey}`]);
        if (await findOrder(tx, { idempotencyKey: scopedKey })) return true;
        const hold = await this.deps.inventory.reserve(
          tx,
          reservationReference(orderId),
          cart.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
        );
        heldUntil = hold.expiresAt;
        await insertOrder(tx, {
          id: orderId,
          customerId: caller?.userId ?? null,
          email,
          currency: cart.currency,
          subtotal: cart.totals.subtotal.amount,
          discount: cart.totals.discount.amount,
          shipping: cart.totals.shipping?.amount ?? 0,
          shippingMethod: cart.shippingMethodName,
          tax: cart.totals.tax.amount,
          total: cart.totals.total.amount,
          shippingAddress: input.shippingAddress,
          idempotencyKey: scopedKey,
          requestHash,
          cartId: input.cartId,
          cartVersion: cart.updatedAt,
          promotions: cart.quote.applied.map((a) => ({ id: a.id, code: a.code, name: a.name, amount: a.amount })),
          lines: cart.lines.map((l) => ({
            variantId: l.variantId,
            productId: l.productId,
            sku: l.sku,
            title: l.title,
            variantTitle: l.variantTitle,
            unitPrice: l.unitPrice!.amount,
            quantity: l.quantity,
            discount: lineDiscount.get(l.variantId) ?? 0,
          })),
        });
        // Uses of promotions and flash-sale units are taken in the same transaction: the last
        // redemption goes to exactly one order, and a per-customer limit holds across devices.
        await this.deps.promotions.reserve(tx, orderId, customer, cart.quote.applied);
        await this.deps.flashSales.recordPurchases(
          tx,
          orderId,
          customer,
          cart.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, sale: cart.quote.saleByVariant.get(l.variantId) ?? null })),
        );
        return false;
      });
      if (placedMeanwhile) return (await this.replay(scopedKey, input.cartId, requestHash))!;
    } catch (err) {
      // Whatever went wrong, if a request with this key did place the order, that is the answer.
      if (isUniqueViolation(err, 'orders_idempotency_key_key') || !(err instanceof AppError)) {
        const winner = await this.replay(scopedKey, input.cartId, requestHash).catch(() => undefined);
        if (winner) return winner;
      }
      if (isUniqueViolation(err, 'orders_cart_version_idx')) {
        throw new AppError('conflict', 'This cart has already been ordered; change it to order again', {
          fields: [{ field: 'body.cartId', message: 'already ordered', code: 'cart_already_ordered' }],
        });
      }
      throw err;
    }
    await this.deps.inventory.mirrorHold(reservationReference(orderId), heldUntil!);
    // The order is committed; emptying the cart is a courtesy that may fail without harm.
    await this.deps.carts.empty(input.cartId).catch(() => undefined);
    return this.deps.orders.get(orderId, caller);
  }

  private async replay(scopedKey: string, cartId: string, requestHash: string): Promise<TOrder | undefined> {
    const existing = await findOrder(this.deps.db, { idempotencyKey: scopedKey });
    if (!existing) return undefined;
    if (existing.cart_id !== cartId || (existing.request_hash && existing.request_hash !== requestHash)) {
      throw new AppError('conflict', 'This Idempotency-Key was already used for another checkout', {
        fields: [{ field: 'header.idempotency-key', message: 'already used for another checkout request', code: 'idempotency_key_reused' }],
      });
    }
    return this.deps.orders.view(existing);
  }
}
