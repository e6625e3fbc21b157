import Stripe from 'stripe';
import { AppError } from '../../../platform/errors.js';
import {
  type CreatedPayment,
  type CreatePaymentInput,
  GatewayRefusal,
  type PaymentEvent,
  type PaymentGateway,
  type RefundInput,
  type RefundResult,
  type WebhookRequest,
} from '../gateway.port.js';

export interface StripeSettings {
  secretKey: string;
  publishableKey: string;
  webhookSecret: string;
  /** A Stripe-compatible server to talk to instead of api.stripe.com (tests). */
  apiUrl?: string;
  maxNetworkRetries: number;
  timeoutMs: number;
}

/**
 * Stripe through its official SDK. A payment is a PaymentIntent in the order's currency with
 * automatic payment methods: the client confirms it with the Payment Element or PaymentSheet,
 * which run any 3-D Secure 2 challenge, so card data never touches our servers. Every create and
 * refund carries an Idempotency-Key derived from our own id, and the SDK retries network errors,
 * 409s and 5xx with backoff under that same key, so a retry can never charge twice.
 */
export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe' as const;
  readonly label = 'Card (Stripe)';
  private readonly stripe: Stripe;

  constructor(private readonly settings: StripeSettings) {
    const url = settings.apiUrl ? new URL(settings.apiUrl) : undefined;
    this.stripe = new Stripe(settings.secretKey, {
      maxNetworkRetries: settings.maxNetworkRetries,
      timeout: settings.timeoutMs,
      appInfo: { name: 'tk-commerce' },
      telemetry: false,
      ...(url
        ? { host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)), protocol: url.protocol === 'https:' ? 'https' : 'http' }
        : {}),
    });
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    const params: Stripe.PaymentIntentCreateParams = {
      amount: input.amount,
      currency: input.currency.toLowerCase(),
      automatic_payment_methods: { enabled: true },
      description: input.description,
      receipt_email: input.customer.email,
      metadata: { payment_id: input.paymentId, order_id: input.orderId, order_number: input.orderNumber },
    };
    if (input.gatewayCustomerId) params.customer = input.gatewayCustomerId;
    if (input.saveCard && input.gatewayCustomerId) params.setup_future_usage = 'off_session';
    if (input.savedCardToken) {
      // One-step payment with a saved card: confirmed here; a 3DS challenge comes back as requires_action.
      params.payment_method = input.savedCardToken;
      params.confirm = true;
      params.automatic_payment_methods = { enabled: true, allow_redirects: 'never' };
    }
    try {
      const intent = await this.stripe.paymentIntents.create(params, { idempotencyKey: `pi-${input.paymentId}` });
      return this.fromIntent(intent);
    } catch (err) {
      if (err instanceof Stripe.errors.StripeCardError && err.payment_intent) {
        const intent = err.payment_intent;
        const reason = err.message;
        return {
          gatewayRef: intent.id,
          status: 'failed',
          failureReason: reason,
          nextAction: { type: 'none' },
          event: this.intentEvent(intent, `sync:${intent.id}:failed:${err.requestId ?? ''}`, 'payment.failed', reason),
        };
      }
      throw gatewayError(err);
    }
  }

  async parseWebhook(request: WebhookRequest): Promise<PaymentEvent[]> {
    const signature = request.headers['stripe-signature'];
    let event: Stripe.Event;
    try {
      if (typeof signature !== 'string') throw new Error('no Stripe-Signature header');
      event = this.stripe.webhooks.constructEvent(request.rawBody, signature, this.settings.webhookSecret);
    } catch {
      throw new AppError('webhook_signature_invalid', 'The Stripe-Signature header does not match this payload and signing secret, or is too old');
    }
    switch (event.type) {
      case 'payment_intent.succeeded':
        return [await this.withCard(this.intentEvent(event.data.object, event.id, 'payment.succeeded'), event.data.object)];
      case 'payment_intent.payment_failed':
        return [this.intentEvent(event.data.object, event.id, 'payment.failed', event.data.object.last_payment_error?.message ?? 'payment failed')];
      case 'payment_intent.canceled':
        return [this.intentEvent(event.data.object, event.id, 'payment.canceled', event.data.object.cancellation_reason ?? 'canceled')];
      case 'charge.refunded': {
        // The charge carries only the running total; the refunds themselves say which is which.
        const charge = event.data.object;
        const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
        if (!intentId) return [];
        const refunds = await this.call(() => this.stripe.refunds.list({ payment_intent: intentId, limit: 100 }));
        return refunds.data
          .filter((r) => r.status === 'succeeded' || r.status === 'failed')
          .map((r) => ({
            gateway: 'stripe' as const,
            eventId: `${event.id}:${r.id}`,
            type: r.status === 'succeeded' ? ('refund.succeeded' as const) : ('refund.failed' as const),
            gatewayRef: intentId,
            refund: { gatewayRefundId: r.id, amount: r.amount, ourRefundId: r.metadata?.refund_id },
            currency: r.currency.toUpperCase(),
            summary: { type: event.type, refund: r.id, amount: r.amount, status: r.status },
          }));
      }
      case 'refund.updated':
      case 'charge.refund.updated': {
        // A refund that was pending settles, or one that had succeeded fails after all.
        const r = event.data.object;
        const intentId = typeof r.payment_intent === 'string' ? r.payment_intent : r.payment_intent?.id;
        if (!intentId || (r.status !== 'succeeded' && r.status !== 'failed')) return [];
        return [
          {
            gateway: 'stripe',
            eventId: `${event.id}:${r.id}`,
            type: r.status === 'succeeded' ? 'refund.succeeded' : 'refund.failed',
            gatewayRef: intentId,
            refund: { gatewayRefundId: r.id, amount: r.amount, ourRefundId: r.metadata?.refund_id },
            currency: r.currency.toUpperCase(),
            reason: r.failure_reason ?? undefined,
            summary: { type: event.type, refund: r.id, amount: r.amount, status: r.status },
          },
        ];
      }
      case 'charge.dispute.created': {
        const dispute = event.data.object;
        const intentId = typeof dispute.payment_intent === 'string' ? dispute.payment_intent : dispute.payment_intent?.id;
        if (!intentId) return [];
        return [
          {
            gateway: 'stripe',
            eventId: event.id,
            type: 'dispute.created',
            gatewayRef: intentId,
            currency: dispute.currency.toUpperCase(),
            dispute: { gatewayDisputeId: dispute.id, amount: dispute.amount, reason: dispute.reason },
            summary: { type: event.type, dispute: dispute.id, amount: dispute.amount, reason: dispute.reason },
          },
        ];
      }
      default:
        return [];
    }
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: input.gatewayRef, amount: input.amount, reason: 'requested_by_customer', metadata: { refund_id: input.idempotencyKey } },
        { idempotencyKey: `re-${input.idempotencyKey}` },
      );
      if (refund.status === 'failed' || refund.status === 'canceled') throw new GatewayRefusal(`Stripe refused the refund (${refund.failure_reason ?? refund.status})`);
      return { gatewayRefundId: refund.id, status: refund.status === 'succeeded' ? 'succeeded' : 'pending' };
    } catch (err) {
      throw gatewayError(err);
    }
  }

  async refundStatus(gatewayRefundId: string): Promise<'succeeded' | 'pending' | 'failed'> {
    const refund = await this.call(() => this.stripe.refunds.retrieve(gatewayRefundId));
    return refund.status === 'succeeded' ? 'succeeded' : refund.status === 'failed' || refund.status === 'canceled' ? 'failed' : 'pending';
  }

  async fetchStatus(payment: { gatewayRef: string }): Promise<PaymentEvent | null> {
    const intent = await this.call(() => this.stripe.paymentIntents.retrieve(payment.gatewayRef));
    const id = `reconcile:${intent.id}:${intent.status}`;
    if (intent.status === 'succeeded') return this.withCard(this.intentEvent(intent, id, 'payment.succeeded'), intent);
    if (intent.status === 'canceled') return this.intentEvent(intent, id, 'payment.canceled', intent.cancellation_reason ?? 'canceled');
    if (intent.status === 'requires_payment_method' && intent.last_payment_error) {
      return this.intentEvent(intent, `${id}:${intent.last_payment_error.code ?? ''}`, 'payment.failed', intent.last_payment_error.message ?? 'payment failed');
    }
    return null;
  }

  async ensureCustomer(customer: { userId: string; email: string }): Promise<string> {
    const created = await this.call(() =>
      this.stripe.customers.create({ email: customer.email, metadata: { user_id: customer.userId } }, { idempotencyKey: `cus-${customer.userId}` }),
    );
    return created.id;
  }

  async deleteSavedCard(token: string): Promise<void> {
    await this.call(() => this.stripe.paymentMethods.detach(token));
  }

  private fromIntent(intent: Stripe.PaymentIntent): CreatedPayment {
    const confirm = { type: 'stripe' as const, clientSecret: intent.client_secret ?? '', publishableKey: this.settings.publishableKey };
    switch (intent.status) {
      case 'succeeded':
        return { gatewayRef: intent.id, status: 'succeeded', nextAction: { type: 'none' }, event: this.intentEvent(intent, `sync:${intent.id}:succeeded`, 'payment.succeeded') };
      case 'requires_action':
        // 3-D Secure: the client hands the client secret to Stripe.js / the mobile SDK to run the challenge.
        return { gatewayRef: intent.id, status: 'requires_action', nextAction: confirm };
      case 'canceled':
        return { gatewayRef: intent.id, status: 'failed', failureReason: 'canceled', nextAction: { type: 'none' } };
      default:
        return { gatewayRef: intent.id, status: 'pending', nextAction: confirm };
    }
  }

  private intentEvent(intent: Stripe.PaymentIntent, eventId: string, type: PaymentEvent['type'], reason?: string): PaymentEvent {
    return {
      gateway: 'stripe',
      eventId,
      type,
      gatewayRef: intent.id,
      paymentId: intent.metadata?.payment_id,
      amount: type === 'payment.succeeded' ? intent.amount_received : intent.amount,
      currency: intent.currency.toUpperCase(),
      reason,
      summary: { type, intent: intent.id, status: intent.status, amount: intent.amount, currency: intent.currency },
    };
  }

  /** Adds the card's brand and last four digits (and the saved card, when asked for) to a success. */
  private async withCard(event: PaymentEvent, intent: Stripe.PaymentIntent): Promise<PaymentEvent> {
    const methodId = typeof intent.payment_method === 'string' ? intent.payment_method : intent.payment_method?.id;
    if (!methodId) return event;
    let method: Stripe.PaymentMethod;
    try {
      method = await this.call(() => this.stripe.paymentMethods.retrieve(methodId));
    } catch (err) {
      if (err instanceof GatewayRefusal) return event; // detached or deleted since: the payment still counts
      throw err;
    }
    if (!method.card) return event;
    const card = { brand: method.card.brand, last4: method.card.last4 };
    const keep = Boolean(intent.setup_future_usage && intent.customer);
    return {
      ...event,
      card,
      savedCard: keep ? { token: method.id, ...card, expMonth: method.card.exp_month, expYear: method.card.exp_year } : undefined,
    };
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw gatewayError(err);
    }
  }
}

/** Stripe's 4xx answers are refusals; everything else (5xx, network, 429) is worth a later retry. */
function gatewayError(err: unknown): Error {
  if (err instanceof GatewayRefusal || err instanceof AppError) return err;
  if (err instanceof Stripe.errors.StripeError) {
    const status = err.statusCode ?? 0;
    if (status >= 400 && status < 500 && status !== 429 && status !== 409) return new GatewayRefusal(`Stripe: ${err.message}`);
    return new AppError('gateway_error', `Stripe could not be reached or failed (${err.type}); try again`);
  }
  return new AppError('gateway_error', 'Stripe could not be reached; try again');
}
