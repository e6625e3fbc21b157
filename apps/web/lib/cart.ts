import { cookies } from 'next/headers';
import { ApiError, type TCart } from '@tk/sdk';
import { api } from './api';
import { chosenCurrency } from './currency';
import { ACCESS_COOKIE } from './session';

/**
 * A guest's cart id lives in an httpOnly cookie; a signed-in customer's cart is their account's
 * (GET /v1/me/cart), the same one their phone shows.
 */
export const CART_COOKIE = 'tk_cart';

export async function signedIn(): Promise<boolean> {
  return Boolean((await cookies()).get(ACCESS_COOKIE)?.value);
}

export async function currentCart(): Promise<TCart | null> {
  if (await signedIn()) return api.getMyCart({ query: { currency: await chosenCurrency() } });
  const id = (await cookies()).get(CART_COOKIE)?.value;
  if (!id) return null;
  try {
    return await api.getCart({ params: { id } });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null; // expired, ordered or merged
    throw err;
  }
}

/** Only from server actions: a guest's first add creates the cart and sets its cookie. */
export async function cartForWriting(): Promise<TCart> {
  const existing = await currentCart();
  if (existing) return existing;
  const cart = await api.createCart({ body: { currency: await chosenCurrency() } });
  (await cookies()).set(CART_COOKIE, cart.id, { httpOnly: true, sameSite: 'lax', secure: process.env.NODE_ENV === 'production' && process.env.COOKIE_SECURE !== 'false', path: '/', maxAge: 30 * 86_400 });
  return cart;
}

export async function forgetCart() {
  (await cookies()).delete(CART_COOKIE);
}
