import type { OutgoingMessage, OutgoingPush } from '../notifications/index.js';
import type { OrderRow } from './orders.repository.js';

type Email = Omit<OutgoingMessage, 'id'>;

/** "Your order is on its way", with the carrier and tracking link. */
export function orderShipped(order: OrderRow, shipment: { carrier: string; trackingNumber: string; trackingUrl?: string | null }, appBaseUrl: string): { email: Email; push: OutgoingPush | null } {
  const text = `Order ${order.number} is on its way with ${shipment.carrier}. Tracking number: ${shipment.trackingNumber}.`;
  const data = { orderId: order.id, orderNumber: order.number, carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, url: shipment.trackingUrl ?? `${appBaseUrl}/orders/${order.id}`, action: 'Track the parcel' };
  return {
    email: { channel: 'email', to: order.email, template: 'order_shipped', subject: `Order ${order.number} has shipped`, text, data },
    push: order.customer_id ? { userId: order.customer_id, kind: 'order', template: 'order_shipped', title: 'Your order has shipped', body: text, data } : null,
  };
}

export function orderDelivered(order: OrderRow, appBaseUrl: string): { email: Email; push: OutgoingPush | null } {
  const text = `Order ${order.number} was delivered. We hope you enjoy it; you can review what you bought from your orders page.`;
  const data = { orderId: order.id, orderNumber: order.number, url: `${appBaseUrl}/orders/${order.id}`, action: 'Review your order' };
  return {
    email: { channel: 'email', to: order.email, template: 'order_delivered', subject: `Order ${order.number} was delivered`, text, data },
    push: order.customer_id ? { userId: order.customer_id, kind: 'order', template: 'order_delivered', title: 'Delivered', body: text, data } : null,
  };
}
