import { z } from 'zod';
import { ZCurrency, ZId, ZMoney, ZTimestamp } from './common.js';
import { ZPaymentSummary, ZRefund } from './payments.js';

export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'payment_failed',
  'fulfilled',
  'shipped',
  'delivered',
  'cancelled',
  'refunded',
  'partially_refunded',
] as const;

/** How every client names an order's status to people (the storefront, the app, the dashboard). */
export const ORDER_STATUS_LABELS: Record<(typeof ORDER_STATUSES)[number], string> = {
  pending_payment: 'Awaiting payment',
  payment_failed: 'Payment failed',
  paid: 'Paid',
  fulfilled: 'Packed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

export const ZShippingAddress = z.strictObject({
  fullName: z.string().trim().min(1).max(100),
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).default(''),
  city: z.string().trim().min(1).max(100),
  region: z.string().trim().max(100).default(''),
  postalCode: z.string().trim().max(20).default(''),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as LK')
    .transform((c) => c.toUpperCase()),
  phone: z.string().trim().max(30).default(''),
});

export const ZCheckoutRequest = z.strictObject({
  cartId: ZId,
  /** Required for guests; a signed-in customer's account email is used otherwise. */
  email: z.email().max(254).optional(),
  shippingAddress: ZShippingAddress,
  /** One of the cart's shipping options for this address; the cart's choice, else the cheapest, when left out. */
  shippingMethodId: ZId.optional(),
  /** The total the shopper was shown (minor units): if prices or promotions changed since, 409 instead of charging more. */
  expectedTotal: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type TCheckoutRequest = z.output<typeof ZCheckoutRequest>;

export const ZOrder = z
  .object({
    id: ZId,
    number: z.string(),
    status: z.enum(ORDER_STATUSES),
    currency: ZCurrency,
    email: z.string(),
    lines: z.array(
      z.object({
        variantId: ZId,
        productId: ZId,
        sku: z.string(),
        title: z.string(),
        variantTitle: z.string(),
        unitPrice: ZMoney,
        quantity: z.int(),
        lineTotal: ZMoney,
        /** The line's share of the order's discounts: what a refund of this line gives back is lineTotal − discount. */
        discount: ZMoney,
      }),
    ),
    /** The promotions the order got and what each took off. */
    promotions: z.array(z.object({ id: ZId, code: z.string().nullable(), name: z.string(), amount: ZMoney })),
    totals: z.object({ subtotal: ZMoney, discount: ZMoney, shipping: ZMoney, tax: ZMoney, total: ZMoney }),
    shippingAddress: z.record(z.string(), z.string()),
    shippingMethod: z.string(),
    /** While awaiting payment: when the held stock is released if the order is still unpaid. */
    stockHeldUntil: ZTimestamp.nullable(),
    /** Every status the order has had, oldest first: the customer's timeline. */
    history: z.array(z.object({ from: z.string().nullable(), to: z.string(), reason: z.string(), at: ZTimestamp })),
    shipments: z.array(
      z.object({ carrier: z.string(), trackingNumber: z.string(), trackingUrl: z.string().nullable(), shippedAt: ZTimestamp }),
    ),
    /** Every payment attempt, oldest first (card brand and last four digits only). */
    payments: z.array(ZPaymentSummary),
    refunds: z.array(ZRefund),
    /** Chargebacks and disputes the gateway reported. */
    disputes: z.array(z.object({ amount: ZMoney, reason: z.string(), createdAt: ZTimestamp })),
    createdAt: ZTimestamp,
  })
  .meta({ id: 'Order' });
export type TOrder = z.infer<typeof ZOrder>;

export const ZOrderIdParams = z.object({ id: ZId });
export const ZOrderList = z.object({ items: z.array(ZOrder) });
export const ZOrderLookupRequest = z.strictObject({ number: z.string().trim().min(1).max(20), email: z.email().max(254) });

export const ZAdminOrderListQuery = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  /** An order number (TK1234) or part of the customer's email. */
  q: z.string().trim().max(200).optional(),
  customerId: ZId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const ZAdminOrderList = z.object({ items: z.array(ZOrder), total: z.int() }).meta({ id: 'AdminOrderList' });
export const ZShipOrderRequest = z.strictObject({
  carrier: z.string().trim().min(1).max(60),
  trackingNumber: z.string().trim().min(1).max(60),
  trackingUrl: z.url({ protocol: /^https?$/ }).max(500).optional(),
});
export const ZCancelOrderRequest = z.strictObject({ reason: z.string().trim().min(1).max(200) });
