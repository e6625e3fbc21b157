import type { TCurrency } from '@tk/contract';
import type { Queryable } from '../../platform/database.js';

export interface CategoryRow {
  id: string;
  parent_id: string | null;
  slug: string;
  name: string;
  description: string;
  path: string;
  position: number;
}

export async function listCategories(db: Queryable): Promise<CategoryRow[]> {
  const { rows } = await db.query<CategoryRow>(
    'SELECT id, parent_id, slug, name, description, path, position FROM categories ORDER BY position, name',
  );
  return rows;
}

export async function findCategoryBySlug(db: Queryable, slug: string): Promise<CategoryRow | undefined> {
  const { rows } = await db.query<CategoryRow>(
    'SELECT id, parent_id, slug, name, description, path, position FROM categories WHERE slug = $1',
    [slug],
  );
  return rows[0];
}

export async function findCategoryById(db: Queryable, id: string): Promise<CategoryRow | undefined> {
  const { rows } = await db.query<CategoryRow>(
    'SELECT id, parent_id, slug, name, description, path, position FROM categories WHERE id = $1',
    [id],
  );
  return rows[0];
}

/** Published products per category (direct membership only; the service rolls them up). */
export async function countPublishedByCategory(db: Queryable): Promise<Map<string, number>> {
  const { rows } = await db.query<{ category_id: string; n: number }>(
    `SELECT category_id, count(*)::int AS n FROM products
      WHERE status = 'published' AND category_id IS NOT NULL GROUP BY category_id`,
  );
  return new Map(rows.map((r) => [r.category_id, r.n]));
}

export async function insertCategory(
  tx: Queryable,
  c: { name: string; slug: string; description: string; parentPath: string | null; parentId: string | null; position: number },
): Promise<CategoryRow> {
  // The path embeds the row's own id, so it is set in the same statement that creates the id.
  const { rows } = await tx.query<CategoryRow>(
    `WITH new_id AS (SELECT gen_random_uuid() AS id)
     INSERT INTO categories (id, parent_id, slug, name, description, path, position)
     SELECT id, $1, $2, $3, $4, coalesce($5, '/') || id::text || '/', $6 FROM new_id
     RETURNING id, parent_id, slug, name, description, path, position`,
    [c.parentId, c.slug, c.name, c.description, c.parentPath, c.position],
  );
  return rows[0]!;
}

export interface ProductRow {
  id: string;
  slug: string;
  title: string;
  description: string;
  brand: string | null;
  category_id: string | null;
  attributes: Record<string, string>;
  seo_title: string | null;
  seo_description: string | null;
  status: 'draft' | 'published' | 'archived';
  rating_avg: number;
  rating_count: number;
  created_at: Date;
  updated_at: Date;
  images: { id: string; url: string; alt: string; width: number | null; height: number | null; sources: { format: 'webp' | 'avif'; width: number; url: string }[] }[];
  variants: {
    id: string;
    sku: string;
    title: string;
    options: Record<string, string>;
    weight_grams: number;
    barcode: string | null;
    amount: number | null;
    compare_at_amount: number | null;
  }[];
  category_path: { id: string; slug: string; name: string }[];
}

/** A product with images, variants (priced in one currency) and category ancestry, in one query. */
export async function findProduct(
  db: Queryable,
  by: { slug: string } | { id: string },
  currency: TCurrency,
): Promise<ProductRow | undefined> {
  const [column, value] = 'slug' in by ? ['slug', by.slug] : ['id', by.id];
  const { rows } = await db.query<ProductRow>(
    `SELECT p.id, p.slug, p.title, p.description, p.brand, p.category_id, p.attributes, p.seo_title,
            p.seo_description, p.status, p.rating_avg, p.rating_count, p.created_at, p.updated_at,
            coalesce((SELECT json_agg(json_build_object('id', i.id, 'url', i.url, 'alt', i.alt, 'width', i.width, 'height', i.height, 'sources', i.sources)
                        ORDER BY i.position) FROM product_images i WHERE i.product_id = p.id), '[]') AS images,
            coalesce((SELECT json_agg(json_build_object(
                        'id', v.id, 'sku', v.sku, 'title', v.title, 'options', v.options,
                        'weight_grams', v.weight_grams, 'barcode', v.barcode,
                        'amount', vp.amount, 'compare_at_amount', vp.compare_at_amount) ORDER BY v.position, v.sku)
                        FROM variants v
                        LEFT JOIN variant_prices vp ON vp.variant_id = v.id AND vp.currency = $2
                       WHERE v.product_id = p.id), '[]') AS variants,
            coalesce((SELECT json_agg(json_build_object('id', a.id, 'slug', a.slug, 'name', a.name) ORDER BY length(a.path))
                        FROM categories c JOIN categories a ON c.path LIKE a.path || '%'
                       WHERE c.id = p.category_id), '[]') AS category_path
       FROM products p
      WHERE p.${column} = $1`,
    [value, currency],
  );
  return rows[0];
}

export interface NewProduct {
  slug: string;
  title: string;
  description: string;
  brand: string | null;
  categoryId: string | null;
  attributes: Record<string, string>;
  seoTitle: string | null;
  seoDescription: string | null;
  status: 'draft' | 'published' | 'archived';
}

export async function insertProduct(tx: Queryable, p: NewProduct): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO products (slug, title, description, brand, category_id, attributes, seo_title, seo_description, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [p.slug, p.title, p.description, p.brand, p.categoryId, JSON.stringify(p.attributes), p.seoTitle, p.seoDescription, p.status],
  );
  return rows[0]!.id;
}

const UPDATABLE: Record<keyof NewProduct, string> = {
  slug: 'slug',
  title: 'title',
  description: 'description',
  brand: 'brand',
  categoryId: 'category_id',
  attributes: 'attributes',
  seoTitle: 'seo_title',
  seoDescription: 'seo_description',
  status: 'status',
};

/** Updates the given fields only; returns false when the product does not exist. */
export async function updateProduct(tx: Queryable, id: string, changes: Partial<NewProduct>): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [key, value] of Object.entries(changes) as [keyof NewProduct, unknown][]) {
    if (value === undefined) continue;
    params.push(key === 'attributes' ? JSON.stringify(value) : value);
    sets.push(`${UPDATABLE[key]} = $${params.length}`);
  }
  const { rowCount } = await tx.query(
    `UPDATE products SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`,
    params,
  );
  return rowCount === 1;
}

export async function insertImages(tx: Queryable, productId: string, images: { url: string; alt: string }[]) {
  if (!images.length) return;
  await tx.query(
    `INSERT INTO product_images (product_id, url, alt, position)
     SELECT $1, u, a, n - 1 FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(u, a, n)`,
    [productId, images.map((i) => i.url), images.map((i) => i.alt)],
  );
}

export async function insertVariant(
  tx: Queryable,
  productId: string,
  v: { sku: string; title: string; options: Record<string, string>; weightGrams: number; barcode: string | null; position: number },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO variants (product_id, sku, title, options, weight_grams, barcode, position)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [productId, v.sku, v.title, JSON.stringify(v.options), v.weightGrams, v.barcode, v.position],
  );
  return rows[0]!.id;
}

export interface PriceInput {
  currency: TCurrency;
  amount: number;
  compareAtAmount?: number | null;
}

export async function upsertPrices(tx: Queryable, variantId: string, prices: PriceInput[]) {
  if (!prices.length) return;
  await tx.query(
    `INSERT INTO variant_prices (variant_id, currency, amount, compare_at_amount)
     SELECT $1, c, a, ca FROM unnest($2::text[], $3::bigint[], $4::bigint[]) AS t(c, a, ca)
     ON CONFLICT (variant_id, currency)
     DO UPDATE SET amount = EXCLUDED.amount, compare_at_amount = EXCLUDED.compare_at_amount, updated_at = now()`,
    [variantId, prices.map((p) => p.currency), prices.map((p) => p.amount), prices.map((p) => p.compareAtAmount ?? null)],
  );
}

export async function listVariantPrices(db: Queryable, variantId: string) {
  const { rows } = await db.query<{ currency: TCurrency; amount: number; compare_at_amount: number | null }>(
    'SELECT currency, amount, compare_at_amount FROM variant_prices WHERE variant_id = $1 ORDER BY currency',
    [variantId],
  );
  return rows;
}

export async function findVariantProductId(db: Queryable, variantId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ product_id: string }>('SELECT product_id FROM variants WHERE id = $1', [variantId]);
  return rows[0]?.product_id;
}

export async function lockProduct(tx: Queryable, productId: string): Promise<void> {
  await tx.query('SELECT 1 FROM products WHERE id = $1 FOR UPDATE', [productId]);
}

export async function productIdsOfVariants(db: Queryable, variantIds: string[]): Promise<string[]> {
  const { rows } = await db.query<{ product_id: string }>(
    'SELECT DISTINCT product_id FROM variants WHERE id = ANY($1::uuid[])',
    [variantIds],
  );
  return rows.map((r) => r.product_id);
}

/** Recomputes the listing price ranges of the given products from their variants' prices. */
export async function refreshPriceRanges(tx: Queryable, productIds: string[] | 'all') {
  const all = productIds === 'all';
  const params = all ? [] : [productIds];
  await tx.query(
    `INSERT INTO product_price_ranges (product_id, currency, min_amount, max_amount)
     SELECT v.product_id, vp.currency, min(vp.amount), max(vp.amount)
       FROM variant_prices vp JOIN variants v ON v.id = vp.variant_id
       ${all ? '' : 'WHERE v.product_id = ANY($1::uuid[])'}
      GROUP BY v.product_id, vp.currency
     ON CONFLICT (product_id, currency)
     DO UPDATE SET min_amount = EXCLUDED.min_amount, max_amount = EXCLUDED.max_amount`,
    params,
  );
  // Currencies a product is no longer priced in.
  await tx.query(
    `DELETE FROM product_price_ranges pr
      WHERE ${all ? 'true' : 'pr.product_id = ANY($1::uuid[])'}
        AND NOT EXISTS (SELECT 1 FROM variant_prices vp JOIN variants v ON v.id = vp.variant_id
                         WHERE v.product_id = pr.product_id AND vp.currency = pr.currency)`,
    params,
  );
}

/** Recomputes each product's filterable "name:value" pairs from its attributes and variant options. */
export async function refreshFacetValues(tx: Queryable, productIds: string[] | 'all') {
  await tx.query(
    `UPDATE products p SET facet_values = coalesce((
       SELECT array_agg(DISTINCT kv ORDER BY kv) FROM (
         SELECT a.key || ':' || a.value AS kv FROM jsonb_each_text(p.attributes) a
         UNION ALL
         SELECT o.key || ':' || o.value FROM variants v CROSS JOIN LATERAL jsonb_each_text(v.options) o
          WHERE v.product_id = p.id
       ) s), '{}')
     ${productIds === 'all' ? '' : 'WHERE p.id = ANY($1::uuid[])'}`,
    productIds === 'all' ? [] : [productIds],
  );
}

/** Adds the words of these products' titles and brands to the spelling vocabulary. */
export async function refreshSearchWords(tx: Queryable, productIds: string[] | 'all') {
  const scope = productIds === 'all' ? '' : 'WHERE p.id = ANY($1::uuid[])';
  await tx.query(
    `INSERT INTO search_words (word)
     SELECT DISTINCT w FROM products p
      CROSS JOIN LATERAL regexp_split_to_table(lower(p.title || ' ' || coalesce(p.brand, '')), '[^[:alnum:]]+') AS w
      ${scope} ${scope ? 'AND' : 'WHERE'} length(w) >= 2
     ON CONFLICT (word) DO NOTHING`,
    productIds === 'all' ? [] : [productIds],
  );
}

export interface WordMatch {
  input: string;
  /** Some catalogue word starts with the input. */
  known: boolean;
  /** Nearby vocabulary words: trigram neighbours, plus same-initial words of similar length (for swapped letters). */
  candidates: string[];
}

export async function matchSearchWords(db: Queryable, words: string[]): Promise<WordMatch[]> {
  const { rows } = await db.query<WordMatch>(
    `SELECT w.input,
            EXISTS (SELECT 1 FROM search_words s WHERE s.word LIKE w.input || '%') AS known,
            coalesce((SELECT array_agg(c.word) FROM (
               (SELECT s.word FROM search_words s WHERE s.word % w.input ORDER BY s.word <-> w.input LIMIT 10)
               UNION
               (SELECT s.word FROM search_words s
                 WHERE left(s.word, 1) = left(w.input, 1) AND abs(length(s.word) - length(w.input)) <= 1
                 LIMIT 200)
             ) c), '{}') AS candidates
       FROM unnest($1::text[]) WITH ORDINALITY AS w(input, n)
      ORDER BY w.n`,
    [words],
  );
  return rows;
}

export interface SaleVariantRow {
  variant_id: string;
  sku: string;
  variant_title: string;
  weight_grams: number;
  product_id: string;
  slug: string;
  title: string;
  status: 'draft' | 'published' | 'archived';
  amount: number | null;
  image_url: string | null;
  image_alt: string | null;
  image_width: number | null;
  image_height: number | null;
  /** The category's materialised path of ids ('/root/…/self/'), for promotions by category. */
  category_path: string | null;
  collection_ids: string[] | null;
}

/** What a cart or an order needs of each variant: names, current price in one currency, first image. */
export async function variantsForSale(db: Queryable, variantIds: string[], currency: TCurrency): Promise<SaleVariantRow[]> {
  if (!variantIds.length) return [];
  const { rows } = await db.query<SaleVariantRow>(
    `SELECT v.id AS variant_id, v.sku, v.title AS variant_title, v.weight_grams,
            p.id AS product_id, p.slug, p.title, p.status, vp.amount,
            img.url AS image_url, img.alt AS image_alt, img.width AS image_width, img.height AS image_height,
            c.path AS category_path,
            (SELECT array_agg(cp.collection_id) FROM collection_products cp WHERE cp.product_id = p.id) AS collection_ids
       FROM variants v
       JOIN products p ON p.id = v.product_id
       LEFT JOIN categories c ON c.id = p.category_id
       LEFT JOIN variant_prices vp ON vp.variant_id = v.id AND vp.currency = $2
       LEFT JOIN LATERAL (
         SELECT url, alt, width, height FROM product_images WHERE product_id = p.id ORDER BY position LIMIT 1
       ) img ON true
      WHERE v.id = ANY($1::uuid[])`,
    [variantIds, currency],
  );
  return rows;
}

export async function isPublished(db: Queryable, productId: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM products WHERE id = $1 AND status = 'published'`, [productId])).rowCount === 1;
}

/** The reviews module owns reviews; the product keeps their summary so listings can sort by it. */
export async function setProductRating(tx: Queryable, productId: string, average: number, count: number): Promise<void> {
  await tx.query('UPDATE products SET rating_avg = $2, rating_count = $3 WHERE id = $1', [productId, average, count]);
}
