import type { TCart } from '@tk/sdk';
import { applyPending } from '../src/lib/cart';
import { formatMoney, timeLeft } from '../src/lib/format';

const line = (variantId: string, quantity: number) => ({
  variantId,
  productId: 'p',
  productSlug: 's',
  title: `Item ${variantId}`,
  variantTitle: 'One',
  sku: variantId,
  image: null,
  unitPrice: { amount: 1000, currency: 'LKR' as const },
  quantity,
  lineTotal: { amount: 1000 * quantity, currency: 'LKR' as const },
  discount: { amount: 0, currency: 'LKR' as const },
  flashSale: null,
  available: 10,
  purchasable: true,
});
const cart = { id: 'c', currency: 'LKR', lines: [line('a', 1), line('b', 2)], itemCount: 3 } as unknown as TCart;

describe('changes waiting offline, as the cart shows them', () => {
  it('applies adds, new quantities and removals in order, leaving prices to the server', () => {
    const shown = applyPending(cart, [
      { op: 'add', variantId: 'a', quantity: 2, title: 'A' },
      { op: 'set', variantId: 'b', quantity: 5, title: 'B' },
      { op: 'add', variantId: 'c', quantity: 1, title: 'New thing' },
      { op: 'remove', variantId: 'b', quantity: 0, title: 'B' },
    ]);
    expect(shown.lines.map((l) => [l.variantId, l.quantity])).toEqual([
      ['a', 3],
      ['c', 1],
    ]);
    expect(shown.itemCount).toBe(4);
    expect(shown.lines[1]).toMatchObject({ title: 'New thing', unitPrice: null, purchasable: false });
    expect(cart.lines[0]!.quantity).toBe(1); // the server's copy is untouched
  });
});

describe('formatting', () => {
  it('shows money in minor units as the shop writes it', () => {
    expect(formatMoney({ amount: 125050, currency: 'LKR' })).toMatch(/LKR\s?1,250\.50/);
    expect(formatMoney({ amount: 999, currency: 'USD' })).toMatch(/\$9\.99/);
    expect(formatMoney(null)).toBe('—');
  });

  it('counts down to a sale’s end', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(timeLeft('2026-11-26T11:02:03Z', now)).toBe('1h 02m 03s');
    expect(timeLeft('2026-11-26T10:00:09Z', now)).toBe('00m 09s');
    expect(timeLeft('2026-11-26T09:59:59Z', now)).toBeNull();
  });
});
