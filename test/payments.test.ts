import { createHash, randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { describe, expect, inject, it } from 'vitest';
import type { ApiClient } from '@tk/sdk';
import { adminApi, apiError, client, mailFor, paySandbox, raw, signUp } from './support/client.js';

const address = { fullName: 'Kumari Perera', line1: '12 Galle Road', city: 'Colombo', country: 'lk', phone: '0771234567' };
const gateways = inject('gateways');
const stripe = new Stripe('sk_test_fake');

async function product(stock: number) {
  const admin = await adminApi();
  const sku = `PAY-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  const created = await admin.createProduct({
    body: {
      title: `Payment test ${sku}`,
      status: 'published',
      variants: [{ sku, title: 'One', prices: [{ currency: 'LKR', amount: 250_000 }, { currency: 'USD', amount: 2_500 }], initialStock: stock }],
    },
  });
  return created.variants[0]!.id;
}

async function stock(variantId: string) {
  const { levels } = await (await adminApi()).getVariantStock({ params: { id: variantId } });
  return { onHand: levels[0]!.onHand, reserved: levels[0]!.reserved };
}

/** An order awaiting payment: a guest's unless `api` (a signed-in customer's) is given. */
async function placeOrder(opts: { currency?: 'LKR' | 'USD'; stock?: number; quantity?: number; variantId?: string; customer?: { api: ApiClient } } = {}) {
  const variantId = opts.variantId ?? (await product(opts.stock ?? 5));
  const api = opts.customer?.api ?? client();
  const currency = opts.currency ?? 'LKR';
  const cart = opts.customer ? await api.getMyCart({ query: { currency } }) : await api.createCart({ body: { currency } });
  await api.addCartLine({ params: { id: cart.id }, body: { variantId, quantity: opts.quantity ?? 1 } });
  const email = `pay-${randomUUID().slice(0, 8)}@example.com`;
  const order = await api.checkout({ body: { cartId: cart.id, email: opts.customer ? undefined : email, shippingAddress: address } }, { idempotencyKey: randomUUID() });
  return { order, api, variantId, email: order.email };
}

// ----- Stripe: the fake's API plays Stripe.js confirming on the client; webhooks are signed like Stripe's -----

async function stripeApi(path: string, form?: Record<string, string>) {
  const res = await fetch(`${gateways.stripeUrl}${path}`, {
    method: form ? 'POST' : 'GET',
    headers: { authorization: 'Bearer sk_test_fake', 'content-type': 'application/x-www-form-urlencoded' },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  return (await res.json()) as Record<string, any>;
}

const intentId = (clientSecret: string) => clientSecret.split('_secret_')[0]!;

function signedStripeEvent(type: string, object: unknown, opts: { id?: string; secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify({ id: opts.id ?? `evt_${randomUUID().replace(/-/g, '')}`, object: 'event', type, api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), data: { object } });
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? gateways.stripeWebhookSecret, timestamp: opts.timestamp });
  return { payload, header };
}

function postStripeWebhook(event: { payload: string; header: string }) {
  return raw('/v1/webhooks/stripe', { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': event.header }, body: event.payload });
}

/** Starts a Stripe payment and has the "client" confirm it at Stripe with a test card. */
async function payAtStripe(api: ApiClient, orderId: string, card = 'pm_card_visa', extra: Record<string, string> = {}, saveCard = false) {
  const payment = await api.startPayment({ params: { id: orderId }, body: { gateway: 'stripe', saveCard } });
  if (payment.nextAction.type !== 'stripe') throw new Error('expected a Stripe client secret');
  const pi = intentId(payment.nextAction.clientSecret);
  const confirmed = await stripeApi(`/v1/payment_intents/${pi}/confirm`, { payment_method: card, ...extra });
  return { payment, pi, intent: confirmed.error ? confirmed.error.payment_intent : confirmed };
}

describe('sandbox gateway, end to end through the API', () => {
  it('checkout → 3-D Secure style challenge → success → paid, with one confirmation after the commit', async () => {
    const { order, api, variantId, email } = await placeOrder({ stock: 3, quantity: 2 });
    const options = await api.paymentOptions({ params: { id: order.id } });
    expect(options.gateways.map((g) => g.gateway)).toEqual(['payhere', 'sandbox']);
    const payment = await api.startPayment({ params: { id: order.id }, body: { gateway: 'sandbox' } });
    expect(payment).toMatchObject({ status: 'pending', amount: order.totals.total, nextAction: { type: 'sandbox' } });
    const reference = payment.nextAction.type === 'sandbox' ? payment.nextAction.reference : '';
    expect((await api.sandboxConfirm({ params: { reference }, body: { outcome: 'challenge' } })).status).toBe('challenge');
    expect((await api.getOrder({ params: { id: order.id } })).status).toBe('pending_payment');
    expect(await mailFor(email)).toHaveLength(0);
    expect((await api.sandboxChallenge({ params: { reference }, body: { result: 'pass' } })).status).toBe('succeeded');
    const paid = await api.getOrder({ params: { id: order.id } });
    expect(paid.status).toBe('paid');
    expect(paid.payments).toEqual([expect.objectContaining({ gateway: 'sandbox', status: 'succeeded', card: { brand: 'visa', last4: '4242' } })]);
    expect(await stock(variantId)).toEqual({ onHand: 1, reserved: 0 });
    const mail = await mailFor(email);
    expect(mail.map((m) => m.template)).toEqual(['order_confirmed']);
    expect(mail[0]!.data.orderNumber).toBe(order.number);
  });

  it('checkout → decline → payment_failed with the stock released; a new attempt holds it again', async () => {
    const { order, api, variantId } = await placeOrder({ stock: 2, quantity: 2 });
    expect(await stock(variantId)).toEqual({ onHand: 2, reserved: 2 });
    const failed = await paySandbox(api, order.id, 'decline');
    expect(failed.status).toBe('payment_failed');
    expect(failed.payments[0]).toMatchObject({ status: 'failed', failureReason: 'card declined (sandbox)' });
    expect(await stock(variantId)).toEqual({ onHand: 2, reserved: 0 });
    const payment = await api.startPayment({ params: { id: order.id }, body: { gateway: 'sandbox' } });
    expect(await stock(variantId)).toEqual({ onHand: 2, reserved: 2 });
    expect((await api.getOrder({ params: { id: order.id } })).status).toBe('pending_payment');
    const reference = payment.nextAction.type === 'sandbox' ? payment.nextAction.reference : '';
    await api.sandboxChallenge({ params: { reference }, body: { result: 'fail' } }).catch(() => undefined); // no challenge was asked
    await api.sandboxConfirm({ params: { reference }, body: { outcome: 'success' } });
    expect((await api.getOrder({ params: { id: order.id } })).status).toBe('paid');
    expect(await stock(variantId)).toEqual({ onHand: 0, reserved: 0 });
  });

  it('a delayed webhook settles the order when it arrives; a lost one is settled by reconciliation', async () => {
    const delayed = await placeOrder();
    const p1 = await delayed.api.startPayment({ params: { id: delayed.order.id }, body: { gateway: 'sandbox' } });
    const ref1 = p1.nextAction.type === 'sandbox' ? p1.nextAction.reference : '';
    await delayed.api.sandboxConfirm({ params: { reference: ref1 }, body: { outcome: 'success', webhook: 'delayed' } });
    expect((await delayed.api.getOrder({ params: { id: delayed.order.id } })).status).toBe('pending_payment');
    await expect.poll(async () => (await delayed.api.getOrder({ params: { id: delayed.order.id } })).status, { timeout: 5000 }).toBe('paid');

    const lost = await placeOrder();
    const p2 = await lost.api.startPayment({ params: { id: lost.order.id }, body: { gateway: 'sandbox' } });
    const ref2 = p2.nextAction.type === 'sandbox' ? p2.nextAction.reference : '';
    await lost.api.sandboxConfirm({ params: { reference: ref2 }, body: { outcome: 'success', webhook: 'lost' } });
    expect((await lost.api.getOrder({ params: { id: lost.order.id } })).status).toBe('pending_payment');
    const result = await (await adminApi()).reconcilePayments();
    expect(result.settled).toBeGreaterThanOrEqual(1);
    expect((await lost.api.getOrder({ params: { id: lost.order.id } })).status).toBe('paid');
    expect((await mailFor(lost.email)).map((m) => m.template)).toEqual(['order_confirmed']);
  });

  it('a duplicated webhook has one effect', async () => {
    const { order, api, variantId, email } = await placeOrder({ stock: 4, quantity: 1 });
    const p = await api.startPayment({ params: { id: order.id }, body: { gateway: 'sandbox' } });
    const reference = p.nextAction.type === 'sandbox' ? p.nextAction.reference : '';
    await api.sandboxConfirm({ params: { reference }, body: { outcome: 'success', webhook: 'duplicated' } });
    await new Promise((r) => setTimeout(r, 600)); // the third copy comes later
    const paid = await api.getOrder({ params: { id: order.id } });
    expect(paid.history.filter((h) => h.to === 'paid')).toHaveLength(1);
    expect(await stock(variantId)).toEqual({ onHand: 3, reserved: 0 });
    expect(await mailFor(email)).toHaveLength(1);
  });
});

describe('Stripe webhooks through the API', () => {
  it('the same succeeded event delivered 20 times at once: one state change, one deduction, one confirmation', async () => {
    const { order, api, variantId, email } = await placeOrder({ currency: 'USD', stock: 5, quantity: 2 });
    expect((await api.paymentOptions({ params: { id: order.id } })).gateways.map((g) => g.gateway)).toEqual(['stripe', 'sandbox']);
    const { intent, payment } = await payAtStripe(api, order.id);
    expect(intent.status).toBe('succeeded');
    expect(payment.amount).toEqual(order.totals.total);
    const event = signedStripeEvent('payment_intent.succeeded', intent);
    const responses = await Promise.all(Array.from({ length: 20 }, () => postStripeWebhook(event)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const acks = await Promise.all(responses.map((r) => r.json() as Promise<{ duplicate: boolean }>));
    expect(acks.filter((a) => !a.duplicate)).toHaveLength(1);
    const paid = await api.getOrder({ params: { id: order.id } });
    expect(paid.status).toBe('paid');
    expect(paid.history.filter((h) => h.to === 'paid')).toHaveLength(1);
    expect(await stock(variantId)).toEqual({ onHand: 3, reserved: 0 });
    expect((await mailFor(email)).map((m) => m.template)).toEqual(['order_confirmed']);

    // Out of order: a failure after the success, and a second success under another id, change nothing.
    const late = signedStripeEvent('payment_intent.payment_failed', { ...intent, status: 'requires_payment_method', last_payment_error: { message: 'late' } });
    expect((await postStripeWebhook(late)).status).toBe(200);
    expect((await postStripeWebhook(signedStripeEvent('payment_intent.succeeded', intent))).status).toBe(200);
    const after = await api.getOrder({ params: { id: order.id } });
    expect([after.status, after.payments[0]!.status, after.history.length]).toEqual(['paid', 'succeeded', paid.history.length]);
    expect(await stock(variantId)).toEqual({ onHand: 3, reserved: 0 });

    // A dispute is recorded once, whatever the redeliveries.
    const dispute = signedStripeEvent('charge.dispute.created', { id: 'dp_test_1', object: 'dispute', amount: 5000, currency: 'usd', reason: 'fraudulent', status: 'needs_response', payment_intent: intent.id, charge: intent.latest_charge });
    await postStripeWebhook(dispute);
    await postStripeWebhook(dispute);
    expect((await api.getOrder({ params: { id: order.id } })).disputes).toEqual([expect.objectContaining({ reason: 'fraudulent', amount: { amount: 5000, currency: 'USD' } })]);
  });

  it('rejects forged, stale and re-signed payloads with 400 and changes nothing', async () => {
    const { order, api } = await placeOrder({ currency: 'USD' });
    const { intent } = await payAtStripe(api, order.id);
    const genuine = signedStripeEvent('payment_intent.succeeded', intent);
    const forged = signedStripeEvent('payment_intent.succeeded', intent, { secret: 'whsec_attacker' });
    const stale = signedStripeEvent('payment_intent.succeeded', intent, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const tampered = { payload: genuine.payload.replace('"amount_received":', '"amount_received":1,"x":'), header: genuine.header };
    for (const event of [forged, stale, tampered, { payload: genuine.payload, header: 't=1,v1=00' }]) {
      const res = await postStripeWebhook(event);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('webhook_signature_invalid');
    }
    expect((await api.getOrder({ params: { id: order.id } })).status).toBe('pending_payment');
    expect((await postStripeWebhook(genuine)).status).toBe(200);
    expect((await api.getOrder({ params: { id: order.id } })).status).toBe('paid');
  });

  it('a success after the stock was sold elsewhere refunds automatically and cancels the order with the reason', async () => {
    const variantId = await product(1);
    const late = await placeOrder({ currency: 'USD', variantId });
    // The first card is declined: the hold goes back and someone else buys the last unit.
    const declined = await payAtStripe(late.api, late.order.id, 'pm_card_chargeDeclined');
    await postStripeWebhook(signedStripeEvent('payment_intent.payment_failed', declined.intent));
    expect((await late.api.getOrder({ params: { id: late.order.id } })).status).toBe('payment_failed');
    const other = await placeOrder({ variantId });
    await paySandbox(other.api, other.order.id);
    expect(await stock(variantId)).toEqual({ onHand: 0, reserved: 0 });
    // Then the first customer's retry on the same PaymentIntent succeeds at Stripe.
    const retried = await stripeApi(`/v1/payment_intents/${declined.pi}/confirm`, { payment_method: 'pm_card_visa' });
    expect(retried.status).toBe('succeeded');
    expect((await postStripeWebhook(signedStripeEvent('payment_intent.succeeded', retried))).status).toBe(200);
    const cancelled = await late.api.getOrder({ params: { id: late.order.id } });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.history.at(-1)!.reason).toMatch(/stock was sold; payment refunded/);
    expect(cancelled.refunds).toEqual([expect.objectContaining({ kind: 'order_cancelled', status: 'succeeded', amount: late.order.totals.total })]);
    expect((await mailFor(late.email)).map((m) => m.template)).toEqual(['payment_failed', 'order_cancelled', 'refund_issued']);
    expect(await stock(variantId)).toEqual({ onHand: 0, reserved: 0 });
    const refunds = await stripeApi(`/v1/refunds?payment_intent=${declined.pi}`);
    expect(refunds.data).toHaveLength(1);
  });
});

describe('refunds and cancellations', () => {
  it('refunds in part and then in full, exactly to the minor unit, once per key, staff only', async () => {
    const { order, api, email } = await placeOrder();
    await paySandbox(api, order.id);
    const staff = await adminApi();
    const total = order.totals.total.amount;
    const key = randomUUID();
    const first = await staff.refundOrder({ params: { id: order.id }, body: { amount: 1001, reason: 'scratched box' } }, { idempotencyKey: key });
    expect(first).toMatchObject({ status: 'succeeded', kind: 'requested', amount: { amount: 1001, currency: 'LKR' } });
    const replay = await staff.refundOrder({ params: { id: order.id }, body: { amount: 1001, reason: 'scratched box' } }, { idempotencyKey: key });
    expect(replay.id).toBe(first.id);
    expect((await api.getOrder({ params: { id: order.id } })).status).toBe('partially_refunded');
    const tooMuch = await apiError(() => staff.refundOrder({ params: { id: order.id }, body: { amount: total, reason: 'x' } }, { idempotencyKey: randomUUID() }));
    expect([tooMuch.status, tooMuch.fields[0]?.field, tooMuch.fields[0]?.code]).toEqual([400, 'body.amount', 'exceeds_refundable']);
    const customer = await signUp();
    expect((await apiError(() => customer.api.refundOrder({ params: { id: order.id }, body: { amount: 1, reason: 'x' } }, { idempotencyKey: randomUUID() }))).status).toBe(403);
    await staff.refundOrder({ params: { id: order.id }, body: { amount: total - 1001, reason: 'returned' } }, { idempotencyKey: randomUUID() });
    const refunded = await api.getOrder({ params: { id: order.id } });
    expect(refunded.status).toBe('refunded');
    expect(refunded.payments[0]!.refunded).toEqual(order.totals.total);
    expect(refunded.refunds.map((r) => r.amount.amount)).toEqual([1001, total - 1001]);
    expect((await mailFor(email)).map((m) => m.template)).toEqual(['order_confirmed', 'refund_issued', 'refund_issued']);
    const noKey = await apiError(() => staff.refundOrder({ params: { id: order.id }, body: { amount: 1, reason: 'x' } }));
    expect(noKey.fields[0]?.field).toBe('header.idempotency-key');
  });

  it('cancelling a paid order returns the stock and refunds the payment in full', async () => {
    const { order, api, variantId } = await placeOrder({ stock: 3, quantity: 2 });
    await paySandbox(api, order.id);
    const cancelled = await (await adminApi()).cancelOrder({ params: { id: order.id }, body: { reason: 'customer asked' } });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.refunds).toEqual([expect.objectContaining({ kind: 'order_cancelled', status: 'succeeded', amount: order.totals.total })]);
    expect(await stock(variantId)).toEqual({ onHand: 3, reserved: 0 });
  });
});

describe('refunds the gateway refuses', () => {
  it('fail with the reason and can be sent again by staff, once', async () => {
    const { order, api } = await placeOrder({ currency: 'USD' });
    const { intent } = await payAtStripe(api, order.id);
    await postStripeWebhook(signedStripeEvent('payment_intent.succeeded', intent));
    await fetch(`${gateways.stripeUrl}/__fake/refuse-refunds`, { method: 'POST', body: JSON.stringify({ count: 1 }) });
    const staff = await adminApi();
    const cancelled = await staff.cancelOrder({ params: { id: order.id }, body: { reason: 'out of business in that region' } });
    expect(cancelled.refunds).toEqual([expect.objectContaining({ status: 'failed', failureReason: expect.stringMatching(/disputed/) })]);
    const failedId = cancelled.refunds[0]!.id;
    const retried = await staff.retryRefund({ params: { id: failedId } });
    expect(retried).toMatchObject({ status: 'succeeded', kind: 'order_cancelled', amount: order.totals.total });
    expect((await staff.retryRefund({ params: { id: failedId } })).id).toBe(retried.id);
    expect((await apiError(() => staff.retryRefund({ params: { id: retried.id } }))).status).toBe(409);
    expect((await api.getOrder({ params: { id: order.id } })).refunds.map((r) => r.status)).toEqual(['failed', 'succeeded']);
    expect((await stripeApi(`/v1/refunds?payment_intent=${intent.id}`)).data).toHaveLength(1);
  });
});

describe('saved cards', () => {
  it('keeps a sandbox card, pays the next order with it in one step, and forgets it', async () => {
    const customer = await signUp();
    const first = await placeOrder({ customer });
    const p = await customer.api.startPayment({ params: { id: first.order.id }, body: { gateway: 'sandbox', saveCard: true } });
    const reference = p.nextAction.type === 'sandbox' ? p.nextAction.reference : '';
    await customer.api.sandboxConfirm({ params: { reference }, body: { outcome: 'success' } });
    const { items } = await customer.api.listSavedCards();
    expect(items).toEqual([expect.objectContaining({ gateway: 'sandbox', brand: 'visa', last4: '4242', expMonth: 12 })]);
    expect(JSON.stringify(items)).not.toMatch(/sbxcard_/); // the gateway token stays on the server

    const second = await placeOrder({ customer });
    const options = await customer.api.paymentOptions({ params: { id: second.order.id } });
    expect(options.savedCards.map((c) => c.id)).toEqual([items[0]!.id]);
    const oneStep = await customer.api.startPayment({ params: { id: second.order.id }, body: { gateway: 'sandbox', savedCardId: items[0]!.id } });
    expect([oneStep.status, oneStep.nextAction.type]).toEqual(['succeeded', 'none']);
    expect((await customer.api.getOrder({ params: { id: second.order.id } })).status).toBe('paid');

    const stranger = await signUp();
    expect((await apiError(() => stranger.api.deleteSavedCard({ params: { id: items[0]!.id } }))).status).toBe(404);
    await customer.api.deleteSavedCard({ params: { id: items[0]!.id } });
    expect((await customer.api.listSavedCards()).items).toEqual([]);

    const guest = await placeOrder();
    const refused = await apiError(() => guest.api.startPayment({ params: { id: guest.order.id }, body: { gateway: 'sandbox', saveCard: true } }));
    expect([refused.status, refused.fields[0]?.field]).toEqual([400, 'body.saveCard']);
  });

  it('keeps a Stripe card on a Stripe customer; paying with it again may need a 3-D Secure challenge', async () => {
    const customer = await signUp();
    const first = await placeOrder({ customer, currency: 'USD' });
    const { intent } = await payAtStripe(customer.api, first.order.id, 'pm_card_threeDSecure2Required', { three_d_secure: 'passed' }, true);
    expect(intent).toMatchObject({ status: 'succeeded', setup_future_usage: 'off_session', customer: expect.stringMatching(/^cus_/) });
    await postStripeWebhook(signedStripeEvent('payment_intent.succeeded', intent));
    const { items } = await customer.api.listSavedCards();
    expect(items).toEqual([expect.objectContaining({ gateway: 'stripe', brand: 'visa', last4: '3155' })]);

    const second = await placeOrder({ customer, currency: 'USD' });
    const again = await customer.api.startPayment({ params: { id: second.order.id }, body: { gateway: 'stripe', savedCardId: items[0]!.id } });
    expect(again.status).toBe('requires_action');
    expect(again.nextAction).toMatchObject({ type: 'stripe', clientSecret: expect.stringMatching(/_secret_/), publishableKey: 'pk_test_fake' });
    expect((await customer.api.getOrder({ params: { id: second.order.id } })).status).toBe('pending_payment');
  });
});

describe('PayHere through the API', () => {
  async function payAtPayHere(fields: Record<string, string>, outcome: 'success' | 'failed' | 'canceled', page = 'checkout') {
    const res = await fetch(`${gateways.payhereUrl}/__fake/pay?page=${page}`, { method: 'POST', body: JSON.stringify({ fields, outcome }) });
    return (await res.json()) as { notified: number; notice: Record<string, string> };
  }

  it('hands the client a signed hosted-checkout form; the verified notification pays the order; refunds go through the Refund API', async () => {
    const { order, api, email } = await placeOrder({ currency: 'LKR' });
    const payment = await api.startPayment({ params: { id: order.id }, body: { gateway: 'payhere' } });
    if (payment.nextAction.type !== 'redirect_form') throw new Error('expected a PayHere form');
    const { url, fields } = payment.nextAction;
    expect(url).toBe(`${gateways.payhereUrl}/pay/checkout`);
    expect(fields).toMatchObject({ merchant_id: gateways.payhereMerchantId, order_id: payment.id, currency: 'LKR', amount: (order.totals.total.amount / 100).toFixed(2), email });
    expect(fields.notify_url).toMatch(/\/v1\/webhooks\/payhere$/);
    const { notified, notice } = await payAtPayHere(fields, 'success');
    expect(notified).toBe(200);
    const paid = await api.getOrder({ params: { id: order.id } });
    expect(paid.status).toBe('paid');
    expect(paid.payments[0]!.card).toEqual({ brand: 'visa', last4: '1292' });
    // The same notification again is acknowledged and ignored.
    const again = await raw('/v1/webhooks/payhere', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(notice).toString() });
    expect(((await again.json()) as { duplicate: boolean }).duplicate).toBe(true);

    const refund = await (await adminApi()).refundOrder({ params: { id: order.id }, body: { amount: 5000, reason: 'goodwill' } }, { idempotencyKey: randomUUID() });
    expect(refund.status).toBe('succeeded');
  });

  it('serves apps a page that posts the signed form to PayHere, and nothing for other payments', async () => {
    const { order, api } = await placeOrder({ currency: 'LKR' });
    const payment = await api.startPayment({ params: { id: order.id }, body: { gateway: 'payhere' } });
    if (payment.nextAction.type !== 'redirect_form') throw new Error('expected a PayHere form');
    const page = await raw(`/v1/payments/${payment.id}/hosted-checkout`);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain(`form-action ${new URL(gateways.payhereUrl).origin}`);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const html = await page.text();
    expect(html).toContain(`action="${gateways.payhereUrl}/pay/checkout"`);
    expect(html).toContain(`<script nonce="${nonce}">`);
    for (const [name, value] of Object.entries(payment.nextAction.fields)) expect(html).toContain(`name="${name}" value="${value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;')}"`);

    const sandboxOrder = await placeOrder({ currency: 'LKR' });
    const sandboxPayment = await sandboxOrder.api.startPayment({ params: { id: sandboxOrder.order.id }, body: { gateway: 'sandbox' } });
    const none = await raw(`/v1/payments/${sandboxPayment.id}/hosted-checkout`);
    expect([none.status, ((await none.json()) as { code: string }).code]).toEqual([404, 'not_found']);
    expect((await raw(`/v1/payments/${randomUUID()}/hosted-checkout`)).status).toBe(404);
    expect((await raw('/v1/payments/not-an-id/hosted-checkout')).status).toBe(404);
  });

  it('refunds a second charge of the same hosted page, and takes no payment of another amount', async () => {
    const { order, api } = await placeOrder({ currency: 'LKR' });
    const payment = await api.startPayment({ params: { id: order.id }, body: { gateway: 'payhere' } });
    if (payment.nextAction.type !== 'redirect_form') throw new Error('expected a PayHere form');
    await payAtPayHere(payment.nextAction.fields, 'success');
    await payAtPayHere(payment.nextAction.fields, 'success'); // the customer went back and paid again
    const twice = await api.getOrder({ params: { id: order.id } });
    expect(twice.status).toBe('paid');
    expect(twice.payments.map((p) => p.status)).toEqual(['succeeded', 'succeeded']);
    expect(twice.refunds).toEqual([expect.objectContaining({ kind: 'duplicate_payment', status: 'succeeded', amount: order.totals.total })]);

    // A correctly signed notification for another amount is not taken as payment.
    const other = await placeOrder({ currency: 'LKR' });
    const p2 = await other.api.startPayment({ params: { id: other.order.id }, body: { gateway: 'payhere' } });
    const md5 = (s: string) => createHash('md5').update(s).digest('hex').toUpperCase();
    const orderId = p2.id;
    const notice = {
      merchant_id: gateways.payhereMerchantId,
      order_id: orderId,
      payment_id: '320025099999',
      payhere_amount: '1.00',
      payhere_currency: 'LKR',
      status_code: '2',
      md5sig: md5(gateways.payhereMerchantId + orderId + '1.00' + 'LKR' + '2' + md5(gateways.payhereMerchantSecret)),
    };
    const res = await raw('/v1/webhooks/payhere', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(notice).toString() });
    expect(res.status).toBe(200);
    const after = await other.api.getOrder({ params: { id: other.order.id } });
    expect(after.status).toBe('pending_payment');
    expect(after.payments[0]).toMatchObject({ status: 'failed', failureReason: expect.stringMatching(/amount mismatch/) });
    expect(after.history.at(-1)!.reason).toMatch(/wrong amount.*staff must review/);
  });

  it('rejects a notification whose amount or status was tampered with', async () => {
    const { order, api } = await placeOrder({ currency: 'LKR' });
    const payment = await api.startPayment({ params: { id: order.id }, body: { gateway: 'payhere' } });
    if (payment.nextAction.type !== 'redirect_form') throw new Error('expected a PayHere form');
    const { notice } = await payAtPayHere(payment.nextAction.fields, 'failed');
    // The genuine failure was applied; a forged success built from it must not be.
    for (const forged of [{ ...notice, status_code: '2' }, { ...notice, status_code: '2', payhere_amount: '1.00' }, { ...notice, md5sig: 'A'.repeat(32), status_code: '2' }]) {
      const res = await raw('/v1/webhooks/payhere', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(forged).toString() });
      expect(res.status).toBe(400);
    }
    expect((await api.getOrder({ params: { id: order.id } })).status).toBe('payment_failed');
  });

  it('keeps a card through preapproval and charges it with the Charging API', async () => {
    const customer = await signUp();
    const { order } = await placeOrder({ customer, currency: 'LKR' });
    const payment = await customer.api.startPayment({ params: { id: order.id }, body: { gateway: 'payhere', saveCard: true } });
    if (payment.nextAction.type !== 'redirect_form') throw new Error('expected a PayHere form');
    expect(payment.nextAction.url).toBe(`${gateways.payhereUrl}/pay/preapprove`);
    await payAtPayHere(payment.nextAction.fields, 'success', 'preapprove');
    expect((await customer.api.getOrder({ params: { id: order.id } })).status).toBe('paid');
    const { items } = await customer.api.listSavedCards();
    expect(items).toEqual([expect.objectContaining({ gateway: 'payhere', last4: '1292', expMonth: 12, expYear: 2029 })]);
    const next = await placeOrder({ customer, currency: 'LKR' });
    const oneStep = await customer.api.startPayment({ params: { id: next.order.id }, body: { gateway: 'payhere', savedCardId: items[0]!.id } });
    expect(oneStep.status).toBe('succeeded');
    expect((await customer.api.getOrder({ params: { id: next.order.id } })).status).toBe('paid');
  });
});
