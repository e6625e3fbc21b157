import { AppError } from '../../../platform/errors.js';
import {
  type CardInfo,
  type CreatedPayment,
  type CreatePaymentInput,
  GatewayRefusal,
  type PaymentEvent,
  type PaymentGateway,
  type RefundInput,
  type RefundResult,
  type WebhookRequest,
} from '../gateway.port.js';
import { checkoutHash, formatAmount, notifySignature, parseAmount, signaturesMatch } from './payhere.hash.js';

export interface PayHereSettings {
  merchantId: string;
  merchantSecret: string;
  /** Merchant API credentials (retrieval, refunds, charging saved cards). */
  appId?: string;
  appSecret?: string;
  /** https://sandbox.payhere.lk or https://www.payhere.lk */
  baseUrl: string;
  notifyUrl: string;
  returnUrl: (orderId: string) => string;
  cancelUrl: (orderId: string) => string;
}

/**
 * PayHere, Sri Lanka's gateway. The customer pays on PayHere's hosted page (we hand the client a
 * form to POST there, signed with the documented hash); PayHere then calls our notify URL
 * server to server with an `md5sig` we verify. Keeping a card uses PayHere's preapproval page,
 * which returns a customer token that the Charging API charges now and next time. Reconciliation
 * asks the Retrieval API; refunds go through the Refund API. The Merchant API uses OAuth client
 * credentials. PayHere's order_id is our payment id, so every attempt has its own.
 */
export class PayHereGateway implements PaymentGateway {
  readonly name = 'payhere' as const;
  readonly label = 'PayHere (cards, eZ Cash, mCash, bank transfers)';
  private token: { value: string; expiresAt: number } | undefined;

  constructor(
    private readonly settings: PayHereSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    if (input.savedCardToken) return this.chargeToken(input, input.savedCardToken);
    const amount = formatAmount(input.amount);
    const fields: Record<string, string> = {
      merchant_id: this.settings.merchantId,
      return_url: this.settings.returnUrl(input.orderId),
      cancel_url: this.settings.cancelUrl(input.orderId),
      notify_url: this.settings.notifyUrl,
      order_id: input.paymentId,
      items: input.description,
      currency: input.currency,
      amount,
      first_name: input.customer.firstName,
      last_name: input.customer.lastName,
      email: input.customer.email,
      phone: input.customer.phone,
      address: input.customer.address,
      city: input.customer.city,
      country: input.customer.country,
      custom_1: input.orderNumber,
      hash: checkoutHash({ merchantId: this.settings.merchantId, orderId: input.paymentId, amount, currency: input.currency, merchantSecret: this.settings.merchantSecret }),
    };
    // Keeping the card goes through the preapproval page; its notification carries the token.
    const page = input.saveCard && input.customer.userId && this.settings.appId ? 'preapprove' : 'checkout';
    return {
      gatewayRef: input.paymentId,
      status: 'pending',
      nextAction: { type: 'redirect_form', url: `${this.settings.baseUrl}/pay/${page}`, method: 'POST', fields },
    };
  }

  async parseWebhook(request: WebhookRequest): Promise<PaymentEvent[]> {
    const f = Object.fromEntries(new URLSearchParams(request.rawBody.toString('utf8')));
    const required = ['merchant_id', 'order_id', 'payhere_amount', 'payhere_currency', 'status_code', 'md5sig'];
    const expected =
      required.every((k) => typeof f[k] === 'string') &&
      notifySignature({
        merchantId: f.merchant_id!,
        orderId: f.order_id!,
        payhereAmount: f.payhere_amount!,
        payhereCurrency: f.payhere_currency!,
        statusCode: f.status_code!,
        merchantSecret: this.settings.merchantSecret,
      });
    if (!expected || f.merchant_id !== this.settings.merchantId || !signaturesMatch(f.md5sig!, expected)) {
      throw new AppError('webhook_signature_invalid', 'The PayHere notification md5sig does not match its fields and our merchant secret');
    }
    const status = f.status_code!;
    const event = {
      gateway: 'payhere' as const,
      eventId: `${f.payment_id || f.order_id}:${status}`,
      gatewayRef: f.order_id!,
      chargeRef: f.payment_id || undefined,
      paymentId: f.order_id,
      amount: parseAmount(f.payhere_amount!) ?? undefined,
      currency: f.payhere_currency,
      reason: f.status_message,
      card: cardOf(f),
      summary: { order_id: f.order_id, payment_id: f.payment_id, status_code: status, amount: f.payhere_amount, currency: f.payhere_currency, method: f.method },
    };
    switch (status) {
      case '2':
        if (f.customer_token) {
          return [{ ...event, type: 'payment.preapproved', savedCard: savedCardOf(f, f.customer_token) }];
        }
        return [{ ...event, type: 'payment.succeeded' }];
      case '0':
        return [{ ...event, type: 'payment.pending' }];
      case '-1':
        return [{ ...event, type: 'payment.canceled', reason: f.status_message || 'canceled by the customer' }];
      case '-2':
        return [{ ...event, type: 'payment.failed', reason: f.status_message || 'payment failed' }];
      case '-3':
        return [
          {
            ...event,
            type: 'dispute.created',
            chargedBack: true,
            dispute: { gatewayDisputeId: `${f.payment_id || f.order_id}:chargeback`, amount: event.amount ?? 0, reason: f.status_message || 'charged back' },
          },
        ];
      default:
        return [];
    }
  }

  async refund(input: RefundInput): Promise<RefundResult> {
    if (!input.chargeRef) throw new GatewayRefusal('PayHere has not told us its payment id for this payment yet');
    if (input.attempt > 1) {
      // PayHere takes no idempotency key: before sending again, see whether an earlier try went through.
      const earlier = await this.retrieve(input.gatewayRef);
      const row = earlier.find((p) => String(p.payment_id) === input.chargeRef);
      if (row && /^REFUND/.test(row.status)) {
        if (input.full) return { gatewayRefundId: `${input.chargeRef}:${input.idempotencyKey}`, status: 'succeeded' };
        throw new GatewayRefusal(`PayHere shows this payment as "${row.status}" after an unanswered partial refund: check the PayHere portal before refunding again`);
      }
    }
    const body: Record<string, string> = { payment_id: input.chargeRef, description: input.reason.slice(0, 100) };
    if (!input.full) body.amount = formatAmount(input.amount);
    const answer = await this.merchantApi<{ status: number; msg: string; data: unknown }>('POST', '/merchant/v1/payment/refund', body);
    if (answer.status !== 1) throw new GatewayRefusal(`PayHere refused the refund: ${answer.msg}`);
    return { gatewayRefundId: String(answer.data ?? `${input.chargeRef}:${input.idempotencyKey}`), status: 'succeeded' };
  }

  async fetchStatus(payment: { gatewayRef: string; amount: number; currency: string }): Promise<PaymentEvent | null> {
    if (!this.settings.appId) return null; // no Merchant API credentials: only notifications settle payments
    const found = await this.retrieve(payment.gatewayRef);
    const paid = found.find((p) => p.status === 'RECEIVED');
    if (!paid) {
      // Paid and already given back (refunded or charged back in the portal): nothing to keep an order for.
      const gone = found.find((p) => /^(REFUND|CHARGEBACK)/.test(p.status));
      if (!gone) return null;
      return {
        gateway: 'payhere',
        eventId: `reconcile:${gone.payment_id}:${gone.status}`,
        type: 'payment.canceled',
        gatewayRef: payment.gatewayRef,
        paymentId: payment.gatewayRef,
        reason: `PayHere reports the payment as ${gone.status.toLowerCase()}`,
        summary: { payment_id: gone.payment_id, status: gone.status },
      };
    }
    return {
      gateway: 'payhere',
      eventId: `reconcile:${paid.payment_id}:received`,
      type: 'payment.succeeded',
      gatewayRef: payment.gatewayRef,
      chargeRef: String(paid.payment_id),
      paymentId: payment.gatewayRef,
      amount: parseAmount(String(paid.amount)) ?? undefined,
      currency: paid.currency,
      card: paid.payment_method?.card_no ? { brand: paid.payment_method.method ?? 'card', last4: paid.payment_method.card_no.slice(-4) } : undefined,
      summary: { payment_id: paid.payment_id, status: paid.status, amount: paid.amount, currency: paid.currency },
    };
  }

  async verifyCharge(gatewayRef: string, chargeRef: string): Promise<boolean> {
    if (!this.settings.appId) return false;
    return (await this.retrieve(gatewayRef)).some((p) => String(p.payment_id) === chargeRef && p.status === 'RECEIVED');
  }

  private async retrieve(orderId: string): Promise<RetrievedPayment[]> {
    const answer = await this.merchantApi<{ status: number; msg: string; data: RetrievedPayment[] | null }>(
      'GET',
      `/merchant/v1/payment/search?order_id=${encodeURIComponent(orderId)}`,
    );
    return answer.status === 1 && answer.data ? answer.data : [];
  }

  /** Charging API: pays with a customer token from a preapproval, synchronously. */
  private async chargeToken(input: CreatePaymentInput, customerToken: string): Promise<CreatedPayment> {
    if (!this.settings.appId) throw new AppError('gateway_error', 'PayHere saved cards need PAYHERE_APP_ID and PAYHERE_APP_SECRET');
    const answer = await this.merchantApi<{ status: number; msg: string; data: ChargeData | null }>('POST', '/merchant/v1/payment/charge', {
      type: 'PAYMENT',
      order_id: input.paymentId,
      items: input.description,
      currency: input.currency,
      amount: Number(formatAmount(input.amount)),
      customer_token: customerToken,
      custom_1: input.orderNumber,
      notify_url: this.settings.notifyUrl,
    });
    const data = answer.data;
    if (answer.status !== 1 || !data) {
      const reason = `PayHere could not charge the saved card: ${answer.msg}`;
      return {
        gatewayRef: input.paymentId,
        status: 'failed',
        failureReason: reason,
        nextAction: { type: 'none' },
        event: { gateway: 'payhere', eventId: `charge:${input.paymentId}:refused`, type: 'payment.failed', gatewayRef: input.paymentId, paymentId: input.paymentId, reason, summary: { msg: answer.msg } },
      };
    }
    const code = String(data.status_code);
    const type = code === '2' ? 'payment.succeeded' : code === '0' ? 'payment.pending' : 'payment.failed';
    const event: PaymentEvent = {
      gateway: 'payhere',
      eventId: `${data.payment_id}:${code}`,
      type,
      gatewayRef: input.paymentId,
      chargeRef: String(data.payment_id),
      paymentId: input.paymentId,
      amount: parseAmount(String(data.amount)) ?? undefined,
      currency: data.currency,
      reason: data.status_message,
      summary: { payment_id: data.payment_id, status_code: code, amount: data.amount, currency: data.currency },
    };
    const status = type === 'payment.succeeded' ? 'succeeded' : type === 'payment.pending' ? 'pending' : 'failed';
    return { gatewayRef: input.paymentId, status, nextAction: { type: 'none' }, failureReason: status === 'failed' ? data.status_message : undefined, event };
  }

  /** One Merchant API call with a cached OAuth token; network errors and 5xx become gateway_error. */
  private async merchantApi<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const call = async (token: string) =>
      this.fetchImpl(`${this.settings.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(20_000),
      });
    let res = await call(await this.accessToken()).catch(unreachable);
    if (res.status === 401) {
      this.token = undefined; // expired early: one fresh token, once
      res = await call(await this.accessToken()).catch(unreachable);
    }
    if (res.status >= 500) throw new AppError('gateway_error', `PayHere answered ${res.status}; try again`);
    const json = (await res.json().catch(() => null)) as T | null;
    if (!json) throw new AppError('gateway_error', 'PayHere sent an answer that is not JSON');
    return json;
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    if (!this.settings.appId || !this.settings.appSecret) throw new AppError('gateway_error', 'PAYHERE_APP_ID and PAYHERE_APP_SECRET are not configured');
    const basic = Buffer.from(`${this.settings.appId}:${this.settings.appSecret}`).toString('base64');
    let lastError: unknown;
    // The token call is safe to repeat: a few tries with backoff before giving up.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 250 * 4 ** attempt));
      try {
        const res = await this.fetchImpl(`${this.settings.baseUrl}/merchant/v1/oauth/token`, {
          method: 'POST',
          headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials',
          signal: AbortSignal.timeout(20_000),
        });
        if (res.status >= 500) throw new Error(`PayHere token endpoint answered ${res.status}`);
        const json = (await res.json()) as { access_token?: string; expires_in?: number };
        if (!json.access_token) throw new GatewayRefusal('PayHere refused our app credentials');
        this.token = { value: json.access_token, expiresAt: Date.now() + Math.max(0, (json.expires_in ?? 60) - 30) * 1000 };
        return json.access_token;
      } catch (err) {
        if (err instanceof GatewayRefusal) throw new AppError('gateway_error', err.message);
        lastError = err;
      }
    }
    throw new AppError('gateway_error', `PayHere could not be reached (${(lastError as Error)?.message ?? 'unknown'})`);
  }
}

function unreachable(err: unknown): never {
  throw new AppError('gateway_error', `PayHere could not be reached (${(err as Error).message})`);
}

function cardOf(f: Record<string, string>) {
  const digits = f.card_no?.replace(/\D/g, '') ?? '';
  return digits.length >= 4 ? { brand: (f.method || 'card').toLowerCase(), last4: digits.slice(-4) } : undefined;
}

function savedCardOf(f: Record<string, string>, token: string): CardInfo | undefined {
  const card = cardOf(f);
  if (!card) return undefined;
  const [month, year] = (f.card_expiry ?? '').split('/').map(Number);
  return {
    token,
    ...card,
    expMonth: month && month >= 1 && month <= 12 ? month : null,
    expYear: year ? (year < 100 ? 2000 + year : year) : null,
  };
}

interface RetrievedPayment {
  payment_id: number | string;
  order_id: string;
  status: string;
  currency: string;
  amount: number | string;
  payment_method?: { method?: string; card_customer_name?: string; card_no?: string };
}

interface ChargeData {
  order_id: string;
  payment_id: number | string;
  currency: string;
  amount: number | string;
  status_code: number | string;
  status_message: string;
}
