import type { TCart, TCurrency } from '@tk/contract';
import type { Database } from '../../platform/database.js';
import { AppError, invalidField, notFound } from '../../platform/errors.js';
import { variantsForSale } from '../catalog/index.js';
import type { AccessClaims } from '../customers/index.js';
import { availableByVariant } from '../inventory/index.js';
import type { ShippingService } from '../shipping/index.js';
import type { CartStore, StoredCart } from './cart.store.js';
import { computeTotals, type TotalsResult } from '../pricing/index.js';
import { type CustomerIdentity, customerIdentity, type FlashBadge, type FlashSaleService, type PromotionsService } from '../promotions/index.js';

/** The caller of a cart operation: a signed-in user, or a guest holding the cart's id. */
export type CartCaller = AccessClaims | undefined;

/**
 * Carts for guests and customers. A customer has one cart, found through their account on every
 * device; a guest cart is reached by its unguessable id and merges into the customer's cart on
 * sign-in. Prices and totals are always computed here from current data; a client never sends one.
 */
export class CartService {
  constructor(
    private readonly deps: { db: Database; store: CartStore; shipping: ShippingService; promotions: PromotionsService; flashSales: FlashSaleService },
  ) {}

  async create(currency: TCurrency, caller: CartCaller): Promise<TCart> {
    if (caller) return this.myCart(caller, currency);
    return this.view(await this.deps.store.create(currency, null));
  }

  async get(id: string, caller: CartCaller): Promise<TCart> {
    return this.view(await this.load(id, caller));
  }

  /** The signed-in customer's cart, created on first use. */
  async myCart(caller: AccessClaims, currency: TCurrency): Promise<TCart> {
    const existingId = await this.deps.store.customerCartId(caller.userId);
    const existing = existingId ? await this.deps.store.get(existingId) : undefined;
    if (existing) return this.view(existing);
    const created = await this.deps.store.create(currency, caller.userId);
    const winner = await this.deps.store.linkCustomerCart(caller.userId, created.id, existingId ?? null);
    if (winner !== created.id) {
      // Another device created the customer's cart at the same moment; use that one.
      await this.deps.store.delete(created);
      return this.get(winner, caller);
    }
    return this.view(created);
  }

  async addLine(id: string, caller: CartCaller, variantId: string, quantity: number): Promise<TCart> {
    await this.load(id, caller);
    const cart = await this.deps.store.update(id, async (c) => {
      const current = c.lines.find((l) => l.variantId === variantId)?.quantity ?? 0;
      if (current + quantity > 999) throw invalidField('body.quantity', `at most 999 of one item (${current} in the cart)`, 'too_big');
      await this.checkSellable(c.currency, variantId, current + quantity, 'body.variantId');
      return { ...c, lines: upsertLine(c.lines, variantId, current + quantity) };
    });
    return this.view(cart);
  }

  async setLine(id: string, caller: CartCaller, variantId: string, quantity: number): Promise<TCart> {
    await this.load(id, caller);
    const cart = await this.deps.store.update(id, async (c) => {
      if (!c.lines.some((l) => l.variantId === variantId)) throw notFound('Cart line');
      if (quantity > 0) await this.checkSellable(c.currency, variantId, quantity, 'params.variantId');
      return { ...c, lines: upsertLine(c.lines, variantId, quantity) };
    });
    return this.view(cart);
  }

  async removeLine(id: string, caller: CartCaller, variantId: string): Promise<TCart> {
    return this.setLine(id, caller, variantId, 0);
  }

  async clear(id: string, caller: CartCaller): Promise<TCart> {
    await this.load(id, caller);
    return this.view(await this.deps.store.update(id, (c) => ({ ...c, lines: [] })));
  }

  async setDestination(id: string, caller: CartCaller, destination: { country: string; region: string; postalCode: string }): Promise<TCart> {
    await this.load(id, caller);
    return this.view(await this.deps.store.update(id, (c) => ({ ...c, destination })));
  }

  async chooseShippingMethod(id: string, caller: CartCaller, methodId: string): Promise<TCart> {
    const current = await this.price(await this.load(id, caller));
    if (!current.destination) throw invalidField('body.methodId', 'set the destination first', 'no_destination');
    if (!current.shippingOptions.some((o) => o.id === methodId)) {
      throw invalidField('body.methodId', 'not one of this cart\'s shipping options', 'not_offered');
    }
    return this.view(await this.deps.store.update(id, (c) => ({ ...c, shippingMethodId: methodId })));
  }

  /**
   * The cart priced for checkout to a given address: its lines, the shipping method (the one
   * asked for, else the cart's choice, else the cheapest) and the zone's tax. Refuses an address
   * no zone delivers to.
   */
  async quoteForCheckout(
    id: string,
    caller: CartCaller,
    destination: { country: string; region: string; postalCode: string },
    methodId: string | undefined,
    customer: CustomerIdentity | null,
  ): Promise<TCart & { shippingMethodName: string; quote: CartQuote }> {
    const stored = await this.load(id, caller);
    if (!stored.lines.length) throw invalidField('body.cartId', 'the cart is empty', 'empty_cart');
    const priced = await this.price(
      { ...stored, destination, shippingMethodId: methodId ?? stored.shippingMethodId ?? null },
      { cheapestIfUnchosen: methodId === undefined, customer },
    );
    if (!priced.shippingOptions.length) {
      throw invalidField('body.shippingAddress.country', `we do not deliver to ${destination.country} for ${stored.currency}`, 'not_deliverable');
    }
    if (!priced.shippingMethodId) {
      throw invalidField('body.shippingMethodId', 'not a shipping option for this address', 'not_offered');
    }
    const name = priced.shippingOptions.find((o) => o.id === priced.shippingMethodId)!.name;
    return { ...priced, shippingMethodName: name };
  }

  /** Empties a cart after its order was placed (no pricing: nobody reads the answer). */
  async empty(id: string): Promise<void> {
    await this.deps.store.update(id, (c) => ({ ...c, lines: [], shippingMethodId: null, promotionCodes: [] }));
  }

  /**
   * Adds a discount code: the cart with its discount, or 422 promotion_not_applicable naming the
   * exact reason (unknown code, expired, not started, below the minimum, limit reached, not valid
   * for these items…). A code that does not apply is not kept.
   */
  async applyCode(id: string, caller: CartCaller, rawCode: string): Promise<TCart> {
    const code = rawCode.trim().toUpperCase();
    const stored = await this.load(id, caller);
    const refuse = (reason: string, message: string): never => {
      throw new AppError('promotion_not_applicable', message, { fields: [{ field: 'body.code', message, code: reason }] });
    };
    const promotion = await this.deps.promotions.findByCode(code);
    if (!promotion) refuse('unknown_code', `There is no promotion with the code ${code}`);
    const trial = await this.price({ ...stored, promotionCodes: [...new Set([...(stored.promotionCodes ?? []), code])] });
    const entry = trial.promotions.find((p) => p.code === code);
    if (!entry?.applied) refuse(entry?.reason ?? 'inactive', reasonText(code, entry?.reason ?? 'inactive', promotion!, stored.currency));
    return this.view(await this.deps.store.update(id, (c) => ({ ...c, promotionCodes: [...new Set([...(c.promotionCodes ?? []), code])] })));
  }

  async removeCode(id: string, caller: CartCaller, rawCode: string): Promise<TCart> {
    const code = rawCode.trim().toUpperCase();
    const stored = await this.load(id, caller);
    if (!(stored.promotionCodes ?? []).includes(code)) throw notFound('Code in this cart');
    return this.view(await this.deps.store.update(id, (c) => ({ ...c, promotionCodes: (c.promotionCodes ?? []).filter((x) => x !== code) })));
  }

  /** Moves a guest cart's lines into the customer's cart, capped at what is available, and deletes it. */
  async merge(caller: AccessClaims, guestCartId: string): Promise<TCart> {
    const peek = await this.deps.store.get(guestCartId);
    if (!peek && (await this.deps.store.wasMerged(guestCartId))) {
      // A twin request (another tab) merged it a moment ago: the customer's cart is the answer.
      const mineId = await this.deps.store.customerCartId(caller.userId);
      if (mineId) return this.get(mineId, caller);
    }
    if (!peek || peek.customerId !== null) throw notFound('Guest cart');
    const mine = await this.myCart(caller, peek.currency);
    if (mine.id === guestCartId) return mine;
    // Only one merge of a guest cart gets its lines; a second tab just sees the merged cart.
    const guest = await this.deps.store.takeGuestCart(guestCartId);
    if (!guest) return this.get(mine.id, caller);
    const available = await availableByVariant(this.deps.db, guest.lines.map((l) => l.variantId));
    const merged = await this.deps.store.update(mine.id, (c) => {
      let lines = c.lines;
      for (const g of guest.lines) {
        const current = lines.find((l) => l.variantId === g.variantId)?.quantity ?? 0;
        const cap = Math.max(current, available.get(g.variantId) ?? 0);
        lines = upsertLine(lines, g.variantId, Math.min(current + g.quantity, cap, 999));
      }
      return { ...c, lines };
    });
    return this.view(merged);
  }

  /** Finds a cart the caller may use; someone else's cart is "not found", never "forbidden". */
  private async load(id: string, caller: CartCaller): Promise<StoredCart> {
    const cart = await this.deps.store.get(id);
    if (!cart || (cart.customerId !== null && cart.customerId !== caller?.userId)) throw notFound('Cart');
    return cart;
  }

  private async checkSellable(currency: TCurrency, variantId: string, quantity: number, field: string) {
    const [variant] = await variantsForSale(this.deps.db, [variantId], currency);
    if (!variant || variant.status !== 'published') throw invalidField(field, 'no product on sale has this variant', 'not_found');
    if (variant.amount === null) throw invalidField(field, `not sold in ${currency}`, 'not_priced');
    const available = (await availableByVariant(this.deps.db, [variantId])).get(variantId) ?? 0;
    if (quantity > available) {
      throw new AppError('out_of_stock', available ? `Only ${available} available` : 'Out of stock', {
        fields: [{ field: 'body.quantity', message: `only ${available} available`, code: 'out_of_stock' }],
        extra: { lines: [{ variantId, requested: quantity, available }] },
      });
    }
  }

  /** The cart as clients see it: current prices, availability and server-computed totals. */
  private async view(cart: StoredCart): Promise<TCart> {
    const { quote: _quote, ...visible } = await this.price(cart);
    return visible;
  }

  /** Prices a cart: effective prices (flash sales), promotions, shipping and tax, by the totals engine. */
  private async price(cart: StoredCart, opts: { cheapestIfUnchosen?: boolean; customer?: CustomerIdentity | null } = {}): Promise<TCart & { quote: CartQuote }> {
    const ids = cart.lines.map((l) => l.variantId);
    const now = new Date();
    const [variants, available] = await Promise.all([
      variantsForSale(this.deps.db, ids, cart.currency),
      availableByVariant(this.deps.db, ids),
    ]);
    const byId = new Map(variants.map((v) => [v.variant_id, v]));
    const money = (amount: number) => ({ amount, currency: cart.currency });
    const lines = (
      await Promise.all(
        cart.lines.map(async (l) => {
          const v = byId.get(l.variantId);
          if (!v) return []; // the variant was deleted from the catalogue
          const units = available.get(l.variantId) ?? 0;
          const priced = v.status === 'published' && v.amount !== null;
          // The effective price now: a running flash sale's price, else the list price.
          const effective = priced ? await this.deps.flashSales.priceFor(l.variantId, cart.currency, v.amount!, now) : { amount: 0, sale: null };
          return [
            {
              variantId: l.variantId,
              productId: v.product_id,
              productSlug: v.slug,
              title: v.title,
              variantTitle: v.variant_title,
              sku: v.sku,
              image: v.image_url ? { url: v.image_url, alt: v.image_alt ?? '', width: v.image_width, height: v.image_height } : null,
              unitPrice: priced ? money(effective.amount) : null,
              quantity: l.quantity,
              lineTotal: money(priced ? effective.amount * l.quantity : 0),
              discount: money(0),
              flashSale: effective.sale,
              available: units,
              purchasable: priced && l.quantity <= units,
              categoryIds: (v.category_path ?? '').split('/').filter(Boolean),
              collectionIds: v.collection_ids ?? [],
            },
          ];
        }),
      )
    ).flat();
    const priced = lines.filter((l) => l.unitPrice);
    const goods = priced.reduce((s, l) => s + l.unitPrice!.amount * l.quantity, 0);
    const weight = cart.lines.reduce((s, l) => s + (byId.get(l.variantId)?.weight_grams ?? 0) * l.quantity, 0);
    const quote = cart.destination ? await this.deps.shipping.quote(cart.destination, cart.currency, goods, weight) : undefined;
    const options = quote?.options ?? [];
    const chosen = options.find((o) => o.id === cart.shippingMethodId) ?? (opts.cheapestIfUnchosen ? options[0] : undefined);
    // Checkout knows who is buying; a cart on its own knows its owner, if any.
    const customer = opts.customer !== undefined ? opts.customer : customerIdentity(cart.customerId, null);
    const codes = cart.promotionCodes ?? [];
    const { rules, unavailable } = await this.deps.promotions.candidatesFor(codes, customer, now);
    const totals: TotalsResult = computeTotals({
      currency: cart.currency,
      lines: priced.map((l) => ({
        variantId: l.variantId,
        productId: l.productId,
        categoryIds: l.categoryIds,
        collectionIds: l.collectionIds,
        unitPrice: l.unitPrice!.amount,
        quantity: l.quantity,
      })),
      promotions: rules,
      shipping: chosen ? chosen.amount : null,
      tax: quote ? quote.zone.tax : null,
      now,
    });
    const lineDiscount = new Map(totals.lines.map((l) => [l.variantId, l.discount]));
    // Automatic promotions that do not apply stay out of sight; a code always says how it stands.
    const promotions = [
      ...totals.applied.map((a) => ({ id: a.id, code: a.code, name: a.name, amount: money(a.amount), applied: true, reason: null })),
      ...totals.notApplied.filter((n) => n.code !== null).map((n) => ({ id: n.id, code: n.code, name: n.name, amount: money(0), applied: false, reason: n.reason })),
      ...unavailable.map((u) => ({ id: u.id, code: u.code, name: u.name, amount: money(0), applied: false, reason: u.reason })),
    ];
    return {
      id: cart.id,
      currency: cart.currency,
      lines: lines.map(({ categoryIds: _c, collectionIds: _k, ...l }) => ({ ...l, discount: money(lineDiscount.get(l.variantId) ?? 0) })),
      itemCount: lines.reduce((s, l) => s + l.quantity, 0),
      destination: cart.destination ?? null,
      shippingOptions: options.map((o) => ({ id: o.id, name: o.name, amount: money(o.amount) })),
      shippingMethodId: chosen?.id ?? null,
      promotions,
      totals: {
        subtotal: money(totals.subtotal),
        discount: money(totals.discount),
        shipping: totals.shipping === null ? null : money(totals.shipping),
        tax: money(totals.tax),
        total: money(totals.total),
      },
      updatedAt: cart.updatedAt,
      quote: { totals, applied: totals.applied, saleByVariant: new Map(lines.map((l) => [l.variantId, l.flashSale])) },
    };
  }
}

/** What checkout needs beyond the client's view of the cart. */
export interface CartQuote {
  totals: TotalsResult;
  applied: TotalsResult['applied'];
  saleByVariant: Map<string, FlashBadge | null>;
}

function reasonText(code: string, reason: string, p: { startsAt: string; endsAt: string | null; minSubtotal: Partial<Record<string, number>> }, currency: string): string {
  switch (reason) {
    case 'not_started':
      return `${code} starts on ${p.startsAt}`;
    case 'expired':
      return `${code} expired on ${p.endsAt}`;
    case 'below_minimum':
      return `${code} needs a subtotal of at least ${p.minSubtotal[currency]} (${currency} minor units)`;
    case 'limit_reached':
      return `${code} has been used as often as it may`;
    case 'not_valid_for_items':
      return `${code} is not valid for the items in this cart`;
    case 'not_in_currency':
      return `${code} is not offered in ${currency}`;
    case 'shipping_not_chosen':
      return `${code} takes off shipping: choose a shipping method first`;
    case 'not_combinable':
      return `${code} cannot be combined with the promotions already applied`;
    case 'nothing_left_to_discount':
      return `${code} has nothing left to take off`;
    default:
      return `${code} is not active`;
  }
}

function upsertLine(lines: StoredCart['lines'], variantId: string, quantity: number): StoredCart['lines'] {
  if (quantity <= 0) return lines.filter((l) => l.variantId !== variantId);
  return lines.some((l) => l.variantId === variantId)
    ? lines.map((l) => (l.variantId === variantId ? { ...l, quantity } : l))
    : [...lines, { variantId, quantity }];
}
