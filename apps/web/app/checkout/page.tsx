import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { api, formatMoney } from '../../lib/api';
import { currentCart, signedIn } from '../../lib/cart';
import { applyDiscountCode, chooseShipping, placeOrder, setDestination } from '../actions';

export const metadata: Metadata = { title: 'Checkout | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

const COUNTRIES = [
  ['LK', 'Sri Lanka'],
  ['IN', 'India'],
  ['MV', 'Maldives'],
  ['AU', 'Australia'],
  ['GB', 'United Kingdom'],
  ['US', 'United States'],
] as const;

/**
 * Checkout in two steps on one page: where it goes (which decides shipping options and tax),
 * then who it is for, how it ships and the total the API must confirm before it charges anything.
 */
export default async function CheckoutPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const [cart, customer, { error }] = await Promise.all([currentCart(), signedIn(), searchParams]);
  if (!cart || !cart.lines.length) redirect('/cart');
  const [me, addresses] = customer ? await Promise.all([api.getMe(), api.listAddresses()]) : [null, { items: [] }];
  const chosenShipping = cart.shippingOptions.find((o) => o.id === cart.shippingMethodId);
  return (
    <main>
      <h1>Checkout</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p>
        {cart.itemCount} item(s), {formatMoney(cart.totals.subtotal)}
        {cart.totals.discount.amount > 0 && <> less {formatMoney(cart.totals.discount)} off</>}.{' '}
        {customer ? <>Signed in as {me!.email}.</> : <a href="/account/login?next=/checkout">Sign in</a>}
      </p>

      <form action={setDestination} className="inline" aria-label="Delivery country">
        <label htmlFor="dest-country">Deliver to</label>{' '}
        <select id="dest-country" name="country" defaultValue={cart.destination?.country ?? 'LK'} autoComplete="country">
          {COUNTRIES.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>{' '}
        <label htmlFor="dest-postcode" className="sr-only">
          Postal code
        </label>
        <input id="dest-postcode" name="postalCode" placeholder="Postal code" defaultValue={cart.destination?.postalCode ?? ''} autoComplete="postal-code" size={8} />{' '}
        <button type="submit" className="secondary">
          {cart.destination ? 'Change' : 'Continue'}
        </button>
      </form>

      {cart.destination && (
        <>
          <form action={applyDiscountCode} className="inline">
            <input type="hidden" name="from" value="/checkout" />
            <label htmlFor="code">Discount code</label> <input id="code" name="code" autoComplete="off" maxLength={64} required />{' '}
            <button type="submit" className="secondary">
              Apply
            </button>
          </form>
          {cart.shippingOptions.length > 1 && (
            <form action={chooseShipping} className="inline">
              <fieldset>
                <legend>Shipping</legend>
                {cart.shippingOptions.map((o) => (
                  <label key={o.id} className="check">
                    <input type="radio" name="shippingMethodId" value={o.id} defaultChecked={o.id === chosenShipping?.id} /> {o.name}: {formatMoney(o.amount)}
                  </label>
                ))}
                <button type="submit" className="secondary">
                  Use this shipping
                </button>
              </fieldset>
            </form>
          )}
          {cart.shippingOptions.length === 0 ? (
            <p className="error">We do not deliver to this address in {cart.currency} yet.</p>
          ) : (
            <form action={placeOrder} className="form">
              <input type="hidden" name="checkoutKey" value={randomUUID()} />
              {/* The total shown here: the API answers 409 rather than charge a different amount. */}
              <input type="hidden" name="expectedTotal" value={cart.totals.total.amount} />
              {!customer && (
                <>
                  <label htmlFor="email">Email</label>
                  <input id="email" name="email" type="email" autoComplete="email" required />
                </>
              )}
              {addresses.items.length > 0 && (
                <fieldset>
                  <legend>Saved addresses</legend>
                  {addresses.items.map((a, i) => (
                    <label key={a.id} className="check">
                      <input type="radio" name="addressId" value={a.id} defaultChecked={a.isDefaultShipping || i === 0} /> {a.fullName}, {a.line1}, {a.city} {a.country}
                    </label>
                  ))}
                  <label className="check">
                    <input type="radio" name="addressId" value="" /> A new address (below)
                  </label>
                </fieldset>
              )}
              <label htmlFor="fullName">Full name</label>
              <input id="fullName" name="fullName" autoComplete="name" defaultValue={me?.name ?? ''} required={addresses.items.length === 0} />
              <label htmlFor="line1">Address</label>
              <input id="line1" name="line1" autoComplete="address-line1" required={addresses.items.length === 0} />
              <label htmlFor="city">City</label>
              <input id="city" name="city" autoComplete="address-level2" required={addresses.items.length === 0} />
              <label htmlFor="phone">Phone</label>
              <input id="phone" name="phone" type="tel" autoComplete="tel" defaultValue={me?.phone ?? ''} />
              <dl className="totals">
                <dt>Subtotal</dt>
                <dd>{formatMoney(cart.totals.subtotal)}</dd>
                {cart.totals.discount.amount > 0 && (
                  <>
                    <dt>Discount</dt>
                    <dd>−{formatMoney(cart.totals.discount)}</dd>
                  </>
                )}
                <dt>Shipping{chosenShipping && ` (${chosenShipping.name})`}</dt>
                <dd>{formatMoney(cart.totals.shipping)}</dd>
                <dt>Tax</dt>
                <dd>{formatMoney(cart.totals.tax)}</dd>
                <dt>Total</dt>
                <dd>
                  <strong>{formatMoney(cart.totals.total)}</strong>
                </dd>
              </dl>
              <button type="submit">Place order</button>
            </form>
          )}
        </>
      )}
    </main>
  );
}
