import type { ReactNode } from 'react';
import type { TProductSummary } from '@tk/sdk';
import { formatMoney } from '../lib/api';
import { Picture } from './picture';

/** One product in a grid: image, name, price (sale prices included), rating, stock. */
export function ProductCard({ product: p, eager = false, children }: { product: TProductSummary; eager?: boolean; children?: ReactNode }) {
  return (
    <li>
      <a href={`/p/${p.slug}`}>
        {p.image ? (
          <Picture image={p.image} alt={p.image.alt || p.title} sizes="(max-width: 420px) 50vw, 220px" preloaded={eager} />
        ) : (
          <span className="noimg" aria-hidden="true" />
        )}
        <strong>{p.title}</strong>
      </a>
      <div>
        {formatMoney(p.price)}
        {p.flashSale && <span className="sale"> sale</span>}
      </div>
      {p.rating.count > 0 && <div className="muted">★ {p.rating.average.toFixed(1)} ({p.rating.count})</div>}
      {!p.inStock && <div className="muted">Out of stock</div>}
      {children}
    </li>
  );
}
