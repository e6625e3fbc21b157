import { cookies } from 'next/headers';
import { createClient } from '@tk/sdk';
import { ACCESS_COOKIE } from './session';

const baseUrl = process.env.API_URL ?? 'http://localhost:4000';

/**
 * The storefront's door to the API for live data (carts, orders, the account): never cached, and
 * signed in as the shopper when their session cookie is present.
 */
export const api = createClient({
  baseUrl,
  fetch: (input, init) => fetch(input, { ...init, cache: 'no-store' }),
  getAccessToken: async () => (await cookies()).get(ACCESS_COOKIE)?.value,
});

/**
 * Catalogue reads for statically generated pages: anonymous, cached by Next and tagged "catalog",
 * so the API's revalidation call (after any product, price, stock or sale change) refreshes them;
 * they also expire after a minute on their own.
 */
export const catalogApi = createClient({
  baseUrl,
  fetch: (input, init) => fetch(input, { ...init, next: { revalidate: 60, tags: ['catalog'] } } as RequestInit),
});

/** The site's public address, for canonical URLs, the sitemap and structured data. */
export const siteUrl = (process.env.SITE_URL ?? 'http://localhost:3000').replace(/\/$/, '');

/** "LKR 4,500.00" / "US$45.00": amounts are integer minor units, formatted only at the edge. */
export function formatMoney(money: { amount: number; currency: string } | null | undefined): string {
  if (!money) return '';
  return new Intl.NumberFormat('en-LK', { style: 'currency', currency: money.currency }).format(money.amount / 100);
}

/** Minor units as the decimal string schema.org offers expect ("4500.00"). */
export const decimal = (money: { amount: number }) => (money.amount / 100).toFixed(2);
