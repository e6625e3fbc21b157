import { createClient } from '@tk/sdk';

/** The storefront's one door to the API; pages never call fetch themselves. */
export const api = createClient({ baseUrl: process.env.API_URL ?? 'http://localhost:4000' });

/** "LKR 4,500.00" / "$45.00": amounts are integer minor units, formatted only at the edge. */
export function formatMoney(money: { amount: number; currency: string } | null): string {
  if (!money) return '';
  return new Intl.NumberFormat('en-LK', { style: 'currency', currency: money.currency }).format(money.amount / 100);
}
