'use server';

import { randomUUID } from 'node:crypto';
import { redirect } from 'next/navigation';
import { ApiError } from '@tk/sdk';
import { api } from '../lib/api';
import { cartForWriting, currentCart, forgetCart } from '../lib/cart';

/**
 * The storefront's writes, as server actions: plain HTML forms post them, so adding to the cart
 * and checking out work before (and without) any JavaScript.
 */
const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export async function addToCart(form: FormData) {
  const cart = await cartForWriting();
  const quantity = Math.max(1, Math.min(99, Number(text(form, 'quantity')) || 1));
  await api.addCartLine({ params: { id: cart.id }, body: { variantId: text(form, 'variantId'), quantity } });
  redirect('/cart');
}

export async function removeFromCart(form: FormData) {
  const cart = await currentCart();
  if (cart) await api.removeCartLine({ params: { id: cart.id, variantId: text(form, 'variantId') } });
  redirect('/cart');
}

/** Places the order (the key makes a double submit one order), then starts the sandbox payment. */
export async function placeOrder(form: FormData) {
  const cart = await currentCart();
  if (!cart) redirect('/cart');
  let orderId: string;
  try {
    const order = await api.checkout(
      {
        body: {
          cartId: cart.id,
          email: text(form, 'email'),
          shippingAddress: { fullName: text(form, 'fullName'), line1: text(form, 'line1'), city: text(form, 'city'), country: text(form, 'country') || 'LK', phone: text(form, 'phone') },
          expectedTotal: Number(text(form, 'expectedTotal')) || undefined,
        },
      },
      { idempotencyKey: text(form, 'checkoutKey') || randomUUID() },
    );
    orderId = order.id;
  } catch (err) {
    const reason = err instanceof ApiError ? (err.fields[0]?.message ?? err.message) : 'unexpected error';
    redirect(`/checkout?error=${encodeURIComponent(reason)}`);
  }
  await forgetCart();
  redirect(`/checkout/pay?order=${orderId}`);
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
