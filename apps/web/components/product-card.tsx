import Image from 'next/image';
import type { ReactNode } from 'react';
import type { TImage, TProductSummary } from '@tk/sdk';
import { formatMoney } from '../lib/api';

/** The widest WebP the media pipeline made (lib/image-loader.ts picks smaller ones from it). */
export function pipelineSource(image: Pick<TImage, 'url' | 'sources'>): string {
  const webp = (image.sources ?? []).filter((s) => s.format === 'webp').sort((a, b) => b.width - a.width);
  return webp[0]?.url ?? image.url;
}

/** One product in a grid: image, name, price (sale prices included), rating, stock. */
export function ProductCard({ product: p, eager = false, children }: { product: TProductSummary; eager?: boolean; children?: ReactNode }) {
  return (
    <li>
      <a href={`/p/${p.slug}`}>
        {p.image ? (
          <Image
            src={pipelineSource(p.image)}
            alt={p.image.alt || p.title}
            width={p.image.width ?? 600}
            height={p.image.height ?? 600}
            sizes="(max-width: 420px) 50vw, 220px"
            loading={eager ? 'eager' : 'lazy'}
          />
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
