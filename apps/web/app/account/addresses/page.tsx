import type { Metadata } from 'next';
import { requireCustomer } from '../../../lib/account';
import { api } from '../../../lib/api';
import { addAddress, deleteAddress } from '../../actions';

export const metadata: Metadata = { title: 'Your addresses | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

export default async function AddressesPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  await requireCustomer('/account/addresses');
  const [{ items }, { error }] = await Promise.all([api.listAddresses(), searchParams]);
  return (
    <main>
      <h1>Your addresses</h1>
      <p>
        <a href="/account">Back to your account</a>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {items.length === 0 ? (
        <p>No saved addresses yet.</p>
      ) : (
        <ul className="cards">
          {items.map((a) => (
            <li key={a.id}>
              <address>
                {a.label && (
                  <>
                    <strong>{a.label}</strong>
                    <br />
                  </>
                )}
                {a.fullName}
                <br />
                {a.line1}
                {a.line2 && `, ${a.line2}`}
                <br />
                {a.city} {a.postalCode} {a.country}
                {a.phone && (
                  <>
                    <br />
                    {a.phone}
                  </>
                )}
              </address>
              {a.isDefaultShipping && <p className="muted">Default for delivery</p>}
              <form action={deleteAddress}>
                <input type="hidden" name="id" value={a.id} />
                <button type="submit" className="secondary" aria-label={`Delete the address ${a.label || a.line1}`}>
                  Delete
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h2>Add an address</h2>
      <form action={addAddress} className="form">
        <label htmlFor="label">Label (optional)</label>
        <input id="label" name="label" placeholder="Home, office…" maxLength={50} />
        <label htmlFor="fullName">Full name</label>
        <input id="fullName" name="fullName" autoComplete="name" required />
        <label htmlFor="line1">Address</label>
        <input id="line1" name="line1" autoComplete="address-line1" required />
        <label htmlFor="line2">Address line 2 (optional)</label>
        <input id="line2" name="line2" autoComplete="address-line2" />
        <label htmlFor="city">City</label>
        <input id="city" name="city" autoComplete="address-level2" required />
        <label htmlFor="postalCode">Postal code</label>
        <input id="postalCode" name="postalCode" autoComplete="postal-code" />
        <label htmlFor="country">Country code</label>
        <input id="country" name="country" autoComplete="country" defaultValue="LK" maxLength={2} required />
        <label htmlFor="phone">Phone</label>
        <input id="phone" name="phone" type="tel" autoComplete="tel" />
        <label className="check">
          <input type="checkbox" name="isDefaultShipping" /> Use for delivery by default
        </label>
        <button type="submit">Save address</button>
      </form>
    </main>
  );
}
