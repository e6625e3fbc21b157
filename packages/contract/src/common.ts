import { z } from 'zod';

/** Currencies we price in. Prices are set per currency, never converted on the fly. */
export const CURRENCIES = ['LKR', 'USD', 'EUR', 'GBP'] as const;
export const ZCurrency = z.enum(CURRENCIES).meta({ id: 'Currency' });
export type TCurrency = z.infer<typeof ZCurrency>;

/** Digits after the decimal point per currency (ISO 4217); amounts are integers in these units. */
export const MINOR_UNITS: Record<TCurrency, number> = { LKR: 2, USD: 2, EUR: 2, GBP: 2 };

/** Money is always an integer count of minor units with its currency beside it. */
export const ZMoney = z
  .object({
    amount: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
    currency: ZCurrency,
  })
  .meta({ id: 'Money' });
export type TMoney = z.infer<typeof ZMoney>;

export const ZId = z.uuid();

export const ZSlug = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and single hyphens');

/** Query-string boolean: `true`/`false`/`1`/`0`. */
export const ZQueryBoolean = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/** A query parameter that may be repeated (`?a=1&a=2`) or comma-separated (`?a=1,2`). */
export const ZQueryList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean));

export const ZLimit = z.coerce.number().int().min(1).max(100).default(24);
export const ZCursor = z.string().max(500);

export const ZTimestamp = z.iso.datetime({ offset: true });
