import { useState } from 'react';
import { Link } from 'react-router';
import { LoadError } from '../components/ui';
import { formatMoney, isoToStoreTime, storeTimeToIso } from '../lib/forms';
import { api } from '../lib/session';
import { useLoad } from '../lib/use-load';

const COUNTED = new Set(['paid', 'fulfilled', 'shipped', 'delivered', 'partially_refunded']);

/**
 * Sales for a date range and currency: revenue, orders, average order value and top products,
 * worked out from the order list. (A server-side analytics endpoint with the conversion funnel and
 * charts is still to come: this reads every order, which is fine for a young shop only.)
 */
export function DashboardPage() {
  const today = isoToStoreTime(new Date().toISOString()).slice(0, 10);
  const weekAgo = isoToStoreTime(new Date(Date.now() - 6 * 86_400_000).toISOString()).slice(0, 10);
  const [from, setFrom] = useState(weekAgo);
  const [to, setTo] = useState(today);
  const [currency, setCurrency] = useState<'LKR' | 'USD'>('LKR');
  const { data, error } = useLoad(() => api.listOrders(), []);
  const start = Date.parse(storeTimeToIso(`${from}T00:00`) ?? '');
  const end = Date.parse(storeTimeToIso(`${to}T00:00`) ?? '') + 86_400_000;
  const orders = (data?.items ?? []).filter((o) => o.currency === currency && COUNTED.has(o.status) && Date.parse(o.createdAt) >= start && Date.parse(o.createdAt) < end);
  const revenue = orders.reduce((sum, o) => sum + o.totals.total.amount, 0);
  const top = new Map<string, { title: string; units: number; amount: number }>();
  for (const o of orders)
    for (const l of o.lines) {
      const row = top.get(l.productId) ?? { title: l.title, units: 0, amount: 0 };
      row.units += l.quantity;
      row.amount += l.lineTotal.amount;
      top.set(l.productId, row);
    }
  const best = [...top.values()].sort((a, b) => b.amount - a.amount).slice(0, 5);
  const waiting = (data?.items ?? []).filter((o) => o.status === 'paid' || o.status === 'fulfilled').length;

  return (
    <>
      <h1>Dashboard</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="from">From</label>
        <input id="from" type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor="to">To</label>
        <input id="to" type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
        <label htmlFor="currency">Currency</label>
        <select id="currency" value={currency} onChange={(e) => setCurrency(e.target.value as 'LKR' | 'USD')}>
          <option value="LKR">LKR</option>
          <option value="USD">USD</option>
        </select>
      </form>
      <LoadError error={error} />
      <dl className="stats">
        <div>
          <dt>Revenue</dt>
          <dd>{formatMoney({ amount: revenue, currency })}</dd>
        </div>
        <div>
          <dt>Orders</dt>
          <dd>{orders.length}</dd>
        </div>
        <div>
          <dt>Average order</dt>
          <dd>{orders.length ? formatMoney({ amount: Math.round(revenue / orders.length), currency }) : '—'}</dd>
        </div>
        <div>
          <dt>To pack or ship</dt>
          <dd>
            <Link to="/orders?status=paid">{waiting}</Link>
          </dd>
        </div>
      </dl>
      <h2>Top products</h2>
      {best.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Units</th>
              <th scope="col">Sales</th>
            </tr>
          </thead>
          <tbody>
            {best.map((b) => (
              <tr key={b.title}>
                <td>{b.title}</td>
                <td>{b.units}</td>
                <td>{formatMoney({ amount: b.amount, currency })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No sales in this range.</p>
      )}
    </>
  );
}
