import { z } from 'zod';
import { ZCurrency, ZId, ZMoney, ZTimestamp } from './common.js';
import { ZImage } from './catalog.js';
import { ZCartPromotion, ZFlashSaleBadge } from './promotions.js';

const ZQuantity = z.int().min(1).max(999);

export const ZCartLine = z
  .object({
    variantId: ZId,
    productId: ZId,
    productSlug: z.string(),
    title: z.string(),
    variantTitle: z.string(),
    sku: z.string(),
    image: ZImage.nullable(),
    /** Null when the item is no longer sold in the cart's currency or was withdrawn. */
    unitPrice: ZMoney.nullable(),
    quantity: z.int(),
    lineTotal: ZMoney,
    /** This line's share of the cart's discounts, to the minor unit. */
    discount: ZMoney,
    /** The flash sale whose price this line has now, with its end for a countdown. */
    flashSale: ZFlashSaleBadge.nullable(),
    available: z.int(),
    /** False when the line cannot be bought as it stands (withdrawn, unpriced, or more than available). */
    purchasable: z.boolean(),
  })
  .meta({ id: 'CartLine' });

export const ZCart = z
  .object({
    id: ZId,
    currency: ZCurrency,
    lines: z.array(ZCartLine),
    itemCount: z.int(),
    /** Where the cart will ship; it decides the shipping options and the tax. */
    destination: z.object({ country: z.string(), region: z.string(), postalCode: z.string() }).nullable(),
    /** The methods that deliver to the destination, priced for this cart, cheapest first. */
    shippingOptions: z.array(z.object({ id: ZId, name: z.string(), amount: ZMoney })),
    shippingMethodId: ZId.nullable(),
    /** Promotions applied (with what each takes off) and entered codes that do not apply (with why). */
    promotions: z.array(ZCartPromotion),
    /** Always computed by the server from current prices; the client never sends a price. */
    totals: z.object({
      subtotal: ZMoney,
      discount: ZMoney,
      /** Null until a shipping method is chosen. */
      shipping: ZMoney.nullable(),
      tax: ZMoney,
      total: ZMoney,
    }),
    updatedAt: ZTimestamp,
  })
  .meta({ id: 'Cart' });
export type TCart = z.infer<typeof ZCart>;

export const ZCreateCartRequest = z.strictObject({ currency: ZCurrency.default('LKR') });
export const ZCartIdParams = z.object({ id: ZId });
export const ZCartLineParams = z.object({ id: ZId, variantId: ZId });
export const ZAddCartLineRequest = z.strictObject({ variantId: ZId, quantity: ZQuantity.default(1) });
export const ZSetCartLineRequest = z.strictObject({ quantity: z.int().min(0).max(999) });
export const ZMyCartQuery = z.object({ currency: ZCurrency.default('LKR') });
export const ZMergeCartRequest = z.strictObject({ cartId: ZId });
