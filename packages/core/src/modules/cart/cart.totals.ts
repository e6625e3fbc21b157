/**
 * Cart and order totals in integer minor units. One rule for every channel:
 *
 *   subtotal = Σ unit price × quantity
 *   discount ≤ subtotal (a discount never makes goods cost less than nothing)
 *   taxable  = subtotal − discount + shipping
 *   tax      = exclusive: round(taxable × rate) added on top;
 *              inclusive: the part of taxable that is tax, round(taxable × rate / (1 + rate)), already in the prices
 *   total    = subtotal − discount + shipping + (exclusive tax)
 *
 * Rounding is half up on the final amount only, never on intermediate lines, so the order of
 * lines cannot change a total. Rates are in basis points (1800 = 18 %).
 */
export interface TotalsInput {
  lines: { unitPrice: number; quantity: number }[];
  discount?: number;
  shipping?: number | null;
  tax?: { rateBasisPoints: number; inclusive: boolean } | null;
}

export interface Totals {
  subtotal: number;
  discount: number;
  shipping: number | null;
  tax: number;
  total: number;
}

/**
 * Half-up division of non-negative integers, roundDiv(5, 2) = 3, in BigInt: amount × rate can
 * pass 2^53 long before any amount does.
 */
function roundDiv(numerator: bigint, denominator: bigint): number {
  return Number((2n * numerator + denominator) / (2n * denominator));
}

export function computeTotals(input: TotalsInput): Totals {
  const subtotal = input.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  if (!Number.isSafeInteger(subtotal)) throw new RangeError('subtotal beyond exact integer range');
  const discount = Math.min(Math.max(0, input.discount ?? 0), subtotal);
  const shipping = input.shipping ?? null;
  const taxable = subtotal - discount + (shipping ?? 0);
  let tax = 0;
  let total = taxable;
  if (input.tax && input.tax.rateBasisPoints > 0) {
    const rate = BigInt(input.tax.rateBasisPoints);
    if (input.tax.inclusive) {
      tax = roundDiv(BigInt(taxable) * rate, 10_000n + rate);
    } else {
      tax = roundDiv(BigInt(taxable) * rate, 10_000n);
      total = taxable + tax;
    }
  }
  return { subtotal, discount, shipping, tax, total };
}
