'use server';

import { randomUUID } from 'node:crypto';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { ApiError, type TCreateAddressRequest } from '@tk/sdk';
import { api } from '../lib/api';
import { CART_COOKIE, cartForWriting, currentCart, forgetCart, signedIn } from '../lib/cart';
import { CURRENCY_COOKIE, SHOP_CURRENCIES } from '../lib/currency';
import { REFRESH_COOKIE, clearSession, writeSession } from '../lib/session';

/**
 * The storefront's writes, as server actions: plain HTML forms post them, so shopping, signing in
 * and checking out work before (and without) any JavaScript. A refusal from the API comes back to
 * the page it came from as ?error=, with the API's own explanation of the field at fault.
 */
const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** The API's explanation, shortest useful form: "body.email: must be an email" → "email: must be an email". */
function reason(err: unknown): string {
  if (!(err instanceof ApiError)) throw err; // not a refusal: let the error page handle it
  const field = err.fields[0];
  if (!field) return err.message;
  return `${field.field.replace(/^(body|query|params)\./, '')}: ${field.message}`;
}

/** Only paths on this site: an open redirect through ?next= would help phishing. */
function safeNext(value: string, fallback: string): string {
  return value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : fallback;
}

function back(path: string, error: string): never {
  const sep = path.includes('?') ? '&' : '?';
  redirect(`${path}${sep}error=${encodeURIComponent(error)}`);
}

// ---------- cart ----------

/**
 * The product page's form sends the chosen option values (radios, which work without JavaScript)
 * and, once scripts run, the matching variant id; the option values decide.
 */
async function chosenVariant(form: FormData): Promise<string> {
  const chosen = [...form.entries()].filter(([name]) => name.startsWith('option.')).map(([name, value]) => [name.slice(7), String(value)] as const);
  const slug = text(form, 'productSlug');
  if (!chosen.length || !slug) return text(form, 'variantId');
  const product = await api.getProduct({ params: { slug } });
  return product.variants.find((v) => chosen.every(([name, value]) => v.options[name] === value))?.id ?? text(form, 'variantId');
}

export async function addToCart(form: FormData) {
  const cart = await cartForWriting();
  const quantity = Math.max(1, Math.min(99, Number(text(form, 'quantity')) || 1));
  let failure: string | undefined;
  try {
    await api.addCartLine({ params: { id: cart.id }, body: { variantId: await chosenVariant(form), quantity } });
  } catch (err) {
    failure = reason(err);
  }
  // Product pages are static, so a refusal is explained on the cart page.
  if (failure) back('/cart', `Could not add that: ${failure}`);
  redirect('/cart');
}

export async function setCartQuantity(form: FormData) {
  const cart = await currentCart();
  let failure: string | undefined;
  if (cart) {
    try {
      await api.setCartLine({ params: { id: cart.id, variantId: text(form, 'variantId') }, body: { quantity: Math.max(0, Math.min(999, Number(text(form, 'quantity')) || 0)) } });
    } catch (err) {
      failure = reason(err);
    }
  }
  if (failure) back('/cart', failure);
  redirect('/cart');
}

export async function removeFromCart(form: FormData) {
  const cart = await currentCart();
  if (cart) await api.removeCartLine({ params: { id: cart.id, variantId: text(form, 'variantId') } });
  redirect('/cart');
}

export async function applyDiscountCode(form: FormData) {
  const cart = await currentCart();
  const from = safeNext(text(form, 'from'), '/cart');
  let failure: string | undefined;
  if (cart) {
    try {
      const updated = await api.applyPromotionCode({ params: { id: cart.id }, body: { code: text(form, 'code') } });
      const entered = updated.promotions.find((p) => p.code?.toLowerCase() === text(form, 'code').toLowerCase());
      if (entered && !entered.applied) failure = `The code ${entered.code} does not apply (${entered.reason?.replace(/_/g, ' ')})`;
    } catch (err) {
      failure = reason(err);
    }
  }
  if (failure) back(from, failure);
  redirect(from);
}

export async function removeDiscountCode(form: FormData) {
  const cart = await currentCart();
  if (cart) await api.removePromotionCode({ params: { id: cart.id, code: text(form, 'code') } });
  redirect(safeNext(text(form, 'from'), '/cart'));
}

/** Where the cart ships decides its shipping options and tax; checkout asks for it first. */
export async function setDestination(form: FormData) {
  const cart = await currentCart();
  if (!cart) redirect('/cart');
  let failure: string | undefined;
  try {
    const updated = await api.setCartDestination({ params: { id: cart.id }, body: { country: text(form, 'country'), region: text(form, 'region'), postalCode: text(form, 'postalCode') } });
    // The cheapest way there until the shopper picks another, so the total shown is complete.
    const keep = updated.shippingOptions.some((o) => o.id === updated.shippingMethodId);
    if (!keep && updated.shippingOptions[0]) await api.chooseShippingMethod({ params: { id: cart.id }, body: { methodId: updated.shippingOptions[0].id } });
  } catch (err) {
    failure = reason(err);
  }
  if (failure) back('/checkout', failure);
  redirect('/checkout');
}

export async function chooseShipping(form: FormData) {
  const cart = await currentCart();
  if (!cart) redirect('/cart');
  let failure: string | undefined;
  try {
    await api.chooseShippingMethod({ params: { id: cart.id }, body: { methodId: text(form, 'shippingMethodId') } });
  } catch (err) {
    failure = reason(err);
  }
  if (failure) back('/checkout', failure);
  redirect('/checkout');
}

// ---------- checkout and payment ----------

/** Places the order (the key makes a double submit one order), then goes on to payment. */
export async function placeOrder(form: FormData) {
  const cart = await currentCart();
  if (!cart) redirect('/cart');
  const customer = await signedIn();
  let orderId: string;
  try {
    let shippingAddress = { fullName: text(form, 'fullName'), line1: text(form, 'line1'), city: text(form, 'city'), country: cart.destination?.country ?? 'LK', postalCode: cart.destination?.postalCode ?? '', phone: text(form, 'phone') };
    const savedId = text(form, 'addressId');
    if (customer && savedId) {
      const saved = (await api.listAddresses()).items.find((a) => a.id === savedId);
      if (saved) shippingAddress = { fullName: saved.fullName, line1: saved.line1, city: saved.city, country: saved.country, postalCode: saved.postalCode, phone: saved.phone };
    }
    const order = await api.checkout(
      {
        body: {
          cartId: cart.id,
          email: customer ? undefined : text(form, 'email'),
          shippingAddress,
          shippingMethodId: cart.shippingMethodId ?? undefined,
          expectedTotal: Number(text(form, 'expectedTotal')) || undefined,
        },
      },
      { idempotencyKey: text(form, 'checkoutKey') || randomUUID() },
    );
    orderId = order.id;
  } catch (err) {
    back('/checkout', reason(err));
  }
  if (!customer) await forgetCart();
  redirect(`/checkout/pay?order=${orderId}`);
}

/**
 * Starts a payment with the chosen gateway. The sandbox answers here; Stripe continues on the pay
 * page with its Payment Element; PayHere continues on its own hosted page.
 */
export async function startPayment(form: FormData) {
  const orderId = text(form, 'orderId');
  const gateway = text(form, 'gateway');
  if (gateway === 'sandbox') return paySandbox(form);
  let failure: string | undefined;
  try {
    await api.startPayment({ params: { id: orderId }, body: { gateway: gateway as 'stripe' | 'payhere' } });
  } catch (err) {
    failure = reason(err);
  }
  if (failure) back(`/checkout/pay?order=${orderId}`, failure);
  redirect(`/checkout/pay?order=${orderId}&gateway=${gateway}`);
}

/** The sandbox gateway's page, answered from our own form (the real gateways bring their own pages). */
export async function paySandbox(form: FormData) {
  const orderId = text(form, 'orderId');
  const step = text(form, 'step');
  if (step === 'challenge') {
    await api.sandboxChallenge({ params: { reference: text(form, 'reference') }, body: { result: text(form, 'result') === 'pass' ? 'pass' : 'fail' } });
  } else {
    const payment = await api.startPayment({ params: { id: orderId }, body: { gateway: 'sandbox' } });
    if (payment.nextAction.type !== 'sandbox') redirect(`/orders/${orderId}`);
    const outcome = text(form, 'outcome') as 'success' | 'decline' | 'challenge';
    const state = await api.sandboxConfirm({ params: { reference: payment.nextAction.reference }, body: { outcome } });
    if (state.status === 'challenge') redirect(`/checkout/pay?order=${orderId}&challenge=${payment.nextAction.reference}`);
  }
  redirect(`/orders/${orderId}`);
}

export async function lookupOrder(form: FormData) {
  let orderId: string;
  try {
    orderId = (await api.lookupOrder({ body: { number: text(form, 'number'), email: text(form, 'email') } })).id;
  } catch (err) {
    back('/orders/lookup', err instanceof ApiError && err.status === 404 ? 'No order with that number and email' : reason(err));
  }
  redirect(`/orders/${orderId}`);
}

// ---------- account ----------

/** After signing in, a guest cart joins the account's cart (the API merges, capping at stock). */
async function startSession(tokens: Parameters<typeof writeSession>[1]) {
  const jar = await cookies();
  writeSession(jar, tokens);
  const guestCart = jar.get(CART_COOKIE)?.value;
  if (guestCart) {
    await api.mergeCart({ body: { cartId: guestCart } }, { accessToken: tokens.accessToken }).catch(() => undefined); // an expired guest cart has nothing to merge
    jar.delete(CART_COOKIE);
  }
}

export async function login(form: FormData) {
  const next = safeNext(text(form, 'next'), '/account');
  let failure: string | undefined;
  try {
    const session = await api.login({ body: { email: text(form, 'email'), password: String(form.get('password') ?? '') } });
    await startSession(session.tokens);
  } catch (err) {
    failure = err instanceof ApiError && err.status === 401 ? 'Wrong email or password' : reason(err);
  }
  if (failure) back(`/account/login?next=${encodeURIComponent(next)}`, failure);
  redirect(next);
}

export async function register(form: FormData) {
  const next = safeNext(text(form, 'next'), '/account');
  let failure: string | undefined;
  try {
    const session = await api.register({ body: { name: text(form, 'name'), email: text(form, 'email'), password: String(form.get('password') ?? '') } });
    await startSession(session.tokens);
  } catch (err) {
    failure = reason(err);
  }
  if (failure) back(`/account/login?next=${encodeURIComponent(next)}&tab=register`, failure);
  redirect(next);
}

export async function logout() {
  const jar = await cookies();
  const refreshToken = jar.get(REFRESH_COOKIE)?.value;
  if (refreshToken) await api.logout({ body: { refreshToken } }).catch(() => undefined); // already ended is fine
  clearSession(jar);
  redirect('/');
}

export async function addAddress(form: FormData) {
  let failure: string | undefined;
  const address: TCreateAddressRequest = {
    label: text(form, 'label'),
    fullName: text(form, 'fullName'),
    line1: text(form, 'line1'),
    line2: text(form, 'line2'),
    city: text(form, 'city'),
    region: text(form, 'region'),
    postalCode: text(form, 'postalCode'),
    country: text(form, 'country') || 'LK',
    phone: text(form, 'phone'),
    isDefaultShipping: form.get('isDefaultShipping') === 'on',
    isDefaultBilling: false,
  };
  try {
    await api.createAddress({ body: address });
  } catch (err) {
    failure = reason(err);
  }
  if (failure) back('/account/addresses', failure);
  redirect('/account/addresses');
}

export async function deleteAddress(form: FormData) {
  await api.deleteAddress({ params: { id: text(form, 'id') } });
  redirect('/account/addresses');
}

export async function toggleWishlist(form: FormData) {
  const from = safeNext(text(form, 'from'), '/wishlist');
  if (!(await signedIn())) redirect(`/account/login?next=${encodeURIComponent(from)}`);
  const productId = text(form, 'productId');
  if (text(form, 'saved') === 'true') await api.removeFromWishlist({ params: { productId } });
  else await api.addToWishlist({ params: { productId } });
  redirect(from);
}

export async function writeReview(form: FormData) {
  const from = safeNext(text(form, 'from'), '/');
  if (!(await signedIn())) redirect(`/account/login?next=${encodeURIComponent(from)}`);
  let failure: string | undefined;
  try {
    await api.createReview({ body: { productId: text(form, 'productId'), rating: Number(text(form, 'rating')), title: text(form, 'title'), body: text(form, 'body') } });
  } catch (err) {
    failure = reason(err);
  }
  // Product pages are static: the outcome is shown with the shopper's own reviews.
  if (failure) back(`/account/reviews?product=${encodeURIComponent(from)}`, failure);
  redirect('/account/reviews?sent=1');
}

/** The currency switcher: a cookie that picks which variant of the catalogue pages is served. */
export async function chooseCurrency(form: FormData) {
  const currency = text(form, 'currency').toUpperCase();
  const jar = await cookies();
  if ((SHOP_CURRENCIES as readonly string[]).includes(currency)) {
    jar.set(CURRENCY_COOKIE, currency, { sameSite: 'lax', path: '/', maxAge: 365 * 86_400 });
    // An empty guest cart in the old currency is dropped so the next add starts one in the new one.
    const cart = await currentCart();
    if (cart && !cart.lines.length && cart.currency !== currency && !(await signedIn())) jar.delete(CART_COOKIE);
  }
  redirect(safeNext(text(form, 'from'), '/'));
}
