import type { Metadata } from 'next';
import { ProductCard } from '../../components/product-card';
import { requireCustomer } from '../../lib/account';
import { api } from '../../lib/api';
import { chosenCurrency } from '../../lib/currency';
import { toggleWishlist } from '../actions';

export const metadata: Metadata = { title: 'Your wishlist | T & K', robots: { index: false } };
export const dynamic = 'force-dynamic';

/** Saved products with today's price and stock, shared with the app. */
export default async function WishlistPage() {
  await requireCustomer('/wishlist');
  const { items } = await api.getWishlist({ query: { currency: await chosenCurrency() } });
  return (
    <main>
      <h1>Your wishlist</h1>
      {items.length === 0 ? (
        <p>
          Nothing saved yet. <a href="/">Browse the shop</a>
        </p>
      ) : (
        <ul className="grid">
          {items.map((p) => (
            <ProductCard key={p.id} product={p}>
              <form action={toggleWishlist}>
                <input type="hidden" name="productId" value={p.id} />
                <input type="hidden" name="saved" value="true" />
                <input type="hidden" name="from" value="/wishlist" />
                <button type="submit" className="secondary" aria-label={`Remove ${p.title} from the wishlist`}>
                  Remove
                </button>
              </form>
            </ProductCard>
          ))}
        </ul>
      )}
    </main>
  );
}
