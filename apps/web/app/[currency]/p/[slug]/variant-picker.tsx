'use client';

import { useEffect, useMemo, useState } from 'react';

export interface PickerVariant {
  id: string;
  title: string;
  options: Record<string, string>;
  price: string;
  compareAt: string | null;
  available: number;
  sellable: boolean;
}

/**
 * Choosing a product's options (size, colour) and adding it to the cart. The server renders it
 * complete, so it works before JavaScript: the option radios post with the form and the server
 * action finds the variant. Once running it shows the chosen variant's price and stock, and keeps
 * every variant's stock current from the API's event stream (a sale on another channel shows here).
 */
export function VariantPicker({
  options,
  variants,
  action,
  from,
  productSlug,
}: {
  options: { name: string; values: string[] }[];
  variants: PickerVariant[];
  action: (form: FormData) => Promise<void>;
  from: string;
  productSlug: string;
}) {
  const firstSellable = variants.find((v) => v.sellable && v.available > 0) ?? variants[0];
  const [chosen, setChosen] = useState<Record<string, string>>(firstSellable?.options ?? {});
  const [stock, setStock] = useState<Record<string, number>>(() => Object.fromEntries(variants.map((v) => [v.id, v.available])));

  const [live, setLive] = useState<'connecting' | 'open'>('connecting');
  useEffect(() => {
    const ids = new Set(variants.map((v) => v.id));
    const heard = new Set<string>(); // variants the stream has spoken for since we last caught up
    const controller = new AbortController();
    const events = new EventSource('/v1/events');
    events.addEventListener('inventory.updated', (e) => {
      const { variantId, available } = JSON.parse((e as MessageEvent<string>).data) as { variantId: string; available: number };
      if (!ids.has(variantId)) return;
      heard.add(variantId);
      setStock((s) => ({ ...s, [variantId]: available }));
    });
    // Once the stream is open, catch up on anything before it: the page may predate the last sale
    // (static pages regenerate in the background). What the stream already said is newer; keep it.
    events.onopen = () => {
      heard.clear();
      fetch(`/api/stock?slug=${encodeURIComponent(productSlug)}`, { signal: controller.signal })
        .then((r) => (r.ok ? (r.json() as Promise<{ stock: Record<string, number> }>) : null))
        .then((fresh) => {
          if (fresh) setStock((s) => ({ ...s, ...Object.fromEntries(Object.entries(fresh.stock).filter(([id]) => !heard.has(id))) }));
          setLive('open');
        })
        .catch(() => undefined);
    };
    return () => {
      events.close();
      controller.abort();
    };
  }, [variants, productSlug]);

  const variant = useMemo(() => variants.find((v) => options.every((o) => v.options[o.name] === chosen[o.name])), [variants, options, chosen]);
  const available = variant ? (stock[variant.id] ?? 0) : 0;
  const canBuy = Boolean(variant?.sellable && available > 0);
  const stockText = (n: number) => (n > 0 ? `${n} in stock` : 'Out of stock');

  return (
    <>
      <form action={action} className="buy">
        <input type="hidden" name="from" value={from} />
        <input type="hidden" name="productSlug" value={productSlug} />
        <input type="hidden" name="variantId" value={variant?.id ?? ''} />
        {options.map((o) => (
          <fieldset key={o.name} className="options">
            <legend>{o.name}</legend>
            {o.values.map((value) => {
              const id = `opt-${o.name}-${value}`.replace(/[^A-Za-z0-9_-]/g, '_');
              return (
                <span key={value}>
                  <input type="radio" id={id} name={`option.${o.name}`} value={value} checked={chosen[o.name] === value} onChange={() => setChosen((c) => ({ ...c, [o.name]: value }))} />
                  <label htmlFor={id}>{value}</label>
                </span>
              );
            })}
          </fieldset>
        ))}
        <p className="price" aria-live="polite">
          {variant ? variant.price : 'This combination is not available'}
          {variant?.compareAt && (
            <>
              {' '}
              <s aria-label={`was ${variant.compareAt}`}>{variant.compareAt}</s>
            </>
          )}
          {variant && <span className="muted"> · {stockText(available)}</span>}
        </p>
        <label htmlFor="quantity">Quantity</label>
        <input id="quantity" name="quantity" type="number" min={1} max={Math.max(1, Math.min(99, available))} defaultValue={1} />
        <button type="submit" disabled={!canBuy}>
          Add to cart
        </button>
      </form>
      <table data-live={live}>
        <caption>All options</caption>
        <thead>
          <tr>
            <th scope="col">Option</th>
            <th scope="col">Price</th>
            <th scope="col">Availability</th>
          </tr>
        </thead>
        <tbody>
          {variants.map((v) => (
            <tr key={v.id}>
              <td>{v.title}</td>
              <td>{v.price}</td>
              <td data-stock={v.id}>{stockText(stock[v.id] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
