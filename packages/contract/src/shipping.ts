import { z } from 'zod';
import { ZCurrency, ZId } from './common.js';

const ZCountryCode = z.string().regex(/^([A-Za-z]{2}|\*)$/, "an ISO 3166-1 alpha-2 code such as LK, or '*' for the rest of the world");

export const ZTax = z.strictObject({
  name: z.string().trim().max(50).default(''),
  /** 1800 = 18 %. */
  rateBasisPoints: z.int().min(0).max(10_000),
  /** Prices already include the tax (as shelf prices in Sri Lanka do), or it is added on top. */
  inclusive: z.boolean(),
});

export const ZShippingRate = z.strictObject({
  currency: ZCurrency,
  amount: z.int().min(0).max(100_000_000),
  /** Weight methods: added per started kilogram. */
  perKgAmount: z.int().min(0).max(100_000_000).default(0),
  /** Goods worth at least this ship free. */
  freeOverAmount: z.int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().default(null),
});

export const ZShippingZone = z
  .object({
    id: ZId,
    name: z.string(),
    countries: z.array(z.string()),
    regions: z.array(z.string()),
    tax: z.object({ name: z.string(), rateBasisPoints: z.int(), inclusive: z.boolean() }),
    methods: z.array(
      z.object({
        id: ZId,
        name: z.string(),
        kind: z.enum(['flat', 'weight']),
        rates: z.array(z.object({ currency: z.string(), amount: z.int(), perKgAmount: z.int(), freeOverAmount: z.int().nullable() })),
      }),
    ),
  })
  .meta({ id: 'ShippingZone' });

export const ZCreateShippingZoneRequest = z.strictObject({
  name: z.string().trim().min(1).max(100),
  countries: z.array(ZCountryCode).min(1).max(300).transform((cs) => cs.map((c) => c.toUpperCase())),
  regions: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
  tax: ZTax.optional(),
});
export const ZCreateShippingMethodRequest = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['flat', 'weight']),
  rates: z.array(ZShippingRate).min(1).max(10),
});
export const ZUpdateShippingZoneRequest = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  countries: z.array(ZCountryCode).min(1).max(300).transform((cs) => cs.map((c) => c.toUpperCase())).optional(),
  regions: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  tax: ZTax.optional(),
});
export const ZShippingZoneParams = z.object({ id: ZId });
export const ZShippingMethodParams = z.object({ id: ZId, methodId: ZId });
export const ZShippingZoneList = z.object({ items: z.array(ZShippingZone) });

export const ZDestination = z.strictObject({
  country: z.string().regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as LK').transform((c) => c.toUpperCase()),
  region: z.string().trim().max(100).default(''),
  postalCode: z.string().trim().max(20).default(''),
});
export const ZChooseShippingMethodRequest = z.strictObject({ methodId: ZId });
export type TShippingZone = z.infer<typeof ZShippingZone>;
