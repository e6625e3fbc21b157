import { useState } from 'react';
import { LoadError, Pager } from '../components/ui';
import { fieldErrors, formatStoreTime } from '../lib/forms';
import { api } from '../lib/session';
import { useLoad } from '../lib/use-load';
import { useUrlState } from '../lib/url-state';

const LIMIT = 25;
type Status = 'pending' | 'approved' | 'rejected';

/** The review queue: read, approve or reject; decided reviews can be revisited. */
export function ReviewsPage() {
  const url = useUrlState();
  const status = (url.get('status') || 'pending') as Status;
  const { data, error, loading, reload } = useLoad(() => api.listReviewsForModeration({ query: { status, limit: LIMIT, offset: url.offset } }), [status, url.offset]);
  const [message, setMessage] = useState('');

  async function decide(id: string, decision: 'approved' | 'rejected') {
    try {
      await api.moderateReview({ params: { id }, body: { status: decision } });
      setMessage(decision === 'approved' ? 'Approved: it shows on the product page now.' : 'Rejected: it will not be shown.');
      reload();
    } catch (err) {
      setMessage(fieldErrors(err)[''] ?? 'The change was refused.');
    }
  }

  return (
    <>
      <h1>Reviews</h1>
      <div className="filters" role="group" aria-label="Show reviews">
        {(['pending', 'approved', 'rejected'] as const).map((s) => (
          <button key={s} type="button" className={s === status ? '' : 'secondary'} aria-pressed={s === status} onClick={() => url.set({ status: s === 'pending' ? '' : s, offset: '' })}>
            {s === 'pending' ? 'Waiting' : s === 'approved' ? 'Approved' : 'Rejected'}
          </button>
        ))}
      </div>
      {message && <p role="status">{message}</p>}
      <LoadError error={error} />
      <table aria-busy={loading}>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Review</th>
            <th scope="col">Written</th>
            <th scope="col">
              <span className="sr-only">Decision</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((r) => (
            <tr key={r.id}>
              <td>{r.productTitle}</td>
              <td>
                <strong>
                  {'★'.repeat(r.rating)}
                  {'☆'.repeat(5 - r.rating)}
                </strong>
                <span className="sr-only"> {r.rating} out of 5</span> {r.title}
                {/* Shown as text: a review is never rendered as HTML. */}
                <p className="review-body">{r.body}</p>
                <div className="muted">
                  {r.author}
                  {r.verifiedPurchase && ' · verified purchase'}
                </div>
              </td>
              <td>{formatStoreTime(r.createdAt)}</td>
              <td>
                <div className="inline">
                  {r.status !== 'approved' && (
                    <button type="button" onClick={() => decide(r.id, 'approved')} aria-label={`Approve the review by ${r.author} of ${r.productTitle}`}>
                      Approve
                    </button>
                  )}
                  {r.status !== 'rejected' && (
                    <button type="button" className="danger" onClick={() => decide(r.id, 'rejected')} aria-label={`Reject the review by ${r.author} of ${r.productTitle}`}>
                      Reject
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
          {data && !data.items.length && (
            <tr>
              <td colSpan={4}>{status === 'pending' ? 'No review is waiting.' : 'None.'}</td>
            </tr>
          )}
        </tbody>
      </table>
      {data && <Pager offset={url.offset} limit={LIMIT} total={data.total} onPage={(o) => url.set({ offset: o ? String(o) : '' })} />}
    </>
  );
}
