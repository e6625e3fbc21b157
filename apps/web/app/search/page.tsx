import type { Metadata } from 'next';
import { ProductCard } from '../../components/product-card';
import { SearchBox } from '../../components/search-box';
import { api } from '../../lib/api';
import { chosenCurrency } from '../../lib/currency';

export const metadata: Metadata = { title: 'Search | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

type Query = { q?: string; category?: string; brand?: string | string[]; attr?: string | string[]; minPrice?: string; maxPrice?: string; inStock?: string; sort?: string; cursor?: string };
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []).map((s) => s.slice(0, 100)).slice(0, 20);
const minor = (v: string | undefined) => (v && /^\d{1,9}$/.test(v) ? Number(v) * 100 : undefined);
const SORTS = { relevance: 'Best match', price_asc: 'Price: low to high', price_desc: 'Price: high to low', newest: 'Newest', rating: 'Best rated' } as const;

/** Search with typo tolerance and facets (category, brand, attributes, price), all in the URL. */
export default async function SearchPage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const q = (query.q ?? '').trim().slice(0, 200);
  const brands = list(query.brand);
  const attrs = list(query.attr).filter((a) => /^[^:]+:.+$/.test(a));
  const sort = query.sort && query.sort in SORTS ? (query.sort as keyof typeof SORTS) : 'relevance';
  const category = query.category && /^[a-z0-9-]{1,100}$/.test(query.category) ? query.category : undefined;
  const currency = await chosenCurrency();
  const result = q
    ? await api.searchProducts({
        query: { q, category, brand: brands.length ? brands : undefined, attr: attrs.length ? attrs : undefined, minPrice: minor(query.minPrice), maxPrice: minor(query.maxPrice), inStock: query.inStock === 'true' ? 'true' : undefined, sort, cursor: query.cursor, limit: 24, currency },
      })
    : null;
  const here = new URLSearchParams();
  if (q) here.set('q', q);
  if (category) here.set('category', category);
  for (const b of brands) here.append('brand', b);
  for (const a of attrs) here.append('attr', a);
  if (sort !== 'relevance') here.set('sort', sort);
  const link = (change: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(here);
    next.delete('cursor');
    change(next);
    return `/search?${next}`;
  };
  const toggle = (name: string, value: string) =>
    link((p) => {
      const values = p.getAll(name);
      p.delete(name);
      for (const v of values.includes(value) ? values.filter((v) => v !== value) : [...values, value]) p.append(name, v);
    });
  return (
    <main>
      <h1>Search</h1>
      <form action="/search" role="search" className="inline">
        <SearchBox id="q" defaultValue={q} label="Search the shop" /> <button type="submit">Search</button>
      </form>
      {result && (
        <>
          {result.correctedQuery && (
            <p>
              Showing results for “<strong>{result.correctedQuery}</strong>”
            </p>
          )}
          <p role="status">
            {result.total} {result.total === 1 ? 'product' : 'products'} found
          </p>
          <div className="listing">
            <nav aria-label="Refine results" className="filters">
              {result.facets.categories.length > 0 && (
                <>
                  <h2>Category</h2>
                  <ul className="facets">
                    {result.facets.categories.map((c) => (
                      <li key={c.id}>
                        <a href={link((p) => (category === c.slug ? p.delete('category') : p.set('category', c.slug)))} aria-current={category === c.slug ? 'true' : undefined}>
                          {c.name} ({c.count})
                        </a>
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {result.facets.brands.length > 0 && (
                <>
                  <h2>Brand</h2>
                  <ul className="facets">
                    {result.facets.brands.map((b) => (
                      <li key={b.value}>
                        <a href={toggle('brand', b.value)} aria-current={brands.includes(b.value) ? 'true' : undefined}>
                          {b.value} ({b.count})
                        </a>
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {result.facets.attributes.map((a) => (
                <div key={a.name}>
                  <h2>{a.name}</h2>
                  <ul className="facets">
                    {a.values.map((v) => (
                      <li key={v.value}>
                        <a href={toggle('attr', `${a.name}:${v.value}`)} aria-current={attrs.includes(`${a.name}:${v.value}`) ? 'true' : undefined}>
                          {v.value} ({v.count})
                        </a>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </nav>
            <div>
              <nav aria-label="Sort">
                {Object.entries(SORTS).map(([key, label]) => (
                  <a key={key} href={link((p) => p.set('sort', key))} aria-current={key === sort ? 'page' : undefined} className="chip">
                    {label}
                  </a>
                ))}
              </nav>
              <ul className="grid">
                {result.items.map((p) => (
                  <ProductCard key={p.id} product={p} />
                ))}
              </ul>
              {result.nextCursor && (
                <a rel="next" className="button" href={link((p) => p.set('cursor', result.nextCursor!))}>
                  Next page
                </a>
              )}
            </div>
          </div>
        </>
      )}
    </main>
  );
}
