import { type FormEvent, useState } from 'react';
import type { TShippingZone } from '@tk/sdk';
import { Field, FormError, inputProps, LoadError, confirmAction } from '../components/ui';
import { fieldErrors, formatMoney, parseMoney } from '../lib/forms';
import { api } from '../lib/session';
import { useLoad } from '../lib/use-load';

type Errors = Record<string, string>;
const CURRENCIES = ['LKR', 'USD', 'EUR', 'GBP'] as const;
const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const list = (value: string) => value.split(',').map((c) => c.trim()).filter(Boolean);

/** "18" or "18.5" (%) → basis points; null when it is not a rate from 0 to 100 with at most two decimals. */
export function parseRate(value: string): number | null {
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(value.trim())) return null;
  const bp = Math.round(Number(value) * 100);
  return bp <= 10_000 ? bp : null;
}

/** Where the shop delivers: zones by country, their tax, and methods with rates per currency. */
export function ShippingPage() {
  const { data, error, reload } = useLoad(() => api.listShippingZones(), []);
  return (
    <>
      <h1>Shipping zones and tax</h1>
      <p className="muted">A destination uses the first zone naming its country (and region, if the zone lists regions); "*" is everywhere else. Tax is set per zone.</p>
      <LoadError error={error} />
      {data?.items.map((z) => <Zone key={z.id} zone={z} onChanged={reload} />)}
      <NewZone onCreated={reload} />
    </>
  );
}

function TaxFields({ errors, zone }: { errors: Errors; zone?: TShippingZone }) {
  return (
    <>
      <Field label="Tax name" name="taxName" error={errors['tax.name']} hint="For example VAT; leave empty for none.">
        <input {...inputProps('taxName', errors['tax.name'])} defaultValue={zone?.tax.name ?? ''} maxLength={50} />
      </Field>
      <Field label="Tax rate (%)" name="taxRate" error={errors['tax.rateBasisPoints']}>
        <input {...inputProps('taxRate', errors['tax.rateBasisPoints'])} inputMode="decimal" defaultValue={zone ? String(zone.tax.rateBasisPoints / 100) : '0'} />
      </Field>
      <Field label="Prices include the tax" name="taxInclusive" error={errors['tax.inclusive']} hint="Shelf prices in Sri Lanka include VAT; elsewhere it is often added at checkout.">
        <select {...inputProps('taxInclusive', errors['tax.inclusive'])} defaultValue={zone?.tax.inclusive ? 'yes' : 'no'}>
          <option value="yes">Yes, included</option>
          <option value="no">No, added on top</option>
        </select>
      </Field>
    </>
  );
}

function readZone(form: FormData): { body?: { name: string; countries: string[]; regions: string[]; tax: { name: string; rateBasisPoints: number; inclusive: boolean } }; errors: Errors } {
  const rate = parseRate(text(form, 'taxRate') || '0');
  if (rate === null) return { errors: { 'tax.rateBasisPoints': 'a percentage from 0 to 100, such as 18 or 2.5' } };
  return {
    errors: {},
    body: { name: text(form, 'name'), countries: list(text(form, 'countries')), regions: list(text(form, 'regions')), tax: { name: text(form, 'taxName'), rateBasisPoints: rate, inclusive: form.get('taxInclusive') === 'yes' } },
  };
}

function Zone({ zone, onChanged }: { zone: TShippingZone; onChanged: () => void }) {
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState('');
  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { body, errors: local } = readZone(new FormData(event.currentTarget));
    if (!body) return setErrors(local);
    setErrors({});
    try {
      await api.updateShippingZone({ params: { id: zone.id }, body });
      setSaved('Saved: carts are quoted with it now.');
      onChanged();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }
  async function retire(methodId: string, name: string) {
    if (!confirmAction(`Stop offering "${name}" in ${zone.name}? Orders already placed keep it.`)) return;
    try {
      await api.retireShippingMethod({ params: { id: zone.id, methodId } });
      onChanged();
    } catch (err) {
      setSaved(fieldErrors(err)[''] ?? 'Refused.');
    }
  }
  const id = zone.id.slice(0, 8);
  return (
    <section className="zone">
      <h2>{zone.name}</h2>
      <div className="grid-2">
        <form onSubmit={save} className="stack" noValidate aria-label={`Zone ${zone.name}`}>
          <FormError errors={errors} />
          <Field label="Name" name={`name-${id}`} error={errors.name}>
            <input {...inputProps(`name-${id}`, errors.name)} name="name" defaultValue={zone.name} />
          </Field>
          <Field label="Countries" name={`countries-${id}`} error={errors.countries ?? errors['countries.0']} hint="ISO codes separated by commas (LK, IN), or * for the rest of the world.">
            <input {...inputProps(`countries-${id}`, errors.countries)} name="countries" defaultValue={zone.countries.join(', ')} />
          </Field>
          <Field label="Regions" name={`regions-${id}`} error={errors.regions} hint="Optional: only these provinces or states.">
            <input {...inputProps(`regions-${id}`, errors.regions)} name="regions" defaultValue={zone.regions.join(', ')} />
          </Field>
          <TaxFields errors={errors} zone={zone} />
          <div className="actions">
            <button type="submit">Save zone</button>
          </div>
          {saved && <p role="status">{saved}</p>}
        </form>
        <div>
          <h3>Methods</h3>
          {zone.methods.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Method</th>
                  <th scope="col">Rates</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {zone.methods.map((m) => (
                  <tr key={m.id}>
                    <td>
                      {m.name}
                      <div className="muted">{m.kind === 'flat' ? 'flat rate' : 'by weight'}</div>
                    </td>
                    <td>
                      {m.rates.map((r) => (
                        <div key={r.currency}>
                          {formatMoney({ amount: r.amount, currency: r.currency })}
                          {r.perKgAmount > 0 && ` + ${formatMoney({ amount: r.perKgAmount, currency: r.currency })}/kg`}
                          {r.freeOverAmount !== null && `, free over ${formatMoney({ amount: r.freeOverAmount, currency: r.currency })}`}
                        </div>
                      ))}
                    </td>
                    <td>
                      <button type="button" className="link" onClick={() => retire(m.id, m.name)}>
                        Stop offering
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="error">No method: nothing can be delivered here.</p>
          )}
          <NewMethod zone={zone} onCreated={onChanged} />
        </div>
      </div>
    </section>
  );
}

function NewMethod({ zone, onCreated }: { zone: TShippingZone; onCreated: () => void }) {
  const [errors, setErrors] = useState<Errors>({});
  const id = zone.id.slice(0, 8);
  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    const local: Errors = {};
    const rates = CURRENCIES.flatMap((currency) => {
      const amount = text(form, `rate-${currency}`);
      if (!amount) return [];
      const parsed = parseMoney(amount);
      const perKg = text(form, `perKg-${currency}`);
      const freeOver = text(form, `free-${currency}`);
      const perKgAmount = perKg ? parseMoney(perKg) : 0;
      const freeOverAmount = freeOver ? parseMoney(freeOver) : null;
      if (parsed === null) local[`rate-${currency}`] = 'an amount such as 450.00';
      if (perKgAmount === null) local[`perKg-${currency}`] = 'an amount such as 100.00';
      if (freeOver && freeOverAmount === null) local[`free-${currency}`] = 'an amount such as 10,000.00';
      return [{ currency, amount: parsed ?? 0, perKgAmount: perKgAmount ?? 0, freeOverAmount }];
    });
    if (!rates.length) local['rates'] = 'give a rate in at least one currency';
    if (Object.keys(local).length) return setErrors(local);
    setErrors({});
    try {
      await api.createShippingMethod({ params: { id: zone.id }, body: { name: text(form, 'methodName'), kind: form.get('kind') as 'flat' | 'weight', rates } });
      target.reset();
      onCreated();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }
  return (
    <details>
      <summary>Add a method to {zone.name}</summary>
      <form onSubmit={add} className="stack" noValidate>
        <FormError errors={errors} />
        <Field label="Method name" name={`methodName-${id}`} error={errors.name}>
          <input {...inputProps(`methodName-${id}`, errors.name)} name="methodName" placeholder="Standard, Express…" />
        </Field>
        <Field label="Priced" name={`kind-${id}`} error={errors.kind}>
          <select {...inputProps(`kind-${id}`, errors.kind)} name="kind">
            <option value="flat">Flat per order</option>
            <option value="weight">Base plus per started kilogram</option>
          </select>
        </Field>
        {errors.rates && <p className="error">{errors.rates}</p>}
        <table>
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col">Rate</th>
              <th scope="col">Per kg</th>
              <th scope="col">Free over</th>
            </tr>
          </thead>
          <tbody>
            {CURRENCIES.map((c) => (
              <tr key={c}>
                <th scope="row">{c}</th>
                {(['rate', 'perKg', 'free'] as const).map((part) => (
                  <td key={part}>
                    <input name={`${part}-${c}`} aria-label={`${part === 'rate' ? 'Rate' : part === 'perKg' ? 'Per kilogram' : 'Free over'} in ${c}`} inputMode="decimal" aria-invalid={errors[`${part}-${c}`] ? true : undefined} />
                    {errors[`${part}-${c}`] && <small className="field-error">{errors[`${part}-${c}`]}</small>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <div className="actions">
          <button type="submit">Add method</button>
        </div>
      </form>
    </details>
  );
}

function NewZone({ onCreated }: { onCreated: () => void }) {
  const [errors, setErrors] = useState<Errors>({});
  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = event.currentTarget;
    const { body, errors: local } = readZone(new FormData(target));
    if (!body) return setErrors(local);
    setErrors({});
    try {
      await api.createShippingZone({ body });
      target.reset();
      onCreated();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }
  return (
    <section>
      <h2>New zone</h2>
      <form onSubmit={create} className="stack" noValidate>
        <FormError errors={errors} />
        <Field label="Name" name="name" error={errors.name}>
          <input {...inputProps('name', errors.name)} />
        </Field>
        <Field label="Countries" name="countries" error={errors.countries ?? errors['countries.0']} hint="ISO codes separated by commas (LK, IN), or * for the rest of the world.">
          <input {...inputProps('countries', errors.countries ?? errors['countries.0'])} />
        </Field>
        <Field label="Regions" name="regions" error={errors.regions} hint="Optional.">
          <input {...inputProps('regions', errors.regions)} />
        </Field>
        <TaxFields errors={errors} />
        <div className="actions">
          <button type="submit">Create zone</button>
        </div>
      </form>
    </section>
  );
}
