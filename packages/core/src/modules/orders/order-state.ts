/**
 * The order state machine. Every change of status goes through `canTransition`; anything not
 * listed here is refused, which is also how late or repeated gateway events are ignored.
 *
 *   pending_payment ──paid──► paid ──► fulfilled ──► shipped ──► delivered
 *        │   ▲                  │                                  │
 *        ▼   │ (retry)          ├──► refunded / partially_refunded ◄┘
 *   payment_failed              │
 *        │                      ▼
 *        └────────────► cancelled ◄── (from pending_payment, payment_failed, paid)
 */
// The statuses are part of the API contract; the rules about them live here.
import { ORDER_STATUSES } from '@tk/contract';

export { ORDER_STATUSES };
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['paid', 'payment_failed', 'cancelled'],
  payment_failed: ['pending_payment', 'paid', 'cancelled'],
  paid: ['fulfilled', 'cancelled', 'refunded', 'partially_refunded'],
  fulfilled: ['shipped', 'refunded', 'partially_refunded'],
  shipped: ['delivered', 'refunded', 'partially_refunded'],
  delivered: ['refunded', 'partially_refunded'],
  partially_refunded: ['refunded', 'partially_refunded'],
  cancelled: [],
  refunded: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The status in which an order holds a stock reservation (failure releases it; payment deducts it). */
export const HOLDS_RESERVATION: readonly OrderStatus[] = ['pending_payment'];
