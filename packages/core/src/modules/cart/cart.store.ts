import { randomUUID } from 'node:crypto';
import type { TCurrency } from '@tk/contract';
import { AppError } from '../../platform/errors.js';
import type { KeyValueStore } from '../../platform/kv.js';

/** A cart as stored: only what the shopper chose. Prices and totals are computed on every read. */
export interface StoredCart {
  id: string;
  customerId: string | null;
  currency: TCurrency;
  lines: { variantId: string; quantity: number }[];
  destination?: { country: string; region: string; postalCode: string } | null;
  shippingMethodId?: string | null;
  /** Discount codes the shopper entered (upper-case). */
  promotionCodes?: string[];
  createdAt: string;
  updatedAt: string;
}

const cartKey = (id: string) => `cart:${id}`;
/** Left in place of a guest cart that was merged into a customer's cart. */
const MERGED = '{"merged":true}';

function parse(raw: string | null): StoredCart | undefined {
  if (!raw || raw === MERGED) return undefined;
  return JSON.parse(raw) as StoredCart;
}
const customerKey = (customerId: string) => `cart-of:${customerId}`;

/**
 * Carts live in the key-value store (Redis in production) with a sliding expiry: every read or
 * write restarts it. Writes are compare-and-set, so two devices changing one cart at once never
 * lose each other's change: the loser re-reads and applies its change again.
 */
export class CartStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly ttlSeconds: number,
    /** Told after every successful write: other devices of the cart's owner follow along. */
    private readonly onUpdated?: (cart: StoredCart) => Promise<void>,
  ) {}

  async get(id: string): Promise<StoredCart | undefined> {
    const raw = await this.kv.getAndTouch(cartKey(id), this.ttlSeconds);
    return parse(raw);
  }

  /** Whether this id was a guest cart merged within the last minute (so a late twin request can say so). */
  async wasMerged(id: string): Promise<boolean> {
    return (await this.kv.get(cartKey(id))) === MERGED;
  }

  /**
   * Takes a guest cart for merging: exactly one caller gets its contents, even if two tabs merge
   * at once; the cart is replaced by a short-lived marker and reads as gone from then on.
   */
  async takeGuestCart(id: string): Promise<StoredCart | undefined> {
    const raw = await this.kv.get(cartKey(id));
    const cart = parse(raw);
    if (!cart || cart.customerId !== null) return undefined;
    return (await this.kv.setIfUnchanged(cartKey(id), raw, MERGED, 60)) ? cart : undefined;
  }

  async create(currency: TCurrency, customerId: string | null): Promise<StoredCart> {
    const now = new Date().toISOString();
    const cart: StoredCart = { id: randomUUID(), customerId, currency, lines: [], createdAt: now, updatedAt: now };
    await this.kv.set(cartKey(cart.id), JSON.stringify(cart), this.ttlSeconds);
    return cart;
  }

  /** The customer's one cart id, if it still exists. */
  async customerCartId(customerId: string): Promise<string | undefined> {
    return (await this.kv.getAndTouch(customerKey(customerId), this.ttlSeconds)) ?? undefined;
  }

  /**
   * Links a cart to its customer unless another device linked one first; returns the winner.
   * `previous` is the link read before (it may point at a cart that has since expired).
   */
  async linkCustomerCart(customerId: string, cartId: string, previous: string | null): Promise<string> {
    if (await this.kv.setIfUnchanged(customerKey(customerId), previous, cartId, this.ttlSeconds)) return cartId;
    return (await this.kv.get(customerKey(customerId))) ?? cartId;
  }

  /** Read-modify-write with retries on concurrent change. `change` may throw to refuse. */
  async update(id: string, change: (cart: StoredCart) => StoredCart | Promise<StoredCart>): Promise<StoredCart> {
    for (let attempt = 0; attempt < 15; attempt++) {
      // After a lost race, wait a little (with jitter) so the writers fall out of step.
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
      const raw = await this.kv.get(cartKey(id));
      const current = parse(raw);
      if (!current) throw new AppError('not_found', 'Cart was not found (it may have expired)');
      const next = await change(current);
      next.updatedAt = new Date().toISOString();
      if (await this.kv.setIfUnchanged(cartKey(id), raw, JSON.stringify(next), this.ttlSeconds)) {
        // The cart is saved; a failed announcement only delays the other devices until their next read.
        await this.onUpdated?.(next).catch(() => undefined);
        return next;
      }
    }
    throw new AppError('conflict', 'The cart is being changed from another device; try again');
  }

  async delete(cart: StoredCart): Promise<void> {
    await this.kv.del(cartKey(cart.id));
  }
}
