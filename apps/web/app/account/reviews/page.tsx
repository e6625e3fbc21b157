import type { Metadata } from 'next';
import { requireCustomer } from '../../../lib/account';
import { api } from '../../../lib/api';

export const metadata: Metadata = { title: 'Your reviews | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

const STATUS: Record<string, string> = { pending: 'Waiting for our team', approved: 'Published', rejected: 'Not published' };

/** The shopper's reviews and what became of them; a review just sent lands here too. */
export default async function MyReviewsPage({ searchParams }: { searchParams: Promise<{ error?: string; sent?: string; product?: string }> }) {
  await requireCustomer('/account/reviews');
  const [{ items }, { error, sent, product }] = await Promise.all([api.listMyReviews(), searchParams]);
  const backTo = product && product.startsWith('/p/') ? product : null;
  return (
    <main>
      <h1>Your reviews</h1>
      {error && (
        <p role="alert" className="error">
          Your review was not sent: {error}. {backTo && <a href={`${backTo}#reviews`}>Back to the product</a>}
        </p>
      )}
      {sent && <p role="status">Thank you! Your review will appear once our team has read it.</p>}
      {items.length === 0 ? (
        <p>You have not written any reviews yet.</p>
      ) : (
        <ul className="reviews">
          {items.map((r) => (
            <li key={r.id}>
              <p>
                <strong>
                  {r.rating} out of 5{r.title && `: ${r.title}`}
                </strong>{' '}
                <span className="muted">· {STATUS[r.status] ?? r.status}</span>
              </p>
              <p>{r.body}</p>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/account">Back to your account</a>
      </p>
    </main>
  );
}
