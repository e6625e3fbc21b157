import { catalogApi as api, formatMoney } from '../lib/api';

// The home page: categories and the newest products. Rendered per request (the build has no API to
// read from), from catalogue data that Next caches by the "catalog" tag until the API says it
// changed. Cart, checkout and account pages are still to come (issue 8).
export const dynamic = 'force-dynamic';

export default async function Home() {
  let content;
  try {
    const [{ categories }, { items }] = await Promise.all([
      api.listCategories(),
      api.listProducts({ query: { limit: 12, currency: 'LKR' } }),
    ]);
    content = (
      <>
        <nav aria-label="Categories">
          {categories.map((c) => (
            <a key={c.id} href={`/c/${c.slug}`} className="chip">
              {c.name} ({c.productCount})
            </a>
          ))}
        </nav>
        <h2>New in</h2>
        <ul className="grid">
          {items.map((p) => (
            <li key={p.id}>
              <a href={`/p/${p.slug}`}>
                <strong>{p.title}</strong>
              </a>
              <div>{p.brand}</div>
              <div>{formatMoney(p.price)}</div>
              {!p.inStock && <div>Out of stock</div>}
            </li>
          ))}
        </ul>
      </>
    );
  } catch {
    content = <p role="alert">The shop is not reachable just now. Please try again in a moment.</p>;
  }
  return (
    <main>
      <h1>T &amp; K</h1>
      {content}
    </main>
  );
}
