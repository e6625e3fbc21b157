import type { TCurrency, TProductSummary } from '@tk/contract';
import type { Database } from '../../platform/database.js';
import { invalidField, isForeignKeyViolation } from '../../platform/errors.js';
import type { CatalogService } from '../catalog/index.js';

/** A customer's saved products, listed with today's price and stock. */
export class WishlistService {
  constructor(private readonly deps: { db: Database; catalog: CatalogService }) {}

  async list(userId: string, currency: TCurrency): Promise<{ items: (TProductSummary & { addedAt: string })[] }> {
    const { rows } = await this.deps.db.query<{ product_id: string; added_at: Date }>(
      'SELECT product_id, added_at FROM wishlist_items WHERE user_id = $1 ORDER BY added_at DESC, product_id',
      [userId],
    );
    const summaries = await this.deps.catalog.summaries(rows.map((r) => r.product_id), currency);
    // Withdrawn products stay saved but are not shown until they are on sale again.
    return {
      items: rows.flatMap((r) => {
        const s = summaries.get(r.product_id);
        return s ? [{ ...s, addedAt: r.added_at.toISOString() }] : [];
      }),
    };
  }

  /** Saving twice is the same as saving once. */
  async add(userId: string, productId: string, currency: TCurrency) {
    if (!(await this.deps.catalog.summaries([productId], currency)).has(productId)) {
      throw invalidField('params.productId', 'no product on sale has this id', 'not_found');
    }
    try {
      await this.deps.db.query(
        'INSERT INTO wishlist_items (user_id, product_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [userId, productId],
      );
    } catch (err) {
      if (isForeignKeyViolation(err)) throw invalidField('params.productId', 'no product has this id', 'not_found');
      throw err;
    }
    return this.list(userId, currency);
  }

  async remove(userId: string, productId: string, currency: TCurrency) {
    await this.deps.db.query('DELETE FROM wishlist_items WHERE user_id = $1 AND product_id = $2', [userId, productId]);
    return this.list(userId, currency);
  }
}
