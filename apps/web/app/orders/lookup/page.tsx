import type { Metadata } from 'next';
import { lookupOrder } from '../../actions';

export const metadata: Metadata = { title: 'Find your order | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

/** Guests find an order by its number and the email it was placed with. */
export default async function OrderLookupPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  return (
    <main>
      <h1>Find your order</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form action={lookupOrder} className="form">
        <label htmlFor="number">Order number</label>
        <input id="number" name="number" required maxLength={20} placeholder="TK-10001" />
        <label htmlFor="email">Email used for the order</label>
        <input id="email" name="email" type="email" autoComplete="email" required />
        <button type="submit">Find order</button>
      </form>
    </main>
  );
}
