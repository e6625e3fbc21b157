import type { Metadata } from 'next';
import { LiveRefresh } from '../../components/live-refresh';
import { formatMoney } from '../../lib/api';
import { currentCart } from '../../lib/cart';
import { applyDiscountCode, removeDiscountCode, removeFromCart, setCartQuantity } from '../actions';

export const metadata: Metadata = { title: 'Your cart | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

const LIVE = ['cart.updated'];

/** The cart, the same one the shopper's phone shows: changes made there appear here live. */
export default async function CartPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const [cart, { error }] = await Promise.all([currentCart(), searchParams]);
  const alert = error && (
    <p role="alert" className="error">
      {error}
    </p>
  );
  if (!cart || !cart.lines.length) {
    return (
      <main>
        <h1>Your cart</h1>
        {alert}
        <p>
          Your cart is empty. <a href="/">Keep shopping</a>
        </p>
        <LiveRefresh events={LIVE} />
      </main>
    );
  }
  return (
    <main>
      <h1>Your cart</h1>
      {alert}
      <table className="cart">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Quantity</th>
            <th scope="col">Price</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {cart.lines.map((l) => (
            <tr key={l.variantId} data-line={l.variantId}>
              <td>
                <a href={`/p/${l.productSlug}`}>{l.title}</a> ({l.variantTitle})
                {!l.purchasable && <strong className="error"> · not available in this quantity</strong>}
              </td>
              <td>
                <form action={setCartQuantity} className="inline">
                  <input type="hidden" name="variantId" value={l.variantId} />
                  <label htmlFor={`qty-${l.variantId}`} className="sr-only">
                    Quantity of {l.title}
                  </label>
                  <input id={`qty-${l.variantId}`} name="quantity" type="number" min={0} max={999} defaultValue={l.quantity} className="qty" />
                  <button type="submit" className="secondary">
                    Update
                  </button>
                </form>
              </td>
              <td>{formatMoney(l.lineTotal)}</td>
              <td>
                <form action={removeFromCart}>
                  <input type="hidden" name="variantId" value={l.variantId} />
                  <button type="submit" className="secondary" aria-label={`Remove ${l.title}`}>
                    Remove
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form action={applyDiscountCode} className="inline">
        <input type="hidden" name="from" value="/cart" />
        <label htmlFor="code">Discount code</label> <input id="code" name="code" autoComplete="off" maxLength={64} required />{' '}
        <button type="submit" className="secondary">
          Apply
        </button>
      </form>
      <dl className="totals">
        <dt>Subtotal</dt>
        <dd>{formatMoney(cart.totals.subtotal)}</dd>
        {cart.promotions.map((p) => (
          <div key={p.id}>
            <dt>
              {p.name}
              {p.code && ` (${p.code})`}
            </dt>
            <dd>
              {p.applied ? `−${formatMoney(p.amount)}` : `does not apply: ${p.reason?.replace(/_/g, ' ')}`}
              {p.code && (
                <form action={removeDiscountCode} className="inline">
                  <input type="hidden" name="code" value={p.code} />
                  <input type="hidden" name="from" value="/cart" />
                  <button type="submit" className="link" aria-label={`Remove code ${p.code}`}>
                    remove
                  </button>
                </form>
              )}
            </dd>
          </div>
        ))}
        <dt>Total before shipping</dt>
        <dd>
          <strong>{formatMoney({ amount: cart.totals.subtotal.amount - cart.totals.discount.amount, currency: cart.currency })}</strong>
        </dd>
      </dl>
      <p className="muted">Prices in {cart.currency}. Shipping and tax are worked out at checkout.</p>
      <a href="/checkout" className="button">
        Check out
      </a>
      <LiveRefresh events={LIVE} />
    </main>
  );
}
