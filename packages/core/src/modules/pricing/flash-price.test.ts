import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { salePrice, type SaleRule } from './flash-price.js';

const sale: SaleRule = {
  id: 's', name: 'Flash', startsAt: new Date('2026-12-01T00:00:00.000Z'), endsAt: new Date('2026-12-01T01:00:00.000Z'),
  kind: 'percentage', percentBp: 2500, perCustomerLimit: null, prices: {},
};
const at = (iso: string) => new Date(iso);

describe('flash-sale prices', () => {
  it('hold exactly inside [start, end) and not a millisecond outside', () => {
    expect(salePrice(10_000, 'LKR', sale, at('2026-11-30T23:59:59.999Z'))).toBeNull();
    expect(salePrice(10_000, 'LKR', sale, at('2026-12-01T00:00:00.000Z'))).toBe(7_500);
    expect(salePrice(10_000, 'LKR', sale, at('2026-12-01T00:59:59.999Z'))).toBe(7_500);
    expect(salePrice(10_000, 'LKR', sale, at('2026-12-01T01:00:00.000Z'))).toBeNull();
  });

  it('rounds the amount off half up, and never raises a price', () => {
    expect(salePrice(333, 'LKR', sale, sale.startsAt)).toBe(250); // 83.25 off → 83
    expect(salePrice(2, 'LKR', sale, sale.startsAt)).toBe(1); // 0.5 off → 1
    const fixed = { ...sale, kind: 'fixed_price' as const, prices: { LKR: 12_000 } };
    expect(salePrice(10_000, 'LKR', fixed, sale.startsAt)).toBeNull(); // a "sale" above the price is no sale
    expect(salePrice(10_000, 'USD', fixed, sale.startsAt)).toBeNull(); // no sale price in USD
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 1, max: 10_000 }), (base, bp) => {
        const price = salePrice(base, 'LKR', { ...sale, percentBp: bp }, sale.startsAt);
        if (price !== null) {
          expect(price).toBeLessThan(base);
          expect(price).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});
