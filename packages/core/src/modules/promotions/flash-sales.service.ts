import type { TCreateFlashSaleRequest, TProductDetail, TProductSummary } from '@tk/contract';
import type { Database, Queryable } from '../../platform/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { isRunning, salePrice, type SaleRule } from '../pricing/index.js';
import { type CustomerIdentity, lockCustomer } from './promotions.service.js';

interface SaleRow {
  id: string;
  name: string;
  starts_at: Date;
  ends_at: Date;
  kind: 'percentage' | 'fixed_price';
  percent_bp: number | null;
  per_customer_limit: number | null;
  cancelled: boolean;
  items: { variant_id: string; product_id: string; prices: Record<string, number>; base: Record<string, number> }[];
}

interface Snapshot {
  loadedAt: number;
  /** variant → the sales it is in, with its product and base prices. */
  byVariant: Map<string, { sale: SaleRule; productId: string; prices: Record<string, number>; base: Record<string, number> }[]>;
  byProduct: Map<string, { sale: SaleRule; variantId: string; prices: Record<string, number>; base: Record<string, number> }[]>;
}

/** How long sale definitions are kept in process memory; prices are still computed per request. */
const SNAPSHOT_MS = 5_000;

export type FlashBadge = { id: string; name: string; endsAt: string; perCustomerLimit: number | null };

/**
 * Flash sales. The sale price is computed at request time from the sale's window and the clock,
 * so it starts and stops exact to the second with no job involved; only the sale definitions are
 * cached (for a few seconds). The worker's `fireDue` still runs at each start and end to refresh
 * caches and tell the storefront. A per-customer limit is checked by checkout in its transaction.
 */
export class FlashSaleService {
  private snapshot: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;
  /** Bumped on every change, so a load that began before it cannot store stale definitions. */
  private generation = 0;

  constructor(private readonly deps: { db: Database; onPricesChanged: (productIds: string[]) => Promise<void> }) {}

  async create(input: TCreateFlashSaleRequest) {
    const id = await this.deps.db.transaction(async (tx) => {
      // Sales are created one at a time, so two overlapping ones cannot both pass the check.
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('flash-sales:create'))");
      const variantIds = input.items.map((i) => i.variantId);
      const { rows: known } = await tx.query<{ id: string }>('SELECT id FROM variants WHERE id = ANY($1::uuid[])', [variantIds]);
      const found = new Set(known.map((r) => r.id));
      const { rows: clashes } = await tx.query<{ variant_id: string; name: string }>(
        `SELECT i.variant_id, s.name FROM flash_sale_items i JOIN flash_sales s ON s.id = i.flash_sale_id
          WHERE i.variant_id = ANY($1::uuid[]) AND NOT s.cancelled AND s.starts_at < $3 AND s.ends_at > $2`,
        [variantIds, input.startsAt, input.endsAt],
      );
      const clash = new Map(clashes.map((c) => [c.variant_id, c.name]));
      const fields = input.items.flatMap((item, i) =>
        !found.has(item.variantId)
          ? [{ field: `body.items.${i}.variantId`, message: 'no such variant', code: 'not_found' }]
          : clash.has(item.variantId)
            ? [{ field: `body.items.${i}.variantId`, message: `already in the flash sale "${clash.get(item.variantId)}" at that time`, code: 'overlapping_sale' }]
            : [],
      );
      if (fields.length) throw new AppError('validation_failed', `${fields.length} item(s) cannot be put on this sale`, { fields });
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO flash_sales (name, starts_at, ends_at, kind, percent_bp, per_customer_limit) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [input.name, input.startsAt, input.endsAt, input.kind, input.percentOff ? Math.round(input.percentOff * 100) : null, input.perCustomerLimit],
      );
      const saleId = rows[0]!.id;
      await tx.query(
        `INSERT INTO flash_sale_items (flash_sale_id, variant_id, prices)
         SELECT $1, v, p::jsonb FROM unnest($2::uuid[], $3::text[]) AS x(v, p)`,
        [saleId, variantIds, input.items.map((i) => JSON.stringify(i.prices))],
      );
      return saleId;
    });
    this.forget();
    // A sale that starts at once changes prices now: refresh caches and pages without waiting for
    // the worker's next tick (which would find it already fired).
    if (Date.parse(input.startsAt) <= Date.now()) await this.fireDue();
    return this.get(id);
  }

  async cancel(id: string) {
    const { rows } = await this.deps.db.query<{ product_id: string }>(
      `WITH s AS (UPDATE flash_sales SET cancelled = true, updated_at = now() WHERE id = $1 RETURNING id)
       SELECT DISTINCT v.product_id FROM s JOIN flash_sale_items i ON i.flash_sale_id = s.id JOIN variants v ON v.id = i.variant_id`,
      [id],
    );
    this.forget();
    await this.deps.onPricesChanged(rows.map((r) => r.product_id));
    return this.get(id);
  }

  async get(id: string) {
    const sale = (await this.load(this.deps.db, 'WHERE s.id = $1', [id]))[0];
    if (!sale) throw notFound('Flash sale');
    return toView(sale);
  }

  /** Staff: every sale, newest first; shoppers: the ones running or about to (`current`). */
  async list(current = false) {
    const rows = current
      ? await this.load(this.deps.db, 'WHERE NOT s.cancelled AND s.ends_at > now() ORDER BY s.starts_at LIMIT 50', [])
      : await this.load(this.deps.db, 'ORDER BY s.starts_at DESC LIMIT 200', []);
    return { items: rows.map(toView) };
  }

  /** The effective price of a variant now, and the sale behind it. */
  async priceFor(variantId: string, currency: string, base: number, now = new Date()): Promise<{ amount: number; sale: FlashBadge | null }> {
    const snapshot = await this.current();
    let best: { amount: number; sale: SaleRule } | undefined;
    for (const entry of snapshot.byVariant.get(variantId) ?? []) {
      const price = salePrice(base, currency, { ...entry.sale, prices: entry.prices }, now);
      if (price !== null && (!best || price < best.amount)) best = { amount: price, sale: entry.sale };
    }
    return best ? { amount: best.amount, sale: badge(best.sale) } : { amount: base, sale: null };
  }

  /** A product page at this moment's prices: sale prices, the base price as "was", the countdown. */
  async decorateDetail(product: TProductDetail, now = new Date()): Promise<TProductDetail> {
    const snapshot = await this.current();
    if (!snapshot.byProduct.has(product.id)) return product;
    let running: SaleRule | undefined;
    const variants = await Promise.all(
      product.variants.map(async (v) => {
        if (!v.price) return v;
        const { amount, sale } = await this.priceFor(v.id, v.price.currency, v.price.amount, now);
        if (!sale) return v;
        running ??= snapshot.byVariant.get(v.id)!.find((e) => e.sale.id === sale.id)!.sale;
        const was = Math.max(v.price.amount, v.compareAtPrice?.amount ?? 0);
        return { ...v, price: { ...v.price, amount }, compareAtPrice: { amount: was, currency: v.price.currency } };
      }),
    );
    if (!running) return product;
    const prices = variants.flatMap((v) => (v.price ? [v.price.amount] : []));
    const currency = product.price?.currency;
    return {
      ...product,
      variants,
      price: currency && prices.length ? { amount: Math.min(...prices), currency } : product.price,
      maxPrice: currency && prices.length ? { amount: Math.max(...prices), currency } : product.maxPrice,
      flashSale: badge(running),
    };
  }

  /** Listing cards at this moment's prices: the cheapest price counts the sale in, with its badge. */
  async decorateSummaries<T extends TProductSummary>(items: T[], now = new Date()): Promise<T[]> {
    const snapshot = await this.current();
    if (!snapshot.byProduct.size) return items;
    return items.map((item) => {
      const entries = snapshot.byProduct.get(item.id);
      if (!entries || !item.price) return item;
      const currency = item.price.currency;
      let min = item.price.amount;
      let running: SaleRule | undefined;
      for (const e of entries) {
        const base = e.base[currency];
        if (base === undefined) continue;
        const price = salePrice(base, currency, { ...e.sale, prices: e.prices }, now);
        if (price === null) continue;
        running ??= e.sale;
        min = Math.min(min, price);
      }
      return running ? { ...item, price: { amount: min, currency }, flashSale: badge(running) } : item;
    });
  }

  /**
   * Checkout, in its transaction: records what this customer buys at sale prices and refuses a
   * line that would take them past the sale's per-customer limit.
   */
  async recordPurchases(tx: Queryable, orderId: string, customer: CustomerIdentity, lines: { variantId: string; quantity: number; sale: FlashBadge | null }[]) {
    // The sale as it was when the cart was priced: the limit holds even if the sale ended since.
    const bySale = new Map<string, { sale: FlashBadge; lines: { variantId: string; quantity: number }[] }>();
    for (const l of lines) {
      if (l.sale) bySale.set(l.sale.id, { sale: l.sale, lines: [...(bySale.get(l.sale.id)?.lines ?? []), l] });
    }
    for (const [saleId, { sale, lines: saleLines }] of [...bySale].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (sale.perCustomerLimit) {
        await lockCustomer(tx, `flash:${saleId}`, customer);
        const { rows } = await tx.query<{ n: number }>(
          'SELECT coalesce(sum(quantity), 0)::int AS n FROM flash_sale_purchases WHERE flash_sale_id = $1 AND customer_key = ANY($2::text[])',
          [saleId, customer.keys],
        );
        const already = rows[0]!.n;
        const wanted = saleLines.reduce((s, l) => s + l.quantity, 0);
        if (already + wanted > sale.perCustomerLimit) {
          const left = Math.max(0, sale.perCustomerLimit - already);
          throw new AppError('validation_failed', `"${sale.name}" allows ${sale.perCustomerLimit} per customer; ${left} left for you`, {
            fields: saleLines.map((l) => ({ field: `cart.lines.${l.variantId}`, message: `at most ${left} more at the sale price`, code: 'flash_sale_limit' })),
          });
        }
      }
      for (const l of saleLines) {
        await tx.query(
          `INSERT INTO flash_sale_purchases (flash_sale_id, order_id, customer_key, variant_id, quantity) VALUES ($1, $2, $3, $4, $5)`,
          [saleId, orderId, customer.key, l.variantId, l.quantity],
        );
      }
    }
  }

  /** A cancelled order gives its sale units back to the customer's limit. */
  async onOrderCancelled(tx: Queryable, orderId: string) {
    await tx.query('DELETE FROM flash_sale_purchases WHERE order_id = $1', [orderId]);
  }

  /**
   * For the worker, every few seconds: sales that started or ended since the last call refresh
   * the pages that show their products. Each start and end fires once, whichever process gets it.
   */
  async fireDue(): Promise<{ started: number; ended: number }> {
    const fire = (column: 'started_fired_at' | 'ended_fired_at', edge: 'starts_at' | 'ends_at') =>
      this.deps.db.query<{ id: string }>(
        `UPDATE flash_sales SET ${column} = now() WHERE NOT cancelled AND ${edge} <= now() AND ${column} IS NULL RETURNING id`,
      );
    const [started, ended] = [await fire('started_fired_at', 'starts_at'), await fire('ended_fired_at', 'ends_at')];
    const ids = [...started.rows, ...ended.rows].map((r) => r.id);
    if (ids.length) {
      this.forget();
      const { rows } = await this.deps.db.query<{ product_id: string }>(
        `SELECT DISTINCT v.product_id FROM flash_sale_items i JOIN variants v ON v.id = i.variant_id WHERE i.flash_sale_id = ANY($1::uuid[])`,
        [ids],
      );
      await this.deps.onPricesChanged(rows.map((r) => r.product_id));
    }
    return { started: started.rowCount, ended: ended.rowCount };
  }

  /** Base prices changed (a bulk run): sale prices computed from them must be reloaded. */
  forget() {
    this.generation++;
    this.snapshot = undefined;
    this.loading = undefined;
  }

  private async current(): Promise<Snapshot> {
    if (this.snapshot && Date.now() - this.snapshot.loadedAt < SNAPSHOT_MS) return this.snapshot;
    if (!this.loading) {
      const loading = this.loadSnapshot().finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  private async loadSnapshot(): Promise<Snapshot> {
    const generation = this.generation;
    // Sales running now or starting within the hour; the snapshot is reloaded every few seconds.
    const rows = await this.load(this.deps.db, `WHERE NOT s.cancelled AND s.ends_at > now() AND s.starts_at < now() + interval '1 hour'`, []);
    const snapshot: Snapshot = { loadedAt: Date.now(), byVariant: new Map(), byProduct: new Map() };
    for (const row of rows) {
      const sale = toRule(row);
      for (const item of row.items) {
        const entry = { sale, prices: item.prices, base: item.base };
        snapshot.byVariant.set(item.variant_id, [...(snapshot.byVariant.get(item.variant_id) ?? []), { ...entry, productId: item.product_id }]);
        snapshot.byProduct.set(item.product_id, [...(snapshot.byProduct.get(item.product_id) ?? []), { ...entry, variantId: item.variant_id }]);
      }
    }
    if (generation === this.generation) this.snapshot = snapshot;
    return snapshot;
  }

  private async load(db: Queryable, where: string, params: unknown[]): Promise<SaleRow[]> {
    const { rows } = await db.query<SaleRow>(
      `SELECT s.*,
              coalesce((SELECT json_agg(json_build_object('variant_id', i.variant_id, 'product_id', v.product_id, 'prices', i.prices,
                          'base', coalesce((SELECT json_object_agg(vp.currency, vp.amount) FROM variant_prices vp WHERE vp.variant_id = i.variant_id), '{}')))
                          FROM flash_sale_items i JOIN variants v ON v.id = i.variant_id WHERE i.flash_sale_id = s.id), '[]') AS items
         FROM flash_sales s ${where}`,
      params,
    );
    return rows;
  }
}

function toRule(r: SaleRow): SaleRule {
  return {
    id: r.id,
    name: r.name,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    kind: r.kind,
    percentBp: r.percent_bp,
    perCustomerLimit: r.per_customer_limit,
    prices: {},
  };
}

const badge = (s: SaleRule): FlashBadge => ({ id: s.id, name: s.name, endsAt: s.endsAt.toISOString(), perCustomerLimit: s.perCustomerLimit });

function toView(r: SaleRow) {
  const now = new Date();
  const rule = toRule(r);
  return {
    id: r.id,
    name: r.name,
    startsAt: new Date(r.starts_at).toISOString(),
    endsAt: new Date(r.ends_at).toISOString(),
    kind: r.kind,
    percentOff: r.percent_bp === null ? null : r.percent_bp / 100,
    perCustomerLimit: r.per_customer_limit,
    cancelled: r.cancelled,
    state: r.cancelled ? ('cancelled' as const) : isRunning(rule, now) ? ('running' as const) : now < rule.startsAt ? ('scheduled' as const) : ('ended' as const),
    items: r.items.map((i) => ({ variantId: i.variant_id, prices: i.prices })),
  };
}
