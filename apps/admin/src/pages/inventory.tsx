import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { TInventoryListItem } from '@tk/sdk';
import { Field, FormError, inputProps, LoadError, Pager, SearchForm } from '../components/ui';
import { fieldErrors, formatStoreTime } from '../lib/forms';
import { api } from '../lib/session';
import { useLoad } from '../lib/use-load';
import { useUrlState } from '../lib/url-state';

const LIMIT = 25;
const REASONS = { receive: 'Received from a supplier', correction: 'Count correction', damage: 'Damaged or lost', return: 'Returned by a customer' } as const;

/** Stock per variant and location, least available first: search, low-stock only, adjust, thresholds, history. */
export function InventoryPage() {
  const url = useUrlState();
  const q = url.get('q');
  const low = url.get('low') === '1';
  const [open, setOpen] = useState<string | null>(null);
  const { data, error, loading, reload } = useLoad(() => api.listInventory({ query: { q: q || undefined, lowStock: low ? 'true' : undefined, limit: LIMIT, offset: url.offset } }), [q, low, url.offset]);

  return (
    <>
      <h1>Inventory</h1>
      <SearchForm id="stock-search" label="Product or SKU" initial={q} onSearch={(text) => url.set({ q: text, offset: '' })}>
        <label>
          <input type="checkbox" checked={low} onChange={(e) => url.set({ low: e.target.checked ? '1' : '', offset: '' })} /> Low stock only
        </label>
      </SearchForm>
      <LoadError error={error} />
      <table aria-busy={loading}>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Location</th>
            <th scope="col">On hand</th>
            <th scope="col">Reserved</th>
            <th scope="col">Available</th>
            <th scope="col">Alert at</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((i) => {
            const key = `${i.variantId}:${i.locationId}`;
            return [
              <tr key={key}>
                <td>
                  <Link to={`/products/${i.productId}`}>{i.productTitle}</Link>
                  <div className="muted">
                    {i.variantTitle} · {i.sku}
                  </div>
                </td>
                <td>{i.locationCode}</td>
                <td>{i.onHand}</td>
                <td>{i.reserved}</td>
                <td className={i.low ? 'error' : undefined}>
                  {i.available}
                  {i.low && <span className="sr-only"> (low)</span>}
                </td>
                <td>{i.lowStockThreshold}</td>
                <td>
                  <button type="button" className="link" aria-expanded={open === key} onClick={() => setOpen(open === key ? null : key)}>
                    {open === key ? 'Close' : `Adjust ${i.sku}`}
                  </button>
                </td>
              </tr>,
              open === key && (
                <tr key={`${key}-detail`}>
                  <td colSpan={7}>
                    <StockDetail item={i} onChanged={reload} />
                  </td>
                </tr>
              ),
            ];
          })}
          {data && !data.items.length && (
            <tr>
              <td colSpan={7}>{low ? 'Nothing is running low.' : 'No stock matches.'}</td>
            </tr>
          )}
        </tbody>
      </table>
      {data && <Pager offset={url.offset} limit={LIMIT} total={data.total} onPage={(o) => url.set({ offset: o ? String(o) : '' })} />}
    </>
  );
}

/** One variant at one location: an adjustment with its reason, the alert level, and the ledger. */
export function StockDetail({ item, onChanged }: { item: TInventoryListItem; onChanged: () => void }) {
  const history = useLoad(() => api.getVariantStock({ params: { id: item.variantId } }), [item.variantId, item.onHand, item.lowStockThreshold]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [thresholdErrors, setThresholdErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState('');

  async function adjust(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = event.currentTarget;
    const quantity = Number(form.get('quantity'));
    if (!Number.isInteger(quantity) || quantity === 0) return setErrors({ quantity: 'a whole number of units, not zero: positive to add, negative to remove' });
    setErrors({});
    try {
      const level = await api.adjustStock({
        body: { variantId: item.variantId, locationId: item.locationId, quantity, reason: form.get('reason') as keyof typeof REASONS, note: String(form.get('note') ?? '').trim() || undefined },
      });
      setDone(`Saved: ${level.available} available now.`);
      target.reset();
      onChanged();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }

  async function setThreshold(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const threshold = Number(new FormData(event.currentTarget).get('threshold'));
    if (!Number.isInteger(threshold) || threshold < 0) return setThresholdErrors({ threshold: 'a whole number of units, 0 or more' });
    setThresholdErrors({});
    try {
      await api.setLowStockThreshold({ body: { variantId: item.variantId, locationId: item.locationId, threshold } });
      setDone(`Staff are alerted when ${item.sku} falls to ${threshold} or below.`);
      onChanged();
    } catch (err) {
      setThresholdErrors(fieldErrors(err));
    }
  }

  const movements = (history.data?.movements ?? []).filter((m) => m.locationId === item.locationId);
  return (
    <div className="grid-2">
      <div>
        <form onSubmit={adjust} className="stack" noValidate aria-label={`Adjust stock of ${item.sku}`}>
          <FormError errors={errors} />
          <Field label="Units (+ to add, − to remove)" name="quantity" error={errors.quantity}>
            <input {...inputProps('quantity', errors.quantity)} type="number" step={1} required />
          </Field>
          <Field label="Reason" name="reason" error={errors.reason}>
            <select {...inputProps('reason', errors.reason)} defaultValue="receive">
              {Object.entries(REASONS).map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Note" name="note" error={errors.note} hint="Optional: a delivery note number, who counted.">
            <input {...inputProps('note', errors.note)} maxLength={200} />
          </Field>
          <div className="actions">
            <button type="submit">Save adjustment</button>
          </div>
        </form>
        <form onSubmit={setThreshold} className="stack" noValidate aria-label={`Low-stock alert for ${item.sku}`}>
          <FormError errors={thresholdErrors} />
          <Field label="Alert when available falls to" name="threshold" error={thresholdErrors.threshold}>
            <input {...inputProps('threshold', thresholdErrors.threshold)} type="number" min={0} step={1} defaultValue={item.lowStockThreshold} />
          </Field>
          <div className="actions">
            <button type="submit" className="secondary">
              Save alert level
            </button>
          </div>
        </form>
        {done && <p role="status">{done}</p>}
      </div>
      <div>
        <h3>Movements at {item.locationCode}</h3>
        <LoadError error={history.error} />
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">On hand</th>
              <th scope="col">Reserved</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {movements.map((m, n) => (
              <tr key={n}>
                <td>{formatStoreTime(m.createdAt)}</td>
                <td>{m.onHandDelta ? (m.onHandDelta > 0 ? `+${m.onHandDelta}` : m.onHandDelta) : ''}</td>
                <td>{m.reservedDelta ? (m.reservedDelta > 0 ? `+${m.reservedDelta}` : m.reservedDelta) : ''}</td>
                <td>
                  {m.reason}
                  {m.reference && <div className="muted">{m.reference.replace(/^note:/, '')}</div>}
                </td>
              </tr>
            ))}
            {history.data && !movements.length && (
              <tr>
                <td colSpan={4}>No movements yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
