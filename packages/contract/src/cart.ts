import { z } from 'zod';
import { ZCurrency, ZId, ZMoney, ZTimestamp } from './common.js';
import { ZImage } from './catalog.js';

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
