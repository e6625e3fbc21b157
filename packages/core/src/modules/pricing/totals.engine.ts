/**
 * The totals engine: one pure, deterministic function from a cart (lines at their effective
 * prices, the promotions that may apply, shipping, the zone's tax rule and the time) to its
 * totals. Cart, checkout and order all use it; nothing else computes money.
 *
 * Amounts are integer minor units. The rules, in order:
 *
 *   subtotal  = Σ unit price × quantity
 *   promotions, considered by priority (highest first, then id):
 *     - one that does not apply is reported with its reason and skipped;
 *     - an exclusive promotion applies only if nothing has applied before it, and then nothing
 *       after it does; a combinable one applies unless an exclusive one already has;
 *     - each discounts what is still left of its target after the promotions before it, so the
 *       discount never exceeds what it applies to:
 *         percentage: round half up (left × rate); fixed: min(amount in the currency, left);
 *         free shipping: all of the shipping left
 *     - a goods discount is allocated across its lines to the minor unit by largest remainder
 *       (ties to the smaller variant id), so the lines' discounts add up to it exactly and a
 *       partial refund of a line is exact
 *   discount  = goods discounts + shipping discounts
 *   taxable   = subtotal − discount + shipping
 *   tax       = exclusive: round half up (taxable × rate), added on top;
 *               inclusive: round half up (taxable × rate / (1 + rate)), already inside the prices
 *   total     = taxable + exclusive tax
 *
 * Rounding happens once per promotion and once for tax, on aggregates, never per line, so the
 * order of lines cannot change a total. Rates are basis points (1800 = 18 %). Big products are
 * computed in BigInt: amount × rate passes 2^53 long before any amount does.
 */

export type PromotionTarget = 'order' | 'products' | 'categories' | 'collections' | 'shipping';

export interface PromotionRule {
  id: string;
  code: string | null;
  name: string;
  kind: 'percentage' | 'fixed' | 'free_shipping';
  /** For percentage: 1–10000 basis points. */
  percentBp?: number | null;
  /** For fixed: minor units per currency; a currency without an amount is not discounted. */
  amounts?: Record<string, number>;
  target: PromotionTarget;
  /** Products, categories (any ancestor matches) or collections, depending on the target. */
  targetIds: string[];
  /** Minimum subtotal per currency (before discounts). */
  minSubtotal?: Record<string, number>;
  startsAt: Date | null;
  endsAt: Date | null;
  exclusive: boolean;
  priority: number;
}

export interface TotalsLine {
  variantId: string;
  productId: string;
  /** The product's category and all its ancestors. */
  categoryIds: string[];
  collectionIds: string[];
  unitPrice: number;
  quantity: number;
}

export interface TotalsInput {
  currency: string;
  lines: TotalsLine[];
  promotions?: PromotionRule[];
  /** Null until a shipping method is chosen. */
  shipping?: number | null;
  tax?: { rateBasisPoints: number; inclusive: boolean } | null;
  now?: Date;
}

export type NotApplicableReason =
  | 'not_started'
  | 'expired'
  | 'not_in_currency'
  | 'below_minimum'
  | 'not_valid_for_items'
  | 'shipping_not_chosen'
  | 'not_combinable'
  | 'nothing_left_to_discount';

export interface TotalsResult {
  subtotal: number;
  /** Goods and shipping discounts together. */
  discount: number;
  shippingDiscount: number;
  /** The shipping method's price (before its discount); null until chosen. */
  shipping: number | null;
  tax: number;
  total: number;
  /** Per line, in the order given: its subtotal, its share of the goods discounts, and the rest. */
  lines: { variantId: string; subtotal: number; discount: number; total: number }[];
  applied: { id: string; code: string | null; name: string; amount: number }[];
  notApplied: { id: string; code: string | null; name: string; reason: NotApplicableReason }[];
}

const BP = 10_000n;

/** Half-up division of non-negative integers: roundDiv(5, 2) = 3. */
function roundDiv(numerator: bigint, denominator: bigint): number {
  return Number((2n * numerator + denominator) / (2n * denominator));
}

export function computeTotals(input: TotalsInput): TotalsResult {
  // Work on lines in a canonical order, so the caller's order cannot change anything.
  const canonical = input.lines
    .map((line, index) => ({ line, index, subtotal: line.unitPrice * line.quantity, left: line.unitPrice * line.quantity, discount: 0 }))
    .sort((a, b) => (a.line.variantId < b.line.variantId ? -1 : a.line.variantId > b.line.variantId ? 1 : a.index - b.index));
  const subtotal = canonical.reduce((sum, l) => sum + l.subtotal, 0);
  if (!Number.isSafeInteger(subtotal) || canonical.some((l) => !Number.isSafeInteger(l.subtotal) || l.subtotal < 0)) {
    throw new RangeError('amounts beyond exact integer range');
  }
  const shipping = input.shipping ?? null;
  let shippingLeft = shipping ?? 0;
  const now = input.now ?? new Date();
  const applied: TotalsResult['applied'] = [];
  const notApplied: TotalsResult['notApplied'] = [];
  let exclusiveApplied = false;

  const ordered = [...(input.promotions ?? [])].sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const p of ordered) {
    const skip = (reason: NotApplicableReason) => notApplied.push({ id: p.id, code: p.code, name: p.name, reason });
    if (p.startsAt && now < p.startsAt) { skip('not_started'); continue; }
    if (p.endsAt && now >= p.endsAt) { skip('expired'); continue; }
    if (p.kind === 'fixed' && p.amounts?.[input.currency] === undefined) { skip('not_in_currency'); continue; }
    const minimum = p.minSubtotal?.[input.currency];
    if (minimum !== undefined && subtotal < minimum) { skip('below_minimum'); continue; }
    const onShipping = p.kind === 'free_shipping' || p.target === 'shipping';
    const targets = onShipping ? [] : canonical.filter((l) => matches(p, l.line));
    if (!onShipping && !targets.length) { skip('not_valid_for_items'); continue; }
    if (onShipping && shipping === null) { skip('shipping_not_chosen'); continue; }
    if (exclusiveApplied || (p.exclusive && applied.length > 0)) { skip('not_combinable'); continue; }

    const base = onShipping ? shippingLeft : targets.reduce((sum, l) => sum + l.left, 0);
    let amount: number;
    if (p.kind === 'free_shipping') amount = base;
    else if (p.kind === 'percentage') amount = roundDiv(BigInt(base) * BigInt(p.percentBp ?? 0), BP);
    else amount = Math.min(p.amounts![input.currency]!, base);
    amount = Math.min(Math.max(0, amount), base);
    if (amount === 0) { skip('nothing_left_to_discount'); continue; }

    if (onShipping) shippingLeft -= amount;
    else allocate(amount, targets);
    applied.push({ id: p.id, code: p.code, name: p.name, amount });
    if (p.exclusive) exclusiveApplied = true;
  }

  const goodsDiscount = canonical.reduce((sum, l) => sum + l.discount, 0);
  const shippingDiscount = (shipping ?? 0) - shippingLeft;
  const discount = goodsDiscount + shippingDiscount;
  const taxable = subtotal - discount + (shipping ?? 0);
  let tax = 0;
  let total = taxable;
  if (input.tax && input.tax.rateBasisPoints > 0) {
    const rate = BigInt(input.tax.rateBasisPoints);
    if (input.tax.inclusive) tax = roundDiv(BigInt(taxable) * rate, BP + rate);
    else {
      tax = roundDiv(BigInt(taxable) * rate, BP);
      total = taxable + tax;
    }
  }
  const lines = [...canonical]
    .sort((a, b) => a.index - b.index)
    .map((l) => ({ variantId: l.line.variantId, subtotal: l.subtotal, discount: l.discount, total: l.subtotal - l.discount }));
  return { subtotal, discount, shippingDiscount, shipping, tax, total, lines, applied, notApplied };
}

function matches(p: PromotionRule, line: TotalsLine): boolean {
  switch (p.target) {
    case 'order':
      return true;
    case 'products':
      return p.targetIds.includes(line.productId);
    case 'categories':
      return line.categoryIds.some((id) => p.targetIds.includes(id));
    case 'collections':
      return line.collectionIds.some((id) => p.targetIds.includes(id));
    case 'shipping':
      return false;
  }
}

/**
 * Splits `amount` over lines in proportion to what is left of each, to the minor unit: each gets
 * the floor of its share, and the units left over go to the largest remainders (ties to the
 * canonical order). No line gets more than it has left, and the shares add up to `amount`.
 */
function allocate(amount: number, lines: { left: number; discount: number }[]) {
  const total = BigInt(lines.reduce((sum, l) => sum + l.left, 0));
  const shares = lines.map((l, i) => {
    const exact = BigInt(amount) * BigInt(l.left);
    return { i, floor: Number(exact / total), remainder: exact % total };
  });
  let rest = amount - shares.reduce((sum, s) => sum + s.floor, 0);
  const byRemainder = [...shares].sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  for (const s of byRemainder) {
    if (rest === 0) break;
    if (s.remainder > 0n) {
      s.floor += 1;
      rest -= 1;
    }
  }
  for (const s of shares) {
    lines[s.i]!.discount += s.floor;
    lines[s.i]!.left -= s.floor;
  }
}
