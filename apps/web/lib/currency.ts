import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';

/** The currencies shoppers can choose; catalogue pages exist once per currency (see proxy.ts). */
export const SHOP_CURRENCIES = ['LKR', 'USD'] as const;
export type ShopCurrency = (typeof SHOP_CURRENCIES)[number];
export const CURRENCY_COOKIE = 'tk_currency';

/** The currency of a catalogue route's [currency] segment; anything else is not a page. */
export function routeCurrency(segment: string): ShopCurrency {
  const upper = segment.toUpperCase();
  if (!(SHOP_CURRENCIES as readonly string[]).includes(upper) || segment !== segment.toLowerCase()) notFound();
  return upper as ShopCurrency;
}

/** The shopper's chosen currency, for pages rendered per request (cart, search, account). */
export async function chosenCurrency(): Promise<ShopCurrency> {
  const value = (await cookies()).get(CURRENCY_COOKIE)?.value?.toUpperCase();
  return (SHOP_CURRENCIES as readonly string[]).includes(value ?? '') ? (value as ShopCurrency) : 'LKR';
}
