import type { Metadata } from 'next';
import { formatMoney } from '../../lib/api';
import { currentCart } from '../../lib/cart';
import { removeFromCart } from '../actions';

export const metadata: Metadata = { title: 'Your cart | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

export default async function CartPage() {
  const cart = await currentCart();
  if (!cart || !cart.lines.length) {
    return (
      <main>
        <h1>Your cart</h1>
        <p>Your cart is empty. <a href="/">Keep shopping</a></p>
      </main>
    );
  }
  return (
    <main>
      <h1>Your cart</h1>
      <table>
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
            <tr key={l.variantId}>
              <td>
                <a href={`/p/${l.productSlug}`}>{l.title}</a> ({l.variantTitle}){!l.purchasable && <strong> · not available in this quantity</strong>}
              </td>
              <td>{l.quantity}</td>
              <td>{formatMoney(l.lineTotal)}</td>
              <td>
                <form action={removeFromCart}>
                  <input type="hidden" name="variantId" value={l.variantId} />
                  <button type="submit" aria-label={`Remove ${l.title}`}>
                    Remove
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Subtotal: <strong>{formatMoney(cart.totals.subtotal)}</strong>
      </p>
      <a href="/checkout" className="button">
        Check out
      </a>
    </main>
  );
}
