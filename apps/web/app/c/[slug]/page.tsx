import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { catalogApi, formatMoney, siteUrl } from '../../../lib/api';

export const revalidate = 60;

const SORTS = { newest: 'Newest', price_asc: 'Price: low to high', price_desc: 'Price: high to low', rating: 'Best rated' } as const;
type Sort = keyof typeof SORTS;

async function category(slug: string) {
  const { categories } = await catalogApi.listCategories();
  const walk = (nodes: typeof categories): (typeof categories)[number] | undefined => {
    for (const n of nodes) {
      if (n.slug === slug) return n;
      const found = walk(n.children);
      if (found) return found;
    }
    return undefined;
  };
  return walk(categories);
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  const c = await category(slug);
  if (!c) return {};
  return { title: `${c.name} | T & K`, description: c.description || `${c.name} at T & K`, alternates: { canonical: `${siteUrl}/c/${slug}` } };
}

/** A category's products: sort and page in the URL, so every view can be linked and crawled. */
export default async function CategoryPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ sort?: string; cursor?: string }> }) {
  const { slug } = await params;
  const { sort: rawSort, cursor } = await searchParams;
  const c = await category(slug);
  if (!c) notFound();
  const sort: Sort = rawSort && rawSort in SORTS ? (rawSort as Sort) : 'newest';
  const page = await catalogApi.listProducts({ query: { category: slug, sort, cursor, limit: 24, currency: 'LKR' } });
  return (
    <main>
      <h1>{c.name}</h1>
      <nav aria-label="Sort">
        {Object.entries(SORTS).map(([key, label]) => (
          <a key={key} href={`/c/${slug}?sort=${key}`} aria-current={key === sort ? 'page' : undefined} className="chip">
            {label}
          </a>
        ))}
      </nav>
      <ul className="grid">
        {page.items.map((p) => (
          <li key={p.id}>
            <a href={`/p/${p.slug}`}>
              {p.image && <img src={p.image.url} alt={p.image.alt || p.title} width={p.image.width ?? 300} height={p.image.height ?? 300} loading="lazy" />}
              <strong>{p.title}</strong>
            </a>
            <div>{formatMoney(p.price)}</div>
            {!p.inStock && <div>Out of stock</div>}
          </li>
        ))}
      </ul>
      {page.nextCursor && (
        <a rel="next" href={`/c/${slug}?sort=${sort}&cursor=${encodeURIComponent(page.nextCursor)}`}>
          More
        </a>
      )}
    </main>
  );
}
