import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeStripe, startFakeStripe } from '../../../../../../test/support/fake-stripe.js';
import type { CreatePaymentInput } from '../gateway.port.js';
import { StripeGateway } from './stripe.gateway.js';

const WEBHOOK_SECRET = 'whsec_unit_test_secret';
let fake: FakeStripe;
let gateway: StripeGateway;

const input = (over: Partial<CreatePaymentInput> = {}): CreatePaymentInput => ({
  paymentId: crypto.randomUUID(),
  orderId: crypto.randomUUID(),
  orderNumber: 'TK2001',
  amount: 4599,
  currency: 'USD',
  customer: { userId: null, email: 'buyer@example.com', firstName: 'Ann', lastName: 'Lee', phone: '', address: '', city: '', country: 'US' },
  description: 'Order TK2001',
  saveCard: false,
  ...over,
});

beforeAll(async () => {
  fake = await startFakeStripe();
  gateway = new StripeGateway({
    secretKey: 'sk_test_fake',
    publishableKey: 'pk_test_fake',
    webhookSecret: WEBHOOK_SECRET,
    apiUrl: fake.url,
    maxNetworkRetries: 2,
    timeoutMs: 5000,
  });
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.requests.length = 0;
});

describe('Stripe adapter, outbound', () => {
  it('creates a PaymentIntent in the order currency with automatic payment methods, for the client to confirm', async () => {
    const created = await gateway.createPayment(input());
    expect(created.status).toBe('pending');
    expect(created.nextAction).toEqual({ type: 'stripe', clientSecret: expect.stringMatching(/^pi_\w+_secret_/), publishableKey: 'pk_test_fake' });
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/payment_intents', idempotencyKey: expect.stringMatching(/^pi-/) });
    expect(request!.body).toMatchObject({ amount: '4599', currency: 'usd', automatic_payment_methods: { enabled: 'true' } });
  });

  it('retries a 500 with the same Idempotency-Key and creates one PaymentIntent', async () => {
    fake.failNext(1);
    const payment = input();
    const created = await gateway.createPayment(payment);
    expect(created.status).toBe('pending');
    expect(fake.requests.map((r) => r.status)).toEqual([500, 200]);
    expect(new Set(fake.requests.map((r) => r.idempotencyKey))).toEqual(new Set([`pi-${payment.paymentId}`]));
    // Asking again (a client retry) replays the same intent instead of charging twice.
    const again = await gateway.createPayment(payment);
    expect(again.gatewayRef).toBe(created.gatewayRef);
  });

  it('reports a saved card that needs 3-D Secure as requires_action with the client secret', async () => {
    const created = await gateway.createPayment(input({ savedCardToken: 'pm_card_threeDSecure2Required', gatewayCustomerId: 'cus_fake' }));
    expect(created.status).toBe('requires_action');
    expect(created.nextAction.type).toBe('stripe');
    expect(created.event).toBeUndefined();
  });

  it('turns a decline into a failed payment with the reason, not an error', async () => {
    const created = await gateway.createPayment(input({ savedCardToken: 'pm_card_chargeDeclined', gatewayCustomerId: 'cus_fake' }));
    expect(created.status).toBe('failed');
    expect(created.failureReason).toBe('Your card was declined.');
    expect(created.event).toMatchObject({ type: 'payment.failed', gatewayRef: created.gatewayRef });
  });

  it('pays with a saved card in one step, and refunds exactly once under one key despite a 500', async () => {
    const created = await gateway.createPayment(input({ savedCardToken: 'pm_card_visa', gatewayCustomerId: 'cus_fake' }));
    expect(created.status).toBe('succeeded');
    expect(created.event).toMatchObject({ type: 'payment.succeeded', amount: 4599, currency: 'USD' });
    fake.requests.length = 0;
    fake.failNext(1);
    const refund = await gateway.refund({ gatewayRef: created.gatewayRef, chargeRef: null, amount: 1000, currency: 'USD', idempotencyKey: 'refund-1', reason: 'damaged', full: false, attempt: 1 });
    expect(refund.status).toBe('succeeded');
    expect(fake.requests.map((r) => [r.status, r.idempotencyKey])).toEqual([
      [500, 're-refund-1'],
      [200, 're-refund-1'],
    ]);
    // More than is left is a refusal, not something to retry.
    await expect(gateway.refund({ gatewayRef: created.gatewayRef, chargeRef: null, amount: 4000, currency: 'USD', idempotencyKey: 'refund-2', reason: 'x', full: false, attempt: 1 })).rejects.toThrow(/Refund amount exceeds/);
  });
});

describe('Stripe webhooks', () => {
  const intentEvent = (status: string) =>
    JSON.stringify({
      id: `evt_${crypto.randomUUID().replace(/-/g, '')}`,
      object: 'event',
      type: status === 'succeeded' ? 'payment_intent.succeeded' : 'payment_intent.payment_failed',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: 'pi_test123',
          object: 'payment_intent',
          amount: 4599,
          amount_received: status === 'succeeded' ? 4599 : 0,
          currency: 'usd',
          status: status === 'succeeded' ? 'succeeded' : 'requires_payment_method',
          metadata: { payment_id: 'p-1' },
          payment_method: null,
          last_payment_error: status === 'succeeded' ? null : { message: 'Your card was declined.' },
        },
      },
    });
  const stripe = new Stripe('sk_test_fake');

  it('accepts a payload signed with the endpoint secret and normalises it', async () => {
    const payload = intentEvent('succeeded');
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const [event] = await gateway.parseWebhook({ rawBody: Buffer.from(payload), headers: { 'stripe-signature': header } });
    expect(event).toMatchObject({ gateway: 'stripe', type: 'payment.succeeded', gatewayRef: 'pi_test123', paymentId: 'p-1', amount: 4599, currency: 'USD' });
  });

  it('rejects a forged, a stale and a re-signed payload', async () => {
    const payload = intentEvent('succeeded');
    const forged = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' });
    const stale = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const signedOther = stripe.webhooks.generateTestHeaderString({ payload: intentEvent('failed'), secret: WEBHOOK_SECRET });
    for (const header of [forged, stale, signedOther, 'garbage']) {
      await expect(gateway.parseWebhook({ rawBody: Buffer.from(payload), headers: { 'stripe-signature': header } })).rejects.toMatchObject({ code: 'webhook_signature_invalid' });
    }
    await expect(gateway.parseWebhook({ rawBody: Buffer.from(payload), headers: {} })).rejects.toMatchObject({ code: 'webhook_signature_invalid' });
  });
});
