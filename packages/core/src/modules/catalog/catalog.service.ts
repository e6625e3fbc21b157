import { createHash } from 'node:crypto';
import type {
  TAdminProductList,
  TCategoryNode,
  TCreateProductRequest,
  TCurrency,
  TListProductsQuery,
  TProductDetail,
  TProductSummary,
  TSearchResponse,
  TUpdateProductRequest,
} from '@tk/contract';
import type { TaggedCache } from '../../platform/cache.js';
import type { Database, Queryable } from '../../platform/database.js';
import { AppError, invalidField, isUniqueViolation, notFound } from '../../platform/errors.js';
import { availableByVariant, ensureDefaultLocation, receiveInitialStock } from '../inventory/index.js';
import {
  MAX_RELEVANCE_OFFSET,
  buildFacetQuery,
  buildSummariesQuery,
  buildPageQuery,
  cursorAfter,
  decodeCursor,
  type FacetRow,
  type ListingFilter,
  type ProductSort,
  type SummaryRow,
} from './catalog.listing.js';
import * as repo from './catalog.repository.js';

/** Cache tags: every listing shares one tag; each product has its own. */
const LISTS_TAG = 'lists';
const productTag = (id: string) => `product:${id}`;

const MAX_QUERY_WORDS = 8;

export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/g, '');
  return slug || 'item';
}

/**
 * Edit distance counting a swap of neighbouring letters as one edit (optimal string alignment),
 * since "shrit" for "shirt" is the commonest typo and plain Levenshtein would count it as two.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The vocabulary word nearest to a misspelt one, if any is near enough: one edit for short words, two for longer. */
export function closestWord(input: string, candidates: string[]): string | undefined {
  const allowed = input.length <= 4 ? 1 : 2;
  let best: { word: string; distance: number } | undefined;
  for (const word of candidates) {
    const distance = editDistance(input, word);
    if (distance <= allowed && (!best || distance < best.distance || (distance === best.distance && word < best.word))) {
      best = { word, distance };
    }
  }
  return best?.word;
}

/** Splits free text into lowercase words of letters and digits; nothing else reaches SQL. */
export function queryWords(text: string): string[] {
  const words = text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return [...new Set(words.map((w) => w.slice(0, 40)))].slice(0, MAX_QUERY_WORDS);
}

export interface CatalogServiceDeps {
  db: Database;
  cache: TaggedCache;
  /**
   * Applies prices that depend on the moment (flash sales) to what comes out of the cache, so a
   * sale starts and ends exact to the second however long a page stays cached.
   */
  livePrices?: {
    decorateDetail(product: TProductDetail): Promise<TProductDetail>;
    decorateSummaries<T extends TProductSummary>(items: T[]): Promise<T[]>;
  };
}

export class CatalogService {
  constructor(private readonly deps: CatalogServiceDeps) {}

  private get db() {
    return this.deps.db;
  }

  // ---------- reads ----------

  async categoryTree(): Promise<TCategoryNode[]> {
    return this.deps.cache.getOrLoad('categories', [LISTS_TAG], async () => {
      const [rows, counts] = await Promise.all([repo.listCategories(this.db), repo.countPublishedByCategory(this.db)]);
      const nodes = new Map<string, TCategoryNode & { parentId: string | null }>();
      for (const r of rows) {
        nodes.set(r.id, { id: r.id, slug: r.slug, name: r.name, description: r.description, productCount: 0, children: [], parentId: r.parent_id });
      }
      const roots: TCategoryNode[] = [];
      for (const node of nodes.values()) {
        const parent = node.parentId ? nodes.get(node.parentId) : undefined;
        (parent ? parent.children : roots).push(node);
      }
      // Roll direct counts up so a parent counts everything beneath it.
      const total = (n: TCategoryNode): number =>
        (n.productCount = (counts.get(n.id) ?? 0) + n.children.reduce((s, c) => s + total(c), 0));
      roots.forEach(total);
      const strip = (n: TCategoryNode & { parentId?: string | null }): TCategoryNode => ({
        id: n.id, slug: n.slug, name: n.name, description: n.description, productCount: n.productCount,
        children: n.children.map(strip),
      });
      return roots.map(strip);
    });
  }

  async listProducts(query: TListProductsQuery): Promise<{ items: TProductSummary[]; nextCursor: string | null }> {
    const page = await this.deps.cache.getOrLoad(`list:${hashOf(query)}`, [LISTS_TAG], async () => {
      const { filter, sort } = await this.resolveFilter(query);
      if (filter === null) return { items: [], nextCursor: null };
      return this.page(filter, sort, query);
    });
    return this.live(page);
  }

  async search(query: TListProductsQuery & { q: string }): Promise<TSearchResponse> {
    return this.live(await this.searchCached(query));
  }

  /** Cached pages with this moment's prices applied on the way out. */
  private async live<T extends { items: TProductSummary[] }>(page: T): Promise<T> {
    return this.deps.livePrices ? { ...page, items: await this.deps.livePrices.decorateSummaries(page.items) } : page;
  }

  private async searchCached(query: TListProductsQuery & { q: string }): Promise<TSearchResponse> {
    return this.deps.cache.getOrLoad(`search:${hashOf(query)}`, [LISTS_TAG], async () => {
      const { filter, sort, correctedQuery } = await this.resolveFilter(query);
      const empty: TSearchResponse = {
        items: [], nextCursor: null, total: 0, correctedQuery: null,
        facets: { categories: [], brands: [], attributes: [], price: null },
      };
      if (filter === null) return empty;
      const facetQuery = buildFacetQuery(filter);
      const [page, facetResult] = await Promise.all([
        this.page(filter, sort, query),
        this.db.query<FacetRow>(facetQuery.sql, facetQuery.params),
      ]);
      const f = facetResult.rows[0]!;
      const attributes = new Map<string, { value: string; count: number }[]>();
      for (const a of f.attributes ?? []) {
        const values = attributes.get(a.name) ?? [];
        if (values.length < 30) values.push({ value: a.value, count: a.count });
        attributes.set(a.name, values);
      }
      const currency = filter.currency;
      return {
        ...page,
        total: f.total,
        correctedQuery,
        facets: {
          categories: f.categories ?? [],
          brands: f.brands ?? [],
          attributes: [...attributes].map(([name, values]) => ({ name, values })),
          price:
            f.price_min === null || f.price_max === null
              ? null
              : { min: { amount: f.price_min, currency }, max: { amount: f.price_max, currency } },
        },
      };
    });
  }

  /**
   * A published product for shoppers, availability included, from the cache. Stock changes call
   * invalidateVariants; checkout never trusts this figure, it reserves against PostgreSQL.
   */
  async getPublishedProduct(slug: string, currency: TCurrency): Promise<TProductDetail> {
    const product = await this.deps.cache.getOrLoad(
      `product:slug:${slug}:${currency}`,
      (found) => (found ? [productTag(found.id)] : [LISTS_TAG]),
      async () => {
        const found = await repo.findProduct(this.db, { slug }, currency);
        return found?.status === 'published' ? this.toDetail(found, currency) : null;
      },
    );
    if (!product) throw notFound(`Product '${slug}'`);
    return this.deps.livePrices ? this.deps.livePrices.decorateDetail(product) : product;
  }

  /** Current summaries of these products (published ones only), by id, with live stock. */
  async summaries(productIds: string[], currency: TCurrency): Promise<Map<string, TProductSummary>> {
    if (!productIds.length) return new Map();
    const { sql, params } = buildSummariesQuery(productIds, currency);
    const { rows } = await this.db.query<SummaryRow>(sql, params);
    const items = rows.map((r) => toSummary(r, currency));
    const live = this.deps.livePrices ? await this.deps.livePrices.decorateSummaries(items) : items;
    return new Map(live.map((s) => [s.id, s]));
  }

  /** Drops cached pages that show these products (after a rating change, say). */
  async invalidateProducts(productIds: string[]): Promise<void> {
    await this.deps.cache.invalidate(LISTS_TAG, ...productIds.map(productTag));
  }

  /**
   * After a stock change: drops the cached product pages of these variants. Listings keep their
   * cached "in stock" labels until their TTL (60 s by default): flushing every listing on every
   * sale would empty the cache under load, and checkout never trusts a listing's label.
   */
  async invalidateVariants(variantIds: string[]): Promise<void> {
    const productIds = await repo.productIdsOfVariants(this.db, variantIds);
    if (productIds.length) await this.deps.cache.invalidate(...productIds.map(productTag));
  }

  /** Whether a variant exists (for other modules' input checks). */
  async variantExists(variantId: string): Promise<boolean> {
    return (await repo.findVariantProductId(this.db, variantId)) !== undefined;
  }

  /** Any product, whatever its status, for staff. Never cached: staff must see their own edits. */
  /** The admin product table: straight from PostgreSQL (staff must see their own change at once). */
  async listForAdmin(query: { q?: string; status?: 'draft' | 'published' | 'archived'; limit: number; offset: number }): Promise<TAdminProductList> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.status) {
      params.push(query.status);
      where.push(`p.status = $${params.length}`);
    }
    if (query.q) {
      params.push(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const n = params.length;
      where.push(`(p.title ILIKE $${n} OR p.brand ILIKE $${n} OR EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.sku ILIKE $${n}))`);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    params.push(query.limit, query.offset);
    const { rows } = await this.db.query<{ id: string; slug: string; title: string; brand: string | null; status: 'draft' | 'published' | 'archived'; category: string | null; variant_count: number; available: number; image_url: string | null; updated_at: Date; total: number }>(
      `SELECT p.id, p.slug, p.title, p.brand, p.status, c.name AS category,
              (SELECT count(*)::int FROM variants v WHERE v.product_id = p.id) AS variant_count,
              (SELECT coalesce(sum(l.on_hand - l.reserved), 0)::int FROM variants v JOIN inventory_levels l ON l.variant_id = v.id WHERE v.product_id = p.id) AS available,
              (SELECT i.url FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) AS image_url,
              p.updated_at, count(*) OVER ()::int AS total
         FROM products p LEFT JOIN categories c ON c.id = p.category_id
         ${filter}
        ORDER BY p.updated_at DESC, p.id DESC
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    let total = rows[0]?.total ?? 0;
    if (!rows.length && query.offset > 0) {
      const counted = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM products p ${filter}`, params.slice(0, -2));
      total = counted.rows[0]?.n ?? 0;
    }
    return {
      items: rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, brand: r.brand, status: r.status, category: r.category, variantCount: r.variant_count, available: r.available, imageUrl: r.image_url, updatedAt: new Date(r.updated_at).toISOString() })),
      total,
    };
  }

  async getProductById(id: string, currency: TCurrency): Promise<TProductDetail> {
    const row = await repo.findProduct(this.db, { id }, currency);
    if (!row) throw notFound('Product');
    return this.toDetail(row, currency);
  }

  // ---------- writes (staff) ----------

  async createCategory(input: { name: string; slug?: string; description: string; parentId?: string | null; position: number }) {
    const parent = input.parentId ? await repo.findCategoryById(this.db, input.parentId) : undefined;
    if (input.parentId && !parent) throw invalidField('body.parentId', 'no category has this id', 'not_found');
    const slug = input.slug ?? (await this.freeSlug('categories', slugify(input.name)));
    try {
      const row = await this.db.transaction((tx) =>
        repo.insertCategory(tx, {
          name: input.name,
          slug,
          description: input.description,
          parentId: parent?.id ?? null,
          parentPath: parent?.path ?? null,
          position: input.position,
        }),
      );
      await this.deps.cache.invalidate(LISTS_TAG);
      return { id: row.id, slug: row.slug, name: row.name, parentId: row.parent_id, description: row.description };
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('slug_taken', `A category with slug '${slug}' exists`, { fields: [{ field: 'body.slug', message: 'already in use', code: 'taken' }] });
      throw err;
    }
  }

  /** Creates the product, its images, variants, prices and opening stock in one transaction. */
  async createProduct(input: TCreateProductRequest & { variants: NonNullable<TCreateProductRequest['variants']> }, currency: TCurrency) {
    const skus = input.variants.map((v) => v.sku);
    const duplicate = skus.find((s, i) => skus.indexOf(s) !== i);
    if (duplicate) throw invalidField('body.variants', `SKU '${duplicate}' appears twice`, 'duplicate');
    if (input.categoryId && !(await repo.findCategoryById(this.db, input.categoryId))) {
      throw invalidField('body.categoryId', 'no category has this id', 'not_found');
    }
    const slug = input.slug ?? (await this.freeSlug('products', slugify(input.title)));
    let productId: string;
    try {
      productId = await this.db.transaction((tx) => this.writeNewProduct(tx, input, slug));
    } catch (err) {
      throw this.mapWriteConflict(err, input.variants.map((v) => v.sku));
    }
    await this.deps.cache.invalidate(LISTS_TAG);
    return this.getProductById(productId, currency);
  }

  /**
   * Writes a new product with its images, variants, prices and opening stock inside the caller's
   * transaction (checked input; the slug free). Search and facet data are refreshed with it.
   */
  async writeNewProduct(tx: Queryable, input: TCreateProductRequest & { variants: NonNullable<TCreateProductRequest['variants']> }, slug: string): Promise<string> {
    const id = await repo.insertProduct(tx, {
      slug,
      title: input.title,
      description: input.description ?? '',
      brand: input.brand ?? null,
      categoryId: input.categoryId ?? null,
      attributes: input.attributes ?? {},
      seoTitle: input.seoTitle ?? null,
      seoDescription: input.seoDescription ?? null,
      status: input.status ?? 'draft',
    });
    await repo.insertImages(tx, id, (input.images ?? []).map((i) => ({ url: i.url, alt: i.alt ?? '' })));
    const stock: { variantId: string; quantity: number }[] = [];
    for (const [position, v] of input.variants.entries()) {
      const variantId = await repo.insertVariant(tx, id, {
        sku: v.sku,
        title: v.title,
        options: v.options ?? {},
        weightGrams: v.weightGrams ?? 0,
        barcode: v.barcode ?? null,
        position,
      });
      await repo.upsertPrices(tx, variantId, v.prices ?? []);
      stock.push({ variantId, quantity: v.initialStock ?? 0 });
    }
    await receiveInitialStock(tx, await ensureDefaultLocation(tx), stock, `product:${id}`);
    await repo.refreshPriceRanges(tx, [id]);
    await repo.refreshFacetValues(tx, [id]);
    await repo.refreshSearchWords(tx, [id]);
    return id;
  }

  async updateProduct(id: string, input: TUpdateProductRequest, currency: TCurrency) {
    if (input.categoryId && !(await repo.findCategoryById(this.db, input.categoryId))) {
      throw invalidField('body.categoryId', 'no category has this id', 'not_found');
    }
    try {
      const found = await this.db.transaction(async (tx) => {
        const ok = await repo.updateProduct(tx, id, input);
        if (ok && (input.title !== undefined || input.brand !== undefined)) await repo.refreshSearchWords(tx, [id]);
        if (ok && input.attributes !== undefined) await repo.refreshFacetValues(tx, [id]);
        return ok;
      });
      if (!found) throw notFound('Product');
    } catch (err) {
      throw this.mapWriteConflict(err);
    }
    await this.deps.cache.invalidate(LISTS_TAG, productTag(id));
    return this.getProductById(id, currency);
  }

  async setVariantPrices(variantId: string, prices: repo.PriceInput[]) {
    const currencies = prices.map((p) => p.currency);
    const dup = currencies.find((c, i) => currencies.indexOf(c) !== i);
    if (dup) throw invalidField('body.prices', `currency ${dup} appears twice`, 'duplicate');
    const productId = await repo.findVariantProductId(this.db, variantId);
    if (!productId) throw notFound('Variant');
    await this.db.transaction(async (tx) => {
      // Price writes for one product take turns, so its derived price ranges stay consistent.
      await repo.lockProduct(tx, productId);
      await repo.upsertPrices(tx, variantId, prices);
      await repo.refreshPriceRanges(tx, [productId]);
    });
    await this.deps.cache.invalidate(LISTS_TAG, productTag(productId));
    const rows = await repo.listVariantPrices(this.db, variantId);
    return { variantId, prices: rows.map((r) => ({ currency: r.currency, amount: r.amount, compareAtAmount: r.compare_at_amount })) };
  }

  /** Staff: a product's variants with every price, on hand and available. */
  async adminVariants(productId: string, db: Queryable = this.db) {
    const { rows } = await db.query<{
      id: string; sku: string; title: string; options: Record<string, string>; weight_grams: number; barcode: string | null;
      prices: { currency: TCurrency; amount: number; compareAtAmount: number | null }[]; on_hand: number; reserved: number;
    }>(
      `SELECT v.id, v.sku, v.title, v.options, v.weight_grams, v.barcode,
              coalesce((SELECT json_agg(json_build_object('currency', trim(p.currency), 'amount', p.amount, 'compareAtAmount', p.compare_at_amount) ORDER BY p.currency)
                          FROM variant_prices p WHERE p.variant_id = v.id), '[]') AS prices,
              coalesce((SELECT sum(l.on_hand) FROM inventory_levels l WHERE l.variant_id = v.id), 0)::int AS on_hand,
              coalesce((SELECT sum(l.reserved) FROM inventory_levels l WHERE l.variant_id = v.id), 0)::int AS reserved
         FROM variants v WHERE v.product_id = $1 ORDER BY v.position, v.created_at`,
      [productId],
    );
    if (!rows.length && !(await db.query('SELECT 1 FROM products WHERE id = $1', [productId])).rowCount) throw notFound('Product');
    return {
      items: rows.map((r) => ({
        id: r.id, sku: r.sku, title: r.title, options: r.options, weightGrams: r.weight_grams, barcode: r.barcode,
        prices: r.prices.map((p) => ({ ...p, amount: Number(p.amount), compareAtAmount: p.compareAtAmount === null ? null : Number(p.compareAtAmount) })),
        onHand: r.on_hand, available: r.on_hand - r.reserved,
      })),
    };
  }

  /** Staff: a new size or colour for an existing product, with its prices and opening stock. */
  async addVariant(productId: string, v: { sku: string; title: string; options?: Record<string, string>; weightGrams?: number; barcode?: string | null; prices?: repo.PriceInput[]; initialStock?: number }) {
    try {
      await this.db.transaction(async (tx) => {
        if (!(await tx.query('SELECT 1 FROM products WHERE id = $1 FOR UPDATE', [productId])).rowCount) throw notFound('Product');
        const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM variants WHERE product_id = $1', [productId]);
        const variantId = await repo.insertVariant(tx, productId, {
          sku: v.sku, title: v.title, options: v.options ?? {}, weightGrams: v.weightGrams ?? 0, barcode: v.barcode ?? null, position: rows[0]!.n,
        });
        await repo.upsertPrices(tx, variantId, v.prices ?? []);
        await receiveInitialStock(tx, await ensureDefaultLocation(tx), [{ variantId, quantity: v.initialStock ?? 0 }], `product:${productId}`);
        await repo.refreshPriceRanges(tx, [productId]);
        await repo.refreshFacetValues(tx, [productId]);
        await repo.refreshSearchWords(tx, [productId]);
      });
    } catch (err) {
      throw this.mapVariantConflict(err);
    }
    await this.deps.cache.invalidate(LISTS_TAG, productTag(productId));
    return this.adminVariants(productId);
  }

  /** Staff: corrects a variant's SKU, title, option values, weight or barcode. */
  async updateVariant(variantId: string, changes: { sku?: string; title?: string; options?: Record<string, string>; weightGrams?: number; barcode?: string | null }) {
    const productId = await repo.findVariantProductId(this.db, variantId);
    if (!productId) throw notFound('Variant');
    try {
      await this.db.transaction(async (tx) => {
        await repo.lockProduct(tx, productId);
        await tx.query(
          `UPDATE variants SET sku = coalesce($2, sku), title = coalesce($3, title), options = coalesce($4::jsonb, options),
                  weight_grams = coalesce($5, weight_grams), barcode = CASE WHEN $6 THEN $7 ELSE barcode END
            WHERE id = $1`,
          [variantId, changes.sku ?? null, changes.title ?? null, changes.options ? JSON.stringify(changes.options) : null, changes.weightGrams ?? null, changes.barcode !== undefined, changes.barcode ?? null],
        );
        await repo.refreshFacetValues(tx, [productId]);
        await repo.refreshSearchWords(tx, [productId]);
      });
    } catch (err) {
      throw this.mapVariantConflict(err);
    }
    await this.deps.cache.invalidate(LISTS_TAG, productTag(productId));
    return this.adminVariants(productId);
  }

  private mapVariantConflict(err: unknown): unknown {
    if (isUniqueViolation(err, 'variants_sku_key')) {
      return new AppError('sku_taken', 'Another variant already uses this SKU', { fields: [{ field: 'body.sku', message: 'already in use', code: 'taken' }] });
    }
    return err;
  }

  // ---------- internals ----------

  /** Turns the public query into SQL-ready filters; null means "nothing can match". */
  private async resolveFilter(query: TListProductsQuery): Promise<{
    filter: ListingFilter | null;
    sort: ProductSort;
    correctedQuery: string | null;
  }> {
    const filter: ListingFilter = {
      currency: query.currency,
      brands: query.brand,
      minPrice: query.minPrice,
      maxPrice: query.maxPrice,
      inStock: query.inStock,
    };
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
      throw invalidField('query.minPrice', 'must not be greater than maxPrice', 'range');
    }
    if (query.category) {
      const category = await repo.findCategoryBySlug(this.db, query.category);
      if (!category) throw new AppError('not_found', `Category '${query.category}' was not found`, { fields: [{ field: 'query.category', message: 'unknown category', code: 'not_found' }] });
      filter.categoryPath = category.path;
    }
    if (query.attr?.length) {
      filter.attributes = new Map();
      for (const pair of query.attr) {
        const i = pair.indexOf(':');
        const name = pair.slice(0, i).trim();
        const value = pair.slice(i + 1).trim();
        filter.attributes.set(name, [...(filter.attributes.get(name) ?? []), value]);
      }
    }
    let correctedQuery: string | null = null;
    if (query.q !== undefined && query.q !== '') {
      const words = queryWords(query.q);
      if (!words.length) return { filter: null, sort: 'relevance', correctedQuery };
      const matches = await repo.matchSearchWords(this.db, words);
      const used = matches.map((m) => (m.known ? m.input : (closestWord(m.input, m.candidates) ?? m.input)));
      if (used.some((w, i) => w !== words[i])) correctedQuery = used.join(' ');
      // Each word may be the start of a longer one ("shir" finds "shirt"); all must match.
      filter.tsQuery = used.map((w) => `${w}:*`).join(' & ');
    }
    let sort: ProductSort = query.sort ?? (filter.tsQuery ? 'relevance' : 'newest');
    if (sort === 'relevance' && !filter.tsQuery) sort = 'newest';
    return { filter, sort, correctedQuery };
  }

  private async page(filter: ListingFilter, sort: ProductSort, query: TListProductsQuery) {
    const cursor = query.cursor ? decodeCursor(query.cursor, sort) : undefined;
    const { sql, params, offset } = buildPageQuery(filter, sort, query.limit, cursor);
    const { rows } = await this.db.query<SummaryRow>(sql, params);
    const hasMore = rows.length > query.limit && !(sort === 'relevance' && offset + query.limit > MAX_RELEVANCE_OFFSET);
    const pageRows = rows.slice(0, query.limit);
    const last = pageRows.at(-1);
    return {
      items: pageRows.map((r) => toSummary(r, filter.currency)),
      nextCursor: hasMore && last ? cursorAfter(last, sort, offset + query.limit) : null,
    };
  }

  private async toDetail(row: repo.ProductRow, currency: TCurrency): Promise<TProductDetail> {
    const available = await availableByVariant(this.db, row.variants.map((v) => v.id));
    const variants = row.variants.map((v) => {
      const units = available.get(v.id) ?? 0;
      return {
        id: v.id,
        sku: v.sku,
        title: v.title,
        options: v.options,
        weightGrams: v.weight_grams,
        barcode: v.barcode,
        price: v.amount === null ? null : { amount: v.amount, currency },
        compareAtPrice: v.compare_at_amount === null ? null : { amount: v.compare_at_amount, currency },
        available: units,
        inStock: units > 0,
      };
    });
    const amounts = variants.flatMap((v) => (v.price ? [v.price.amount] : []));
    const options = new Map<string, string[]>();
    for (const v of variants) {
      for (const [name, value] of Object.entries(v.options)) {
        const values = options.get(name) ?? [];
        if (!values.includes(value)) values.push(value);
        options.set(name, values);
      }
    }
    const category = row.category_path.at(-1) ?? null;
    const image = row.images[0] ?? null;
    return {
      id: row.id,
      slug: row.slug,
      title: row.title,
      brand: row.brand,
      category,
      image,
      price: amounts.length ? { amount: Math.min(...amounts), currency } : null,
      maxPrice: amounts.length ? { amount: Math.max(...amounts), currency } : null,
      rating: { average: row.rating_avg, count: row.rating_count },
      inStock: variants.some((v) => v.inStock),
      flashSale: null,
      description: row.description,
      status: row.status,
      attributes: row.attributes,
      seo: { title: row.seo_title ?? row.title, description: row.seo_description ?? row.description.slice(0, 160) },
      images: row.images,
      variants,
      options: [...options].map(([name, values]) => ({ name, values })),
      categoryPath: row.category_path,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  /** The base slug, or base-2, base-3… if taken. A race with another insert still ends in a clean 409. */
  private async freeSlug(table: 'products' | 'categories', base: string): Promise<string> {
    const taken = await this.db.query<{ slug: string }>(`SELECT slug FROM ${table} WHERE slug = $1 OR slug LIKE $2`, [
      base,
      `${base}-%`,
    ]);
    const used = new Set(taken.rows.map((r) => r.slug));
    if (!used.has(base)) return base;
    for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  /** A unique violation → 409 naming the field; `skus` (the request's, in order) lets it name the variant. */
  private mapWriteConflict(err: unknown, skus: string[] = []): unknown {
    if (isUniqueViolation(err, 'products_slug_key')) {
      return new AppError('slug_taken', 'Another product already uses this slug', { fields: [{ field: 'body.slug', message: 'already in use', code: 'taken' }] });
    }
    if (isUniqueViolation(err, 'variants_sku_key')) {
      // PostgreSQL names the duplicate key in the detail: Key (sku)=(ABC-1) already exists.
      const sku = /\(sku\)=\((.*)\) already exists/.exec((err as { detail?: string }).detail ?? '')?.[1];
      const index = sku === undefined ? -1 : skus.lastIndexOf(sku);
      const field = index >= 0 ? `body.variants.${index}.sku` : 'body.variants.sku';
      return new AppError('sku_taken', `Another variant already uses the SKU ${sku ?? 'given'}`, { fields: [{ field, message: 'already in use', code: 'taken' }] });
    }
    return err;
  }
}

function toSummary(r: SummaryRow, currency: TCurrency): TProductSummary {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    brand: r.brand,
    category: r.category_id ? { id: r.category_id, slug: r.category_slug!, name: r.category_name! } : null,
    image: r.image_url ? { url: r.image_url, alt: r.image_alt ?? '', width: r.image_width, height: r.image_height } : null,
    // Null only where a product is not sold in this currency (possible outside listings).
    price: r.min_amount === null ? null : { amount: r.min_amount, currency },
    maxPrice: r.max_amount === null ? null : { amount: r.max_amount, currency },
    rating: { average: Math.round(r.rating_avg * 100) / 100, count: r.rating_count },
    inStock: r.in_stock,
    flashSale: null,
  };
}

function hashOf(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('base64url');
}
