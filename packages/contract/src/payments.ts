import { z } from 'zod';
import { ZId, ZMoney, ZTimestamp } from './common.js';

export const GATEWAYS = ['sandbox', 'stripe', 'payhere'] as const;
export const ZGateway = z.enum(GATEWAYS).meta({ id: 'Gateway' });
export type TGateway = z.infer<typeof ZGateway>;

/**
 * A payment attempt's life: `creating` until the gateway has it, `pending` while the customer
 * pays, `requires_action` during a 3-D Secure or similar challenge, then one of the outcomes.
 */
export const PAYMENT_STATUSES = ['creating', 'pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const;
export const ZPaymentStatus = z.enum(PAYMENT_STATUSES);

/** What the client must do next to finish paying. Card data only ever goes to the gateway. */
export const ZNextAction = z
  .discriminatedUnion('type', [
    /** Nothing: the payment is settled (or being settled by the gateway's webhook). */
    z.object({ type: z.literal('none') }),
    /** Stripe: confirm with the Payment Element (web) or PaymentSheet (mobile); they run 3DS2 challenges. */
    z.object({ type: z.literal('stripe'), clientSecret: z.string(), publishableKey: z.string() }),
    /** PayHere: POST these fields to the hosted checkout page (an auto-submitting form). */
    z.object({
      type: z.literal('redirect_form'),
      url: z.url(),
      method: z.literal('POST'),
      fields: z.record(z.string(), z.string()),
    }),
    /** The sandbox gateway's stand-in for a hosted page: POST an outcome to `confirmPath`. */
    z.object({ type: z.literal('sandbox'), reference: z.string(), confirmPath: z.string(), challengePath: z.string() }),
  ])
  .meta({ id: 'NextAction' });
export type TNextAction = z.infer<typeof ZNextAction>;

export const ZCardSummary = z.object({ brand: z.string(), last4: z.string() });

/** A payment attempt as an order lists it: card brand and last four digits only. */
export const ZPaymentSummary = z.object({
  id: ZId,
  gateway: ZGateway,
  status: ZPaymentStatus,
  amount: ZMoney,
  refunded: ZMoney,
  failureReason: z.string().nullable(),
  card: ZCardSummary.nullable(),
  createdAt: ZTimestamp,
});

export const ZPayment = ZPaymentSummary.extend({ orderId: ZId, nextAction: ZNextAction }).meta({ id: 'Payment' });
export type TPayment = z.infer<typeof ZPayment>;

export const ZStartPaymentRequest = z.strictObject({
  gateway: ZGateway,
  /** Keep the card for next time (signed-in customers; the gateway keeps it, we keep its token). */
  saveCard: z.boolean().default(false),
  /** Pay in one step with a card saved earlier (from GET /v1/me/payment-methods). */
  savedCardId: ZId.optional(),
});
export type TStartPaymentRequest = z.output<typeof ZStartPaymentRequest>;

export const ZSavedCard = z
  .object({
    id: ZId,
    gateway: ZGateway,
    brand: z.string(),
    last4: z.string(),
    expMonth: z.int().nullable(),
    expYear: z.int().nullable(),
    createdAt: ZTimestamp,
  })
  .meta({ id: 'SavedCard' });
export const ZSavedCardList = z.object({ items: z.array(ZSavedCard) });
export const ZSavedCardParams = z.object({ id: ZId });

export const ZPaymentOptions = z
  .object({
    /** The gateways that take this order's currency, the configured one first. */
    gateways: z.array(z.object({ gateway: ZGateway, label: z.string() })),
    /** The signed-in customer's saved cards usable with those gateways. */
    savedCards: z.array(ZSavedCard),
  })
  .meta({ id: 'PaymentOptions' });
export type TPaymentOptions = z.infer<typeof ZPaymentOptions>;

export const ZSandboxReferenceParams = z.object({ reference: z.string().regex(/^sbx_[0-9a-f-]{36}$/, 'a sandbox payment reference') });
export const ZSandboxConfirmRequest = z.strictObject({
  /** What the pretend card does: pay, be declined, or ask for a 3-D Secure style challenge first. */
  outcome: z.enum(['success', 'decline', 'challenge']),
  /** How the sandbox delivers its webhook, to rehearse what real gateways do. */
  webhook: z.enum(['immediate', 'delayed', 'duplicated', 'lost']).default('immediate'),
});
export const ZSandboxChallengeRequest = z.strictObject({ result: z.enum(['pass', 'fail']) });
export const ZSandboxPaymentState = z.object({
  reference: z.string(),
  status: z.enum(['awaiting_customer', 'challenge', 'succeeded', 'failed']),
  amount: ZMoney,
});

export const ZWebhookParams = z.object({ gateway: ZGateway });
export const ZWebhookAck = z.object({ received: z.literal(true), duplicate: z.boolean() });

export const ZRefund = z
  .object({
    id: ZId,
    orderId: ZId,
    paymentId: ZId,
    amount: ZMoney,
    reason: z.string(),
    /** requested: by staff; order_cancelled: the order could not be kept; duplicate_payment: paid twice. */
    kind: z.enum(['requested', 'order_cancelled', 'duplicate_payment']),
    status: z.enum(['pending', 'succeeded', 'failed']),
    failureReason: z.string().nullable(),
    createdAt: ZTimestamp,
  })
  .meta({ id: 'Refund' });
export type TRefund = z.infer<typeof ZRefund>;

export const ZRefundIdParams = z.object({ id: ZId });

export const ZRefundRequest = z.strictObject({
  /** In the order's minor units; at most what was paid and not yet refunded. */
  amount: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  reason: z.string().trim().min(1).max(200),
});

export const ZReconcileResult = z.object({
  checked: z.int(),
  settled: z.int(),
  refundsRetried: z.int(),
});

/** Admins: how payments are set up on this server. Keys stay in the environment; only whether each is set shows. */
export const ZPaymentSettings = z
  .object({
    /** PAYMENT_GATEWAY_ROUTES as configured, e.g. "LKR:payhere,*:stripe". */
    routes: z.string(),
    sandboxEnabled: z.boolean(),
    /** What a shopper paying in each currency is offered, in order. */
    currencies: z.array(z.object({ currency: z.string(), gateways: z.array(z.string()) })),
    gateways: z.array(
      z.object({
        name: z.enum(['stripe', 'payhere', 'sandbox']),
        configured: z.boolean(),
        /** Test or live keys (Stripe's key prefix, PayHere's sandbox or live address). */
        mode: z.enum(['test', 'live']).nullable(),
        /** Where the gateway must send its webhooks or notifications. */
        webhookUrl: z.string(),
      }),
    ),
  })
  .meta({ id: 'PaymentSettings' });
