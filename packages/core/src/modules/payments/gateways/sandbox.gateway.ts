import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { TCurrency } from '@tk/contract';
import type { KeyValueStore } from '../../../platform/kv.js';
import type { Logger } from '../../../platform/logger.js';
import { AppError, notFound } from '../../../platform/errors.js';
import type { CreatedPayment, CreatePaymentInput, PaymentEvent, PaymentGateway, RefundInput, RefundResult, WebhookRequest } from '../gateway.port.js';

type SandboxStatus = 'awaiting_customer' | 'challenge' | 'succeeded' | 'failed';
export type WebhookMode = 'immediate' | 'delayed' | 'duplicated' | 'lost';

interface SandboxPayment {
  reference: string;
  paymentId: string;
  amount: number;
  currency: TCurrency;
  status: SandboxStatus;
  saveCard: boolean;
  webhook: WebhookMode;
  reason?: string;
  savedCardToken?: string;
  /** Refunds by idempotency key, so a retried refund is one refund. */
  refunds: Record<string, { id: string; amount: number }>;
}

const SIGNATURE_HEADER = 'sandbox-signature';
const TOLERANCE_SECONDS = 300;
const STATE_TTL_SECONDS = 30 * 86_400;

/**
 * The embedded default gateway. It behaves like a hosted payment page with a webhook: the client
 * "pays" by posting an outcome (success, decline, a challenge first), and the gateway then sends a
 * signed webhook that goes through the same verification and handler as Stripe's and PayHere's.
 * Its own state lives in the key-value store, so any API copy can serve the page and
 * reconciliation can ask it where a payment stands, as it would ask a real gateway.
 */
export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox' as const;
  readonly label = 'Sandbox (test payments, no real money)';

  constructor(
    private readonly deps: {
      kv: KeyValueStore;
      /** Signs webhooks; derived from the platform secret so every API copy shares it. */
      secret: string;
      webhookDelayMs: number;
      /** Where webhooks go: the platform's webhook handler, as the HTTP route would call it. */
      deliver: (request: WebhookRequest) => Promise<unknown>;
      log: Logger;
    },
  ) {}

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    const reference = `sbx_${input.paymentId}`;
    const existing = await this.load(reference);
    const state: SandboxPayment = existing ?? {
      reference,
      paymentId: input.paymentId,
      amount: input.amount,
      currency: input.currency,
      status: 'awaiting_customer',
      saveCard: input.saveCard,
      webhook: 'immediate',
      refunds: {},
    };
    if (!existing) await this.save(state);
    if (input.savedCardToken && state.status === 'awaiting_customer') {
      // A saved sandbox card pays in one step, like an off-page card charge.
      state.savedCardToken = input.savedCardToken;
      const event = await this.settle(state, 'succeeded', 'immediate');
      return { gatewayRef: reference, status: 'succeeded', nextAction: { type: 'none' }, event };
    }
    return {
      gatewayRef: reference,
      status: 'pending',
      nextAction: {
        type: 'sandbox',
        reference,
        confirmPath: `/v1/payments/sandbox/${reference}/confirm`,
        challengePath: `/v1/payments/sandbox/${reference}/challenge`,
      },
    };
  }

  /** The pretend payment page: the tester picks what the card does and how the webhook travels. */
  async confirm(reference: string, outcome: 'success' | 'decline' | 'challenge', webhook: WebhookMode) {
    const state = await this.loadOrThrow(reference);
    if (state.status === 'succeeded' || state.status === 'failed') return this.view(state); // a resubmitted page
    if (state.status === 'challenge') throw new AppError('conflict', 'This payment is waiting for its challenge to be answered');
    if (outcome === 'challenge') {
      state.status = 'challenge';
      state.webhook = webhook;
      await this.save(state);
      return this.view(state);
    }
    await this.settle(state, outcome === 'success' ? 'succeeded' : 'failed', webhook, outcome === 'decline' ? 'card declined (sandbox)' : undefined);
    return this.view(state);
  }

  /** The 3-D Secure style challenge page. */
  async challenge(reference: string, result: 'pass' | 'fail') {
    const state = await this.loadOrThrow(reference);
    if (state.status === 'succeeded' || state.status === 'failed') return this.view(state);
    if (state.status !== 'challenge') throw new AppError('conflict', 'This payment has no challenge to answer');
    await this.settle(state, result === 'pass' ? 'succeeded' : 'failed', state.webhook, result === 'fail' ? 'authentication failed (sandbox challenge)' : undefined);
    return this.view(state);
  }

  async parseWebhook(request: WebhookRequest): Promise<PaymentEvent[]> {
    const header = request.headers[SIGNATURE_HEADER];
    if (typeof header !== 'string' || !this.verify(request.rawBody, header)) {
      throw new AppError('webhook_signature_invalid', 'The sandbox webhook signature is missing, wrong or too old');
    }
    const body = JSON.parse(request.rawBody.toString('utf8')) as SandboxWebhookBody;
    return [
      {
        gateway: 'sandbox',
        eventId: body.id,
        type: body.type,
        gatewayRef: body.reference,
        paymentId: body.payment_id,
        amount: body.amount,
        currency: body.currency,
        reason: body.reason,
        card: body.status === 'succeeded' ? { brand: 'visa', last4: '4242' } : undefined,
        savedCard: body.saved_card,
        summary: { type: body.type, reference: body.reference, amount: body.amount, currency: body.currency },
      },
    ];
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    const state = await this.loadOrThrow(input.gatewayRef);
    const done = state.refunds[input.idempotencyKey];
    if (done) return { gatewayRefundId: done.id, status: 'succeeded' };
    const refunded = Object.values(state.refunds).reduce((sum, r) => sum + r.amount, 0);
    if (state.status !== 'succeeded') throw new AppError('conflict', 'The sandbox payment was not paid');
    if (refunded + input.amount > state.amount) throw new AppError('conflict', 'The sandbox payment has less left to refund');
    const id = `sbxre_${randomUUID()}`;
    state.refunds[input.idempotencyKey] = { id, amount: input.amount };
    await this.save(state);
    return { gatewayRefundId: id, status: 'succeeded' };
  }

  async fetchStatus(payment: { gatewayRef: string }): Promise<PaymentEvent | null> {
    const state = await this.load(payment.gatewayRef);
    if (!state) {
      // The sandbox forgot it (its state expired): it never got paid here.
      return { gateway: 'sandbox', eventId: `reconcile:${payment.gatewayRef}:gone`, type: 'payment.canceled', gatewayRef: payment.gatewayRef, reason: 'unknown to the sandbox gateway', summary: {} };
    }
    if (state.status !== 'succeeded' && state.status !== 'failed') return null;
    const body = this.eventBody(state, `reconcile:${state.reference}:${state.status}`);
    return (await this.parseWebhook(this.signed(body)))[0]!;
  }

  async deleteSavedCard(): Promise<void> {
    // The sandbox keeps no cards of its own: forgetting the token is all there is.
  }

  private async settle(state: SandboxPayment, status: 'succeeded' | 'failed', webhook: WebhookMode, reason?: string): Promise<PaymentEvent> {
    state.status = status;
    state.reason = reason;
    if (status === 'succeeded' && state.saveCard && !state.savedCardToken) state.savedCardToken = `sbxcard_${randomUUID()}`;
    await this.save(state);
    const request = this.signed(this.eventBody(state, `evt_${randomUUID()}`));
    const send = () => this.deliverWithRetry(request);
    if (webhook === 'immediate') await send();
    else if (webhook === 'duplicated') {
      await Promise.all([send(), send()]);
      setTimeout(send, this.deps.webhookDelayMs).unref();
    } else if (webhook === 'delayed') setTimeout(send, this.deps.webhookDelayMs).unref();
    return (await this.parseWebhook(request))[0]!;
  }

  /** Like a real gateway: a delivery that fails is tried again later, a few times. */
  private async deliverWithRetry(request: WebhookRequest, attempt = 1): Promise<void> {
    try {
      await this.deps.deliver(request);
    } catch (err) {
      if (attempt >= 4) {
        this.deps.log.error({ err }, 'sandbox webhook undeliverable; reconciliation will settle the payment');
        return;
      }
      setTimeout(() => void this.deliverWithRetry(request, attempt + 1), 500 * 4 ** attempt).unref();
    }
  }

  private eventBody(state: SandboxPayment, id: string): SandboxWebhookBody {
    const card = state.savedCardToken
      ? { token: state.savedCardToken, brand: 'visa', last4: '4242', expMonth: 12, expYear: new Date().getUTCFullYear() + 3 }
      : undefined;
    return {
      id,
      type: state.status === 'succeeded' ? 'payment.succeeded' : 'payment.failed',
      status: state.status,
      reference: state.reference,
      payment_id: state.paymentId,
      amount: state.amount,
      currency: state.currency,
      reason: state.reason,
      saved_card: state.status === 'succeeded' && state.saveCard ? card : undefined,
    };
  }

  /** A webhook request as the sandbox would POST it: JSON body, timestamped HMAC-SHA256 signature. */
  signed(body: SandboxWebhookBody): WebhookRequest {
    const rawBody = Buffer.from(JSON.stringify(body));
    const t = Math.floor(Date.now() / 1000);
    const v1 = createHmac('sha256', this.deps.secret).update(`${t}.`).update(rawBody).digest('hex');
    return { rawBody, headers: { [SIGNATURE_HEADER]: `t=${t},v1=${v1}`, 'content-type': 'application/json' } };
  }

  private verify(rawBody: Buffer, header: string): boolean {
    const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
    const t = Number(parts.t);
    if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > TOLERANCE_SECONDS || !parts.v1) return false;
    const expected = createHmac('sha256', this.deps.secret).update(`${t}.`).update(rawBody).digest();
    const given = Buffer.from(parts.v1, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private view(state: SandboxPayment) {
    return { reference: state.reference, status: state.status, amount: { amount: state.amount, currency: state.currency } };
  }

  private async load(reference: string): Promise<SandboxPayment | null> {
    const raw = await this.deps.kv.get(`sandbox:payment:${reference}`);
    return raw ? (JSON.parse(raw) as SandboxPayment) : null;
  }

  private async loadOrThrow(reference: string): Promise<SandboxPayment> {
    const state = await this.load(reference);
    if (!state) throw notFound('Sandbox payment');
    return state;
  }

  private async save(state: SandboxPayment) {
    await this.deps.kv.set(`sandbox:payment:${state.reference}`, JSON.stringify(state), STATE_TTL_SECONDS);
  }
}

export interface SandboxWebhookBody {
  id: string;
  type: 'payment.succeeded' | 'payment.failed';
  status: SandboxStatus;
  reference: string;
  payment_id: string;
  amount: number;
  currency: string;
  reason?: string;
  saved_card?: { token: string; brand: string; last4: string; expMonth: number; expYear: number };
}
