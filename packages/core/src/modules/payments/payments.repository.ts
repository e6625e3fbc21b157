import type { TCurrency } from '@tk/contract';
import type { Queryable } from '../../platform/database.js';
import type { CardInfo, GatewayName } from './gateway.port.js';

export type PaymentStatus = 'creating' | 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
export const OPEN_STATUSES: readonly PaymentStatus[] = ['creating', 'pending', 'requires_action'];

export interface PaymentRow {
  id: string;
  order_id: string;
  gateway: GatewayName;
  gateway_ref: string | null;
  charge_ref: string | null;
  status: PaymentStatus;
  amount: number;
  currency: TCurrency;
  refunded_amount: number;
  save_card: boolean;
  saved_card_id: string | null;
  failure_reason: string | null;
  card_brand: string | null;
  card_last4: string | null;
  created_at: Date;
}

export interface RefundRow {
  id: string;
  order_id: string;
  payment_id: string;
  amount: number;
  currency: TCurrency;
  reason: string;
  kind: 'requested' | 'order_cancelled' | 'duplicate_payment';
  status: 'pending' | 'succeeded' | 'failed';
  gateway_refund_id: string | null;
  request_key: string | null;
  failure_reason: string | null;
  attempts: number;
  retried_by: string | null;
  created_at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findPayment(db: Queryable, id: string, lock = false): Promise<PaymentRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await db.query<PaymentRow>(`SELECT * FROM payments WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

/** The payment an event is about: by the gateway's id, or by ours when the gateway echoes it. */
export async function findPaymentForEvent(db: Queryable, gateway: GatewayName, gatewayRef: string, paymentId?: string) {
  const { rows } = await db.query<PaymentRow>(
    `SELECT * FROM payments WHERE gateway = $1 AND (gateway_ref = $2 OR id = $3::uuid) ORDER BY gateway_ref = $2 DESC LIMIT 1`,
    [gateway, gatewayRef, paymentId && UUID.test(paymentId) ? paymentId : null],
  );
  return rows[0];
}

export async function findOpenPayment(db: Queryable, orderId: string, gateway: GatewayName) {
  const { rows } = await db.query<PaymentRow>(
    `SELECT * FROM payments WHERE order_id = $1 AND gateway = $2 AND status IN ('creating', 'pending', 'requires_action')`,
    [orderId, gateway],
  );
  return rows[0];
}

export async function insertPayment(
  tx: Queryable,
  p: { orderId: string; gateway: GatewayName; amount: number; currency: TCurrency; saveCard: boolean; savedCardId: string | null },
): Promise<PaymentRow> {
  const { rows } = await tx.query<PaymentRow>(
    `INSERT INTO payments (order_id, gateway, status, amount, currency, save_card, saved_card_id)
     VALUES ($1, $2, 'creating', $3, $4, $5, $6) RETURNING *`,
    [p.orderId, p.gateway, p.amount, p.currency, p.saveCard, p.savedCardId],
  );
  return rows[0]!;
}

/** A charge the gateway took outside any attempt of ours (a second payment): recorded to be refunded. */
export async function insertStrayPayment(
  tx: Queryable,
  p: { orderId: string; gateway: GatewayName; gatewayRef: string; chargeRef: string | null; amount: number; currency: TCurrency },
): Promise<PaymentRow | undefined> {
  const { rows } = await tx.query<PaymentRow>(
    `INSERT INTO payments (order_id, gateway, gateway_ref, charge_ref, status, amount, currency, failure_reason)
     VALUES ($1, $2, $3, $4, 'succeeded', $5, $6, 'a second charge for an order already paid')
     ON CONFLICT (gateway, gateway_ref) DO NOTHING RETURNING *`,
    [p.orderId, p.gateway, p.gatewayRef, p.chargeRef, p.amount, p.currency],
  );
  return rows[0];
}

export async function otherOpenPayments(tx: Queryable, orderId: string, exceptId: string): Promise<number> {
  const { rowCount } = await tx.query(
    `SELECT 1 FROM payments WHERE order_id = $1 AND id <> $2 AND status IN ('creating', 'pending', 'requires_action')`,
    [orderId, exceptId],
  );
  return rowCount;
}

export async function updatePayment(
  tx: Queryable,
  id: string,
  change: Partial<{ status: PaymentStatus; gateway_ref: string; charge_ref: string; failure_reason: string | null; card_brand: string; card_last4: string }>,
) {
  const keys = Object.keys(change) as (keyof typeof change)[];
  if (!keys.length) return;
  const sets = keys.map((k, i) => `${k} = $${i + 2}`).join(', ');
  await tx.query(`UPDATE payments SET ${sets}, updated_at = now() WHERE id = $1`, [id, ...keys.map((k) => change[k])]);
}

export async function unsettledPayments(db: Queryable, olderThanMinutes: number, limit: number): Promise<PaymentRow[]> {
  const { rows } = await db.query<PaymentRow>(
    `SELECT * FROM payments
      WHERE status IN ('creating', 'pending', 'requires_action')
        AND created_at < now() - make_interval(mins => $1)
        AND (checked_at IS NULL OR checked_at < now() - make_interval(mins => $1))
      ORDER BY created_at LIMIT $2`,
    [olderThanMinutes, limit],
  );
  return rows;
}

export async function markChecked(db: Queryable, id: string) {
  await db.query('UPDATE payments SET checked_at = now() WHERE id = $1', [id]);
}

// ----- events -----

/** Records the event; false when (gateway, event id) was recorded before: a redelivery. */
export async function recordEvent(tx: Queryable, e: { gateway: GatewayName; eventId: string; type: string; payload: unknown }): Promise<number | undefined> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO payment_events (gateway, event_id, type, outcome, payload) VALUES ($1, $2, $3, 'received', $4)
     ON CONFLICT (gateway, event_id) DO NOTHING RETURNING id`,
    [e.gateway, e.eventId, e.type, JSON.stringify(e.payload)],
  );
  return rows[0]?.id;
}

export async function settleEvent(tx: Queryable, id: number, outcome: string, paymentId?: string, orderId?: string) {
  await tx.query('UPDATE payment_events SET outcome = $2, payment_id = $3, order_id = $4 WHERE id = $1', [id, outcome, paymentId ?? null, orderId ?? null]);
}

// ----- refunds -----

export async function insertRefund(
  tx: Queryable,
  r: { orderId: string; paymentId: string; amount: number; currency: TCurrency; reason: string; kind: RefundRow['kind']; status?: RefundRow['status']; gatewayRefundId?: string; requestKey?: string; requestedBy?: string },
): Promise<RefundRow> {
  const { rows } = await tx.query<RefundRow>(
    `INSERT INTO refunds (order_id, payment_id, amount, currency, reason, kind, status, gateway_refund_id, request_key, requested_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
    [r.orderId, r.paymentId, r.amount, r.currency, r.reason, r.kind, r.status ?? 'pending', r.gatewayRefundId ?? null, r.requestKey ?? null, r.requestedBy ?? null],
  );
  return rows[0]!;
}

export async function findRefund(db: Queryable, where: { id: string } | { requestKey: string }, lock = false) {
  const [column, value] = 'id' in where ? ['id', where.id] : ['request_key', where.requestKey];
  const { rows } = await db.query<RefundRow>(`SELECT * FROM refunds WHERE ${column} = $1${lock ? ' FOR UPDATE' : ''}`, [value]);
  return rows[0];
}

export async function findRefundByGatewayId(tx: Queryable, paymentId: string, gatewayRefundId: string) {
  const { rows } = await tx.query<RefundRow>('SELECT * FROM refunds WHERE payment_id = $1 AND gateway_refund_id = $2 FOR UPDATE', [paymentId, gatewayRefundId]);
  return rows[0];
}

/** What is still refundable from a payment: paid, less refunds done or under way. */
export async function refundable(tx: Queryable, payment: PaymentRow): Promise<number> {
  const { rows } = await tx.query<{ taken: number }>(
    `SELECT coalesce(sum(amount), 0)::bigint AS taken FROM refunds WHERE payment_id = $1 AND status IN ('pending', 'succeeded')`,
    [payment.id],
  );
  return payment.amount - Number(rows[0]!.taken);
}

/** The total of refunds staff asked for that went through: it decides refunded vs partially refunded. */
export async function requestedRefundTotal(tx: Queryable, orderId: string): Promise<number> {
  const { rows } = await tx.query<{ total: number }>(
    `SELECT coalesce(sum(amount), 0)::bigint AS total FROM refunds WHERE order_id = $1 AND kind = 'requested' AND status = 'succeeded'`,
    [orderId],
  );
  return Number(rows[0]!.total);
}

export async function addRefunded(tx: Queryable, paymentId: string, amount: number) {
  await tx.query('UPDATE payments SET refunded_amount = least(amount, refunded_amount + $2), updated_at = now() WHERE id = $1', [paymentId, amount]);
}

export async function pendingRefunds(db: Queryable, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM refunds WHERE status = 'pending' AND updated_at < now() - interval '30 seconds'
        AND (claimed_until IS NULL OR claimed_until < now())
      ORDER BY created_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}

/** Takes a pending refund for one process for a while; undefined if it is settled or someone else has it. */
export async function claimRefund(db: Queryable, id: string, seconds: number): Promise<RefundRow | undefined> {
  const { rows } = await db.query<RefundRow>(
    `UPDATE refunds SET attempts = attempts + 1, claimed_until = now() + make_interval(secs => $2), updated_at = now()
      WHERE id = $1 AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < now())
      RETURNING *`,
    [id, seconds],
  );
  return rows[0];
}

// ----- cards and gateway customers -----

export async function saveCard(tx: Queryable, userId: string, gateway: GatewayName, card: CardInfo) {
  await tx.query(
    `INSERT INTO saved_payment_methods (user_id, gateway, token, brand, last4, exp_month, exp_year)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (gateway, token) DO NOTHING`,
    [userId, gateway, card.token, card.brand, card.last4, card.expMonth, card.expYear],
  );
}

export interface SavedCardRow {
  id: string;
  user_id: string;
  gateway: GatewayName;
  token: string;
  brand: string;
  last4: string;
  exp_month: number | null;
  exp_year: number | null;
  created_at: Date;
}

export async function listCards(db: Queryable, userId: string): Promise<SavedCardRow[]> {
  const { rows } = await db.query<SavedCardRow>('SELECT * FROM saved_payment_methods WHERE user_id = $1 ORDER BY created_at DESC', [userId]);
  return rows;
}

export async function findCard(db: Queryable, userId: string, id: string): Promise<SavedCardRow | undefined> {
  const { rows } = await db.query<SavedCardRow>('SELECT * FROM saved_payment_methods WHERE user_id = $1 AND id = $2', [userId, id]);
  return rows[0];
}

export async function deleteCard(db: Queryable, id: string) {
  await db.query('DELETE FROM saved_payment_methods WHERE id = $1', [id]);
}

export async function gatewayCustomer(db: Queryable, userId: string, gateway: GatewayName): Promise<string | undefined> {
  const { rows } = await db.query<{ gateway_customer_id: string }>(
    'SELECT gateway_customer_id FROM gateway_customers WHERE user_id = $1 AND gateway = $2',
    [userId, gateway],
  );
  return rows[0]?.gateway_customer_id;
}

export async function saveGatewayCustomer(db: Queryable, userId: string, gateway: GatewayName, customerId: string): Promise<string> {
  await db.query(
    'INSERT INTO gateway_customers (user_id, gateway, gateway_customer_id) VALUES ($1, $2, $3) ON CONFLICT (user_id, gateway) DO NOTHING',
    [userId, gateway, customerId],
  );
  return (await gatewayCustomer(db, userId, gateway))!;
}

export async function insertDispute(
  tx: Queryable,
  d: { orderId: string; paymentId: string; gateway: GatewayName; gatewayDisputeId: string; amount: number; currency: TCurrency; reason: string },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO disputes (order_id, payment_id, gateway, gateway_dispute_id, amount, currency, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (gateway, gateway_dispute_id) DO NOTHING`,
    [d.orderId, d.paymentId, d.gateway, d.gatewayDisputeId, d.amount, d.currency, d.reason],
  );
  return rowCount === 1;
}
