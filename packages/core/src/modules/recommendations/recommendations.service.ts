import type { TCurrency, TProductSummary } from '@tk/contract';
import type { Database } from '../../platform/database.js';
import type { KeyValueStore } from '../../platform/kv.js';
import type { Logger } from '../../platform/logger.js';
import type { CatalogService } from '../catalog/index.js';
import { type Interaction, personalList, similarItems, trending } from './similarity.js';

export type ActivityKind = 'view' | 'search' | 'cart' | 'purchase';

const QUEUE = 'activity:queue';
/** If no worker drains the queue, it stops growing here rather than filling Redis. */
const QUEUE_CAP = 1_000_000;
const LIST_TTL_SECONDS = 14 * 86_400;

/**
 * Shopper activity (views, searches, cart adds, purchases). Recording is a fire-and-forget push
 * onto a Redis list, so it adds no latency to the request; the worker (or the embedded API)
 * drains it into PostgreSQL in batches.
 */
export class ActivityLog {
  constructor(private readonly deps: { db: Database; kv: KeyValueStore; log: Logger }) {}

  record(event: { kind: ActivityKind; shopper?: string | null; productId?: string | null; query?: string | null }): void {
    const row = JSON.stringify({ ...event, at: new Date().toISOString() });
    this.deps.kv.pushCapped(QUEUE, row, QUEUE_CAP).catch((err) => this.deps.log.debug({ err }, 'activity not recorded'));
  }

  /** Moves up to `max` queued events into PostgreSQL in one statement; returns how many were taken off the queue. */
  async flush(max = 5_000): Promise<number> {
    const raw = await this.deps.kv.popBatch(QUEUE, max);
    if (!raw.length) return 0;
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    // Anything a shopper typed is cleaned so one odd search (a NUL byte, a lone surrogate) can never
    // poison the batch; rows that are not what we wrote are dropped.
    const clean = (s: string | null | undefined, max: number) => (s ? s.replace(/\u0000/g, '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD').slice(0, max) : null);
    const rows = raw.flatMap((r) => {
      try {
        const e = JSON.parse(r) as { kind: ActivityKind; shopper?: string | null; productId?: string | null; query?: string | null; at: string };
        if (!['view', 'search', 'cart', 'purchase'].includes(e.kind) || Number.isNaN(Date.parse(e.at))) return [];
        if (e.productId && !UUID.test(e.productId)) return [];
        return [{ ...e, shopper: clean(e.shopper, 100), query: clean(e.query, 200) }];
      } catch {
        return [];
      }
    });
    if (!rows.length) return raw.length;
    await this.deps.db.query(
      `INSERT INTO activity_events (kind, shopper, product_id, query, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::timestamptz[])`,
      [
        rows.map((r) => r.kind),
        rows.map((r) => r.shopper ?? null),
        rows.map((r) => r.productId ?? null),
        rows.map((r) => r.query),
        rows.map((r) => r.at),
      ],
    );
    return raw.length;
  }
}

export interface RecommendationSettings {
  /** Neighbours kept per product. */
  k: number;
  /** Interactions lose half their weight every this many days. */
  halfLifeDays: number;
  /** How far back the job looks. */
  windowDays: number;
}

type Source = 'similar' | 'personal' | 'trending';

/**
 * Pre-computed recommendations. `rebuild` (scheduled, nightly by default) runs item-based
 * collaborative filtering over the activity log and stores, in Redis: the top-K similar products
 * of every product, a personal list for every recently active customer, and the trending list
 * (the fallback for new products and new customers). Reads are a key lookup plus current product
 * cards (price, stock) with out-of-stock and already-bought products left out, kept for two
 * seconds in process memory: they answer in about a millisecond.
 */
export class RecommendationsService {
  private readonly memo = new Map<string, { at: number; value: { items: TProductSummary[]; source: Source } }>();
  /** Lists change when the job runs (nightly): kept a minute in process memory. */
  private readonly lists = new Map<string, { at: number; ids: string[] | undefined }>();
  /** Product cards (price, stock) kept ten seconds: recommendations may lag stock by that much, checkout never does. */
  private readonly cardCache = new Map<string, { at: number; card: TProductSummary | null }>();

  constructor(private readonly deps: { db: Database; kv: KeyValueStore; catalog: CatalogService; log: Logger; settings: RecommendationSettings }) {}

  async rebuild(): Promise<{ products: number; shoppers: number; personal: number; seconds: number }> {
    const started = performance.now();
    const { halfLifeDays, windowDays, k } = this.deps.settings;
    // One row per (shopper, product): the decayed sum of their interactions, computed by PostgreSQL.
    const { rows } = await this.deps.db.query<{ shopper: string; product_id: string; weight: number; bought: boolean; recent: boolean }>(
      `SELECT shopper, product_id,
              sum(CASE kind WHEN 'view' THEN 1 WHEN 'cart' THEN 3 WHEN 'purchase' THEN 5 ELSE 0 END
                  * power(2, -extract(epoch FROM now() - occurred_at) / 86400 / $1))::float8 AS weight,
              bool_or(kind = 'purchase') AS bought,
              max(occurred_at) > now() - interval '30 days' AS recent
         FROM activity_events
        WHERE shopper IS NOT NULL AND product_id IS NOT NULL AND occurred_at > now() - make_interval(days => $2)
        GROUP BY shopper, product_id`,
      [halfLifeDays, windowDays],
    );
    const interactions: Interaction[] = rows.map((r) => ({ shopper: r.shopper, product: r.product_id, weight: Number(r.weight) }));
    const similar = similarItems(interactions, k);
    const { rows: hot } = await this.deps.db.query<{ product_id: string }>(
      `SELECT product_id FROM activity_events
        WHERE product_id IS NOT NULL AND occurred_at > now() - interval '7 days'
        GROUP BY product_id
        ORDER BY sum(CASE kind WHEN 'view' THEN 1 WHEN 'cart' THEN 3 WHEN 'purchase' THEN 5 ELSE 0 END) DESC, product_id
        LIMIT 100`,
    );
    const popular = hot.length ? hot.map((r) => r.product_id) : trending(interactions, 100);

    // Personal lists for customers active in the last 30 days; what they bought is left out.
    const byCustomer = new Map<string, { own: { product: string; weight: number }[]; bought: Set<string>; active: boolean }>();
    for (const r of rows) {
      if (!r.shopper.startsWith('user:')) continue;
      const entry = byCustomer.get(r.shopper) ?? { own: [], bought: new Set<string>(), active: false };
      entry.own.push({ product: r.product_id, weight: Number(r.weight) });
      if (r.bought) entry.bought.add(r.product_id);
      entry.active ||= r.recent;
      byCustomer.set(r.shopper, entry);
    }
    const entries: [string, string][] = [];
    for (const [product, list] of similar) entries.push([`recs:item:${product}`, JSON.stringify(list.map((n) => n.product))]);
    let personal = 0;
    for (const [shopper, c] of byCustomer) {
      if (!c.active) continue;
      const list = personalList(c.own, similar, c.bought, k);
      if (!list.length) continue;
      entries.push([`recs:${shopper}`, JSON.stringify(list)]);
      personal++;
    }
    entries.push(['recs:trending', JSON.stringify(popular)]);
    for (let i = 0; i < entries.length; i += 1000) await this.deps.kv.setMany(entries.slice(i, i + 1000), LIST_TTL_SECONDS);
    this.memo.clear();
    this.lists.clear();
    const seconds = (performance.now() - started) / 1000;
    this.deps.log.info({ products: similar.size, shoppers: new Set(rows.map((r) => r.shopper)).size, personal, seconds }, 'recommendations rebuilt');
    return { products: similar.size, shoppers: new Set(rows.map((r) => r.shopper)).size, personal, seconds };
  }

  /** "Customers who liked this also liked": similar products, else trending ones. */
  async forProduct(productId: string, currency: TCurrency, limit = 10) {
    return this.cached(`p:${productId}:${currency}:${limit}`, async () => {
      const similar = await this.list(`recs:item:${productId}`);
      const ids = similar ?? (await this.list('recs:trending')) ?? [];
      return { items: await this.cards(ids, currency, limit, new Set([productId])), source: (similar ? 'similar' : 'trending') as Source };
    });
  }

  /** The trending list: for home pages and shoppers we know nothing about yet. */
  async trending(currency: TCurrency, limit = 10) {
    return this.cached(`t:${currency}:${limit}`, async () => ({ items: await this.cards((await this.list('recs:trending')) ?? [], currency, limit, new Set()), source: 'trending' as Source }));
  }

  /** A customer's personal list, else trending; what they already bought is left out. */
  async forCustomer(userId: string, currency: TCurrency, limit = 10) {
    return this.cached(`u:${userId}:${currency}:${limit}`, async () => {
      const personal = await this.list(`recs:user:${userId}`);
      const ids = personal ?? (await this.list('recs:trending')) ?? [];
      const { rows } = await this.deps.db.query<{ product_id: string }>(
        `SELECT DISTINCT l.product_id FROM orders o JOIN order_lines l ON l.order_id = o.id
          WHERE o.customer_id = $1 AND o.status IN ('paid', 'fulfilled', 'shipped', 'delivered', 'partially_refunded')`,
        [userId],
      );
      return { items: await this.cards(ids, currency, limit, new Set(rows.map((r) => r.product_id))), source: (personal ? 'personal' : 'trending') as Source };
    });
  }

  private async list(key: string): Promise<string[] | undefined> {
    const hit = this.lists.get(key);
    if (hit && Date.now() - hit.at < 60_000) return hit.ids;
    const raw = await this.deps.kv.get(key);
    const ids = raw ? (JSON.parse(raw) as string[]) : undefined;
    if (this.lists.size > 50_000) this.lists.clear();
    this.lists.set(key, { at: Date.now(), ids });
    return ids;
  }

  /** Current cards of published, in-stock products, in list order; unknown ones loaded in one query. */
  private async cards(ids: string[], currency: TCurrency, limit: number, exclude: Set<string>): Promise<TProductSummary[]> {
    const wanted = ids.filter((id) => !exclude.has(id)).slice(0, limit * 3);
    const now = Date.now();
    const fresh = (id: string) => {
      const hit = this.cardCache.get(`${id}:${currency}`);
      return hit && now - hit.at < 10_000 ? hit : undefined;
    };
    const missing = wanted.filter((id) => !fresh(id));
    if (missing.length) {
      const loaded = await this.deps.catalog.summaries(missing, currency);
      if (this.cardCache.size > 100_000) this.cardCache.clear();
      for (const id of missing) this.cardCache.set(`${id}:${currency}`, { at: now, card: loaded.get(id) ?? null });
    }
    return wanted
      .flatMap((id) => {
        const card = this.cardCache.get(`${id}:${currency}`)?.card;
        return card && card.inStock && card.price ? [card] : [];
      })
      .slice(0, limit);
  }

  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.memo.get(key);
    if (hit && Date.now() - hit.at < 2_000) return hit.value as T;
    const value = await load();
    if (this.memo.size > 5_000) this.memo.clear();
    this.memo.set(key, { at: Date.now(), value: value as { items: TProductSummary[]; source: Source } });
    return value;
  }
}
