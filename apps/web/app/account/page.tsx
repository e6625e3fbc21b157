import type { Metadata } from 'next';
import { ORDER_STATUS, requireCustomer } from '../../lib/account';
import { ProductCard } from '../../components/product-card';
import { api, formatMoney } from '../../lib/api';
import { chosenCurrency } from '../../lib/currency';
import { logout } from '../actions';

export const metadata: Metadata = { title: 'Your account | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

export default async function AccountPage() {
  await requireCustomer('/account');
  const currency = await chosenCurrency();
  const [me, orders, picks] = await Promise.all([
    api.getMe(),
    api.listMyOrders(),
    api.myRecommendations({ query: { currency, limit: 6 } }).catch(() => ({ items: [], source: 'trending' as const })),
  ]);
  return (
    <main>
      <h1>Hello{me.name ? `, ${me.name}` : ''}</h1>
      <div className="inline">
        <span>Signed in as {me.email}.</span>{' '}
        <form action={logout} className="inline">
          <button type="submit" className="link">
            Sign out
          </button>
        </form>
      </div>
      <nav aria-label="Account" className="chips">
        <a href="/account/addresses" className="chip">
          Addresses
        </a>
        <a href="/wishlist" className="chip">
          Wishlist
        </a>
        <a href="/account/reviews" className="chip">
          Your reviews
        </a>
      </nav>
      <h2>Your orders</h2>
      {orders.items.length === 0 ? (
        <p>No orders yet.</p>
      ) : (
        <table className="orders">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Status</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {orders.items.map((o) => (
              <tr key={o.id}>
                <td>
                  <a href={`/orders/${o.id}`}>{o.number}</a>
                </td>
                <td>
                  <time dateTime={o.createdAt}>{new Date(o.createdAt).toLocaleDateString('en-LK')}</time>
                </td>
                <td>{ORDER_STATUS[o.status] ?? o.status}</td>
                <td>{formatMoney(o.totals.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {picks.items.length > 0 && (
        <section aria-labelledby="picks">
          <h2 id="picks">{picks.source === 'personal' ? 'Picked for you' : 'Popular right now'}</h2>
          <ul className="grid">
            {picks.items.map((p) => (
              <ProductCard key={p.id} product={p} />
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
