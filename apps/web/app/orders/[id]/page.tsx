import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ApiError } from '@tk/sdk';
import { api, formatMoney } from '../../../lib/api';

export const metadata: Metadata = { title: 'Your order | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

const LABELS: Record<string, string> = {
  pending_payment: 'Awaiting payment',
  payment_failed: 'Payment failed',
  paid: 'Paid',
  fulfilled: 'Packed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

/** A guest's order, reached by its unguessable id (from the confirmation email), with its timeline. */
export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const order = await api.getOrder({ params: { id } }).catch((err) => {
    if (err instanceof ApiError && (err.status === 404 || err.status === 400)) notFound();
    throw err;
  });
  return (
    <main>
      <h1>Order {order.number}</h1>
      <p className="status">
        Status: <strong>{LABELS[order.status] ?? order.status}</strong>
      </p>
      {order.status === 'payment_failed' && (
        <p>
          <a href={`/checkout/pay?order=${order.id}`}>Try paying again</a>
        </p>
      )}
      <ul>
        {order.lines.map((l) => (
          <li key={l.variantId}>
            {l.quantity} × {l.title} ({l.variantTitle}) {formatMoney(l.lineTotal)}
          </li>
        ))}
      </ul>
      <p>
        Total: <strong>{formatMoney(order.totals.total)}</strong>
      </p>
      <h2>Timeline</h2>
      <ol className="timeline">
        {order.history.map((h, i) => (
          <li key={i}>
            <time dateTime={h.at}>{new Date(h.at).toLocaleString('en-LK')}</time>: {LABELS[h.to] ?? h.to} ({h.reason})
          </li>
        ))}
      </ol>
    </main>
  );
}
