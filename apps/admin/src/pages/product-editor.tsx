import { type DragEvent, type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { TAdminVariant, TProductDetail } from '@tk/sdk';
import { Field, FormError, inputProps, LoadError, confirmAction } from '../components/ui';
import { fieldErrors, formatMoney, parseMoney } from '../lib/forms';
import { api, session } from '../lib/session';
import { flattenCategories } from '../lib/categories';
import { useLoad } from '../lib/use-load';

type Errors = Record<string, string>;
interface VariantRow {
  sku: string;
  title: string;
  options: Record<string, string>;
  lkr: string;
  usd: string;
  stock: string;
}
const emptyRow = (): VariantRow => ({ sku: '', title: '', options: {}, lkr: '', usd: '', stock: '0' });


/** Creating a product (with its variants, prices and opening stock, in one request) or editing one. */
export function ProductEditorPage() {
  const { id } = useParams();
  const categories = useLoad(() => api.listCategories(), []);
  const product = useLoad(() => (id ? api.getProductById({ params: { id }, query: { currency: 'LKR' } }) : Promise.resolve(null)), [id]);
  if (id && !product.data) return product.error ? <LoadError error={product.error} /> : <p className="muted">Loading…</p>;
  return (
    <>
      <p>
        <Link to="/products">← Products</Link>
      </p>
      {product.data ? (
        <EditProduct key={product.data.updatedAt} product={product.data} categories={flattenCategories(categories.data?.categories ?? [])} reload={product.reload} />
      ) : (
        <NewProduct categories={flattenCategories(categories.data?.categories ?? [])} />
      )}
    </>
  );
}

function ProductFields({ errors, categories, product }: { errors: Errors; categories: { id: string; label: string }[]; product?: TProductDetail }) {
  return (
    <>
      <Field label="Title" name="title" error={errors.title}>
        <input {...inputProps('title', errors.title)} defaultValue={product?.title} required maxLength={200} />
      </Field>
      <Field label="Brand" name="brand" error={errors.brand}>
        <input {...inputProps('brand', errors.brand)} defaultValue={product?.brand ?? ''} maxLength={100} />
      </Field>
      <Field label="Category" name="categoryId" error={errors.categoryId}>
        <select {...inputProps('categoryId', errors.categoryId)} defaultValue={product?.categoryPath.at(-1)?.id ?? ''}>
          <option value="">None</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Description" name="description" error={errors.description}>
        <textarea {...inputProps('description', errors.description)} defaultValue={product?.description} rows={4} maxLength={20000} />
      </Field>
      <Field label="Status" name="status" error={errors.status} hint="Only published products are on sale.">
        <select {...inputProps('status', errors.status)} defaultValue={product?.status ?? 'draft'}>
          <option value="draft">Draft</option>
          <option value="published">Published</option>
          <option value="archived">Archived</option>
        </select>
      </Field>
      <Field label="SEO title" name="seoTitle" error={errors.seoTitle}>
        <input {...inputProps('seoTitle', errors.seoTitle)} defaultValue={product?.seo.title ?? ''} maxLength={200} />
      </Field>
      <Field label="SEO description" name="seoDescription" error={errors.seoDescription}>
        <textarea {...inputProps('seoDescription', errors.seoDescription)} defaultValue={product?.seo.description ?? ''} rows={2} maxLength={500} />
      </Field>
    </>
  );
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

function NewProduct({ categories }: { categories: { id: string; label: string }[] }) {
  const navigate = useNavigate();
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [optionNames, setOptionNames] = useState('Size');
  const [rows, setRows] = useState<VariantRow[]>([emptyRow()]);
  const names = optionNames.split(',').map((n) => n.trim()).filter(Boolean);
  const setRow = (i: number, change: Partial<VariantRow>) => setRows((all) => all.map((r, j) => (j === i ? { ...r, ...change } : r)));

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const local: Errors = {};
    const variants = rows.map((r, i) => {
      const prices: { currency: 'LKR' | 'USD'; amount: number }[] = [];
      for (const [currency, value] of [['LKR', r.lkr], ['USD', r.usd]] as const) {
        if (!value.trim()) continue;
        const amount = parseMoney(value);
        if (amount === null) local[`variants.${i}.prices.${currency}`] = 'an amount such as 4,500.00';
        else prices.push({ currency, amount });
      }
      return { sku: r.sku.trim(), title: r.title.trim() || Object.values(r.options).join(' / ') || 'Default', options: Object.fromEntries(names.map((n) => [n, r.options[n] ?? '']).filter(([, v]) => v)), prices, initialStock: Number(r.stock) || 0 };
    });
    if (Object.keys(local).length) return setErrors(local);
    setBusy(true);
    setErrors({});
    try {
      const created = await api.createProduct({
        body: {
          title: text(form, 'title'),
          brand: text(form, 'brand') || undefined,
          categoryId: text(form, 'categoryId') || undefined,
          description: text(form, 'description'),
          status: text(form, 'status') as 'draft' | 'published',
          seoTitle: text(form, 'seoTitle') || undefined,
          seoDescription: text(form, 'seoDescription') || undefined,
          variants,
        },
      });
      navigate(`/products/${created.id}`);
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={save} className="editor" noValidate>
      <h1>New product</h1>
      <FormError errors={errors} />
      <ProductFields errors={errors} categories={categories} />
      <h2>Variants</h2>
      <Field label="Option names, separated by commas" name="optionNames" hint="For example: Size, Colour. Leave empty for a product with one variant.">
        <input {...inputProps('optionNames')} value={optionNames} onChange={(e) => setOptionNames(e.target.value)} />
      </Field>
      <FormError errors={errors.variants ? { '': `Variants: ${errors.variants}` } : {}} />
      <table className="variants">
        <thead>
          <tr>
            <th scope="col">SKU</th>
            {names.map((n) => (
              <th key={n} scope="col">
                {n}
              </th>
            ))}
            <th scope="col">Price LKR</th>
            <th scope="col">Price USD</th>
            <th scope="col">Opening stock</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>
                <input aria-label={`SKU of variant ${i + 1}`} value={r.sku} onChange={(e) => setRow(i, { sku: e.target.value })} required aria-invalid={errors[`variants.${i}.sku`] ? true : undefined} />
                {errors[`variants.${i}.sku`] && <small className="field-error">{errors[`variants.${i}.sku`]}</small>}
              </td>
              {names.map((n) => (
                <td key={n}>
                  <input aria-label={`${n} of variant ${i + 1}`} value={r.options[n] ?? ''} onChange={(e) => setRow(i, { options: { ...r.options, [n]: e.target.value } })} />
                </td>
              ))}
              {(['lkr', 'usd'] as const).map((c) => (
                <td key={c}>
                  <input aria-label={`${c.toUpperCase()} price of variant ${i + 1}`} inputMode="decimal" value={r[c]} onChange={(e) => setRow(i, { [c]: e.target.value })} aria-invalid={errors[`variants.${i}.prices.${c.toUpperCase()}`] ? true : undefined} />
                  {errors[`variants.${i}.prices.${c.toUpperCase()}`] && <small className="field-error">{errors[`variants.${i}.prices.${c.toUpperCase()}`]}</small>}
                </td>
              ))}
              <td>
                <input aria-label={`Opening stock of variant ${i + 1}`} type="number" min={0} value={r.stock} onChange={(e) => setRow(i, { stock: e.target.value })} />
              </td>
              <td>
                <button type="button" className="link" disabled={rows.length === 1} onClick={() => setRows((all) => all.filter((_, j) => j !== i))} aria-label={`Remove variant ${i + 1}`}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="secondary" onClick={() => setRows((all) => [...all, emptyRow()])}>
        Add variant
      </button>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Create product'}
        </button>
      </div>
    </form>
  );
}

function EditProduct({ product, categories, reload }: { product: TProductDetail; categories: { id: string; label: string }[]; reload: () => void }) {
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setErrors({});
    try {
      await api.updateProduct({
        params: { id: product.id },
        body: {
          title: text(form, 'title'),
          brand: text(form, 'brand') || null,
          categoryId: text(form, 'categoryId') || null,
          description: text(form, 'description'),
          status: text(form, 'status') as 'draft' | 'published' | 'archived',
          seoTitle: text(form, 'seoTitle') || null,
          seoDescription: text(form, 'seoDescription') || null,
        },
      });
      setSaved(true);
      reload();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }

  return (
    <>
      <form onSubmit={save} className="editor" noValidate>
        <div className="title-row">
          <h1>{product.title}</h1>
          <span className={`badge ${product.status}`}>{product.status}</span>
        </div>
        {product.status === 'published' && (
          <p>
            On the storefront at <code>/p/{product.slug}</code>
          </p>
        )}
        {saved && <p role="status">Saved.</p>}
        <FormError errors={errors} />
        <ProductFields errors={errors} categories={categories} product={product} />
        <div className="actions">
          <button type="submit">Save product</button>
        </div>
      </form>
      <Images product={product} reload={reload} />
      <Variants product={product} reload={reload} />
    </>
  );
}

const CURRENCIES = ['LKR', 'USD', 'EUR', 'GBP'] as const;
const major = (amount: number | undefined) => (amount === undefined ? '' : (amount / 100).toFixed(2));

/** Reads the price inputs named after each currency; empty ones are left out. */
function readPrices(form: FormData, local: Errors) {
  const prices: { currency: (typeof CURRENCIES)[number]; amount: number }[] = [];
  for (const currency of CURRENCIES) {
    const value = text(form, currency);
    if (!value) continue;
    const amount = parseMoney(value);
    if (amount === null) local[`prices.${currency}`] = 'an amount such as 4,500.00';
    else prices.push({ currency, amount });
  }
  return prices;
}

/** Every variant with all its prices and its stock (staff's view), editable, and a form to add one. */
function Variants({ product, reload }: { product: TProductDetail; reload: () => void }) {
  const variants = useLoad(() => api.listProductVariants({ params: { id: product.id } }), [product.id, product.updatedAt]);
  const optionNames = [...new Set([...product.options.map((o) => o.name), ...(variants.data?.items.flatMap((v) => Object.keys(v.options)) ?? [])])];
  const refresh = () => {
    variants.reload();
    reload();
  };
  return (
    <section aria-labelledby="variants-title">
      <h2 id="variants-title">Variants, prices and stock</h2>
      <LoadError error={variants.error} />
      <table className="variants">
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Prices</th>
            <th scope="col">Available</th>
            <th scope="col">Adjust stock</th>
          </tr>
        </thead>
        <tbody>
          {variants.data?.items.map((v) => (
            <VariantRowEditor key={`${v.id}-${v.sku}-${v.title}`} variant={v} optionNames={optionNames} reload={refresh} />
          ))}
        </tbody>
      </table>
      <AddVariant productId={product.id} optionNames={optionNames} onAdded={refresh} />
    </section>
  );
}

function VariantRowEditor({ variant: v, optionNames, reload }: { variant: TAdminVariant; optionNames: string[]; reload: () => void }) {
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);

  async function saveDetails(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const weight = text(form, 'weight');
    if (weight && !/^\d{1,7}$/.test(weight)) return setErrors({ weightGrams: 'whole grams, such as 250' });
    try {
      await api.updateVariant({
        params: { id: v.id },
        body: {
          sku: text(form, 'sku'),
          title: text(form, 'title'),
          options: Object.fromEntries(optionNames.map((n) => [n, text(form, `option-${n}`)]).filter(([, value]) => value)),
          ...(weight && { weightGrams: Number(weight) }),
        },
      });
      setErrors({});
      setMessage('Saved.');
      reload();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }

  async function savePrices(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const local: Errors = {};
    const prices = readPrices(new FormData(event.currentTarget), local);
    if (!prices.length && !Object.keys(local).length) local[''] = 'Give at least one price.';
    if (Object.keys(local).length) return setErrors(local);
    try {
      await api.setVariantPrices({ params: { id: v.id }, body: { prices } });
      setErrors({});
      setMessage('Prices saved.');
      reload();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }

  async function adjust(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    try {
      const level = await api.adjustStock({ body: { variantId: v.id, quantity: Number(text(form, 'quantity')), reason: text(form, 'reason') as 'receive', note: text(form, 'note') || undefined } });
      setErrors({});
      target.reset();
      setMessage(`Stock now ${level.available} available.`);
      reload();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }

  const priceError = CURRENCIES.map((c) => errors[`prices.${c}`]).find(Boolean) ?? errors.prices;
  return (
    <tr>
      <td>
        <form onSubmit={saveDetails} className="stack compact" noValidate aria-label={`Details of ${v.sku}`}>
          <label htmlFor={`sku-${v.id}`}>SKU</label>
          <input id={`sku-${v.id}`} name="sku" defaultValue={v.sku} aria-invalid={errors.sku ? true : undefined} />
          {errors.sku && <small className="field-error">{errors.sku}</small>}
          <label htmlFor={`title-${v.id}`}>Name</label>
          <input id={`title-${v.id}`} name="title" defaultValue={v.title} aria-invalid={errors.title ? true : undefined} />
          {optionNames.map((n) => (
            <span key={n} className="stack compact">
              <label htmlFor={`option-${n}-${v.id}`}>{n}</label>
              <input id={`option-${n}-${v.id}`} name={`option-${n}`} defaultValue={v.options[n] ?? ''} />
            </span>
          ))}
          {(errors.options || Object.keys(errors).some((k) => k.startsWith('options.'))) && <small className="field-error">{errors.options ?? Object.entries(errors).find(([k]) => k.startsWith('options.'))?.[1]}</small>}
          <label htmlFor={`weight-${v.id}`}>Weight (g)</label>
          <input id={`weight-${v.id}`} name="weight" inputMode="numeric" defaultValue={v.weightGrams} aria-invalid={errors.weightGrams ? true : undefined} />
          {errors.weightGrams && <small className="field-error">{errors.weightGrams}</small>}
          <button type="submit" className="secondary">
            Save details
          </button>
        </form>
        {message && <div role="status">{message}</div>}
        {errors[''] && <div className="field-error">{errors['']}</div>}
      </td>
      <td>
        <form onSubmit={savePrices} className="stack compact" noValidate aria-label={`Prices of ${v.sku}`}>
          {CURRENCIES.map((c) => (
            <span key={c} className="inline">
              <label htmlFor={`${c.toLowerCase()}-${v.id}`}>{c}</label>
              <input
                id={`${c.toLowerCase()}-${v.id}`}
                name={c}
                inputMode="decimal"
                size={9}
                defaultValue={major(v.prices.find((p) => p.currency === c)?.amount)}
                aria-invalid={errors[`prices.${c}`] ? true : undefined}
              />
            </span>
          ))}
          <button type="submit" className="secondary">
            Save prices
          </button>
          {priceError && <small className="field-error">{priceError}</small>}
        </form>
      </td>
      <td>
        {v.available}
        <div className="muted">{v.onHand} on hand</div>
      </td>
      <td>
        <form onSubmit={adjust} className="inline" noValidate>
          <label htmlFor={`qty-${v.id}`}>Units</label>
          <input id={`qty-${v.id}`} name="quantity" type="number" size={5} required aria-invalid={errors.quantity ? true : undefined} />
          <label htmlFor={`reason-${v.id}`}>Reason</label>
          <select id={`reason-${v.id}`} name="reason" defaultValue="receive">
            <option value="receive">Received</option>
            <option value="correction">Correction</option>
            <option value="damage">Damaged</option>
            <option value="return">Returned</option>
          </select>
          <input name="note" aria-label={`Note for ${v.sku}`} placeholder="Note" size={10} />
          <button type="submit" className="secondary">
            Adjust
          </button>
          {errors.quantity && <small className="field-error">{errors.quantity}</small>}
        </form>
      </td>
    </tr>
  );
}

/** A new size or colour for this product, with its prices and opening stock. */
function AddVariant({ productId, optionNames, onAdded }: { productId: string; optionNames: string[]; onAdded: () => void }) {
  const [errors, setErrors] = useState<Errors>({});
  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = event.currentTarget;
    const form = new FormData(target);
    const local: Errors = {};
    const prices = readPrices(form, local);
    const stock = text(form, 'stock') || '0';
    if (!/^\d{1,7}$/.test(stock)) local.initialStock = 'a whole number of units';
    if (Object.keys(local).length) return setErrors(local);
    const options = Object.fromEntries(optionNames.map((n) => [n, text(form, `option-${n}`)]).filter(([, value]) => value));
    try {
      await api.addVariant({
        params: { id: productId },
        body: { sku: text(form, 'sku'), title: text(form, 'title') || Object.values(options).join(' / ') || 'Default', options, prices, initialStock: Number(stock) },
      });
      setErrors({});
      target.reset();
      onAdded();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }
  return (
    <details>
      <summary>Add a variant</summary>
      <form onSubmit={add} className="stack" noValidate>
        <FormError errors={errors} />
        <Field label="SKU" name="new-sku" error={errors.sku}>
          <input {...inputProps('new-sku', errors.sku)} name="sku" />
        </Field>
        <Field label="Name" name="new-title" error={errors.title} hint="Left empty, the option values make the name (M / Red).">
          <input {...inputProps('new-title', errors.title)} name="title" />
        </Field>
        {optionNames.map((n) => (
          <Field key={n} label={n} name={`new-option-${n}`} error={errors[`options.${n}`]}>
            <input {...inputProps(`new-option-${n}`, errors[`options.${n}`])} name={`option-${n}`} />
          </Field>
        ))}
        {CURRENCIES.map((c) => (
          <Field key={c} label={`Price ${c}`} name={`new-${c}`} error={errors[`prices.${c}`]}>
            <input {...inputProps(`new-${c}`, errors[`prices.${c}`])} name={c} inputMode="decimal" />
          </Field>
        ))}
        <Field label="Opening stock" name="new-stock" error={errors.initialStock}>
          <input {...inputProps('new-stock', errors.initialStock)} name="stock" inputMode="numeric" defaultValue="0" />
        </Field>
        <div className="actions">
          <button type="submit">Add variant</button>
        </div>
      </form>
    </details>
  );
}

/**
 * Images: drop files (or choose them) to upload; each goes through the media pipeline. Drag an
 * image onto another to reorder (or use its arrow buttons); the first shows in listings.
 */
function Images({ product, reload }: { product: TProductDetail; reload: () => void }) {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const [dragging, setDragging] = useState<string | null>(null);
  const own = product.images.filter((i) => i.id).map((i) => i.id!);

  async function move(imageId: string, to: number) {
    const order = own.filter((id) => id !== imageId);
    order.splice(Math.max(0, Math.min(to, order.length)), 0, imageId);
    if (order.join() === own.join()) return;
    setError(null);
    try {
      await api.reorderProductImages({ params: { id: product.id }, body: { imageIds: order } });
    } catch (err) {
      setError(fieldErrors(err)[''] ?? fieldErrors(err)['imageIds'] ?? 'The new order was refused.');
    }
    reload();
  }

  async function upload(files: File[]) {
    setError(null);
    setProgress({ done: 0, total: files.length });
    const token = await session.accessToken();
    for (const [i, file] of files.entries()) {
      const res = await fetch(`${import.meta.env.VITE_API_URL}/v1/admin/products/${product.id}/images?alt=${encodeURIComponent(product.title)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': file.type || 'application/octet-stream' },
        body: file,
      });
      if (!res.ok) {
        const problem = (await res.json().catch(() => null)) as { detail?: string; errors?: { message: string }[] } | null;
        setError(`${file.name}: ${problem?.errors?.[0]?.message ?? problem?.detail ?? `upload failed (${res.status})`}`);
        break;
      }
      setProgress({ done: i + 1, total: files.length });
    }
    setProgress(null);
    reload();
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    void upload([...event.dataTransfer.files]);
  }

  async function remove(imageId: string) {
    if (!confirmAction('Delete this image and its files?')) return;
    await api.deleteProductImage({ params: { id: product.id, imageId } });
    reload();
  }

  return (
    <section aria-labelledby="images-title">
      <h2 id="images-title">Images</h2>
      <ul className="images">
        {product.images.map((image, position) => (
          <li
            key={image.id ?? image.url}
            draggable={Boolean(image.id)}
            className={dragging === image.id ? 'dragging' : undefined}
            onDragStart={(e) => {
              if (!image.id) return;
              setDragging(image.id);
              e.dataTransfer.setData('text/x-image-id', image.id);
              e.dataTransfer.effectAllowed = 'move';
            }}
            onDragEnd={() => setDragging(null)}
            onDragOver={(e) => {
              if (dragging) e.preventDefault();
            }}
            onDrop={(e) => {
              const moved = e.dataTransfer.getData('text/x-image-id');
              if (!moved) return; // files dropped here go to the drop zone below
              e.preventDefault();
              e.stopPropagation();
              setDragging(null);
              void move(moved, own.indexOf(image.id ?? ''));
            }}
          >
            <img src={image.url.startsWith('/') ? `${import.meta.env.VITE_API_URL}${image.url}` : image.url} alt={image.alt} width={120} height={120} />
            {position === 0 && <small className="muted">Shown in listings</small>}
            {image.id && (
              <span className="inline">
                <button type="button" className="link" disabled={position === 0} onClick={() => move(image.id!, position - 1)} aria-label={`Move image ${position + 1} earlier`}>
                  ←
                </button>
                <button type="button" className="link" disabled={position === own.length - 1} onClick={() => move(image.id!, position + 1)} aria-label={`Move image ${position + 1} later`}>
                  →
                </button>
                <button type="button" className="link" onClick={() => remove(image.id!)}>
                  Delete
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>Drop JPEG, PNG, WebP or AVIF files here, or</p>
        <label htmlFor="image-files" className="button secondary">
          Choose images
        </label>
        <input id="image-files" type="file" accept="image/jpeg,image/png,image/webp,image/avif" multiple className="sr-only" onChange={(e) => void upload([...(e.target.files ?? [])])} />
        {progress && <progress max={progress.total} value={progress.done} aria-label="Uploading images" />}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </div>
    </section>
  );
}
