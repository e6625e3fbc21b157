import type { Metadata } from 'next';
import { api, formatMoney } from '../../lib/api';

export const metadata: Metadata = { title: 'Search | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

export default async function SearchPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const q = ((await searchParams).q ?? '').trim().slice(0, 200);
  const result = q ? await api.searchProducts({ query: { q, limit: 24, currency: 'LKR' } }) : null;
  return (
    <main>
      <h1>Search</h1>
      <form action="/search" role="search">
        <label htmlFor="q">Search the shop</label> <input id="q" name="q" defaultValue={q} /> <button type="submit">Search</button>
      </form>
      {result && (
        <>
          {result.correctedQuery && <p>Showing results for “{result.correctedQuery}”</p>}
          <p>{result.total} found</p>
          <ul className="grid">
            {result.items.map((p) => (
              <li key={p.id}>
                <a href={`/p/${p.slug}`}>{p.title}</a>
                <div>{formatMoney(p.price)}</div>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
