import type { TCurrency, TSalesReport } from '@tk/contract';
import type { Database } from '../../platform/database.js';

/** The store's days run on Sri Lankan time, whatever the server's or the operator's clock says. */
export const STORE_TIME_ZONE = 'Asia/Colombo';

/** Orders whose payment went through, whatever happened to them afterwards. */
const PAID_STATUSES = ['paid', 'fulfilled', 'shipped', 'delivered', 'partially_refunded', 'refunded'];

/**
 * Sales figures for the dashboard, read straight from the orders and the activity log. Every query
 * takes the same range of store days, turned into instants by PostgreSQL with the store's zone.
 */
export class AnalyticsService {
  constructor(private readonly deps: { db: Database }) {}

  async sales(range: { from: string; to: string; currency: TCurrency }): Promise<TSalesReport> {
    const { db } = this.deps;
    const { from, to, currency } = range;
    // Rows whose creation falls inside [from 00:00, to+1 00:00) store time.
    const inRange = (column: string) =>
      `${column} >= ($1::date::timestamp AT TIME ZONE '${STORE_TIME_ZONE}') AND ${column} < (($2::date + 1)::timestamp AT TIME ZONE '${STORE_TIME_ZONE}')`;
    const paidOrders = `SELECT o.id, o.total, o.created_at FROM orders o
       WHERE ${inRange('o.created_at')} AND o.currency = $3 AND o.status = ANY($4::text[])`;
    const args = [from, to, currency, PAID_STATUSES];

    const [daily, refunds, top, funnel] = await Promise.all([
      db.query<{ day: string; revenue: string; orders: string }>(
        `SELECT to_char((p.created_at AT TIME ZONE '${STORE_TIME_ZONE}')::date, 'YYYY-MM-DD') AS day,
                sum(p.total) AS revenue, count(*) AS orders
           FROM (${paidOrders}) p GROUP BY 1`,
        args,
      ),
      db.query<{ day: string; refunded: string }>(
        `SELECT to_char((p.created_at AT TIME ZONE '${STORE_TIME_ZONE}')::date, 'YYYY-MM-DD') AS day, sum(r.amount) AS refunded
           FROM (${paidOrders}) p JOIN refunds r ON r.order_id = p.id AND r.status = 'succeeded' GROUP BY 1`,
        args,
      ),
      db.query<{ product_id: string; title: string; quantity: string; revenue: string }>(
        `SELECT l.product_id, min(l.title) AS title, sum(l.quantity) AS quantity, sum(l.line_total) AS revenue
           FROM (${paidOrders}) p JOIN order_lines l ON l.order_id = p.id
          GROUP BY l.product_id ORDER BY sum(l.line_total) DESC, min(l.title) LIMIT 10`,
        args,
      ),
      // A shopper without an id (no account, no device id) counts once per event.
      db.query<{ views: string; carts: string }>(
        `SELECT count(DISTINCT coalesce(shopper, 'event:' || id)) FILTER (WHERE kind = 'view') AS views,
                count(DISTINCT coalesce(shopper, 'event:' || id)) FILTER (WHERE kind = 'cart') AS carts
           FROM activity_events WHERE ${inRange('occurred_at')} AND kind IN ('view', 'cart')`,
        [from, to],
      ),
    ]);
    const funnelOrders = await db.query<{ orders: string }>(
      `SELECT count(*) AS orders FROM orders o WHERE ${inRange('o.created_at')} AND o.status = ANY($3::text[])`,
      [from, to, PAID_STATUSES],
    );

    const refundedByDay = new Map(refunds.rows.map((r) => [r.day, Number(r.refunded)]));
    const byDay = new Map(daily.rows.map((r) => [r.day, { gross: Number(r.revenue), orders: Number(r.orders) }]));
    const days: TSalesReport['daily'] = [];
    let gross = 0;
    let orders = 0;
    let refunded = 0;
    for (const day of eachDay(from, to)) {
      const d = byDay.get(day) ?? { gross: 0, orders: 0 };
      const back = refundedByDay.get(day) ?? 0;
      gross += d.gross;
      orders += d.orders;
      refunded += back;
      days.push({ date: day, revenue: { amount: d.gross - back, currency }, orders: d.orders });
    }
    return {
      from,
      to,
      currency,
      revenue: { amount: gross - refunded, currency },
      refunded: { amount: refunded, currency },
      orders,
      // What a paid order was worth when placed; refunds show separately.
      averageOrderValue: { amount: orders ? Math.round(gross / orders) : 0, currency },
      funnel: { views: Number(funnel.rows[0]!.views), carts: Number(funnel.rows[0]!.carts), orders: Number(funnelOrders.rows[0]!.orders) },
      daily: days,
      topProducts: top.rows.map((r) => ({ productId: r.product_id, title: r.title, quantity: Number(r.quantity), revenue: { amount: Number(r.revenue), currency } })),
    };
  }
}

/** Every calendar date from `from` to `to`, inclusive ('YYYY-MM-DD'). */
export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}
