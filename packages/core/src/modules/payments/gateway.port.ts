import type { TCurrency, TGateway, TNextAction } from '@tk/contract';

export type GatewayName = TGateway;

/** What every gateway needs to start a payment for an order. */
export interface CreatePaymentInput {
  /** Our payment id: the idempotency key of the create call and the reference the gateway echoes back. */
  paymentId: string;
  orderId: string;
  orderNumber: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: TCurrency;
  customer: {
    userId: string | null;
    email: string;
    firstName: string;
    lastName: string;
    phone: string;
    address: string;
    city: string;
    country: string;
  };
  description: string;
  /** Keep the card for the customer's next purchase. */
  saveCard: boolean;
  /** The customer's account at this gateway, when the gateway has such a thing (Stripe). */
  gatewayCustomerId?: string;
  /** Pay with a card saved earlier: the gateway's token for it. */
  savedCardToken?: string;
}

export interface CardInfo {
  token: string;
  brand: string;
  last4: string;
  expMonth: number | null;
  expYear: number | null;
}

export interface CreatedPayment {
  /** The gateway's id for the payment. */
  gatewayRef: string;
  /** pending: the customer still has to pay; the other states are already known outcomes. */
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed';
  nextAction: TNextAction;
  failureReason?: string;
  /** When the outcome is already known, the event that says so, applied like a webhook. */
  event?: PaymentEvent;
}

/**
 * One normalised gateway event. Webhooks, synchronous answers and reconciliation all become
 * these, and only these change payments and orders.
 */
export interface PaymentEvent {
  gateway: GatewayName;
  /** Unique per gateway: a second delivery of the same id is a no-op. */
  eventId: string;
  type:
    | 'payment.succeeded'
    | 'payment.failed'
    | 'payment.canceled'
    | 'payment.pending'
    | 'payment.requires_action'
    /** The card was tokenised (PayHere preapproval) but nothing charged yet: charge the token next. */
    | 'payment.preapproved'
    | 'refund.succeeded'
    | 'refund.failed'
    | 'dispute.created';
  /** The gateway's id of the payment (PaymentIntent id, PayHere order_id). */
  gatewayRef: string;
  /** The gateway's id of the settled charge when it differs from gatewayRef (PayHere payment_id). */
  chargeRef?: string;
  /** Our payment id when the gateway echoes it back (metadata, custom fields). */
  paymentId?: string;
  /** What the gateway says was paid; checked against what we asked for. */
  amount?: number;
  currency?: string;
  reason?: string;
  /** The card used, when the customer asked to keep it. */
  savedCard?: CardInfo;
  /** Brand and last four digits of the card used, for the order's payment record. */
  card?: { brand: string; last4: string };
  /** ourRefundId: the refund id we sent as metadata, when the gateway echoes it. */
  refund?: { gatewayRefundId: string; amount: number; ourRefundId?: string };
  dispute?: { gatewayDisputeId: string; amount: number; reason: string };
  /** A chargeback that has already taken the money back (PayHere status -3). */
  chargedBack?: boolean;
  /** The gateway payload without anything sensitive, for the event log. */
  summary: Record<string, unknown>;
}

export interface WebhookRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

export interface RefundInput {
  gatewayRef: string;
  chargeRef: string | null;
  /** Minor units. */
  amount: number;
  currency: TCurrency;
  /** Our refund id: the same key on every retry, so the gateway refunds once. */
  idempotencyKey: string;
  reason: string;
  /** Whether this refunds the whole payment (some gateways take no amount then). */
  full: boolean;
  /** 1 on the first try; later tries may first check whether an earlier one went through. */
  attempt: number;
}

export interface RefundResult {
  gatewayRefundId: string;
  status: 'succeeded' | 'pending';
}

/** A refusal the gateway will repeat if asked again (not a timeout or 5xx): the refund fails for good. */
export class GatewayRefusal extends Error {
  override name = 'GatewayRefusal';
}

/** The port every payment gateway adapter implements. */
export interface PaymentGateway {
  readonly name: GatewayName;
  /** Human name for checkout pages. */
  readonly label: string;
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>;
  /**
   * Verifies the request came from the gateway (signature on the raw body) and turns it into
   * events; throws AppError('webhook_signature_invalid') otherwise. Types we do not use give [].
   */
  parseWebhook(request: WebhookRequest): Promise<PaymentEvent[]>;
  refund(input: RefundInput): Promise<RefundResult>;
  /** Asks the gateway where a payment stands; an event when it has settled, null while it has not. */
  fetchStatus(payment: { id: string; gatewayRef: string; amount: number; currency: TCurrency }): Promise<PaymentEvent | null>;
  /** The customer's account at the gateway (created once), for gateways that keep cards on one. */
  ensureCustomer?(customer: { userId: string; email: string }): Promise<string>;
  /** Forgets a saved card at the gateway. */
  deleteSavedCard?(token: string): Promise<void>;
  /** Where a refund the gateway accepted as pending stands now. */
  refundStatus?(gatewayRefundId: string): Promise<'succeeded' | 'pending' | 'failed'>;
  /**
   * For a second charge reported on a payment that already succeeded: whether the gateway really
   * holds that charge (a notification's charge id may not be covered by its signature).
   */
  verifyCharge?(gatewayRef: string, chargeRef: string): Promise<boolean>;
}
