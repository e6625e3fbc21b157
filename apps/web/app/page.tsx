import { api, formatMoney } from '../lib/api';

// The full storefront (SSR + ISR, product pages, cart, checkout) is issue 8. This first page
// renders the live catalogue through the SDK on every request.
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
            <span key={c.id} style={{ marginRight: 12 }}>
              {c.name} ({c.productCount})
            </span>
          ))}
        </nav>
        <h2>New in</h2>
        <ul style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 16, listStyle: 'none', padding: 0 }}>
          {items.map((p) => (
            <li key={p.id}>
              <strong>{p.title}</strong>
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
