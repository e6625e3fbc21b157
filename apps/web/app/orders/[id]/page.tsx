import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ApiError } from '@tk/sdk';
import { LiveRefresh } from '../../../components/live-refresh';
import { ORDER_STATUS } from '../../../lib/account';
import { api, formatMoney } from '../../../lib/api';

export const metadata: Metadata = { title: 'Your order | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

const LIVE = ['order.updated'];


/**
 * One order with its timeline: a customer's own (signed in), or a guest's reached by its
 * unguessable id (from the confirmation email or the lookup form). It follows payment and
 * shipping live, and says "paid" only once the API does.
 */
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
        Status: <strong>{ORDER_STATUS[order.status] ?? order.status}</strong>
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
      {order.shipments?.map((s, i) => (
        <p key={i}>
          Shipped with {s.carrier}, tracking number {s.trackingUrl ? <a href={s.trackingUrl}>{s.trackingNumber}</a> : s.trackingNumber}
        </p>
      ))}
      <h2>Timeline</h2>
      <ol className="timeline">
        {order.history.map((h, i) => (
          <li key={i}>
            <time dateTime={h.at}>{new Date(h.at).toLocaleString('en-LK')}</time>: {ORDER_STATUS[h.to] ?? h.to} ({h.reason})
          </li>
        ))}
      </ol>
      <LiveRefresh events={LIVE} order={order.id} />
    </main>
  );
}
