import type { z } from 'zod';
import type { ZReview } from '@tk/contract';
import type { Database, Queryable } from '../../platform/database.js';
import { AppError, invalidField, isForeignKeyViolation, isUniqueViolation, notFound } from '../../platform/errors.js';
import { isPublished, setProductRating } from '../catalog/index.js';
import { hasPurchased } from '../orders/index.js';

type TReview = z.infer<typeof ZReview>;

interface ReviewRow {
  id: string;
  product_id: string;
  author_name: string;
  rating: number;
  title: string;
  body: string;
  status: 'pending' | 'approved' | 'rejected';
  verified_purchase: boolean;
  created_at: Date;
}

const SELECT = `
  SELECT r.id, r.product_id, u.name AS author_name, r.rating, r.title, r.body, r.status, r.verified_purchase, r.created_at
    FROM reviews r JOIN users u ON u.id = r.user_id`;

/**
 * Reviews: one per customer per product, pending until staff approve them. The product's average
 * and count are recomputed from approved reviews in the same transaction as each moderation.
 */
export class ReviewsService {
  constructor(
    private readonly deps: {
      db: Database;
      /** Tells the catalogue that a product's rating changed (its cached pages must go). */
      onRatingChanged: (productId: string) => Promise<void>;
    },
  ) {}

  async create(userId: string, input: { productId: string; rating: number; title: string; body: string }): Promise<TReview> {
    if (!(await isPublished(this.deps.db, input.productId))) {
      throw invalidField('body.productId', 'no product on sale has this id', 'not_found');
    }
    const verified = await hasPurchased(this.deps.db, userId, input.productId);
    try {
      const { rows } = await this.deps.db.query<{ id: string }>(
        `INSERT INTO reviews (product_id, user_id, rating, title, body, verified_purchase)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [input.productId, userId, input.rating, input.title, input.body, verified],
      );
      return (await this.find(this.deps.db, rows[0]!.id))!;
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError('conflict', 'You have already reviewed this product', {
          fields: [{ field: 'body.productId', message: 'already reviewed', code: 'already_reviewed' }],
        });
      }
      if (isForeignKeyViolation(err)) throw invalidField('body.productId', 'no product has this id', 'not_found');
      throw err;
    }
  }

  async forProduct(productId: string) {
    const [{ rows }, summary] = await Promise.all([
      this.deps.db.query<ReviewRow>(`${SELECT} WHERE r.product_id = $1 AND r.status = 'approved' ORDER BY r.created_at DESC LIMIT 50`, [productId]),
      this.deps.db.query<{ average: number; count: number }>(
        `SELECT coalesce(round(avg(rating)::numeric, 2), 0)::float8 AS average, count(*)::int AS count
           FROM reviews WHERE product_id = $1 AND status = 'approved'`,
        [productId],
      ),
    ]);
    return { ...summary.rows[0]!, items: rows.map(toReview) };
  }

  async mine(userId: string) {
    const { rows } = await this.deps.db.query<ReviewRow>(`${SELECT} WHERE r.user_id = $1 ORDER BY r.created_at DESC`, [userId]);
    return { items: rows.map(toReview) };
  }

  /** Staff: pending reviews oldest first (a queue), decided ones newest first; with product titles. */
  async byStatus(status: 'pending' | 'approved' | 'rejected', limit = 25, offset = 0) {
    const order = status === 'pending' ? 'r.created_at, r.id' : 'r.created_at DESC, r.id';
    const [{ rows }, count] = await Promise.all([
      this.deps.db.query<ReviewRow & { product_title: string }>(
        `SELECT q.*, p.title AS product_title FROM (${SELECT} WHERE r.status = $1 ORDER BY ${order} LIMIT $2 OFFSET $3) q
           JOIN products p ON p.id = q.product_id ORDER BY ${order.replaceAll('r.', 'q.')}`,
        [status, limit, offset],
      ),
      this.deps.db.query<{ total: string }>('SELECT count(*) AS total FROM reviews WHERE status = $1', [status]),
    ]);
    return { items: rows.map((r) => ({ ...toReview(r), productTitle: r.product_title })), total: Number(count.rows[0]!.total) };
  }

  async moderate(id: string, status: 'approved' | 'rejected'): Promise<TReview> {
    const productId = await this.deps.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ product_id: string }>(
        'UPDATE reviews SET status = $2, updated_at = now() WHERE id = $1 RETURNING product_id',
        [id, status],
      );
      if (!rows[0]) throw notFound('Review');
      const productId = rows[0].product_id;
      // Serialise moderations of one product's reviews so their summaries cannot interleave.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`reviews:${productId}`]);
      const summary = await tx.query<{ average: number; count: number }>(
        `SELECT coalesce(round(avg(rating)::numeric, 2), 0)::float8 AS average, count(*)::int AS count
           FROM reviews WHERE product_id = $1 AND status = 'approved'`,
        [productId],
      );
      await setProductRating(tx, productId, summary.rows[0]!.average, summary.rows[0]!.count);
      return productId;
    });
    await this.deps.onRatingChanged(productId);
    return (await this.find(this.deps.db, id))!;
  }

  private async find(db: Queryable, id: string): Promise<TReview | undefined> {
    const { rows } = await db.query<ReviewRow>(`${SELECT} WHERE r.id = $1`, [id]);
    return rows[0] ? toReview(rows[0]) : undefined;
  }
}

/** "Kumari Perera" → "Kumari P.": enough to be personal, not enough to identify. */
function publicName(name: string): string {
  const [first, ...rest] = name.trim().split(/\s+/);
  if (!first) return 'A customer';
  const last = rest.at(-1);
  return last ? `${first} ${last[0]!.toUpperCase()}.` : first;
}

function toReview(r: ReviewRow): TReview {
  return {
    id: r.id,
    productId: r.product_id,
    author: publicName(r.author_name),
    rating: r.rating,
    title: r.title,
    body: r.body,
    status: r.status,
    verifiedPurchase: r.verified_purchase,
    createdAt: r.created_at.toISOString(),
  };
}
