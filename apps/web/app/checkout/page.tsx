import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { formatMoney } from '../../lib/api';
import { currentCart } from '../../lib/cart';
import { placeOrder } from '../actions';

export const metadata: Metadata = { title: 'Checkout | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

/** Guest checkout: email and address; the order total shown here is the one the API must confirm. */
export default async function CheckoutPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const cart = await currentCart();
  if (!cart || !cart.lines.length) redirect('/cart');
  const { error } = await searchParams;
  return (
    <main>
      <h1>Checkout</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p>
        {cart.itemCount} item(s), {formatMoney(cart.totals.subtotal)} before shipping and tax.
      </p>
      <form action={placeOrder} className="form">
        <input type="hidden" name="checkoutKey" value={randomUUID()} />
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required />
        <label htmlFor="fullName">Full name</label>
        <input id="fullName" name="fullName" autoComplete="name" required />
        <label htmlFor="line1">Address</label>
        <input id="line1" name="line1" autoComplete="address-line1" required />
        <label htmlFor="city">City</label>
        <input id="city" name="city" autoComplete="address-level2" required />
        <label htmlFor="country">Country</label>
        <select id="country" name="country" autoComplete="country" defaultValue="LK">
          <option value="LK">Sri Lanka</option>
          <option value="IN">India</option>
          <option value="GB">United Kingdom</option>
          <option value="US">United States</option>
        </select>
        <label htmlFor="phone">Phone</label>
        <input id="phone" name="phone" type="tel" autoComplete="tel" />
        <button type="submit">Place order</button>
      </form>
    </main>
  );
}
