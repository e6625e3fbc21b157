import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ApiError, type TProductDetail } from '@tk/sdk';
import { Countdown } from '../../../../components/countdown';
import { Picture } from '../../../../components/picture';
import { ProductCard } from '../../../../components/product-card';
import { catalogApi, decimal, formatMoney, siteUrl } from '../../../../lib/api';
import { routeCurrency, type ShopCurrency } from '../../../../lib/currency';
import { addToCart, toggleWishlist, writeReview } from '../../../actions';
import { VariantPicker } from './variant-picker';

// Statically generated on first visit (none at build: the build has no API), then kept until the
// API asks for a refresh or a minute passes.
export const revalidate = 60;
export async function generateStaticParams() {
  return [];
}

async function load(slug: string, currency: ShopCurrency): Promise<TProductDetail> {
  try {
    return await catalogApi.getProduct({ params: { slug }, query: { currency } });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ currency: string; slug: string }> }): Promise<Metadata> {
  const { currency, slug } = await params;
  const product = await load(slug, routeCurrency(currency));
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

const stars = (rating: number) => '★★★★★'.slice(0, Math.round(rating)) + '☆☆☆☆☆'.slice(0, 5 - Math.round(rating));

export default async function ProductPage({ params }: { params: Promise<{ currency: string; slug: string }> }) {
  const { currency: segment, slug } = await params;
  const currency = routeCurrency(segment);
  const product = await load(slug, currency);
  const [reviews, recommendations] = await Promise.all([
    catalogApi.listProductReviews({ params: { slug } }).catch(() => ({ average: 0, count: 0, items: [] })),
    catalogApi.productRecommendations({ params: { id: product.id }, query: { currency, limit: 8 } }).catch(() => ({ items: [], source: 'trending' as const })),
  ]);
  const from = `/p/${product.slug}`;
  const [hero, ...more] = product.images;
  return (
    <main>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: structuredData(product) }} />
      <nav aria-label="Breadcrumb">
        <ol className="crumbs">
          <li>
            <a href="/">Home</a>
          </li>
          {product.categoryPath.map((c) => (
            <li key={c.id}>
              <a href={`/c/${c.slug}`}>{c.name}</a>
            </li>
          ))}
        </ol>
      </nav>
      <div className="product">
        <div className="gallery">
          {hero ? (
            // The largest paint of the page: preloaded, full quality, sized for the layout.
            <Picture image={hero} alt={hero.alt || product.title} sizes="(max-width: 700px) 100vw, 540px" preloaded />
          ) : (
            <span className="noimg" aria-hidden="true" />
          )}
          {more.length > 0 && (
            <ul className="thumbs" aria-label="More pictures">
              {more.map((image, i) => (
                <li key={image.id ?? i}>
                  <Picture image={image} alt={image.alt || `${product.title}, picture ${i + 2}`} sizes="(max-width: 700px) 80vw, 540px" />
                </li>
              ))}
            </ul>
          )}
        </div>
        <section>
          <h1>{product.title}</h1>
          {product.brand && <p className="muted">{product.brand}</p>}
          {product.rating.count > 0 && (
            <p>
              <a href="#reviews">
                <span aria-hidden="true">{stars(product.rating.average)}</span> Rated {product.rating.average.toFixed(1)} out of 5 ({product.rating.count} reviews)
              </a>
            </p>
          )}
          <p className="price">
            {product.price ? formatMoney(product.price) : `Not sold in ${currency}`}
            {product.maxPrice && product.price && product.maxPrice.amount !== product.price.amount && <> – {formatMoney(product.maxPrice)}</>}
          </p>
          {product.flashSale && (
            <p className="sale">
              {product.flashSale.name}: <Countdown endsAt={product.flashSale.endsAt} />
              {product.flashSale.perCustomerLimit && <> · up to {product.flashSale.perCustomerLimit} per customer</>}
            </p>
          )}
          <VariantPicker
            options={product.options}
            productSlug={product.slug}
            from={from}
            action={addToCart}
            variants={product.variants.map((v) => ({
              id: v.id,
              title: v.title,
              options: v.options,
              price: v.price ? formatMoney(v.price) : `Not sold in ${currency}`,
              compareAt: v.compareAtPrice ? formatMoney(v.compareAtPrice) : null,
              available: v.available,
              sellable: Boolean(v.price),
            }))}
          />
          <form action={toggleWishlist}>
            <input type="hidden" name="productId" value={product.id} />
            <input type="hidden" name="from" value={from} />
            <button type="submit" className="secondary">
              Save to wishlist
            </button>
          </form>
          <h2>About this product</h2>
          <p>{product.description}</p>
          {Object.keys(product.attributes).length > 0 && (
            <dl className="attributes">
              {Object.entries(product.attributes).map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      </div>
      <section id="reviews" aria-labelledby="reviews-title">
        <h2 id="reviews-title">Reviews</h2>
        {reviews.count > 0 ? (
          <p>
            <span aria-hidden="true">{stars(reviews.average)}</span> {reviews.average.toFixed(1)} out of 5 from {reviews.count} reviews
          </p>
        ) : (
          <p>No reviews yet.</p>
        )}
        <ul className="reviews">
          {reviews.items.map((r) => (
            <li key={r.id}>
              <p>
                <strong>
                  <span aria-label={`${r.rating} out of 5`}>{stars(r.rating)}</span> {r.title}
                </strong>
              </p>
              <p>{r.body}</p>
              <p className="muted">
                {r.author}
                {r.verifiedPurchase && ' · verified purchase'} · <time dateTime={r.createdAt}>{new Date(r.createdAt).toLocaleDateString('en-LK')}</time>
              </p>
            </li>
          ))}
        </ul>
        <details>
          <summary>Write a review</summary>
          <form action={writeReview} className="form">
            <input type="hidden" name="productId" value={product.id} />
            <input type="hidden" name="from" value={from} />
            <label htmlFor="rating">Rating</label>
            <select id="rating" name="rating" defaultValue="5">
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={n}>
                  {n} out of 5
                </option>
              ))}
            </select>
            <label htmlFor="review-title">Title</label>
            <input id="review-title" name="title" maxLength={120} />
            <label htmlFor="review-body">Your review</label>
            <textarea id="review-body" name="body" required maxLength={5000} rows={4} />
            <button type="submit">Send review</button>
            <p className="muted">Reviews appear once our team has read them. You need to be signed in.</p>
          </form>
        </details>
      </section>
      {recommendations.items.length > 0 && (
        <section aria-labelledby="recs-title">
          <h2 id="recs-title">{recommendations.source === 'similar' ? 'Customers also bought' : 'Popular right now'}</h2>
          <ul className="grid">
            {recommendations.items.map((p) => (
              <ProductCard key={p.id} product={p} />
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
