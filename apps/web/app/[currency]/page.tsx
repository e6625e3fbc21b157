import { Countdown } from '../../components/countdown';
import { ProductCard } from '../../components/product-card';
import { catalogApi as api } from '../../lib/api';
import { routeCurrency } from '../../lib/currency';

// Statically generated per currency on first visit and refreshed when the API says the catalogue,
// a price, stock or a flash sale changed (or after a minute).
export const revalidate = 60;

export default async function Home({ params }: { params: Promise<{ currency: string }> }) {
  const currency = routeCurrency((await params).currency);
  // If the API is down this throws: the error page shows and no broken page is cached.
  const [{ categories }, newest, favourites, sales, trending] = await Promise.all([
    api.listCategories(),
    api.listProducts({ query: { limit: 8, sort: 'newest', currency } }),
    api.listProducts({ query: { limit: 8, sort: 'rating', currency } }),
    api.currentFlashSales(),
    api.trendingProducts({ query: { limit: 8, currency } }),
  ]);
  const onSale = newest.items.concat(favourites.items, trending.items).filter((p, i, all) => p.flashSale && all.findIndex((q) => q.id === p.id) === i);
  return (
    <main>
      <h1>T &amp; K</h1>
      <nav aria-label="Categories">
        {categories.map((c) => (
          <a key={c.id} href={`/c/${c.slug}`} className="chip">
            {c.name} ({c.productCount})
          </a>
        ))}
      </nav>
      {sales.items.some((s) => s.state === 'running' || s.state === 'scheduled') && (
        <section aria-labelledby="flash">
          <h2 id="flash">Flash sales</h2>
          {sales.items.filter((s) => s.state === 'running' || s.state === 'scheduled').map((s) => (
            <p key={s.id} className="flash">
              <strong>{s.name}</strong>:{' '}
              {s.state === 'running' ? <Countdown endsAt={s.endsAt} /> : <>starts {new Date(s.startsAt).toLocaleString('en-LK', { timeZone: 'Asia/Colombo' })}</>}
            </p>
          ))}
          {onSale.length > 0 && (
            <ul className="grid">
              {onSale.map((p) => (
                <ProductCard key={p.id} product={p} />
              ))}
            </ul>
          )}
        </section>
      )}
      <section aria-labelledby="featured">
        <h2 id="featured">Customer favourites</h2>
        <ul className="grid">
          {favourites.items.map((p, i) => (
            <ProductCard key={p.id} product={p} eager={i < 2} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="new">
        <h2 id="new">New in</h2>
        <ul className="grid">
          {newest.items.map((p) => (
            <ProductCard key={p.id} product={p} />
          ))}
        </ul>
      </section>
      {trending.items.length > 0 && (
        <section aria-labelledby="trending">
          <h2 id="trending">Trending now</h2>
          <ul className="grid">
            {trending.items.map((p) => (
              <ProductCard key={p.id} product={p} />
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
