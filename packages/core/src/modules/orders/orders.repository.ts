import type { TCurrency } from '@tk/contract';
import type { Queryable } from '../../platform/database.js';
import type { OrderStatus } from './order-state.js';

export interface OrderRow {
  id: string;
  number: string;
  customer_id: string | null;
  email: string;
  currency: TCurrency;
  status: OrderStatus;
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  shipping_address: Record<string, string>;
  shipping_method: string;
  idempotency_key: string;
  request_hash: string;
  cart_id: string;
  created_at: Date;
  lines: {
    variant_id: string;
    product_id: string;
    sku: string;
    title: string;
    variant_title: string;
    unit_price: number;
    quantity: number;
    line_total: number;
    discount: number;
  }[];
  promotions: { id: string; code: string | null; name: string; amount: number }[];
  history: { from_status: string | null; to_status: string; reason: string; created_at: string }[];
  shipments: { carrier: string; tracking_number: string; tracking_url: string | null; shipped_at: string }[];
  payment_id: string | null;
  payments: {
    id: string;
    gateway: 'sandbox' | 'stripe' | 'payhere';
    status: 'creating' | 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
    amount: number;
    refunded_amount: number;
    failure_reason: string | null;
    card_brand: string | null;
    card_last4: string | null;
    created_at: string;
  }[];
  refunds: {
    id: string;
    payment_id: string;
    amount: number;
    reason: string;
    kind: 'requested' | 'order_cancelled' | 'duplicate_payment';
    status: 'pending' | 'succeeded' | 'failed';
    failure_reason: string | null;
    created_at: string;
  }[];
  disputes: { amount: number; reason: string; created_at: string }[];
}

const ORDER_SELECT = `
  SELECT o.*,
         coalesce((SELECT json_agg(json_build_object('variant_id', l.variant_id, 'product_id', l.product_id, 'sku', l.sku,
                     'title', l.title, 'variant_title', l.variant_title, 'unit_price', l.unit_price,
                     'quantity', l.quantity, 'line_total', l.line_total, 'discount', l.discount) ORDER BY l.position)
                     FROM order_lines l WHERE l.order_id = o.id), '[]') AS lines,
         coalesce((SELECT json_agg(json_build_object('from_status', h.from_status, 'to_status', h.to_status,
                     'reason', h.reason, 'created_at', h.created_at) ORDER BY h.id)
                     FROM order_status_history h WHERE h.order_id = o.id), '[]') AS history,
         coalesce((SELECT json_agg(json_build_object('carrier', s.carrier, 'tracking_number', s.tracking_number,
                     'tracking_url', s.tracking_url, 'shipped_at', s.shipped_at) ORDER BY s.shipped_at)
                     FROM order_shipments s WHERE s.order_id = o.id), '[]') AS shipments,
         coalesce((SELECT json_agg(json_build_object('id', p.id, 'gateway', p.gateway, 'status', p.status, 'amount', p.amount,
                     'refunded_amount', p.refunded_amount, 'failure_reason', p.failure_reason, 'card_brand', p.card_brand,
                     'card_last4', p.card_last4, 'created_at', p.created_at) ORDER BY p.created_at)
                     FROM payments p WHERE p.order_id = o.id), '[]') AS payments,
         coalesce((SELECT json_agg(json_build_object('id', r.id, 'payment_id', r.payment_id, 'amount', r.amount, 'reason', r.reason,
                     'kind', r.kind, 'status', r.status, 'failure_reason', r.failure_reason, 'created_at', r.created_at) ORDER BY r.created_at)
                     FROM refunds r WHERE r.order_id = o.id), '[]') AS refunds,
         coalesce((SELECT json_agg(json_build_object('amount', d.amount, 'reason', d.reason, 'created_at', d.created_at) ORDER BY d.created_at)
                     FROM disputes d WHERE d.order_id = o.id), '[]') AS disputes
    FROM orders o`;

export async function findOrder(db: Queryable, where: { id: string } | { idempotencyKey: string } | { number: string }) {
  const [column, value] =
    'id' in where ? ['id', where.id] : 'number' in where ? ['number', where.number] : ['idempotency_key', where.idempotencyKey];
  const { rows } = await db.query<OrderRow>(`${ORDER_SELECT} WHERE o.${column} = $1`, [value]);
  return rows[0];
}

export async function listCustomerOrders(db: Queryable, customerId: string, limit = 50) {
  const { rows } = await db.query<OrderRow>(`${ORDER_SELECT} WHERE o.customer_id = $1 ORDER BY o.created_at DESC LIMIT $2`, [
    customerId,
    limit,
  ]);
  return rows;
}

export interface NewOrder {
  id: string;
  customerId: string | null;
  email: string;
  currency: TCurrency;
  subtotal: number;
  discount: number;
  shipping: number;
  shippingMethod: string;
  tax: number;
  total: number;
  shippingAddress: Record<string, string>;
  idempotencyKey: string;
  requestHash: string;
  cartId: string;
  cartVersion: string;
  lines: { variantId: string; productId: string; sku: string; title: string; variantTitle: string; unitPrice: number; quantity: number; discount: number }[];
  promotions: { id: string; code: string | null; name: string; amount: number }[];
}

export async function insertOrder(tx: Queryable, o: NewOrder): Promise<void> {
  await tx.query(
    `INSERT INTO orders (id, customer_id, email, currency, status, subtotal, discount, shipping, tax, total,
                         shipping_address, idempotency_key, cart_id, shipping_method, request_hash, cart_version, promotions)
     VALUES ($1, $2, $3, $4, 'pending_payment', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [o.id, o.customerId, o.email, o.currency, o.subtotal, o.discount, o.shipping, o.tax, o.total, JSON.stringify(o.shippingAddress), o.idempotencyKey, o.cartId, o.shippingMethod, o.requestHash, o.cartVersion, JSON.stringify(o.promotions)],
  );
  await tx.query(
    `INSERT INTO order_lines (order_id, position, variant_id, product_id, sku, title, variant_title, unit_price, quantity, line_total, discount)
     SELECT $1, n - 1, v, p, s, t, vt, u, q, u * q, d
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::int[], $9::bigint[])
            WITH ORDINALITY AS x(v, p, s, t, vt, u, q, d, n)`,
    [
      o.id,
      o.lines.map((l) => l.variantId),
      o.lines.map((l) => l.productId),
      o.lines.map((l) => l.sku),
      o.lines.map((l) => l.title),
      o.lines.map((l) => l.variantTitle),
      o.lines.map((l) => l.unitPrice),
      o.lines.map((l) => l.quantity),
      o.lines.map((l) => l.discount),
    ],
  );
  await recordTransition(tx, o.id, null, 'pending_payment', 'checkout');
}

/** Locks the order row unless another transaction holds it; true when locked (or no such order). */
export async function tryLockOrder(tx: Queryable, id: string): Promise<boolean> {
  const exists = await tx.query('SELECT 1 FROM orders WHERE id = $1', [id]);
  if (exists.rowCount === 0) return true;
  const { rowCount } = await tx.query('SELECT 1 FROM orders WHERE id = $1 FOR UPDATE SKIP LOCKED', [id]);
  return rowCount === 1;
}

/** Locks the order row for a state change; returns its status. */
export async function lockOrder(tx: Queryable, id: string): Promise<OrderStatus | undefined> {
  const { rows } = await tx.query<{ status: OrderStatus }>('SELECT status FROM orders WHERE id = $1 FOR UPDATE', [id]);
  return rows[0]?.status;
}

export async function setStatus(tx: Queryable, id: string, from: OrderStatus, to: OrderStatus, reason: string) {
  await tx.query('UPDATE orders SET status = $2, updated_at = now() WHERE id = $1', [id, to]);
  await recordTransition(tx, id, from, to, reason);
}

/** A timeline entry without a change of status. */
export async function addNote(tx: Queryable, id: string, status: OrderStatus, note: string) {
  await recordTransition(tx, id, status, status, note);
}

async function recordTransition(tx: Queryable, id: string, from: OrderStatus | null, to: OrderStatus, reason: string) {
  await tx.query('INSERT INTO order_status_history (order_id, from_status, to_status, reason) VALUES ($1, $2, $3, $4)', [
    id,
    from,
    to,
    reason,
  ]);
  // The customer's devices learn of it once this commits (real-time dispatcher).
  await tx.query(
    `INSERT INTO outbox_events (type, payload)
     SELECT 'order.changed', json_build_object('orderId', id, 'customerId', customer_id, 'status', $2::text) FROM orders WHERE id = $1`,
    [id, to],
  );
}

export interface OrderListFilter {
  status?: OrderStatus;
  before?: Date;
  /** An order number, or part of the customer's email. */
  q?: string;
  customerId?: string;
}

/** Newest first, with the count of every match for paging. */
export async function listOrders(db: Queryable, filter: OrderListFilter, limit: number, offset = 0) {
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = `WHERE ($1::text IS NULL OR o.status = $1) AND ($2::timestamptz IS NULL OR o.created_at < $2)
      AND ($3::text IS NULL OR upper(o.number) = upper($4) OR o.email ILIKE $3)
      AND ($5::uuid IS NULL OR o.customer_id = $5)`;
  const args = [filter.status ?? null, filter.before ?? null, like, filter.q ?? null, filter.customerId ?? null];
  const [{ rows }, count] = await Promise.all([
    db.query<OrderRow>(`${ORDER_SELECT} ${where} ORDER BY o.created_at DESC LIMIT $6 OFFSET $7`, [...args, limit, offset]),
    db.query<{ total: string }>(`SELECT count(*) AS total FROM orders o ${where}`, args),
  ]);
  return { rows, total: Number(count.rows[0]!.total) };
}

export async function insertShipment(
  tx: Queryable,
  s: { orderId: string; carrier: string; trackingNumber: string; trackingUrl: string | null },
) {
  await tx.query('INSERT INTO order_shipments (order_id, carrier, tracking_number, tracking_url) VALUES ($1, $2, $3, $4)', [
    s.orderId,
    s.carrier,
    s.trackingNumber,
    s.trackingUrl,
  ]);
}

/** Whether a customer has a paid (or later) order containing the product: a "verified purchase". */
export async function hasPurchased(db: Queryable, customerId: string, productId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `SELECT 1 FROM orders o JOIN order_lines l ON l.order_id = o.id
      WHERE o.customer_id = $1 AND l.product_id = $2
        AND o.status IN ('paid', 'fulfilled', 'shipped', 'delivered', 'partially_refunded') LIMIT 1`,
    [customerId, productId],
  );
  return rowCount === 1;
}
