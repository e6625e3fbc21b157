import { z } from 'zod';
import { ZCurrency, ZId, ZMoney } from './common.js';

/** A calendar day in the store's time zone (Asia/Colombo). */
const ZDay = z.iso.date();

export const ZSalesReportQuery = z
  .object({
    /** First day of the range, inclusive, in store time. */
    from: ZDay,
    /** Last day of the range, inclusive, in store time. */
    to: ZDay,
    /** Orders are reported in the currency they were paid in; one currency per report. */
    currency: ZCurrency.default('LKR'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { path: ['to'], message: 'at most 366 days after from' });

export const ZSalesReport = z
  .object({
    from: ZDay,
    to: ZDay,
    currency: ZCurrency,
    /** Paid orders placed in the range, less what was refunded on them. */
    revenue: ZMoney,
    refunded: ZMoney,
    /** Orders placed in the range whose payment went through (including those later refunded). */
    orders: z.int(),
    averageOrderValue: ZMoney,
    /**
     * Distinct shoppers (signed-in customers or identified devices) who viewed a product, added to a
     * cart, and the paid orders, over the range: every currency, as shoppers browse before choosing one.
     */
    funnel: z.object({ views: z.int(), carts: z.int(), orders: z.int() }),
    /** One entry per day of the range, empty days included. */
    daily: z.array(z.object({ date: ZDay, revenue: ZMoney, orders: z.int() })),
    /** Best sellers by revenue over the range. */
    topProducts: z.array(z.object({ productId: ZId, title: z.string(), quantity: z.int(), revenue: ZMoney })),
  })
  .meta({ id: 'SalesReport' });
export type TSalesReport = z.infer<typeof ZSalesReport>;
