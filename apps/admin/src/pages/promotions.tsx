import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { TPromotion } from '@tk/sdk';
import { Field, FormError, inputProps, LoadError, Pager } from '../components/ui';
import { fieldErrors, formatMoney, formatStoreTime, isoToStoreTime, parseMoney, storeTimeToIso } from '../lib/forms';
import { api } from '../lib/session';
import { flattenCategories } from '../lib/categories';
import { useLoad } from '../lib/use-load';

type Errors = Record<string, string>;
type Currency = 'LKR' | 'USD' | 'EUR' | 'GBP';
const CURRENCIES: Currency[] = ['LKR', 'USD', 'EUR', 'GBP'];
const LIMIT = 25;
const TARGETS = { order: 'The whole order', products: 'Chosen products', categories: 'Chosen categories', collections: 'Chosen collections', shipping: 'Shipping' } as const;

function describe(p: TPromotion): string {
  if (p.kind === 'free_shipping') return 'Free shipping';
  if (p.kind === 'percentage') return `${p.percentOff} % off`;
  return `${Object.entries(p.amounts).map(([currency, amount]) => formatMoney({ amount: amount!, currency })).join(' / ')} off`;
}

function state(p: TPromotion): { label: string; badge: string } {
  const now = Date.now();
  if (!p.active) return { label: 'Paused', badge: 'archived' };
  if (Date.parse(p.startsAt) > now) return { label: 'Scheduled', badge: 'scheduled' };
  if (p.endsAt && Date.parse(p.endsAt) <= now) return { label: 'Ended', badge: '' };
  if (p.usageLimit !== null && p.timesUsed >= p.usageLimit) return { label: 'Used up', badge: '' };
  return { label: 'Running', badge: 'running' };
}

/** Discount codes and automatic promotions: what runs, how often it was used, pause or resume. */
export function PromotionsPage() {
  const { data, error, loading, reload } = useLoad(() => api.listPromotions(), []);
  const [offset, setOffset] = useState(0);
  const [message, setMessage] = useState('');
  const items = data?.items ?? [];

  async function toggle(p: TPromotion) {
    try {
      await api.updatePromotion({ params: { id: p.id }, body: { active: !p.active } });
      setMessage(`${p.name} is ${p.active ? 'paused' : 'active again'}.`);
      reload();
    } catch (err) {
      setMessage(fieldErrors(err)[''] ?? 'Refused.');
    }
  }

  return (
    <>
      <div className="title-row">
        <h1>Promotions</h1>
        <Link to="/promotions/new" className="button">
          New promotion
        </Link>
      </div>
      <p className="muted">
        Flash sales (timed price cuts on products) are under <Link to="/flash-sales">Flash sales</Link>.
      </p>
      {message && <p role="status">{message}</p>}
      <LoadError error={error} />
      <table aria-busy={loading}>
        <thead>
          <tr>
            <th scope="col">Promotion</th>
            <th scope="col">Discount</th>
            <th scope="col">On</th>
            <th scope="col">Runs</th>
            <th scope="col">Used</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {items.slice(offset, offset + LIMIT).map((p) => {
            const s = state(p);
            return (
              <tr key={p.id}>
                <td>
                  <Link to={`/promotions/${p.id}`}>{p.name}</Link>
                  <div className="muted">{p.code ? `Code ${p.code}` : 'Automatic'}</div>
                </td>
                <td>{describe(p)}</td>
                <td>
                  {TARGETS[p.target]}
                  {p.targetIds.length > 0 && ` (${p.targetIds.length})`}
                </td>
                <td>
                  {formatStoreTime(p.startsAt)}
                  <div className="muted">{p.endsAt ? `to ${formatStoreTime(p.endsAt)}` : 'no end'}</div>
                </td>
                <td>
                  {p.timesUsed}
                  {p.usageLimit !== null && ` of ${p.usageLimit}`}
                  {p.timesReserved > 0 && <div className="muted">{p.timesReserved} awaiting payment</div>}
                </td>
                <td>
                  <span className={`badge ${s.badge}`}>{s.label}</span>{' '}
                  <button type="button" className="link" onClick={() => toggle(p)}>
                    {p.active ? 'Pause' : 'Resume'}
                  </button>
                </td>
              </tr>
            );
          })}
          {data && !items.length && (
            <tr>
              <td colSpan={6}>No promotions yet.</td>
            </tr>
          )}
        </tbody>
      </table>
      {data && <Pager offset={offset} limit={LIMIT} total={items.length} onPage={setOffset} />}
    </>
  );
}


/** Reads an amount per currency from inputs named `${prefix}-${currency}`; empty inputs are left out. */
function perCurrency(form: FormData, prefix: string, errors: Errors, errorKey: string): Partial<Record<Currency, number>> {
  const out: Partial<Record<Currency, number>> = {};
  for (const c of CURRENCIES) {
    const value = String(form.get(`${prefix}-${c}`) ?? '').trim();
    if (!value) continue;
    const amount = parseMoney(value);
    if (amount === null || amount === 0) errors[`${errorKey}.${c}`] = 'an amount above zero, such as 500.00';
    else out[c] = amount;
  }
  return out;
}

/** Creating or editing a promotion, with every rule the engine supports. */
export function PromotionEditorPage() {
  const { id } = useParams();
  const existing = useLoad(() => (id ? api.getPromotion({ params: { id } }) : Promise.resolve(null)), [id]);
  if (id && !existing.data) return existing.error ? <LoadError error={existing.error} /> : <p className="muted">Loading…</p>;
  return <PromotionForm key={existing.data?.id ?? 'new'} promotion={existing.data ?? undefined} />;
}

function PromotionForm({ promotion }: { promotion?: TPromotion }) {
  const navigate = useNavigate();
  const categories = useLoad(() => api.listCategories(), []);
  const collections = useLoad(() => api.listCollections(), []);
  const [kind, setKind] = useState<TPromotion['kind']>(promotion?.kind ?? 'percentage');
  const [target, setTarget] = useState<TPromotion['target']>(promotion?.target ?? 'order');
  const [targetIds, setTargetIds] = useState<string[]>(promotion?.targetIds ?? []);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [q, setQ] = useState('');
  const found = useLoad(() => (target === 'products' && q.trim().length >= 2 ? api.listAdminProducts({ query: { q: q.trim(), limit: 10 } }) : Promise.resolve(null)), [q, target]);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const automatic = promotion ? promotion.code === null : false;
  const effectiveTarget = kind === 'free_shipping' ? 'shipping' : target;

  const toggleId = (value: string, label?: string) => {
    setTargetIds((all) => (all.includes(value) ? all.filter((x) => x !== value) : [...all, value]));
    if (label) setLabels((l) => ({ ...l, [value]: label }));
  };

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const local: Errors = {};
    const startsAt = storeTimeToIso(String(form.get('startsAt') ?? ''));
    const endsText = String(form.get('endsAt') ?? '');
    const endsAt = endsText ? storeTimeToIso(endsText) : null;
    if (!startsAt) local.startsAt = 'a date and time';
    if (endsText && !endsAt) local.endsAt = 'a date and time, or leave it empty';
    const amounts = kind === 'fixed' ? perCurrency(form, 'amount', local, 'amounts') : {};
    const minSubtotal = perCurrency(form, 'min', local, 'minSubtotal');
    const whole = (name: string) => {
      const v = String(form.get(name) ?? '').trim();
      if (!v) return null;
      if (!/^\d+$/.test(v) || Number(v) < 1) {
        local[name] = 'a whole number from 1, or leave it empty';
        return null;
      }
      return Number(v);
    };
    const usageLimit = whole('usageLimit');
    const perCustomerLimit = whole('perCustomerLimit');
    const percentText = String(form.get('percentOff') ?? '').trim();
    const percentOff = kind === 'percentage' ? Number(percentText) : null;
    if (kind === 'percentage' && (!percentText || !Number.isFinite(percentOff))) local.percentOff = 'a percentage such as 10 or 12.5';
    const priority = Number(form.get('priority') ?? 0);
    if (!Number.isInteger(priority)) local.priority = 'a whole number';
    if (Object.keys(local).length) return setErrors(local);

    const codeText = String(form.get('code') ?? '').trim();
    const body = {
      name: String(form.get('name') ?? '').trim(),
      code: form.get('automatic') === 'on' ? null : codeText,
      kind,
      percentOff,
      amounts,
      target: effectiveTarget,
      targetIds: ['products', 'categories', 'collections'].includes(effectiveTarget) ? targetIds : [],
      minSubtotal,
      startsAt: startsAt!,
      endsAt,
      usageLimit,
      perCustomerLimit,
      exclusive: form.get('exclusive') === 'on',
      priority,
      active: form.get('active') === 'on',
    };
    setBusy(true);
    setErrors({});
    try {
      if (promotion) await api.updatePromotion({ params: { id: promotion.id }, body });
      else await api.createPromotion({ body });
      navigate('/promotions');
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  }

  const flatCategories = flattenCategories(categories.data?.categories ?? []);
  return (
    <>
      <p>
        <Link to="/promotions">← Promotions</Link>
      </p>
      <form onSubmit={save} className="editor" noValidate>
        <h1>{promotion ? promotion.name : 'New promotion'}</h1>
        <FormError errors={errors} />
        <Field label="Name" name="name" error={errors.name} hint="Shown to shoppers in the cart.">
          <input {...inputProps('name', errors.name)} defaultValue={promotion?.name} maxLength={120} />
        </Field>
        <Field label="Code" name="code" error={errors.code} hint="What shoppers type at checkout (3–32 letters, digits, _ or -).">
          <input {...inputProps('code', errors.code)} defaultValue={promotion?.code ?? ''} maxLength={32} autoCapitalize="characters" />
        </Field>
        <label>
          <input type="checkbox" name="automatic" defaultChecked={automatic} /> Automatic: applies to every cart that qualifies, without a code
        </label>
        <Field label="Discount" name="kind" error={errors.kind}>
          <select {...inputProps('kind', errors.kind)} value={kind} onChange={(e) => setKind(e.target.value as TPromotion['kind'])}>
            <option value="percentage">A percentage off</option>
            <option value="fixed">A fixed amount off</option>
            <option value="free_shipping">Free shipping</option>
          </select>
        </Field>
        {kind === 'percentage' && (
          <Field label="Percent off" name="percentOff" error={errors.percentOff}>
            <input {...inputProps('percentOff', errors.percentOff)} inputMode="decimal" defaultValue={promotion?.percentOff ?? ''} />
          </Field>
        )}
        {kind === 'fixed' && (
          <fieldset>
            <legend>Amount off, per currency</legend>
            {errors.amounts && <p className="error">{errors.amounts}</p>}
            {CURRENCIES.map((c) => (
              <Field key={c} label={c} name={`amount-${c}`} error={errors[`amounts.${c}`]}>
                <input {...inputProps(`amount-${c}`, errors[`amounts.${c}`])} inputMode="decimal" defaultValue={promotion?.amounts[c] ? (promotion.amounts[c]! / 100).toFixed(2) : ''} />
              </Field>
            ))}
          </fieldset>
        )}
        {kind !== 'free_shipping' && (
          <Field label="Applies to" name="target" error={errors.target}>
            <select {...inputProps('target', errors.target)} value={target} onChange={(e) => setTarget(e.target.value as TPromotion['target'])}>
              {(['order', 'products', 'categories', 'collections'] as const).map((t) => (
                <option key={t} value={t}>
                  {TARGETS[t]}
                </option>
              ))}
            </select>
          </Field>
        )}
        {effectiveTarget === 'products' && (
          <fieldset>
            <legend>Products</legend>
            {errors.targetIds && <p className="error">{errors.targetIds}</p>}
            <ul>
              {targetIds.map((t) => (
                <li key={t}>
                  {labels[t] ?? t}{' '}
                  <button type="button" className="link" onClick={() => toggleId(t)}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
            <label htmlFor="promo-product-search">Find products by title or SKU</label>
            <input id="promo-product-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
            <ul>
              {found.data?.items
                .filter((p) => !targetIds.includes(p.id))
                .map((p) => (
                  <li key={p.id}>
                    <button type="button" className="link" onClick={() => toggleId(p.id, p.title)}>
                      Add {p.title}
                    </button>
                  </li>
                ))}
            </ul>
          </fieldset>
        )}
        {effectiveTarget === 'categories' && (
          <fieldset>
            <legend>Categories</legend>
            {errors.targetIds && <p className="error">{errors.targetIds}</p>}
            {flatCategories.map((c) => (
              <label key={c.id} className="check">
                <input type="checkbox" checked={targetIds.includes(c.id)} onChange={() => toggleId(c.id)} /> {c.label}
              </label>
            ))}
          </fieldset>
        )}
        {effectiveTarget === 'collections' && (
          <fieldset>
            <legend>Collections</legend>
            {errors.targetIds && <p className="error">{errors.targetIds}</p>}
            {collections.data?.items.length ? (
              collections.data.items.map((c) => (
                <label key={c.id} className="check">
                  <input type="checkbox" checked={targetIds.includes(c.id)} onChange={() => toggleId(c.id)} /> {c.name} ({c.productIds.length} products)
                </label>
              ))
            ) : (
              <p className="muted">No collections yet.</p>
            )}
          </fieldset>
        )}
        <fieldset>
          <legend>Least order subtotal, per currency (optional)</legend>
          {CURRENCIES.map((c) => (
            <Field key={c} label={c} name={`min-${c}`} error={errors[`minSubtotal.${c}`]}>
              <input {...inputProps(`min-${c}`, errors[`minSubtotal.${c}`])} inputMode="decimal" defaultValue={promotion?.minSubtotal[c] ? (promotion.minSubtotal[c]! / 100).toFixed(2) : ''} />
            </Field>
          ))}
        </fieldset>
        <Field label="Starts (store time, Asia/Colombo)" name="startsAt" error={errors.startsAt}>
          <input {...inputProps('startsAt', errors.startsAt)} type="datetime-local" defaultValue={isoToStoreTime(promotion?.startsAt ?? new Date().toISOString())} />
        </Field>
        <Field label="Ends (store time; empty for no end)" name="endsAt" error={errors.endsAt}>
          <input {...inputProps('endsAt', errors.endsAt)} type="datetime-local" defaultValue={promotion?.endsAt ? isoToStoreTime(promotion.endsAt) : ''} />
        </Field>
        <Field label="Uses in all (empty for no limit)" name="usageLimit" error={errors.usageLimit}>
          <input {...inputProps('usageLimit', errors.usageLimit)} inputMode="numeric" defaultValue={promotion?.usageLimit ?? ''} />
        </Field>
        <Field label="Uses per customer (empty for no limit)" name="perCustomerLimit" error={errors.perCustomerLimit}>
          <input {...inputProps('perCustomerLimit', errors.perCustomerLimit)} inputMode="numeric" defaultValue={promotion?.perCustomerLimit ?? ''} />
        </Field>
        <Field label="Priority" name="priority" error={errors.priority} hint="Higher goes first when several apply.">
          <input {...inputProps('priority', errors.priority)} type="number" min={-1000} max={1000} defaultValue={promotion?.priority ?? 0} />
        </Field>
        <label>
          <input type="checkbox" name="exclusive" defaultChecked={promotion?.exclusive ?? false} /> Exclusive: never combines with other promotions
        </label>
        <label>
          <input type="checkbox" name="active" defaultChecked={promotion?.active ?? true} /> Active
        </label>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : promotion ? 'Save promotion' : 'Create promotion'}
          </button>
        </div>
      </form>
    </>
  );
}
