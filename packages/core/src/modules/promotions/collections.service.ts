import type { Database, Queryable } from '../../platform/database.js';
import { AppError, isUniqueViolation, notFound } from '../../platform/errors.js';

interface CollectionRow {
  id: string;
  slug: string;
  name: string;
  product_ids: string[];
  created_at: Date;
}

/** Hand-picked sets of products that promotions and bulk price runs can target. */
export class CollectionsService {
  constructor(private readonly deps: { db: Database; onProductsChanged: (productIds: string[]) => Promise<void> }) {}

  async list() {
    const { rows } = await this.deps.db.query<CollectionRow>(`${SELECT} ORDER BY c.name`);
    return { items: rows.map(toView) };
  }

  async create(input: { slug: string; name: string; productIds: string[] }) {
    const id = await this.deps.db.transaction(async (tx) => {
      let created: string;
      try {
        const { rows } = await tx.query<{ id: string }>('INSERT INTO collections (slug, name) VALUES ($1, $2) RETURNING id', [input.slug, input.name]);
        created = rows[0]!.id;
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('slug_taken', 'Another collection has this slug', { fields: [{ field: 'body.slug', message: 'taken', code: 'slug_taken' }] });
        throw err;
      }
      await this.setProductsIn(tx, created, input.productIds);
      return created;
    });
    await this.deps.onProductsChanged(input.productIds);
    return this.get(id);
  }

  async setProducts(id: string, productIds: string[]) {
    const before = await this.get(id);
    await this.deps.db.transaction((tx) => this.setProductsIn(tx, id, productIds));
    await this.deps.onProductsChanged([...new Set([...before.productIds, ...productIds])]);
    return this.get(id);
  }

  async get(id: string) {
    const { rows } = await this.deps.db.query<CollectionRow>(`${SELECT} WHERE c.id = $1`, [id]);
    if (!rows[0]) throw notFound('Collection');
    return toView(rows[0]);
  }

  private async setProductsIn(tx: Queryable, id: string, productIds: string[]) {
    const unique = [...new Set(productIds)];
    const { rows } = await tx.query<{ id: string }>('SELECT id FROM products WHERE id = ANY($1::uuid[])', [unique]);
    const found = new Set(rows.map((r) => r.id));
    const missing = productIds.map((p, i) => ({ p, i })).filter((x) => !found.has(x.p));
    if (missing.length) {
      throw new AppError('validation_failed', `${missing.length} product(s) do not exist`, {
        fields: missing.map((m) => ({ field: `body.productIds.${m.i}`, message: 'no such product', code: 'not_found' })),
      });
    }
    await tx.query('DELETE FROM collection_products WHERE collection_id = $1', [id]);
    await tx.query('INSERT INTO collection_products (collection_id, product_id) SELECT $1, unnest($2::uuid[])', [id, unique]);
  }
}

const SELECT = `SELECT c.*, coalesce((SELECT array_agg(product_id ORDER BY product_id) FROM collection_products WHERE collection_id = c.id), '{}') AS product_ids FROM collections c`;

const toView = (r: CollectionRow) => ({ id: r.id, slug: r.slug, name: r.name, productIds: r.product_ids, createdAt: r.created_at.toISOString() });
