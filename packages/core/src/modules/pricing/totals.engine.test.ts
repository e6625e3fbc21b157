import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeTotals, type PromotionRule, type TotalsInput } from './totals.engine.js';

const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
const line = fc.record({
  productId: fc.constantFrom(...ids),
  categoryIds: fc.subarray(ids),
  collectionIds: fc.subarray(ids),
  unitPrice: fc.integer({ min: 0, max: 10_000_000_000 }),
  quantity: fc.integer({ min: 1, max: 999 }),
});
const lines = fc
  .uniqueArray(fc.uuid(), { maxLength: 12 })
  .chain((variantIds) => fc.tuple(...variantIds.map(() => line)).map((ls) => ls.map((l, i) => ({ ...l, variantId: variantIds[i]! }))));
const promotion: fc.Arbitrary<PromotionRule> = fc.record({
  id: fc.uuid(),
  code: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: null }),
  name: fc.constant('promo'),
  kind: fc.constantFrom('percentage' as const, 'fixed' as const, 'free_shipping' as const),
  percentBp: fc.integer({ min: 1, max: 10_000 }),
  amounts: fc.record({ LKR: fc.integer({ min: 1, max: 100_000_000_000 }) }),
  target: fc.constantFrom('order' as const, 'products' as const, 'categories' as const, 'collections' as const, 'shipping' as const),
  targetIds: fc.subarray(ids),
  minSubtotal: fc.option(fc.record({ LKR: fc.integer({ min: 0, max: 1_000_000 }) }), { nil: undefined }),
  startsAt: fc.constant(null),
  endsAt: fc.constant(null),
  exclusive: fc.boolean(),
  priority: fc.integer({ min: 0, max: 5 }),
});
const input: fc.Arbitrary<TotalsInput> = fc.record({
  currency: fc.constant('LKR'),
  lines,
  promotions: fc.array(promotion, { maxLength: 5 }),
  shipping: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
  tax: fc.option(fc.record({ rateBasisPoints: fc.integer({ min: 0, max: 10_000 }), inclusive: fc.boolean() }), { nil: null }),
  now: fc.constant(new Date('2026-11-26T12:00:00Z')),
});

describe('totals engine (property tests)', () => {
  it('total = subtotal − discount + shipping + exclusive tax, never negative, in whole minor units', () => {
    fc.assert(
      fc.property(input, (i) => {
        const t = computeTotals(i);
        const exclusiveTax = i.tax && !i.tax.inclusive ? t.tax : 0;
        expect(t.total).toBe(t.subtotal - t.discount + (t.shipping ?? 0) + exclusiveTax);
        expect(t.total).toBeGreaterThanOrEqual(0);
        expect(t.tax).toBeGreaterThanOrEqual(0);
        for (const v of [t.subtotal, t.discount, t.tax, t.total]) expect(Number.isSafeInteger(v)).toBe(true);
      }),
    );
  });

  it('never discounts more than what a discount applies to', () => {
    fc.assert(
      fc.property(input, (i) => {
        const t = computeTotals(i);
        for (const l of t.lines) {
          expect(l.discount).toBeGreaterThanOrEqual(0);
          expect(l.discount).toBeLessThanOrEqual(l.subtotal);
        }
        expect(t.shippingDiscount).toBeLessThanOrEqual(t.shipping ?? 0);
        expect(t.discount).toBeLessThanOrEqual(t.subtotal + (t.shipping ?? 0));
        for (const a of t.applied) expect(a.amount).toBeGreaterThan(0);
      }),
    );
  });

  it('allocates discounts to lines that add up exactly to the discount', () => {
    fc.assert(
      fc.property(input, (i) => {
        const t = computeTotals(i);
        expect(t.lines.reduce((s, l) => s + l.discount, 0) + t.shippingDiscount).toBe(t.discount);
        expect(t.applied.reduce((s, a) => s + a.amount, 0)).toBe(t.discount);
      }),
    );
  });

  it('does not depend on the order of lines, and gives the same answer when computed again', () => {
    fc.assert(
      fc.property(input, fc.integer(), (i, seed) => {
        const shuffled = [...i.lines].sort((a, b) => ((a.unitPrice + seed) % 7) - ((b.unitPrice + seed) % 7) || (a.variantId < b.variantId ? 1 : -1));
        const once = computeTotals(i);
        const reordered = computeTotals({ ...i, lines: shuffled });
        const byId = (t: typeof once) => [...t.lines].sort((x, y) => (x.variantId < y.variantId ? -1 : 1));
        expect({ ...reordered, lines: byId(reordered) }).toEqual({ ...once, lines: byId(once) });
        expect(computeTotals(i)).toEqual(once);
      }),
    );
  });

  it('keeps inclusive tax inside the total', () => {
    fc.assert(
      fc.property(input, (i) => {
        const t = computeTotals({ ...i, tax: i.tax ? { ...i.tax, inclusive: true } : null });
        expect(t.total).toBe(t.subtotal - t.discount + (t.shipping ?? 0));
        expect(t.tax).toBeLessThanOrEqual(t.total);
      }),
    );
  });
});

describe('totals engine (examples)', () => {
  const base = { currency: 'LKR', now: new Date('2026-11-26T12:00:00Z') };
  const l = (variantId: string, unitPrice: number, quantity = 1, productId = 'p') => ({ variantId, productId, categoryIds: [], collectionIds: [], unitPrice, quantity });
  const promo = (over: Partial<PromotionRule>): PromotionRule => ({
    id: 'x', code: null, name: 'x', kind: 'percentage', percentBp: 1000, target: 'order', targetIds: [], startsAt: null, endsAt: null, exclusive: false, priority: 0, ...over,
  });

  it('rounds half up once: 18 % VAT', () => {
    const vat = (unitPrice: number, quantity: number, inclusive: boolean) => computeTotals({ ...base, lines: [l('v', unitPrice, quantity)], tax: { rateBasisPoints: 1800, inclusive } }).tax;
    expect(vat(250, 1, false)).toBe(45);
    expect(vat(1, 25, false)).toBe(5); // 4.5 → 5
    expect(vat(118_000, 1, true)).toBe(18_000);
  });

  it('splits 10 % of 3 × 333 over three lines to the minor unit', () => {
    const t = computeTotals({ ...base, lines: [l('c', 333), l('a', 333), l('b', 333)], promotions: [promo({})] });
    expect(t.discount).toBe(100); // 99.9 → 100
    expect(t.lines.map((x) => [x.variantId, x.discount])).toEqual([['c', 33], ['a', 34], ['b', 33]]);
  });

  it('applies by priority: an exclusive promotion first stops the rest; after another it is refused', () => {
    const exclusive = promo({ id: 'ex', code: 'VIP', exclusive: true, priority: 5, percentBp: 2000 });
    const auto = promo({ id: 'auto', priority: 1 });
    const first = computeTotals({ ...base, lines: [l('a', 10_000)], promotions: [auto, exclusive] });
    expect(first.applied.map((a) => a.id)).toEqual(['ex']);
    expect(first.notApplied).toEqual([{ id: 'auto', code: null, name: 'x', reason: 'not_combinable' }]);
    const later = computeTotals({ ...base, lines: [l('a', 10_000)], promotions: [auto, { ...exclusive, priority: 0 }] });
    expect(later.applied.map((a) => a.id)).toEqual(['auto']);
    expect(later.notApplied[0]!.reason).toBe('not_combinable');
  });

  it('says why a promotion does not apply', () => {
    const reasons = (p: Partial<PromotionRule>, shipping: number | null = null) =>
      computeTotals({ ...base, lines: [l('a', 1000)], shipping, promotions: [promo(p)] }).notApplied.map((n) => n.reason);
    expect(reasons({ startsAt: new Date('2026-11-27T00:00:00Z') })).toEqual(['not_started']);
    expect(reasons({ endsAt: new Date('2026-11-26T12:00:00Z') })).toEqual(['expired']);
    expect(reasons({ minSubtotal: { LKR: 1001 } })).toEqual(['below_minimum']);
    expect(reasons({ target: 'products', targetIds: ['other'] })).toEqual(['not_valid_for_items']);
    expect(reasons({ kind: 'fixed', amounts: { USD: 100 } })).toEqual(['not_in_currency']);
    expect(reasons({ kind: 'free_shipping', target: 'shipping' })).toEqual(['shipping_not_chosen']);
    expect(reasons({ kind: 'free_shipping', target: 'shipping' }, 500)).toEqual([]);
  });
});
