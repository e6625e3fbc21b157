import type { TCurrency, TListProductsQuery } from '@tk/contract';
import { invalidField } from '../../platform/errors.js';
import { variantInStockCondition } from '../inventory/index.js';

/**
 * Builds the one SQL statement behind product listings and search: filters, sort and a keyset
 * cursor. Kept apart from the repository because it is pure (text + params in, nothing run), so
 * its rules are easy to read and to test.
 */

export type ProductSort = NonNullable<TListProductsQuery['sort']>;

/** Filters after the service has resolved names to ids and spelling to search words. */
export interface ListingFilter {
  currency: TCurrency;
  /** Materialised path of the category; products anywhere under it match. */
  categoryPath?: string;
  brands?: string[];
  /** Option or attribute name → accepted values (OR within a name, AND across names). */
  attributes?: Map<string, string[]>;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  /** A to_tsquery expression made only of letters, digits, `:*`, `&` and `|`. */
  tsQuery?: string;
}

type Cursor =
  | { s: 'newest'; t: string; id: string }
  | { s: 'price_asc' | 'price_desc'; v: number; id: string }
  | { s: 'rating'; a: number; c: number; id: string }
  | { s: 'relevance'; o: number };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** Relevance pages are offsets; deeper than this, refine the search instead. */
export const MAX_RELEVANCE_OFFSET = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const INT32_MAX = 2_147_483_647;

export function decodeCursor(raw: string, sort: ProductSort): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalidField('query.cursor', 'is not a cursor this API issued');
  }
  if (!parsed || typeof parsed !== 'object' || (parsed as { s?: unknown }).s !== sort) {
    throw invalidField('query.cursor', 'does not belong to this sort order; start again without it');
  }
  // Every value is checked against what SQL will cast it to, so a forged cursor is a 400, not a 500.
  const c = parsed as Record<string, unknown>;
  const uuid = (v: unknown) => typeof v === 'string' && UUID.test(v);
  const bigint = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  const ok =
    (sort === 'newest' && typeof c.t === 'string' && CURSOR_TIME.test(c.t) && uuid(c.id)) ||
    ((sort === 'price_asc' || sort === 'price_desc') && bigint(c.v) && uuid(c.id)) ||
    (sort === 'rating' && typeof c.a === 'number' && c.a >= 0 && c.a <= 5 && bigint(c.c) && (c.c as number) <= INT32_MAX && uuid(c.id)) ||
    (sort === 'relevance' && Number.isInteger(c.o) && (c.o as number) >= 0 && (c.o as number) <= MAX_RELEVANCE_OFFSET);
  if (!ok) throw invalidField('query.cursor', 'is not a cursor this API issued');
  return c as Cursor;
}

/** Collects parameters and hands out their $n placeholders. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** WHERE conditions shared by the page query and the facet query. */
export function buildConditions(f: ListingFilter, params: Params): string[] {
  const where = [`p.status = 'published'`];
  if (f.categoryPath !== undefined) {
    where.push(`p.category_id IN (SELECT id FROM categories WHERE path LIKE ${params.add(`${f.categoryPath}%`)})`);
  }
  if (f.brands?.length) where.push(`p.brand = ANY(${params.add(f.brands)}::text[])`);
  for (const [name, values] of f.attributes ?? []) {
    // Any of the values of one name (overlap), every name (one condition each).
    where.push(`p.facet_values && ${params.add(values.map((v) => `${name}:${v}`))}::text[]`);
  }
  if (f.minPrice !== undefined) where.push(`pr.min_amount >= ${params.add(f.minPrice)}`);
  if (f.maxPrice !== undefined) where.push(`pr.min_amount <= ${params.add(f.maxPrice)}`);
  if (f.inStock === true) {
    where.push(`EXISTS (SELECT 1 FROM variants sv WHERE sv.product_id = p.id AND ${variantInStockCondition('sv.id')})`);
  }
  if (f.inStock === false) {
    where.push(`NOT EXISTS (SELECT 1 FROM variants sv WHERE sv.product_id = p.id AND ${variantInStockCondition('sv.id')})`);
  }
  if (f.tsQuery) where.push(`p.search_vector @@ to_tsquery('simple', ${params.add(f.tsQuery)})`);
  return where;
}

export interface SummaryRow {
  id: string;
  slug: string;
  title: string;
  brand: string | null;
  rating_avg: number;
  rating_count: number;
  created_at: Date;
  created_key: string;
  min_amount: number | null;
  max_amount: number | null;
  category_id: string | null;
  category_slug: string | null;
  category_name: string | null;
  image_url: string | null;
  image_alt: string | null;
  image_width: number | null;
  image_height: number | null;
  in_stock: boolean;
  rank?: number;
}

/**
 * The page query: limit + 1 rows, so the caller knows whether another page follows. The inner
 * query finds and orders the page using only what it must; images, category names and stock are
 * looked up for those rows alone (computed per candidate row, they made one plan 100 times slower).
 */
export function buildPageQuery(f: ListingFilter, sort: ProductSort, limit: number, cursor?: Cursor) {
  const params = new Params();
  const currency = params.add(f.currency);
  const where = buildConditions(f, params);
  /** [inner expression, outer column, direction] */
  let order: [string, string, 'ASC' | 'DESC'][];
  let rank = '';
  switch (sort) {
    case 'newest':
      order = [['p.created_at', 'created_at', 'DESC'], ['p.id', 'id', 'DESC']];
      if (cursor?.s === 'newest') where.push(`(p.created_at, p.id) < (${params.add(cursor.t)}::timestamptz, ${params.add(cursor.id)}::uuid)`);
      break;
    case 'price_asc':
      order = [['pr.min_amount', 'min_amount', 'ASC'], ['p.id', 'id', 'ASC']];
      if (cursor?.s === 'price_asc') where.push(`(pr.min_amount, p.id) > (${params.add(cursor.v)}::bigint, ${params.add(cursor.id)}::uuid)`);
      break;
    case 'price_desc':
      order = [['pr.min_amount', 'min_amount', 'DESC'], ['p.id', 'id', 'DESC']];
      if (cursor?.s === 'price_desc') where.push(`(pr.min_amount, p.id) < (${params.add(cursor.v)}::bigint, ${params.add(cursor.id)}::uuid)`);
      break;
    case 'rating':
      order = [['p.rating_avg', 'rating_avg', 'DESC'], ['p.rating_count', 'rating_count', 'DESC'], ['p.id', 'id', 'DESC']];
      if (cursor?.s === 'rating') {
        where.push(
          `(p.rating_avg, p.rating_count, p.id) < (${params.add(cursor.a)}::real, ${params.add(cursor.c)}::int, ${params.add(cursor.id)}::uuid)`,
        );
      }
      break;
    case 'relevance':
      // Relevance needs a search; without one the service falls back to newest.
      rank = `, ts_rank_cd(p.search_vector, to_tsquery('simple', ${params.add(f.tsQuery ?? '')})) AS rank`;
      order = [['rank', 'rank', 'DESC'], ['p.id', 'id', 'DESC']];
      break;
  }
  const offset = cursor?.s === 'relevance' ? cursor.o : 0;
  const sql = `
    SELECT page.*,
           c.slug AS category_slug, c.name AS category_name,
           img.url AS image_url, img.alt AS image_alt, img.width AS image_width, img.height AS image_height,
           EXISTS (SELECT 1 FROM variants iv WHERE iv.product_id = page.id AND ${variantInStockCondition('iv.id')}) AS in_stock
      FROM (
        SELECT p.id, p.slug, p.title, p.brand, p.category_id, p.rating_avg, p.rating_count, p.created_at,
               -- Full microsecond precision for the cursor: rows created in one transaction share a
               -- timestamp, and a rounded one would skip or repeat them.
               to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key,
               pr.min_amount, pr.max_amount${rank}
          FROM products p
          JOIN product_price_ranges pr ON pr.product_id = p.id AND pr.currency = ${currency}
         WHERE ${where.join(' AND ')}
         ORDER BY ${order.map(([e, , d]) => `${e} ${d}`).join(', ')}
         LIMIT ${params.add(limit + 1)} OFFSET ${params.add(offset)}
      ) page
      LEFT JOIN categories c ON c.id = page.category_id
      LEFT JOIN LATERAL (
        SELECT url, alt, width, height FROM product_images WHERE product_id = page.id ORDER BY position LIMIT 1
      ) img ON true
     ORDER BY ${order.map(([, col, d]) => `page.${col} ${d}`).join(', ')}`;
  return { sql, params: params.values, offset };
}

/** The cursor that continues after `last`, in the given sort. */
export function cursorAfter(last: SummaryRow, sort: ProductSort, offsetSoFar: number): string {
  switch (sort) {
    case 'newest':
      return encodeCursor({ s: 'newest', t: last.created_key, id: last.id });
    case 'price_asc':
    case 'price_desc':
      return encodeCursor({ s: sort, v: last.min_amount!, id: last.id });
    case 'rating':
      return encodeCursor({ s: 'rating', a: last.rating_avg, c: last.rating_count, id: last.id });
    case 'relevance':
      return encodeCursor({ s: 'relevance', o: offsetSoFar });
  }
}

export interface FacetRow {
  total: number;
  price_min: number | null;
  price_max: number | null;
  categories: { id: string; slug: string; name: string; count: number }[] | null;
  brands: { value: string; count: number }[] | null;
  attributes: { name: string; value: string; count: number }[] | null;
}

/** Total and facet counts over everything the filters match, in one round trip. */
export function buildFacetQuery(f: ListingFilter) {
  const params = new Params();
  const currency = params.add(f.currency);
  const where = buildConditions(f, params);
  const sql = `
    WITH matched AS MATERIALIZED (
      SELECT p.id, p.category_id, p.brand, p.facet_values, pr.min_amount
        FROM products p
        JOIN product_price_ranges pr ON pr.product_id = p.id AND pr.currency = ${currency}
       WHERE ${where.join(' AND ')}
    )
    SELECT
      (SELECT count(*)::int FROM matched) AS total,
      (SELECT min(min_amount) FROM matched) AS price_min,
      (SELECT max(min_amount) FROM matched) AS price_max,
      (SELECT json_agg(x) FROM (
         SELECT c.id, c.slug, c.name, count(*)::int AS count
           FROM matched m JOIN categories c ON c.id = m.category_id
          GROUP BY c.id, c.slug, c.name ORDER BY count(*) DESC, c.name LIMIT 30) x) AS categories,
      (SELECT json_agg(x) FROM (
         SELECT brand AS value, count(*)::int AS count FROM matched WHERE brand IS NOT NULL
          GROUP BY brand ORDER BY count(*) DESC, brand LIMIT 30) x) AS brands,
      (SELECT json_agg(x) FROM (
         SELECT split_part(fv, ':', 1) AS name, substr(fv, strpos(fv, ':') + 1) AS value, count(*)::int AS count
           FROM matched m CROSS JOIN LATERAL unnest(m.facet_values) fv
          GROUP BY fv ORDER BY split_part(fv, ':', 1), count(*) DESC, fv) x) AS attributes`;
  return { sql, params: params.values };
}

/** Summaries of given products (published only), priced in one currency; for wishlists and the like. */
export function buildSummariesQuery(productIds: string[], currency: TCurrency) {
  return {
    sql: `
      SELECT p.id, p.slug, p.title, p.brand, p.category_id, p.rating_avg, p.rating_count, p.created_at,
             pr.min_amount, pr.max_amount, c.slug AS category_slug, c.name AS category_name,
             img.url AS image_url, img.alt AS image_alt, img.width AS image_width, img.height AS image_height,
             EXISTS (SELECT 1 FROM variants iv WHERE iv.product_id = p.id AND ${variantInStockCondition('iv.id')}) AS in_stock
        FROM products p
        LEFT JOIN product_price_ranges pr ON pr.product_id = p.id AND pr.currency = $2
        LEFT JOIN categories c ON c.id = p.category_id
        LEFT JOIN LATERAL (
          SELECT url, alt, width, height FROM product_images WHERE product_id = p.id ORDER BY position LIMIT 1
        ) img ON true
       WHERE p.id = ANY($1::uuid[]) AND p.status = 'published'`,
    params: [productIds, currency],
  };
}
