import {
  promotionProblems,
  type TCreatePromotionRequest,
  type TPromotion,
  type TUpdatePromotionRequest,
} from '@tk/contract';
import type { Database, Queryable } from '../../platform/database.js';
import { AppError, isUniqueViolation, notFound } from '../../platform/errors.js';
import type { PromotionRule } from '../pricing/index.js';

interface PromotionRow {
  id: string;
  name: string;
  code: string | null;
  kind: 'percentage' | 'fixed' | 'free_shipping';
  percent_bp: number | null;
  amounts: Record<string, number>;
  target: PromotionRule['target'];
  target_ids: string[];
  min_subtotal: Record<string, number>;
  starts_at: Date;
  ends_at: Date | null;
  usage_limit: number | null;
  per_customer_limit: number | null;
  exclusive: boolean;
  priority: number;
  active: boolean;
  times_used: number;
  times_reserved: number;
  created_at: Date;
}

export interface UnavailablePromotion {
  id: string;
  code: string | null;
  name: string;
  reason: 'inactive' | 'limit_reached';
}

/**
 * Who a per-customer limit counts against. A signed-in customer's uses are stored under their
 * account and counted together with guest orders placed with their email, so signing out does
 * not double an allowance. `keys` are all the keys that count; `key` is the one stored.
 */
export interface CustomerIdentity {
  key: string;
  keys: string[];
}

export function customerIdentity(userId: string | null, email: string | null | undefined): CustomerIdentity | null {
  const emailKey = email ? `email:${email.trim().toLowerCase()}` : null;
  if (userId) return { key: `user:${userId}`, keys: emailKey ? [`user:${userId}`, emailKey] : [`user:${userId}`] };
  return emailKey ? { key: emailKey, keys: [emailKey] } : null;
}

/** Takes the advisory locks of every key, in one order, so checkouts of one person take turns. */
export async function lockCustomer(tx: Queryable, scope: string, customer: CustomerIdentity) {
  for (const key of [...customer.keys].sort()) await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${scope}:${key}`]);
}

/**
 * Discount codes and automatic promotions: what staff create, which ones a cart may use, and
 * their usage. A use is reserved by checkout in its transaction (a conditional update on the
 * promotion row, so 50 shoppers racing for the last 5 uses get exactly 5), counted when the order
 * is paid and given back when the order is cancelled before or after payment.
 */
export class PromotionsService {
  constructor(private readonly deps: { db: Database }) {}

  async list(): Promise<TPromotion[]> {
    const { rows } = await this.deps.db.query<PromotionRow>('SELECT * FROM promotions ORDER BY created_at DESC LIMIT 500');
    return rows.map(toPromotion);
  }

  async get(id: string): Promise<TPromotion> {
    return toPromotion(await this.row(this.deps.db, id));
  }

  async create(input: TCreatePromotionRequest): Promise<TPromotion> {
    return this.deps.db.transaction(async (tx) => {
      await this.checkTargets(tx, input.target, input.targetIds);
      await this.checkExclusiveOverlap(tx, { ...input, id: null });
      try {
        const { rows } = await tx.query<PromotionRow>(
          `INSERT INTO promotions (name, code, kind, percent_bp, amounts, target, target_ids, min_subtotal, starts_at, ends_at,
                                   usage_limit, per_customer_limit, exclusive, priority, active)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING *`,
          [
            input.name, input.code, input.kind, toBp(input.percentOff), JSON.stringify(input.amounts), input.target, input.targetIds,
            JSON.stringify(input.minSubtotal), input.startsAt, input.endsAt, input.usageLimit, input.perCustomerLimit,
            input.exclusive, input.priority, input.active,
          ],
        );
        return toPromotion(rows[0]!);
      } catch (err) {
        if (isUniqueViolation(err)) throw codeTaken();
        throw err;
      }
    });
  }

  async update(id: string, input: TUpdatePromotionRequest): Promise<TPromotion> {
    return this.deps.db.transaction(async (tx) => {
      const current = toPromotion(await this.row(tx, id, true));
      const next = { ...current, ...input };
      const problems = promotionProblems(next);
      if (problems.length) {
        throw new AppError('validation_failed', problems.map((p) => `${p.path}: ${p.message}`).join('; '), {
          fields: problems.map((p) => ({ field: `body.${p.path}`, message: p.message, code: 'invalid' })),
        });
      }
      if (next.usageLimit !== null && next.usageLimit < current.timesUsed + current.timesReserved) {
        throw new AppError('validation_failed', 'usageLimit is below the uses already made', {
          fields: [{ field: 'body.usageLimit', message: `at least ${current.timesUsed + current.timesReserved} (already used or held)`, code: 'too_small' }],
        });
      }
      await this.checkTargets(tx, next.target, next.targetIds);
      await this.checkExclusiveOverlap(tx, { ...next, id });
      try {
        const { rows } = await tx.query<PromotionRow>(
          `UPDATE promotions SET name = $2, code = $3, kind = $4, percent_bp = $5, amounts = $6, target = $7, target_ids = $8,
                  min_subtotal = $9, starts_at = $10, ends_at = $11, usage_limit = $12, per_customer_limit = $13,
                  exclusive = $14, priority = $15, active = $16, updated_at = now()
            WHERE id = $1 RETURNING *`,
          [
            id, next.name, next.code, next.kind, toBp(next.percentOff), JSON.stringify(next.amounts), next.target, next.targetIds,
            JSON.stringify(next.minSubtotal), next.startsAt, next.endsAt, next.usageLimit, next.perCustomerLimit,
            next.exclusive, next.priority, next.active,
          ],
        );
        return toPromotion(rows[0]!);
      } catch (err) {
        if (isUniqueViolation(err)) throw codeTaken();
        throw err;
      }
    });
  }

  /** A promotion by its code (any case), or undefined. */
  async findByCode(code: string): Promise<TPromotion | undefined> {
    const { rows } = await this.deps.db.query<PromotionRow>('SELECT * FROM promotions WHERE code = $1', [code.trim().toUpperCase()]);
    return rows[0] ? toPromotion(rows[0]) : undefined;
  }

  /**
   * The promotions a cart may get: running automatic ones and the codes it carries, as rules for
   * the totals engine, plus the codes that cannot be used at all (switched off, no uses left).
   */
  async candidatesFor(codes: string[], customer: CustomerIdentity | null, now = new Date()): Promise<{ rules: PromotionRule[]; unavailable: UnavailablePromotion[] }> {
    const { rows } = await this.deps.db.query<PromotionRow & { customer_uses: number }>(
      `SELECT p.*,
              (SELECT count(*)::int FROM promotion_redemptions r
                WHERE r.promotion_id = p.id AND r.customer_key = ANY($3::text[]) AND r.status <> 'released') AS customer_uses
         FROM promotions p
        WHERE (p.code IS NULL AND p.active AND p.starts_at <= $2 AND (p.ends_at IS NULL OR p.ends_at > $2))
           OR p.code = ANY($1::text[])`,
      [codes.map((c) => c.toUpperCase()), now, customer?.keys ?? []],
    );
    const rules: PromotionRule[] = [];
    const unavailable: UnavailablePromotion[] = [];
    for (const r of rows) {
      const gone = (reason: UnavailablePromotion['reason']) => unavailable.push({ id: r.id, code: r.code, name: r.name, reason });
      if (!r.active) gone('inactive');
      else if (r.usage_limit !== null && r.times_used + r.times_reserved >= r.usage_limit) gone('limit_reached');
      else if (customer && r.per_customer_limit !== null && r.customer_uses >= r.per_customer_limit) gone('limit_reached');
      else rules.push(toRule(r));
    }
    return { rules, unavailable };
  }

  /**
   * Checkout, in its transaction: holds one use of each promotion the order got. Refuses with the
   * reason when the last use went to someone else a moment ago, or the customer used up theirs.
   */
  async reserve(tx: Queryable, orderId: string, customer: CustomerIdentity, applied: { id: string; code: string | null; amount: number }[]): Promise<void> {
    for (const p of [...applied].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const label = p.code ?? 'the automatic promotion';
      const { rows } = await tx.query<{ per_customer_limit: number | null }>(
        `UPDATE promotions SET times_reserved = times_reserved + 1
          WHERE id = $1 AND active AND (usage_limit IS NULL OR times_used + times_reserved < usage_limit)
          RETURNING per_customer_limit`,
        [p.id],
      );
      if (!rows[0]) throw limitReached(label, 'has no uses left');
      if (rows[0].per_customer_limit !== null) {
        // One customer's checkouts take turns here, so two tabs cannot both take the last personal use.
        await lockCustomer(tx, `promotion:${p.id}`, customer);
        const { rows: used } = await tx.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM promotion_redemptions WHERE promotion_id = $1 AND customer_key = ANY($2::text[]) AND status <> 'released'`,
          [p.id, customer.keys],
        );
        if (used[0]!.n >= rows[0].per_customer_limit) throw limitReached(label, 'was already used as often as one customer may');
      }
      await tx.query(
        `INSERT INTO promotion_redemptions (promotion_id, order_id, customer_key, amount, status) VALUES ($1, $2, $3, $4, 'reserved')`,
        [p.id, orderId, customer.key, p.amount],
      );
    }
  }

  /** The order was paid: its held uses count. Promotion rows are locked in id order, as checkout does. */
  async onOrderPaid(tx: Queryable, orderId: string): Promise<void> {
    const { rows } = await tx.query<{ promotion_id: string }>(
      `SELECT promotion_id FROM promotion_redemptions WHERE order_id = $1 AND status = 'reserved' ORDER BY promotion_id FOR UPDATE`,
      [orderId],
    );
    for (const r of rows) {
      await tx.query('UPDATE promotions SET times_used = times_used + 1, times_reserved = times_reserved - 1 WHERE id = $1', [r.promotion_id]);
    }
    await tx.query(`UPDATE promotion_redemptions SET status = 'counted' WHERE order_id = $1 AND status = 'reserved'`, [orderId]);
  }

  /** The order was cancelled (before or after payment): its uses go back. */
  async onOrderCancelled(tx: Queryable, orderId: string): Promise<void> {
    const { rows } = await tx.query<{ promotion_id: string; status: 'reserved' | 'counted' }>(
      `SELECT promotion_id, status FROM promotion_redemptions WHERE order_id = $1 AND status <> 'released' ORDER BY promotion_id FOR UPDATE`,
      [orderId],
    );
    for (const r of rows) {
      const column = r.status === 'counted' ? 'times_used' : 'times_reserved';
      await tx.query(`UPDATE promotions SET ${column} = ${column} - 1 WHERE id = $1`, [r.promotion_id]);
    }
    await tx.query(`UPDATE promotion_redemptions SET status = 'released' WHERE order_id = $1 AND status <> 'released'`, [orderId]);
  }

  private async row(db: Queryable, id: string, lock = false): Promise<PromotionRow> {
    const { rows } = await db.query<PromotionRow>(`SELECT * FROM promotions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    if (!rows[0]) throw notFound('Promotion');
    return rows[0];
  }

  /** Every target id must exist, and each missing one is named. */
  private async checkTargets(tx: Queryable, target: string, ids: string[]) {
    const table = target === 'products' ? 'products' : target === 'categories' ? 'categories' : target === 'collections' ? 'collections' : null;
    if (!table || !ids.length) return;
    const { rows } = await tx.query<{ id: string }>(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.map((id, i) => ({ id, i })).filter((x) => !found.has(x.id));
    if (missing.length) {
      throw new AppError('validation_failed', `${missing.length} of the ${target} do not exist`, {
        fields: missing.map((m) => ({ field: `body.targetIds.${m.i}`, message: `no such ${target.slice(0, -1)}`, code: 'not_found' })),
      });
    }
  }

  /**
   * Two exclusive automatic promotions running at the same time would leave "which one wins" to
   * their priorities alone; the shop asked for that to be refused, so it is.
   */
  private async checkExclusiveOverlap(tx: Queryable, p: { id: string | null; code: string | null; exclusive: boolean; active: boolean; startsAt: string; endsAt: string | null }) {
    if (!p.exclusive || p.code !== null || !p.active) return;
    // Two staff saving overlapping promotions at once take turns, so the second one sees the first.
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('promotions:exclusive-automatic'))");
    const { rows } = await tx.query<{ name: string }>(
      `SELECT name FROM promotions
        WHERE exclusive AND code IS NULL AND active AND id IS DISTINCT FROM $1
          AND starts_at < coalesce($3::timestamptz, 'infinity') AND coalesce(ends_at, 'infinity') > $2::timestamptz`,
      [p.id, p.startsAt, p.endsAt],
    );
    if (rows.length) {
      throw new AppError('conflict', `Overlaps the exclusive automatic promotion "${rows[0]!.name}"`, {
        fields: [{ field: 'body.startsAt', message: `overlaps "${rows.map((r) => r.name).join('", "')}"`, code: 'overlapping_exclusive' }],
      });
    }
  }
}

const toBp = (percent: number | null | undefined) => (percent ? Math.round(percent * 100) : null);

function toRule(r: PromotionRow): PromotionRule {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    percentBp: r.percent_bp,
    amounts: r.amounts,
    target: r.target,
    targetIds: r.target_ids,
    minSubtotal: r.min_subtotal,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    exclusive: r.exclusive,
    priority: r.priority,
  };
}

function toPromotion(r: PromotionRow): TPromotion {
  return {
    id: r.id,
    name: r.name,
    code: r.code,
    kind: r.kind,
    percentOff: r.percent_bp === null ? null : r.percent_bp / 100,
    amounts: r.amounts,
    target: r.target,
    targetIds: r.target_ids,
    minSubtotal: r.min_subtotal,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at ? r.ends_at.toISOString() : null,
    usageLimit: r.usage_limit,
    perCustomerLimit: r.per_customer_limit,
    exclusive: r.exclusive,
    priority: r.priority,
    active: r.active,
    timesUsed: r.times_used,
    timesReserved: r.times_reserved,
    createdAt: r.created_at.toISOString(),
  };
}

const codeTaken = () =>
  new AppError('conflict', 'Another promotion has this code', { fields: [{ field: 'body.code', message: 'already used by another promotion', code: 'code_taken' }] });

const limitReached = (label: string, why: string) =>
  new AppError('promotion_not_applicable', `${label} ${why}; the cart was priced without it`, {
    fields: [{ field: 'body.cartId', message: `${label} ${why}`, code: 'limit_reached' }],
  });
