import { z } from 'zod';
import { ZCurrency, ZId, ZMoney, ZSlug, ZTimestamp } from './common.js';

const ZPerCurrency = z.partialRecord(ZCurrency, z.int().min(1).max(Number.MAX_SAFE_INTEGER));
/** "12.5" % with at most two decimals, stored as basis points. */
const ZPercent = z.number().gt(0).max(100, 'at most 100 %').multipleOf(0.01, 'at most two decimals');

export const PROMOTION_TARGETS = ['order', 'products', 'categories', 'collections', 'shipping'] as const;
/** Why a promotion does not apply to a cart; clients show a message per reason. */
export const PROMOTION_REASONS = [
  'unknown_code',
  'not_started',
  'expired',
  'inactive',
  'limit_reached',
  'below_minimum',
  'not_valid_for_items',
  'not_in_currency',
  'shipping_not_chosen',
  'not_combinable',
  'nothing_left_to_discount',
] as const;

const promotionFields = {
  name: z.string().trim().min(1).max(120),
  /** Customers type it at checkout; leave it out for an automatic promotion. Case does not matter. */
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{3,32}$/, '3–32 letters, digits, _ or -')
    .transform((c) => c.toUpperCase())
    .nullable(),
  kind: z.enum(['percentage', 'fixed', 'free_shipping']),
  /** For percentage promotions. */
  percentOff: ZPercent.nullable(),
  /** For fixed promotions: the amount off per currency, in minor units. */
  amounts: ZPerCurrency,
  target: z.enum(PROMOTION_TARGETS),
  /** The products, categories or collections it applies to (for those targets). */
  targetIds: z.array(ZId).max(500),
  /** The least subtotal per currency, in minor units, before it applies. */
  minSubtotal: ZPerCurrency,
  startsAt: ZTimestamp,
  endsAt: ZTimestamp.nullable(),
  usageLimit: z.int().min(1).nullable(),
  perCustomerLimit: z.int().min(1).nullable(),
  /** Exclusive promotions never combine with others; see docs/promotions.md for who wins. */
  exclusive: z.boolean(),
  /** Higher goes first. */
  priority: z.int().min(-1000).max(1000),
  active: z.boolean(),
};

type PromotionShape = {
  kind?: string;
  percentOff?: number | null;
  amounts?: Partial<Record<string, number>>;
  target?: string;
  targetIds?: string[];
  minSubtotal?: Partial<Record<string, number>>;
  startsAt?: string;
  endsAt?: string | null;
};

/** The rules no single field can check; used on create and (with the stored values) on update. */
export function promotionProblems(p: PromotionShape): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (p.kind === 'percentage' && !p.percentOff) problems.push({ path: 'percentOff', message: 'required for a percentage promotion' });
  if (p.kind !== 'percentage' && p.percentOff) problems.push({ path: 'percentOff', message: 'only for percentage promotions' });
  if (p.kind === 'fixed' && !Object.keys(p.amounts ?? {}).length) problems.push({ path: 'amounts', message: 'give the amount off in at least one currency' });
  if (p.kind !== 'fixed' && Object.keys(p.amounts ?? {}).length) problems.push({ path: 'amounts', message: 'only for fixed promotions' });
  if (p.kind === 'free_shipping' && p.target !== 'shipping') problems.push({ path: 'target', message: 'free shipping applies to shipping' });
  if (p.target && ['products', 'categories', 'collections'].includes(p.target) && !p.targetIds?.length) {
    problems.push({ path: 'targetIds', message: `choose the ${p.target} it applies to` });
  }
  if (p.startsAt && p.endsAt && Date.parse(p.endsAt) <= Date.parse(p.startsAt)) problems.push({ path: 'endsAt', message: 'must be after startsAt' });
  if (p.kind === 'fixed' && p.target === 'order') {
    // A fixed amount off the whole order must not exceed the smallest order it applies to.
    for (const [currency, amount] of Object.entries(p.amounts ?? {})) {
      const minimum = p.minSubtotal?.[currency];
      if (minimum === undefined || (amount ?? 0) > minimum) {
        problems.push({ path: `amounts.${currency}`, message: `larger than the order: set minSubtotal.${currency} to at least ${amount}` });
      }
    }
  }
  return problems;
}

export const ZCreatePromotionRequest = z
  .strictObject({
    ...promotionFields,
    code: promotionFields.code.default(null),
    percentOff: promotionFields.percentOff.default(null),
    amounts: promotionFields.amounts.default({}),
    target: promotionFields.target.default('order'),
    targetIds: promotionFields.targetIds.default([]),
    minSubtotal: promotionFields.minSubtotal.default({}),
    endsAt: promotionFields.endsAt.default(null),
    usageLimit: promotionFields.usageLimit.default(null),
    perCustomerLimit: promotionFields.perCustomerLimit.default(null),
    exclusive: promotionFields.exclusive.default(false),
    priority: promotionFields.priority.default(0),
    active: promotionFields.active.default(true),
  })
  .superRefine((p, ctx) => {
    for (const problem of promotionProblems(p)) ctx.addIssue({ code: 'custom', path: problem.path.split('.'), message: problem.message });
  });
export type TCreatePromotionRequest = z.output<typeof ZCreatePromotionRequest>;

export const ZUpdatePromotionRequest = z.strictObject(promotionFields).partial();
export type TUpdatePromotionRequest = z.output<typeof ZUpdatePromotionRequest>;

export const ZPromotion = z
  .object({
    id: ZId,
    name: z.string(),
    code: z.string().nullable(),
    kind: z.enum(['percentage', 'fixed', 'free_shipping']),
    percentOff: z.number().nullable(),
    amounts: z.partialRecord(ZCurrency, z.int()),
    target: z.enum(PROMOTION_TARGETS),
    targetIds: z.array(ZId),
    minSubtotal: z.partialRecord(ZCurrency, z.int()),
    startsAt: ZTimestamp,
    endsAt: ZTimestamp.nullable(),
    usageLimit: z.int().nullable(),
    perCustomerLimit: z.int().nullable(),
    exclusive: z.boolean(),
    priority: z.int(),
    active: z.boolean(),
    /** Paid orders that used it. */
    timesUsed: z.int(),
    /** Unpaid orders holding a use. */
    timesReserved: z.int(),
    createdAt: ZTimestamp,
  })
  .meta({ id: 'Promotion' });
export type TPromotion = z.infer<typeof ZPromotion>;
export const ZPromotionList = z.object({ items: z.array(ZPromotion) });
export const ZPromotionIdParams = z.object({ id: ZId });

/** A promotion as a cart shows it: what it takes off, or why it does not apply. */
export const ZCartPromotion = z.object({
  id: ZId,
  code: z.string().nullable(),
  name: z.string(),
  amount: ZMoney,
  applied: z.boolean(),
  reason: z.enum(PROMOTION_REASONS).nullable(),
});
export const ZApplyCodeRequest = z.strictObject({ code: z.string().trim().min(1).max(64) });
export const ZCartCodeParams = z.object({ id: ZId, code: z.string().min(1).max(64) });

// ----- collections -----

export const ZCollection = z
  .object({ id: ZId, slug: z.string(), name: z.string(), productIds: z.array(ZId), createdAt: ZTimestamp })
  .meta({ id: 'Collection' });
export const ZCollectionList = z.object({ items: z.array(ZCollection) });
export const ZCreateCollectionRequest = z.strictObject({
  slug: ZSlug,
  name: z.string().trim().min(1).max(120),
  productIds: z.array(ZId).max(5000).default([]),
});
export const ZSetCollectionProductsRequest = z.strictObject({ productIds: z.array(ZId).max(5000) });
export const ZCollectionIdParams = z.object({ id: ZId });

// ----- flash sales -----

export const ZCreateFlashSaleRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    startsAt: ZTimestamp,
    endsAt: ZTimestamp,
    kind: z.enum(['percentage', 'fixed_price']),
    percentOff: ZPercent.nullable().default(null),
    /** The variants on sale; for fixed_price sales each with its sale price per currency (minor units). */
    items: z
      .array(z.strictObject({ variantId: ZId, prices: ZPerCurrency.default({}) }))
      .min(1)
      .max(2000),
    /** How many units of the sale's items one customer may buy at the sale price. */
    perCustomerLimit: z.int().min(1).nullable().default(null),
  })
  .superRefine((s, ctx) => {
    if (Date.parse(s.endsAt) <= Date.parse(s.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    if (s.kind === 'percentage' && !s.percentOff) ctx.addIssue({ code: 'custom', path: ['percentOff'], message: 'required for a percentage sale' });
    if (s.kind === 'fixed_price') {
      s.items.forEach((item, i) => {
        if (!Object.keys(item.prices).length) ctx.addIssue({ code: 'custom', path: ['items', i, 'prices'], message: 'give the sale price in at least one currency' });
      });
    }
    const ids = s.items.map((i) => i.variantId);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['items', i, 'variantId'], message: 'listed twice' });
    });
  });
export type TCreateFlashSaleRequest = z.output<typeof ZCreateFlashSaleRequest>;

export const ZFlashSale = z
  .object({
    id: ZId,
    name: z.string(),
    startsAt: ZTimestamp,
    endsAt: ZTimestamp,
    kind: z.enum(['percentage', 'fixed_price']),
    percentOff: z.number().nullable(),
    perCustomerLimit: z.int().nullable(),
    cancelled: z.boolean(),
    /** 'scheduled', 'running' or 'ended', at the moment of the answer. */
    state: z.enum(['scheduled', 'running', 'ended', 'cancelled']),
    items: z.array(z.object({ variantId: ZId, prices: z.partialRecord(ZCurrency, z.int()) })),
  })
  .meta({ id: 'FlashSale' });
export const ZFlashSaleList = z.object({ items: z.array(ZFlashSale) });
/** On products and cart lines while a sale runs: what to count down to. */
export const ZFlashSaleBadge = z.object({ id: ZId, name: z.string(), endsAt: ZTimestamp, perCustomerLimit: z.int().nullable() }).meta({ id: 'FlashSaleBadge' });
export const ZFlashSaleIdParams = z.object({ id: ZId });

// ----- bulk price operations -----

export const ZPriceFilter = z
  .strictObject({
    categoryId: ZId.optional(),
    collectionId: ZId.optional(),
    brand: z.string().trim().min(1).max(120).optional(),
    skus: z.array(z.string().trim().min(1).max(64)).min(1).max(5000).optional(),
    all: z.literal(true).optional(),
  })
  .refine((f) => Object.values(f).filter((v) => v !== undefined).length === 1, {
    message: 'choose exactly one of categoryId, collectionId, brand, skus, all',
  });

export const ZPriceOperation = z
  .strictObject({
    type: z.enum(['set', 'increase', 'decrease']),
    /** percent: value is a percentage (12.5); amount: value is minor units. "set" takes an amount. */
    by: z.enum(['percent', 'amount']),
    value: z.number().min(0).max(1_000_000_000_000),
  })
  .superRefine((o, ctx) => {
    if (o.type === 'set' && o.by !== 'amount') ctx.addIssue({ code: 'custom', path: ['by'], message: 'a price is set to an amount' });
    if (o.by === 'amount' && !Number.isInteger(o.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: 'amounts are whole minor units' });
    if (o.by === 'percent' && o.type === 'decrease' && o.value >= 100) ctx.addIssue({ code: 'custom', path: ['value'], message: 'a decrease must be below 100 %' });
    if (o.by === 'percent' && !z.number().multipleOf(0.01).safeParse(o.value).success) ctx.addIssue({ code: 'custom', path: ['value'], message: 'at most two decimals' });
  });

export const ZPriceRunRequest = z.strictObject({
  currency: ZCurrency,
  filter: ZPriceFilter,
  operation: ZPriceOperation,
  description: z.string().trim().min(1).max(200).optional(),
});
export const ZPriceCsvRequest = z.strictObject({
  /** Columns: sku, currency, price, compare_at (prices in major units, "1250.00"; compare_at may be empty). */
  csv: z.string().min(1).max(5_000_000),
  description: z.string().trim().min(1).max(200).optional(),
});

export const ZPriceChange = z.object({
  variantId: ZId,
  sku: z.string(),
  productTitle: z.string(),
  currency: ZCurrency,
  oldAmount: z.int().nullable(),
  newAmount: z.int().nullable(),
  oldCompareAt: z.int().nullable(),
  newCompareAt: z.int().nullable(),
});
export const ZPricePreview = z.object({ changes: z.array(ZPriceChange), count: z.int() }).meta({ id: 'PricePreview' });
export const ZPriceRun = z
  .object({
    id: ZId,
    description: z.string(),
    createdBy: z.string().nullable(),
    createdAt: ZTimestamp,
    changeCount: z.int(),
    reverts: ZId.nullable(),
    revertedBy: ZId.nullable(),
    request: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'PriceRun' });
export const ZPriceRunDetail = ZPriceRun.extend({ changes: z.array(ZPriceChange) });
export const ZPriceRunList = z.object({ items: z.array(ZPriceRun) });
export const ZPriceRunIdParams = z.object({ id: ZId });

export type TPriceRunRequest = z.input<typeof ZPriceRunRequest>;
export type TPricePreview = z.infer<typeof ZPricePreview>;
