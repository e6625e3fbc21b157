import { notFound } from 'next/navigation';
import type { TCategoryNode } from '@tk/sdk';
import { catalogApi, siteUrl } from '../lib/api';
import type { ShopCurrency } from '../lib/currency';
import { ProductCard } from './product-card';

export const SORTS = { newest: 'Newest', price_asc: 'Price: low to high', price_desc: 'Price: high to low', rating: 'Best rated' } as const;
type Sort = keyof typeof SORTS;

/** What a category page can be asked for in its URL: ?sort=&brand=&minPrice=&maxPrice=&inStock=&cursor= */
export interface ListingQuery {
  sort?: string;
  brand?: string | string[];
  minPrice?: string;
  maxPrice?: string;
  inStock?: string;
  cursor?: string;
}

export async function findCategory(slug: string): Promise<TCategoryNode | undefined> {
  const { categories } = await catalogApi.listCategories();
  const walk = (nodes: TCategoryNode[]): TCategoryNode | undefined => {
    for (const n of nodes) {
      if (n.slug === slug) return n;
      const found = walk(n.children);
      if (found) return found;
    }
    return undefined;
  };
  return walk(categories);
}

const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []).map((b) => b.slice(0, 100)).slice(0, 20);
/** Whole currency units in the form, minor units in the API. */
const minor = (v: string | undefined) => (v && /^\d{1,9}$/.test(v) ? Number(v) * 100 : undefined);

/**
 * A category's products with filters, sort and paging, all in the URL (plain GET forms and links),
 * so every view can be bookmarked, shared and crawled, and works without JavaScript.
 */
export async function CategoryListing({ slug, currency, query }: { slug: string; currency: ShopCurrency; query: ListingQuery }) {
  const category = await findCategory(slug);
  if (!category) notFound();
  const sort: Sort = query.sort && query.sort in SORTS ? (query.sort as Sort) : 'newest';
  const brands = list(query.brand);
  const [page, sample] = await Promise.all([
    catalogApi.listProducts({
      query: { category: slug, sort, brand: brands.length ? brands : undefined, minPrice: minor(query.minPrice), maxPrice: minor(query.maxPrice), inStock: query.inStock === 'true' ? 'true' : undefined, cursor: query.cursor, limit: 24, currency },
    }),
    // The brands on offer in this category, for the filter (one cached read of its first 100).
    catalogApi.listProducts({ query: { category: slug, limit: 100, currency } }),
  ]);
  const allBrands = [...new Set(sample.items.map((p) => p.brand).filter((b): b is string => Boolean(b)))].sort();
  const here = new URLSearchParams();
  if (sort !== 'newest') here.set('sort', sort);
  for (const b of brands) here.append('brand', b);
  if (query.minPrice) here.set('minPrice', query.minPrice);
  if (query.maxPrice) here.set('maxPrice', query.maxPrice);
  if (query.inStock === 'true') here.set('inStock', 'true');
  const withParam = (name: string, value: string) => {
    const next = new URLSearchParams(here);
    next.set(name, value);
    next.delete('cursor');
    return `/c/${slug}?${next}`;
  };
  const breadcrumbs = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: [
      { '@type': 'ListItem', position: 1, name: 'Home', item: `${siteUrl}/` },
      { '@type': 'ListItem', position: 2, name: category.name, item: `${siteUrl}/c/${slug}` },
    ],
  }).replace(/</g, '\\u003c');
  return (
    <main>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: breadcrumbs }} />
      <nav aria-label="Breadcrumb">
        <ol className="crumbs">
          <li>
            <a href="/">Home</a>
          </li>
          <li aria-current="page">{category.name}</li>
        </ol>
      </nav>
      <h1>{category.name}</h1>
      {category.children.length > 0 && (
        <nav aria-label="Subcategories">
          {category.children.map((c) => (
            <a key={c.id} href={`/c/${c.slug}`} className="chip">
              {c.name}
            </a>
          ))}
        </nav>
      )}
      <div className="listing">
        <form action={`/c/${slug}`} method="get" className="filters" aria-label="Filter products">
          <input type="hidden" name="sort" value={sort} />
          {allBrands.length > 0 && (
            <fieldset>
              <legend>Brand</legend>
              {allBrands.map((b) => (
                <label key={b} className="check">
                  <input type="checkbox" name="brand" value={b} defaultChecked={brands.includes(b)} /> {b}
                </label>
              ))}
            </fieldset>
          )}
          <fieldset>
            <legend>Price ({currency})</legend>
            <label htmlFor="minPrice">From</label> <input id="minPrice" name="minPrice" inputMode="numeric" pattern="[0-9]*" size={7} defaultValue={query.minPrice} />{' '}
            <label htmlFor="maxPrice">to</label> <input id="maxPrice" name="maxPrice" inputMode="numeric" pattern="[0-9]*" size={7} defaultValue={query.maxPrice} />
          </fieldset>
          <label className="check">
            <input type="checkbox" name="inStock" value="true" defaultChecked={query.inStock === 'true'} /> In stock only
          </label>
          <button type="submit">Apply filters</button>
        </form>
        <div>
          <nav aria-label="Sort">
            {Object.entries(SORTS).map(([key, label]) => (
              <a key={key} href={withParam('sort', key)} aria-current={key === sort ? 'page' : undefined} className="chip">
                {label}
              </a>
            ))}
          </nav>
          {page.items.length === 0 ? (
            <p>Nothing matches these filters. <a href={`/c/${slug}`}>Clear filters</a></p>
          ) : (
            <ul className="grid">
              {page.items.map((p, i) => (
                <ProductCard key={p.id} product={p} eager={i < 2} />
              ))}
            </ul>
          )}
          {page.nextCursor && (
            <a rel="next" className="button" href={withParam('cursor', page.nextCursor)}>
              Next page
            </a>
          )}
        </div>
      </div>
    </main>
  );
}
