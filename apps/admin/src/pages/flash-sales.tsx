import { type FormEvent, useState } from 'react';
import { Field, FormError, LoadError, Pager, confirmAction, inputProps } from '../components/ui';

const PAGE = 25;
import { fieldErrors, formatStoreTime, isoToStoreTime, storeTimeToIso } from '../lib/forms';
import { api } from '../lib/session';
import { useLoad } from '../lib/use-load';

/**
 * Flash sales: what runs when (in the store's time, Asia/Colombo), and scheduling a new one on
 * products found by title or SKU. The storefront shows a sale from its start to the second.
 */
export function FlashSalesPage() {
  const sales = useLoad(() => api.listFlashSales(), []);
  const [offset, setOffset] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<{ id: string; label: string }[]>([]);
  const found = useLoad(() => (q.trim().length >= 2 ? api.listAdminProducts({ query: { q: q.trim(), limit: 10 } }) : Promise.resolve(null)), [q]);
  const now = isoToStoreTime(new Date().toISOString());
  const inAWeek = isoToStoreTime(new Date(Date.now() + 7 * 86_400_000).toISOString());

  async function addProduct(productId: string, title: string) {
    const product = await api.getProductById({ params: { id: productId }, query: { currency: 'LKR' } });
    setChosen((all) => [...all, ...product.variants.filter((v) => !all.some((c) => c.id === v.id)).map((v) => ({ id: v.id, label: `${title} · ${v.title} (${v.sku})` }))]);
  }

  async function schedule(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const startsAt = storeTimeToIso(String(form.get('startsAt')));
    const endsAt = storeTimeToIso(String(form.get('endsAt')));
    const local: Record<string, string> = {};
    if (!startsAt) local.startsAt = 'a date and time';
    if (!endsAt) local.endsAt = 'a date and time';
    if (!chosen.length) local.items = 'add at least one product';
    if (Object.keys(local).length) return setErrors(local);
    try {
      const limit = String(form.get('perCustomerLimit') ?? '').trim();
      const sale = await api.createFlashSale({
        body: {
          name: String(form.get('name') ?? '').trim(),
          startsAt: startsAt!,
          endsAt: endsAt!,
          kind: 'percentage',
          percentOff: Number(form.get('percentOff')),
          perCustomerLimit: limit ? Number(limit) : null,
          items: chosen.map((c) => ({ variantId: c.id })),
        },
      });
      setErrors({});
      setChosen([]);
      setCreated(`Scheduled "${sale.name}".`);
      sales.reload();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }

  async function cancel(id: string, name: string) {
    if (!confirmAction(`Cancel the flash sale "${name}"? Prices go back at once.`)) return;
    await api.cancelFlashSale({ params: { id } });
    sales.reload();
  }

  return (
    <>
      <h1>Flash sales</h1>
      <LoadError error={sales.error} />
      <table>
        <caption>What runs when (store time)</caption>
        <thead>
          <tr>
            <th scope="col">Sale</th>
            <th scope="col">Starts</th>
            <th scope="col">Ends</th>
            <th scope="col">Discount</th>
            <th scope="col">Items</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sales.data?.items.slice(offset, offset + PAGE).map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{formatStoreTime(s.startsAt)}</td>
              <td>{formatStoreTime(s.endsAt)}</td>
              <td>{s.kind === 'percentage' ? `${s.percentOff}% off` : 'set prices'}</td>
              <td>{s.items.length}</td>
              <td>
                <span className={`badge ${s.state}`}>{s.state}</span>
              </td>
              <td>
                {(s.state === 'scheduled' || s.state === 'running') && (
                  <button type="button" className="link" onClick={() => cancel(s.id, s.name)}>
                    Cancel
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sales.data && <Pager offset={offset} limit={PAGE} total={sales.data.items.length} onPage={setOffset} />}

      <form onSubmit={schedule} className="editor" aria-labelledby="new-sale" noValidate>
        <h2 id="new-sale">Schedule a flash sale</h2>
        {created && <p role="status">{created}</p>}
        <FormError errors={errors} />
        <Field label="Name" name="name" error={errors.name}>
          <input {...inputProps('name', errors.name)} required maxLength={120} />
        </Field>
        <Field label="Starts (store time)" name="startsAt" error={errors.startsAt}>
          <input {...inputProps('startsAt', errors.startsAt)} type="datetime-local" defaultValue={now} required />
        </Field>
        <Field label="Ends (store time)" name="endsAt" error={errors.endsAt}>
          <input {...inputProps('endsAt', errors.endsAt)} type="datetime-local" defaultValue={inAWeek} required />
        </Field>
        <Field label="Percent off" name="percentOff" error={errors.percentOff}>
          <input {...inputProps('percentOff', errors.percentOff)} type="number" min={1} max={90} defaultValue={20} required />
        </Field>
        <Field label="Units per customer at the sale price (optional)" name="perCustomerLimit" error={errors.perCustomerLimit}>
          <input {...inputProps('perCustomerLimit', errors.perCustomerLimit)} type="number" min={1} />
        </Field>
        <Field label="Find products" name="productSearch" error={errors.items}>
          <input {...inputProps('productSearch', errors.items)} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Title or SKU" />
        </Field>
        <ul className="picks">
          {found.data?.items.map((p) => (
            <li key={p.id}>
              {p.title}{' '}
              <button type="button" className="link" onClick={() => void addProduct(p.id, p.title)}>
                Add all its variants
              </button>
            </li>
          ))}
        </ul>
        {chosen.length > 0 && (
          <ul aria-label="On sale">
            {chosen.map((c) => (
              <li key={c.id}>
                {c.label}{' '}
                <button type="button" className="link" onClick={() => setChosen((all) => all.filter((x) => x.id !== c.id))}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <button type="submit">Schedule sale</button>
      </form>
    </>
  );
}
