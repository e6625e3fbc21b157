import { ApiError } from '@tk/sdk';

/**
 * The API's field errors keyed by form field: "body.variants.0.sku" → "variants.0.sku", so each
 * message can be shown next to its input. Errors without a field come back under "".
 */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return { '': 'The API is not reachable. Check your connection and try again.' };
  const out: Record<string, string> = {};
  for (const f of err.fields) out[f.field.replace(/^(body|query|params)\./, '')] ??= f.message;
  if (!err.fields.length) out[''] = err.message;
  return out;
}

/** "1,250.50" → 125050 minor units; null when it is not an amount with at most two decimals. */
export function parseMoney(text: string): number | null {
  const clean = text.replace(/[\s,]/g, '');
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(clean)) return null;
  const [whole, fraction = ''] = clean.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export function formatMoney(money: { amount: number; currency: string } | null | undefined): string {
  if (!money) return '—';
  return new Intl.NumberFormat('en-LK', { style: 'currency', currency: money.currency }).format(money.amount / 100);
}

/** The store's time zone: operators schedule sales in Sri Lankan time wherever their browser is. */
export const STORE_TIME_ZONE = 'Asia/Colombo';
const COLOMBO_OFFSET = '+05:30'; // Sri Lanka keeps no daylight saving time

/** A datetime-local value read as store time → ISO instant. */
export function storeTimeToIso(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null;
  const instant = new Date(`${local}:00${COLOMBO_OFFSET}`);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}

/** An ISO instant → the datetime-local value of that moment in store time. */
export function isoToStoreTime(iso: string): string {
  const shifted = new Date(Date.parse(iso) + (5 * 60 + 30) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

export function formatStoreTime(iso: string): string {
  return new Date(iso).toLocaleString('en-LK', { timeZone: STORE_TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' });
}
