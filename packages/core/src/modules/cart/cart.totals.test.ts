import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeTotals } from './cart.totals.js';

// Up to 10^10 minor units a unit, 999 units, 30 lines: carts far beyond any real one, still exact.
const line = fc.record({ unitPrice: fc.integer({ min: 0, max: 10_000_000_000 }), quantity: fc.integer({ min: 1, max: 999 }) });
const input = fc.record({
  lines: fc.array(line, { maxLength: 30 }),
  discount: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  shipping: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
  tax: fc.option(fc.record({ rateBasisPoints: fc.integer({ min: 0, max: 10_000 }), inclusive: fc.boolean() }), { nil: null }),
});

describe('cart totals (property tests)', () => {
  it('total = subtotal − discount + shipping + exclusive tax, in whole minor units', () => {
    fc.assert(
      fc.property(input, (i) => {
        const t = computeTotals(i);
        const exclusiveTax = i.tax && !i.tax.inclusive ? t.tax : 0;
        expect(t.total).toBe(t.subtotal - t.discount + (t.shipping ?? 0) + exclusiveTax);
        for (const v of [t.subtotal, t.discount, t.tax, t.total]) expect(Number.isSafeInteger(v)).toBe(true);
      }),
    );
  });

  it('is never negative, whatever the discount', () => {
    fc.assert(
      fc.property(input, (i) => {
        const t = computeTotals(i);
        expect(t.total).toBeGreaterThanOrEqual(0);
        expect(t.discount).toBeLessThanOrEqual(t.subtotal);
        expect(t.tax).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('does not depend on the order lines were added', () => {
    fc.assert(
      fc.property(input, fc.integer(), (i, seed) => {
        const shuffled = [...i.lines].sort((a, b) => ((a.unitPrice * 31 + a.quantity + seed) % 7) - ((b.unitPrice * 31 + b.quantity + seed) % 7));
        expect(computeTotals({ ...i, lines: shuffled })).toEqual(computeTotals(i));
      }),
    );
  });

  it('keeps inclusive tax inside the total and never above it', () => {
    fc.assert(
      fc.property(input, (i) => {
        const t = computeTotals({ ...i, tax: i.tax ? { ...i.tax, inclusive: true } : null });
        expect(t.total).toBe(t.subtotal - t.discount + (t.shipping ?? 0));
        expect(t.tax).toBeLessThanOrEqual(t.total);
      }),
    );
  });

  it('rounds half up on the final amount: 18 % VAT', () => {
    expect(computeTotals({ lines: [{ unitPrice: 250, quantity: 1 }], tax: { rateBasisPoints: 1800, inclusive: false } }).tax).toBe(45);
    expect(computeTotals({ lines: [{ unitPrice: 1, quantity: 25 }], tax: { rateBasisPoints: 1800, inclusive: false } }).tax).toBe(5); // 4.5 → 5
    expect(computeTotals({ lines: [{ unitPrice: 118_000, quantity: 1 }], tax: { rateBasisPoints: 1800, inclusive: true } }).tax).toBe(18_000);
  });
});
