import { type FormEvent, useState } from 'react';
import type { TPricePreview, TPriceRunRequest } from '@tk/sdk';
import { Field, FormError, inputProps, LoadError, Pager, confirmAction } from '../components/ui';
import { fieldErrors, formatMoney, formatStoreTime, parseMoney } from '../lib/forms';
import { api } from '../lib/session';
import { flattenCategories } from '../lib/categories';
import { useLoad } from '../lib/use-load';

type Errors = Record<string, string>;
type Currency = 'LKR' | 'USD' | 'EUR' | 'GBP';
const PREVIEW_ROWS = 50;


/**
 * Bulk price changes: choose products and a change, see every new price before anything changes,
 * then apply it in one go; or upload a price CSV the same way. Every run is kept and can be undone.
 */
export function PricesPage() {
  const runs = useLoad(() => api.listPriceRuns(), []);
  const [message, setMessage] = useState('');
  const [openRun, setOpenRun] = useState<string | null>(null);

  async function revert(id: string, description: string) {
    if (!confirmAction(`Put back every price "${description}" changed? This is recorded as a new run.`)) return;
    try {
      const run = await api.revertPriceRun({ params: { id } });
      setMessage(`Reverted: ${run.changeCount} prices put back.`);
      runs.reload();
    } catch (err) {
      setMessage(fieldErrors(err)[''] ?? 'The revert was refused.');
    }
  }

  return (
    <>
      <h1>Prices</h1>
      <BulkChange onApplied={(text) => (setMessage(text), runs.reload())} />
      <PriceCsv onApplied={(text) => (setMessage(text), runs.reload())} />
      {message && <p role="status">{message}</p>}
      <h2>History</h2>
      <LoadError error={runs.error} />
      <table aria-busy={runs.loading}>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Prices</th>
            <th scope="col">By</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.data?.items.map((r) => [
            <tr key={r.id}>
              <td>{formatStoreTime(r.createdAt)}</td>
              <td>
                {r.description}
                {r.reverts && <div className="muted">undoes an earlier run</div>}
                {r.revertedBy && <div className="muted">undone since</div>}
              </td>
              <td>{r.changeCount}</td>
              <td>{r.createdBy ?? '—'}</td>
              <td className="inline">
                <button type="button" className="link" aria-expanded={openRun === r.id} onClick={() => setOpenRun(openRun === r.id ? null : r.id)}>
                  {openRun === r.id ? 'Hide' : 'Changes'}
                </button>
                {!r.revertedBy && !r.reverts && (
                  <button type="button" className="link" onClick={() => revert(r.id, r.description)}>
                    Undo
                  </button>
                )}
              </td>
            </tr>,
            openRun === r.id && (
              <tr key={`${r.id}-changes`}>
                <td colSpan={5}>
                  <RunChanges id={r.id} />
                </td>
              </tr>
            ),
          ])}
          {runs.data && !runs.data.items.length && (
            <tr>
              <td colSpan={5}>No bulk changes yet.</td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}

function RunChanges({ id }: { id: string }) {
  const run = useLoad(() => api.getPriceRun({ params: { id } }), [id]);
  if (run.error) return <LoadError error={run.error} />;
  return run.data ? <ChangeTable preview={{ changes: run.data.changes, count: run.data.changeCount }} /> : <p className="muted">Loading…</p>;
}

/** Old and new price of each variant, a page at a time. */
export function ChangeTable({ preview }: { preview: TPricePreview }) {
  const [offset, setOffset] = useState(0);
  return (
    <>
      <table>
        <caption>
          {preview.count} {preview.count === 1 ? 'price changes' : 'prices change'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Now</th>
            <th scope="col">New</th>
          </tr>
        </thead>
        <tbody>
          {preview.changes.slice(offset, offset + PREVIEW_ROWS).map((c) => (
            <tr key={`${c.variantId}-${c.currency}`}>
              <td>
                {c.productTitle}
                <div className="muted">{c.sku}</div>
              </td>
              <td>{c.oldAmount === null ? '—' : formatMoney({ amount: c.oldAmount, currency: c.currency })}</td>
              <td>
                {c.newAmount === null ? '—' : formatMoney({ amount: c.newAmount, currency: c.currency })}
                {c.newCompareAt !== null && <div className="muted">was {formatMoney({ amount: c.newCompareAt, currency: c.currency })}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager offset={offset} limit={PREVIEW_ROWS} total={preview.changes.length} onPage={setOffset} />
    </>
  );
}

function BulkChange({ onApplied }: { onApplied: (message: string) => void }) {
  const categories = useLoad(() => api.listCategories(), []);
  const collections = useLoad(() => api.listCollections(), []);
  const [scope, setScope] = useState<'categoryId' | 'collectionId' | 'brand' | 'skus' | 'all'>('categoryId');
  const [type, setType] = useState<'increase' | 'decrease' | 'set'>('increase');
  const [by, setBy] = useState<'percent' | 'amount'>('percent');
  const [errors, setErrors] = useState<Errors>({});
  const [planned, setPlanned] = useState<{ request: TPriceRunRequest; preview: TPricePreview } | null>(null);
  const [busy, setBusy] = useState(false);

  function read(form: FormData): TPriceRunRequest | null {
    const local: Errors = {};
    const currency = form.get('currency') as Currency;
    const chosen = String(form.get('scopeValue') ?? '').trim();
    let filter: TPriceRunRequest['filter'];
    if (scope === 'all') filter = { all: true };
    else if (scope === 'skus') filter = { skus: chosen.split(/[\s,]+/).filter(Boolean) };
    else filter = { [scope]: chosen } as TPriceRunRequest['filter'];
    if (scope !== 'all' && !chosen) local['filter'] = 'choose which products';
    const valueText = String(form.get('value') ?? '').trim();
    const effectiveBy = type === 'set' ? 'amount' : by;
    const value = effectiveBy === 'amount' ? parseMoney(valueText) : /^\d{1,3}(\.\d{1,2})?$/.test(valueText) ? Number(valueText) : null;
    if (value === null) local['operation.value'] = effectiveBy === 'amount' ? 'an amount such as 500.00' : 'a percentage such as 10 or 12.5';
    if (Object.keys(local).length) {
      setErrors(local);
      return null;
    }
    const description = String(form.get('description') ?? '').trim();
    return { currency, filter, operation: { type, by: effectiveBy, value: value! }, ...(description && { description }) };
  }

  async function preview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const request = read(new FormData(event.currentTarget));
    if (!request) return;
    setErrors({});
    setBusy(true);
    try {
      setPlanned({ request, preview: await api.previewPriceRun({ body: request }) });
    } catch (err) {
      setPlanned(null);
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  }

  async function apply() {
    if (!planned || !confirmAction(`Change ${planned.preview.count} prices now?`)) return;
    setBusy(true);
    try {
      const run = await api.applyPriceRun({ body: planned.request });
      setPlanned(null);
      onApplied(`Applied: ${run.changeCount} prices changed. It is in the history below, where it can be undone.`);
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  }

  const flat = flattenCategories(categories.data?.categories ?? []);
  return (
    <section>
      <h2>Change many prices</h2>
      <form onSubmit={preview} onChange={() => setPlanned(null)} className="stack" noValidate>
        <FormError errors={errors} />
        <Field label="Currency" name="currency" error={errors.currency}>
          <select {...inputProps('currency', errors.currency)}>
            {(['LKR', 'USD', 'EUR', 'GBP'] as const).map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </Field>
        <Field label="Products" name="scope">
          <select {...inputProps('scope')} value={scope} onChange={(e) => setScope(e.target.value as typeof scope)}>
            <option value="categoryId">In a category</option>
            <option value="collectionId">In a collection</option>
            <option value="brand">Of a brand</option>
            <option value="skus">By SKU</option>
            <option value="all">Every product</option>
          </select>
        </Field>
        {scope === 'categoryId' && (
          <Field label="Category" name="scopeValue" error={errors.filter ?? errors['filter.categoryId']}>
            <select {...inputProps('scopeValue', errors.filter)}>
              <option value="">Choose…</option>
              {flat.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </Field>
        )}
        {scope === 'collectionId' && (
          <Field label="Collection" name="scopeValue" error={errors.filter ?? errors['filter.collectionId']}>
            <select {...inputProps('scopeValue', errors.filter)}>
              <option value="">Choose…</option>
              {collections.data?.items.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        {scope === 'brand' && (
          <Field label="Brand" name="scopeValue" error={errors.filter ?? errors['filter.brand']}>
            <input {...inputProps('scopeValue', errors.filter)} />
          </Field>
        )}
        {scope === 'skus' && (
          <Field label="SKUs" name="scopeValue" error={errors.filter ?? errors['filter.skus']} hint="Separated by commas, spaces or new lines.">
            <textarea {...inputProps('scopeValue', errors.filter)} rows={3} />
          </Field>
        )}
        <Field label="Change" name="type">
          <select {...inputProps('type')} value={type} onChange={(e) => setType(e.target.value as typeof type)}>
            <option value="increase">Raise by</option>
            <option value="decrease">Lower by</option>
            <option value="set">Set to</option>
          </select>
        </Field>
        {type !== 'set' && (
          <Field label="By" name="by">
            <select {...inputProps('by')} value={by} onChange={(e) => setBy(e.target.value as typeof by)}>
              <option value="percent">A percentage</option>
              <option value="amount">An amount</option>
            </select>
          </Field>
        )}
        <Field label={type === 'set' || by === 'amount' ? 'Amount' : 'Percent'} name="value" error={errors['operation.value'] ?? errors['operation.by']}>
          <input {...inputProps('value', errors['operation.value'])} inputMode="decimal" />
        </Field>
        <Field label="Description" name="description" error={errors.description} hint="Shown in the history, e.g. “Avurudu sale prep”.">
          <input {...inputProps('description', errors.description)} maxLength={200} />
        </Field>
        <div className="actions">
          <button type="submit" className="secondary" disabled={busy}>
            Preview
          </button>
        </div>
      </form>
      {planned && (
        <div aria-live="polite">
          {planned.preview.count ? (
            <>
              <ChangeTable preview={planned.preview} />
              <button type="button" onClick={apply} disabled={busy}>
                {busy ? 'Applying…' : `Apply ${planned.preview.count} changes`}
              </button>
            </>
          ) : (
            <p>No price would change.</p>
          )}
        </div>
      )}
    </section>
  );
}

function PriceCsv({ onApplied }: { onApplied: (message: string) => void }) {
  const [csv, setCsv] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [preview, setPreview] = useState<TPricePreview | null>(null);
  const [busy, setBusy] = useState(false);

  async function read(file: File | undefined) {
    setPreview(null);
    setErrors({});
    if (!file) return;
    const text = await file.text();
    setCsv(text);
    setName(file.name);
    setBusy(true);
    try {
      setPreview(await api.previewPriceCsv({ body: { csv: text } }));
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  }

  async function apply() {
    if (!csv || !preview || !confirmAction(`Change ${preview.count} prices from ${name}?`)) return;
    setBusy(true);
    try {
      const run = await api.applyPriceCsv({ body: { csv, description: `CSV ${name}`.slice(0, 200) } });
      setPreview(null);
      setCsv(null);
      onApplied(`Applied ${name}: ${run.changeCount} prices changed.`);
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  }

  const rowErrors = Object.entries(errors).filter(([k]) => k.startsWith('csv'));
  return (
    <section>
      <h2>Upload a price list</h2>
      <p className="muted">
        A CSV with the columns <code>sku,currency,price,compare_at</code> (prices such as 1250.00; compare_at may be empty). Nothing changes until you apply the preview.
      </p>
      <label htmlFor="price-csv">Price CSV</label> <input id="price-csv" type="file" accept=".csv,text/csv" onChange={(e) => read(e.target.files?.[0])} />
      {busy && <p role="status">Checking…</p>}
      {errors[''] && <p className="error">{errors['']}</p>}
      {rowErrors.length > 0 && <CsvProblems errors={rowErrors} />}
      {preview && (
        <>
          <ChangeTable preview={preview} />
          <button type="button" onClick={apply} disabled={busy || !preview.count}>
            Apply {preview.count} changes
          </button>
        </>
      )}
    </section>
  );
}

/** The API's per-cell problems ("csv.12.price" → line 12, column price), in line order. */
export function CsvProblems({ errors }: { errors: [string, string][] }) {
  const rows = errors
    .map(([field, message]) => {
      const [, line, column] = field.split('.');
      return { line: Number(line) || 0, column: column ?? '', message };
    })
    .sort((a, b) => a.line - b.line);
  return (
    <table role="alert" aria-label="Problems in the file">
      <caption className="error">
        {rows.length} {rows.length === 1 ? 'problem' : 'problems'} in the file; nothing was changed.
      </caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">Column</th>
          <th scope="col">Problem</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <td>{r.line || '—'}</td>
            <td>{r.column || '—'}</td>
            <td>{r.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
