import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { subscribeEvents } from '@tk/sdk';
import { BarChart, Funnel } from '../components/charts';
import { LoadError } from '../components/ui';
import { formatMoney, isoToStoreTime } from '../lib/forms';
import { api, apiBaseUrl, session } from '../lib/session';
import { useLoad } from '../lib/use-load';

type Currency = 'LKR' | 'USD' | 'EUR' | 'GBP';

/**
 * The day's business at a glance: the sales report for a range of store days and a currency
 * (revenue, orders, average order, the shopper funnel, daily revenue, best sellers), the stock that
 * is running low, and orders waiting to be packed. Figures refresh by themselves as orders move.
 */
export function DashboardPage() {
  const today = isoToStoreTime(new Date().toISOString()).slice(0, 10);
  const weekAgo = isoToStoreTime(new Date(Date.now() - 6 * 86_400_000).toISOString()).slice(0, 10);
  const [from, setFrom] = useState(weekAgo);
  const [to, setTo] = useState(today);
  const [currency, setCurrency] = useState<Currency>('LKR');
  const report = useLoad(() => api.salesReport({ query: { from, to, currency } }), [from, to, currency]);
  const lowStock = useLoad(() => api.listInventory({ query: { lowStock: 'true', limit: 10 } }), []);
  const waiting = useLoad(() => api.listOrders({ query: { status: 'paid', limit: 1 } }), []);
  const live = useLiveOrders(() => {
    report.reload();
    lowStock.reload();
    waiting.reload();
  });
  const r = report.data;

  return (
    <>
      <div className="title-row">
        <h1>Dashboard</h1>
        <span className={live ? 'live' : 'live off'} role="status">
          {live ? '● Live: updates as orders arrive' : '○ Connecting to live updates…'}
        </span>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="from">From</label>
        <input id="from" type="date" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        <label htmlFor="to">To</label>
        <input id="to" type="date" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} />
        <label htmlFor="currency">Currency</label>
        <select id="currency" value={currency} onChange={(e) => setCurrency(e.target.value as Currency)}>
          {(['LKR', 'USD', 'EUR', 'GBP'] as const).map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </form>
      <LoadError error={report.error} />
      <dl className="stats" aria-busy={report.loading}>
        <div>
          <dt>Revenue</dt>
          <dd>{r ? formatMoney(r.revenue) : '…'}</dd>
          {r && r.refunded.amount > 0 && <small className="muted">after {formatMoney(r.refunded)} refunded</small>}
        </div>
        <div>
          <dt>Orders</dt>
          <dd>{r ? r.orders : '…'}</dd>
        </div>
        <div>
          <dt>Average order</dt>
          <dd>{r ? (r.orders ? formatMoney(r.averageOrderValue) : '—') : '…'}</dd>
        </div>
        <div>
          <dt>To pack or ship</dt>
          <dd>
            <Link to="/orders?status=paid">{waiting.data?.total ?? '…'}</Link>
          </dd>
        </div>
      </dl>
      {r && (
        <div className="grid-2">
          <section>
            <h2>Revenue by day</h2>
            <BarChart label={`Revenue per day in ${currency}, store time`} bars={r.daily.map((d) => ({ label: d.date, value: d.revenue.amount }))} format={(n) => formatMoney({ amount: n, currency })} />
          </section>
          <section>
            <h2>Shopper funnel</h2>
            <Funnel
              stages={[
                { label: 'Viewed a product', value: r.funnel.views },
                { label: 'Added to a cart', value: r.funnel.carts },
                { label: 'Paid orders', value: r.funnel.orders },
              ]}
            />
            <p className="muted">Distinct shoppers over the range, in every currency.</p>
          </section>
        </div>
      )}
      <div className="grid-2">
        <section>
          <h2>Best sellers</h2>
          {r?.topProducts.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Units</th>
                  <th scope="col">Sales</th>
                </tr>
              </thead>
              <tbody>
                {r.topProducts.map((p) => (
                  <tr key={p.productId}>
                    <td>
                      <Link to={`/products/${p.productId}`}>{p.title}</Link>
                    </td>
                    <td>{p.quantity}</td>
                    <td>{formatMoney(p.revenue)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">{r ? 'No sales in this range.' : 'Loading…'}</p>
          )}
        </section>
        <section>
          <h2>Low stock</h2>
          <LoadError error={lowStock.error} />
          {lowStock.data?.items.length ? (
            <>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Variant</th>
                    <th scope="col">Available</th>
                    <th scope="col">Alert at</th>
                  </tr>
                </thead>
                <tbody>
                  {lowStock.data.items.map((i) => (
                    <tr key={`${i.variantId}-${i.locationId}`}>
                      <td>
                        <Link to={`/inventory?q=${encodeURIComponent(i.sku)}`}>{i.productTitle}</Link>
                        <div className="muted">
                          {i.variantTitle} · {i.sku} · {i.locationCode}
                        </div>
                      </td>
                      <td className={i.available === 0 ? 'error' : undefined}>{i.available}</td>
                      <td>{i.lowStockThreshold}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {lowStock.data.total > lowStock.data.items.length && <Link to="/inventory?low=1">All {lowStock.data.total} low-stock variants</Link>}
            </>
          ) : (
            <p className="muted">{lowStock.data ? 'Nothing is running low.' : 'Loading…'}</p>
          )}
        </section>
      </div>
    </>
  );
}

/**
 * Follows every order's status over the staff event stream and calls `onChange` (at most once a
 * second) when one moves. Returns whether the stream is open.
 */
function useLiveOrders(onChange: () => void): boolean {
  const [open, setOpen] = useState(false);
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stream = subscribeEvents(
      { baseUrl: apiBaseUrl, getAccessToken: () => session.accessToken() },
      {
        scope: 'staff',
        onOpen: () => setOpen(true),
        onError: () => setOpen(false),
        onEvent: (event) => {
          if (event.type !== 'order.updated' || timer) return;
          timer = setTimeout(() => {
            timer = undefined;
            latest.current();
          }, 1000);
        },
      },
    );
    return () => {
      clearTimeout(timer);
      stream.close();
    };
  }, []);
  return open;
}
