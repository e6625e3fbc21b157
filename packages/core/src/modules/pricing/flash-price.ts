/**
 * A flash sale's price for one variant, computed when asked, so it is exact to the second and
 * needs no job to switch it on or off: inside [startsAt, endsAt) the sale price, outside the
 * base price. Percentage sales round the amount off half up, like every other rounding here.
 */
export interface SaleRule {
  id: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  kind: 'percentage' | 'fixed_price';
  percentBp: number | null;
  perCustomerLimit: number | null;
  /** For fixed_price: the sale price per currency. */
  prices: Record<string, number>;
}

export function isRunning(sale: Pick<SaleRule, 'startsAt' | 'endsAt'>, now: Date): boolean {
  return sale.startsAt <= now && now < sale.endsAt;
}

/** The sale price, or null when the sale does not lower this price now. */
export function salePrice(base: number, currency: string, sale: SaleRule, now: Date): number | null {
  if (!isRunning(sale, now)) return null;
  let price: number;
  if (sale.kind === 'percentage') {
    const off = Number((2n * BigInt(base) * BigInt(sale.percentBp ?? 0) + 10_000n) / 20_000n);
    price = base - off;
  } else {
    const fixed = sale.prices[currency];
    if (fixed === undefined) return null;
    price = fixed;
  }
  return price < base ? price : null;
}
