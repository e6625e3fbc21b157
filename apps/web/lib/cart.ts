import { cookies } from 'next/headers';
import { ApiError, type TCart } from '@tk/sdk';
import { api } from './api';

/** The guest cart's id lives in an httpOnly cookie: scripts on the page never see it. */
const CART_COOKIE = 'tk_cart';

export async function currentCart(): Promise<TCart | null> {
  const id = (await cookies()).get(CART_COOKIE)?.value;
  if (!id) return null;
  try {
    return await api.getCart({ params: { id } });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null; // expired or ordered
    throw err;
  }
}

export async function cartForWriting(): Promise<TCart> {
  const existing = await currentCart();
  if (existing) return existing;
  const cart = await api.createCart({ body: { currency: 'LKR' } });
  (await cookies()).set(CART_COOKIE, cart.id, { httpOnly: true, sameSite: 'lax', secure: process.env.NODE_ENV === 'production', path: '/', maxAge: 30 * 86_400 });
  return cart;
}

export async function forgetCart() {
  (await cookies()).delete(CART_COOKIE);
}
