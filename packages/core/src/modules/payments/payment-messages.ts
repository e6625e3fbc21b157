import { MINOR_UNITS, type TCurrency } from '@tk/contract';
import type { OutgoingMessage } from '../notifications/index.js';
import type { OrderRow } from '../orders/orders.repository.js';

/** "LKR 12,500.00": integer minor units shown with their currency's decimals, no float arithmetic. */
export function formatMoney(amount: number, currency: TCurrency): string {
  const digits = MINOR_UNITS[currency];
  const unit = 10 ** digits;
  const whole = Math.floor(amount / unit).toLocaleString('en-US');
  return digits ? `${currency} ${whole}.${String(amount % unit).padStart(digits, '0')}` : `${currency} ${whole}`;
}

type Message = Omit<OutgoingMessage, 'id'>;

export function orderConfirmed(order: OrderRow, appBaseUrl: string): Message {
  const lines = order.lines.map((l) => `  ${l.quantity} × ${l.title} (${l.variant_title}) ${formatMoney(l.line_total, order.currency)}`);
  return {
    channel: 'email',
    to: order.email,
    template: 'order_confirmed',
    subject: `Order ${order.number} is confirmed`,
    text: [`Thank you: your payment was received and order ${order.number} is confirmed.`, '', ...lines, '', `Total paid: ${formatMoney(order.total, order.currency)}`].join('\n'),
    data: { orderId: order.id, orderNumber: order.number, total: String(order.total), currency: order.currency, url: `${appBaseUrl}/orders/${order.id}` },
  };
}

export function orderCancelledAndRefunded(order: OrderRow, amount: number, reason: string): Message {
  return {
    channel: 'email',
    to: order.email,
    template: 'order_cancelled',
    subject: `Order ${order.number} was cancelled and your payment refunded`,
    text: `We are sorry: order ${order.number} could not be completed (${reason}). Your payment of ${formatMoney(amount, order.currency)} is being refunded to the card or account you paid with.`,
    data: { orderId: order.id, orderNumber: order.number, refunded: String(amount), currency: order.currency, reason },
  };
}

export function refundIssued(order: OrderRow, amount: number, reason: string): Message {
  return {
    channel: 'email',
    to: order.email,
    template: 'refund_issued',
    subject: `A refund for order ${order.number}`,
    text: `We refunded ${formatMoney(amount, order.currency)} for order ${order.number} (${reason}). It reaches your account within a few working days.`,
    data: { orderId: order.id, orderNumber: order.number, amount: String(amount), currency: order.currency, reason },
  };
}

export function paymentFailed(order: OrderRow, reason: string, appBaseUrl: string): Message {
  return {
    channel: 'email',
    to: order.email,
    template: 'payment_failed',
    subject: `Payment for order ${order.number} did not go through`,
    text: `The payment for order ${order.number} (${formatMoney(order.total, order.currency)}) did not go through: ${reason}. Your order is kept for a little while; you can try again with another card or method.`,
    data: { orderId: order.id, orderNumber: order.number, reason, url: `${appBaseUrl}/checkout?order=${order.id}`, action: 'Try again' },
  };
}
