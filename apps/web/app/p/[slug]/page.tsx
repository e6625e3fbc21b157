import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ApiError, type TProductDetail } from '@tk/sdk';
import { catalogApi, decimal, formatMoney, siteUrl } from '../../../lib/api';
import { addToCart } from '../../actions';
import { LiveStock } from './live-stock';

// Statically generated on first visit (none at build: the build has no API), then kept until the
// API asks for a refresh or a minute passes.
export const revalidate = 60;
export async function generateStaticParams() {
  return [];
}

async function load(slug: string): Promise<TProductDetail> {
  try {
    return await catalogApi.getProduct({ params: { slug }, query: { currency: 'LKR' } });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const product = await load((await params).slug);
  const url = `${siteUrl}/p/${product.slug}`;
  return {
    title: product.seo.title,
    description: product.seo.description,
    alternates: { canonical: url },
    openGraph: { type: 'website', url, title: product.seo.title, description: product.seo.description, images: product.images.slice(0, 1).map((i) => ({ url: i.url, alt: i.alt })) },
  };
}

/** schema.org Product with its offers, rating and breadcrumbs, for search engines. */
function structuredData(p: TProductDetail) {
  const product = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: p.title,
    description: p.description,
    brand: p.brand ? { '@type': 'Brand', name: p.brand } : undefined,
    image: p.images.map((i) => (i.url.startsWith('/') ? `${siteUrl}${i.url}` : i.url)),
    sku: p.variants[0]?.sku,
    offers: p.variants
      .filter((v) => v.price)
      .map((v) => ({
        '@type': 'Offer',
        sku: v.sku,
        price: decimal(v.price!),
        priceCurrency: v.price!.currency,
        availability: v.inStock ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
        url: `${siteUrl}/p/${p.slug}`,
      })),
    aggregateRating: p.rating.count ? { '@type': 'AggregateRating', ratingValue: p.rating.average, reviewCount: p.rating.count } : undefined,
  };
  const breadcrumbs = {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: [...p.categoryPath.map((c) => ({ name: c.name, url: `${siteUrl}/c/${c.slug}` })), { name: p.title, url: `${siteUrl}/p/${p.slug}` }].map((c, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: c.name,
      item: c.url,
    })),
  };
  // "<" is escaped so no product text can close the script element.
  return JSON.stringify([product, breadcrumbs]).replace(/</g, '\\u003c');
}

export default async function ProductPage({ params }: { params: Promise<{ slug: string }> }) {
  const product = await load((await params).slug);
  const hero = product.images[0];
  return (
    <main>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: structuredData(product) }} />
      <nav aria-label="Breadcrumb">
        <ol className="crumbs">
          {product.categoryPath.map((c) => (
            <li key={c.id}>
              <a href={`/c/${c.slug}`}>{c.name}</a>
            </li>
          ))}
        </ol>
      </nav>
      <div className="product">
        {hero && (
          <picture>
            {hero.sources?.some((s) => s.format === 'avif') && (
              <source type="image/avif" srcSet={hero.sources.filter((s) => s.format === 'avif').map((s) => `${s.url} ${s.width}w`).join(', ')} sizes="(max-width: 700px) 100vw, 50vw" />
            )}
            <img src={hero.url} alt={hero.alt || product.title} width={hero.width ?? 600} height={hero.height ?? 600} fetchPriority="high" />
          </picture>
        )}
        <section>
          <h1>{product.title}</h1>
          {product.brand && <p className="brand">{product.brand}</p>}
          <p className="price">
            {formatMoney(product.price)}
            {product.flashSale && <span className="sale"> Flash sale until {new Date(product.flashSale.endsAt).toLocaleString('en-LK')}</span>}
          </p>
          {product.rating.count > 0 && (
            <p>
              Rated {product.rating.average.toFixed(1)} / 5 ({product.rating.count} reviews)
            </p>
          )}
          <table>
            <caption>Options</caption>
            <thead>
              <tr>
                <th scope="col">Option</th>
                <th scope="col">Price</th>
                <th scope="col">Availability</th>
              </tr>
            </thead>
            <tbody>
              {product.variants.map((v) => (
                <tr key={v.id}>
                  <td>{v.title}</td>
                  <td>
                    {formatMoney(v.price)} {v.compareAtPrice && <s>{formatMoney(v.compareAtPrice)}</s>}
                  </td>
                  <td data-stock={v.id} aria-live="polite">
                    {v.inStock ? `${v.available} in stock` : 'Out of stock'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {product.variants.some((v) => v.inStock && v.price) && (
            <form action={addToCart} className="buy">
              <label htmlFor="variantId">Option</label>
              <select id="variantId" name="variantId">
                {product.variants
                  .filter((v) => v.inStock && v.price)
                  .map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.title} · {formatMoney(v.price)}
                    </option>
                  ))}
              </select>
              <label htmlFor="quantity">Quantity</label>
              <input id="quantity" name="quantity" type="number" min={1} max={99} defaultValue={1} />
              <button type="submit">Add to cart</button>
            </form>
          )}
          <p>{product.description}</p>
          <LiveStock variantIds={product.variants.map((v) => v.id)} />
        </section>
      </div>
    </main>
  );
}
