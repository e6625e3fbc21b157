import { createHash, timingSafeEqual } from 'node:crypto';

/** PayHere's checksums, as its integration guide defines them (MD5, upper-case hex). */
const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex').toUpperCase();

/** Minor units → PayHere's amount text with two decimals ("1234.50"), without floating point. */
export function formatAmount(minor: number): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError('amount must be a non-negative integer of minor units');
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

/** PayHere's amount text ("1234.5", "1234.50", "1,234.50") → minor units; null if it is not an amount. */
export function parseAmount(text: string): number | null {
  const m = text.replace(/,/g, '').match(/^(\d+)(?:\.(\d{1,2}))?$/);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** The `hash` field of the checkout (and preapproval) form. */
export function checkoutHash(p: { merchantId: string; orderId: string; amount: string; currency: string; merchantSecret: string }): string {
  return md5(p.merchantId + p.orderId + p.amount + p.currency + md5(p.merchantSecret));
}

/** The `md5sig` PayHere sends with its notification. */
export function notifySignature(p: {
  merchantId: string;
  orderId: string;
  payhereAmount: string;
  payhereCurrency: string;
  statusCode: string;
  merchantSecret: string;
}): string {
  return md5(p.merchantId + p.orderId + p.payhereAmount + p.payhereCurrency + p.statusCode + md5(p.merchantSecret));
}

export function signaturesMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given.toUpperCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
