import { type FormEvent, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ORDER_STATUS_LABELS, type TOrder } from '@tk/sdk';
import { Field, FormError, LoadError, Pager, SearchForm, confirmAction, inputProps } from '../components/ui';
import { fieldErrors, formatMoney, formatStoreTime, parseMoney } from '../lib/forms';
import { api } from '../lib/session';
import { useLoad } from '../lib/use-load';

const LIMIT = 25;
const LABEL: Record<string, string> = ORDER_STATUS_LABELS;

/** Orders by status, searchable by number or email (or one customer's), newest first. */
export function OrdersPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const q = params.get('q') ?? '';
  const customerId = params.get('customer') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const { data, error, loading } = useLoad(
    () => api.listOrders({ query: { status: (status || undefined) as TOrder['status'] | undefined, q: q || undefined, customerId: customerId || undefined, limit: LIMIT, offset } }),
    [status, q, customerId, offset],
  );
  const matching = data?.items ?? [];
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) (v ? next.set(k, v) : next.delete(k));
    setParams(next);
  };
  return (
    <>
      <h1>Orders</h1>
      {customerId && (
        <p>
          One customer's orders. <Link to="/orders">Show everyone's</Link>
        </p>
      )}
      <SearchForm id="order-search" label="Number or email" initial={q} onSearch={(text) => set({ q: text, offset: '' })}>
        <label htmlFor="order-status">Status</label>
        <select id="order-status" value={status} onChange={(e) => set({ status: e.target.value, offset: '' })}>
          <option value="">Any</option>
          {Object.keys(LABEL).map((s) => (
            <option key={s} value={s}>
              {LABEL[s] ?? s}
            </option>
          ))}
        </select>
      </SearchForm>
      <LoadError error={error} />
      <table aria-busy={loading}>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Placed</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {matching.map((o) => (
            <tr key={o.id}>
              <td>
                <Link to={`/orders/${o.id}`}>{o.number}</Link>
              </td>
              <td>{formatStoreTime(o.createdAt)}</td>
              <td>{o.email}</td>
              <td>
                <span className={`badge ${o.status}`}>{LABEL[o.status] ?? o.status}</span>
              </td>
              <td>{formatMoney(o.totals.total)}</td>
            </tr>
          ))}
          {data && !matching.length && (
            <tr>
              <td colSpan={5}>No orders match.</td>
            </tr>
          )}
        </tbody>
      </table>
      {data && <Pager offset={offset} limit={LIMIT} total={data.total} onPage={(o) => set({ offset: o ? String(o) : '' })} />}
    </>
  );
}

/** One order: lines, totals, payments, timeline, and what staff can do next. */
export function OrderPage() {
  const { id = '' } = useParams();
  const { data: order, error, reload } = useLoad(() => api.getOrder({ params: { id } }), [id]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  if (!order) return error ? <LoadError error={error} /> : <p className="muted">Loading…</p>;

  async function act(run: () => Promise<unknown>) {
    setBusy(true);
    setErrors({});
    try {
      await run();
      reload();
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  }
  const ship = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const trackingUrl = String(form.get('trackingUrl') ?? '').trim();
    void act(() => api.shipOrder({ params: { id }, body: { carrier: String(form.get('carrier') ?? '').trim(), trackingNumber: String(form.get('trackingNumber') ?? '').trim(), trackingUrl: trackingUrl || undefined } }));
  };
  const refund = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const amount = parseMoney(String(form.get('amount') ?? ''));
    if (amount === null) return setErrors({ amount: 'an amount such as 1,500.00' });
    if (!confirmAction(`Refund ${formatMoney({ amount, currency: order.currency })} to the customer?`)) return;
    void act(() => api.refundOrder({ params: { id }, body: { amount, reason: String(form.get('reason') ?? '').trim() } }, { idempotencyKey: crypto.randomUUID() }));
  };
  const refundable = order.payments.reduce((sum, p) => sum + (p.status === 'succeeded' ? p.amount.amount - p.refunded.amount : 0), 0);

  return (
    <>
      <p>
        <Link to="/orders">← Orders</Link>
      </p>
      <div className="title-row">
        <h1>Order {order.number}</h1>
        <span className={`badge ${order.status}`}>{LABEL[order.status] ?? order.status}</span>
      </div>
      <p>
        {order.email} · placed {formatStoreTime(order.createdAt)} · {order.shippingMethod}
      </p>
      <FormError errors={errors} />
      <div className="actions">
        {order.status === 'paid' && (
          <button type="button" disabled={busy} onClick={() => act(() => api.fulfilOrder({ params: { id } }))}>
            Mark packed
          </button>
        )}
        {order.status === 'shipped' && (
          <button type="button" disabled={busy} onClick={() => act(() => api.deliverOrder({ params: { id } }))}>
            Mark delivered
          </button>
        )}
        {['pending_payment', 'payment_failed', 'paid', 'fulfilled'].includes(order.status) && (
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => {
              const reason = window.prompt('Why is the order cancelled? (the customer is told; a paid order is refunded in full)');
              if (reason?.trim()) void act(() => api.cancelOrder({ params: { id }, body: { reason: reason.trim() } }));
            }}
          >
            Cancel order
          </button>
        )}
      </div>
      {(order.status === 'paid' || order.status === 'fulfilled') && (
        <form onSubmit={ship} className="editor" aria-labelledby="ship-title" noValidate>
          <h2 id="ship-title">Ship</h2>
          <Field label="Carrier" name="carrier" error={errors.carrier}>
            <input {...inputProps('carrier', errors.carrier)} required defaultValue="Sri Lanka Post" />
          </Field>
          <Field label="Tracking number" name="trackingNumber" error={errors.trackingNumber}>
            <input {...inputProps('trackingNumber', errors.trackingNumber)} required />
          </Field>
          <Field label="Tracking link (optional)" name="trackingUrl" error={errors.trackingUrl}>
            <input {...inputProps('trackingUrl', errors.trackingUrl)} type="url" />
          </Field>
          <button type="submit" disabled={busy}>
            Ship and tell the customer
          </button>
        </form>
      )}
      <h2>Items</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">SKU</th>
            <th scope="col">Quantity</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((l) => (
            <tr key={l.variantId}>
              <td>
                {l.title} ({l.variantTitle})
              </td>
              <td>{l.sku}</td>
              <td>{l.quantity}</td>
              <td>{formatMoney(l.lineTotal)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Subtotal {formatMoney(order.totals.subtotal)} · discount {formatMoney(order.totals.discount)} · shipping {formatMoney(order.totals.shipping)} · tax {formatMoney(order.totals.tax)} · <strong>total {formatMoney(order.totals.total)}</strong>
      </p>
      {order.shipments.map((s, i) => (
        <p key={i}>
          Shipped with {s.carrier}, tracking {s.trackingNumber}, {formatStoreTime(s.shippedAt)}
        </p>
      ))}
      <h2>Payments</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Gateway</th>
            <th scope="col">Status</th>
            <th scope="col">Amount</th>
            <th scope="col">Refunded</th>
            <th scope="col">Card</th>
          </tr>
        </thead>
        <tbody>
          {order.payments.map((p) => (
            <tr key={p.id}>
              <td>{p.gateway}</td>
              <td>
                {p.status}
                {p.failureReason && <div className="muted">{p.failureReason}</div>}
              </td>
              <td>{formatMoney(p.amount)}</td>
              <td>{formatMoney(p.refunded)}</td>
              <td>{p.card ? `${p.card.brand} •••• ${p.card.last4}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {refundable > 0 && (
        <form onSubmit={refund} className="inline" aria-label="Refund" noValidate>
          <Field label={`Refund amount (up to ${formatMoney({ amount: refundable, currency: order.currency })})`} name="amount" error={errors.amount}>
            <input {...inputProps('amount', errors.amount)} inputMode="decimal" defaultValue={(refundable / 100).toFixed(2)} />
          </Field>
          <Field label="Reason" name="reason" error={errors.reason}>
            <input {...inputProps('reason', errors.reason)} required />
          </Field>
          <button type="submit" className="danger" disabled={busy}>
            Refund
          </button>
        </form>
      )}
      <h2>Timeline</h2>
      <ol className="timeline">
        {order.history.map((h, i) => (
          <li key={i}>
            <time dateTime={h.at}>{formatStoreTime(h.at)}</time> {LABEL[h.to] ?? h.to} <span className="muted">({h.reason})</span>
          </li>
        ))}
      </ol>
    </>
  );
}
