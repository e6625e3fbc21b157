import { describe, expect, it } from 'vitest';
import type { TCategoryNode, TProductSummary } from '@tk/sdk';
import { DEMO_PRODUCTS } from './support/test-api.js';
import { adminApi, apiError, client, raw, signUp } from './support/client.js';

const api = client();

/** Follows nextCursor to the end; fails on a repeated product (a broken cursor). */
type ListQuery = NonNullable<NonNullable<Parameters<typeof api.listProducts>[0]>['query']>;

async function allPages(query: ListQuery) {
  const items: TProductSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const res = await api.listProducts({ query: { ...query, cursor } });
    items.push(...res.items);
    if (!res.nextCursor) break;
    cursor = res.nextCursor;
  }
  expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  return items;
}

function findCategory(nodes: TCategoryNode[], slug: string): TCategoryNode | undefined {
  for (const n of nodes) {
    if (n.slug === slug) return n;
    const found = findCategory(n.children, slug);
    if (found) return found;
  }
  return undefined;
}

/** Demo products all have a category; products other test files create while this runs do not. */
const demo = (p: TProductSummary) => p.category !== null;

const flatten = (nodes: TCategoryNode[]): TCategoryNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

describe('category tree', () => {
  it('nests categories and counts every published product under each node', async () => {
    const { categories } = await api.listCategories();
    // Other tests add categories of their own; find the demo roots by slug.
    const demoSlugs = ['women', 'men', 'kids', 'home', 'electronics', 'beauty'];
    const demoRoots = demoSlugs.map((slug) => categories.find((c) => c.slug === slug)!);
    expect(demoRoots.every(Boolean)).toBe(true);
    expect(demoRoots.reduce((s, c) => s + c.productCount, 0)).toBe(DEMO_PRODUCTS);
    const shoes = findCategory(categories, 'women-shoes')!;
    expect(shoes.children.map((c) => c.slug).sort()).toEqual(['women-shoes-heels', 'women-shoes-sandals']);
    expect(shoes.productCount).toBe(shoes.children.reduce((s, c) => s + c.productCount, 0));
    for (const node of flatten(categories)) {
      if (node.children.length) expect(node.productCount).toBe(node.children.reduce((s, c) => s + c.productCount, 0));
    }
  });
});

describe('product listing', () => {
  it('returns published products with prices in the requested currency', async () => {
    // Other test files add products while this runs; a demo category holds only demo products.
    const usd = await api.listProducts({ query: { category: 'women', currency: 'USD', limit: 5 } });
    const lkr = await api.listProducts({ query: { category: 'women', currency: 'LKR', limit: 5 } });
    expect(usd.items).toHaveLength(5);
    expect(usd.items.every((p) => p.price?.currency === 'USD' && Number.isInteger(p.price.amount))).toBe(true);
    expect(lkr.items.every((p) => p.price?.currency === 'LKR')).toBe(true);
    // Same order (newest), different price lists: LKR is set per currency, not converted on the fly.
    expect(lkr.items.map((p) => p.id)).toEqual(usd.items.map((p) => p.id));
  });

  it('pages through the whole catalogue with cursors, without repeats or gaps', async () => {
    const items = await allPages({ currency: 'USD', limit: 50 });
    expect(items.filter(demo)).toHaveLength(DEMO_PRODUCTS);
  });

  it('filters by category including its descendants', async () => {
    const { categories } = await api.listCategories();
    const shoes = findCategory(categories, 'women-shoes')!;
    const items = await allPages({ category: 'women-shoes', limit: 100 });
    expect(items).toHaveLength(shoes.productCount);
    expect(new Set(items.map((i) => i.category?.slug))).toEqual(new Set(['women-shoes-heels', 'women-shoes-sandals']));
  });

  it('filters by price range in minor units of the currency', async () => {
    const items = await allPages({ currency: 'USD', minPrice: 2000, maxPrice: 5000, limit: 100 });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.price!.amount >= 2000 && i.price!.amount <= 5000)).toBe(true);
    const all = await allPages({ currency: 'USD', limit: 100 });
    expect(items.filter(demo).length).toBe(all.filter(demo).filter((i) => i.price!.amount >= 2000 && i.price!.amount <= 5000).length);
  });

  it('filters by attribute and option values, OR within a name and AND across names', async () => {
    const red = await allPages({ attr: ['colour:Red'], limit: 100 });
    const redOrBlack = await allPages({ attr: ['colour:Red', 'colour:Black'], limit: 100 });
    const redLinen = await allPages({ attr: ['colour:Red', 'material:Linen'], limit: 100 });
    expect(red.length).toBeGreaterThan(0);
    expect(redOrBlack.length).toBeGreaterThan(red.length);
    expect(redLinen.length).toBeLessThan(red.length);
    for (const item of red.slice(0, 5)) {
      const detail = await api.getProduct({ params: { slug: item.slug } });
      expect(detail.variants.some((v) => v.options.colour === 'Red')).toBe(true);
    }
    for (const item of redLinen.slice(0, 5)) {
      const detail = await api.getProduct({ params: { slug: item.slug } });
      expect(detail.attributes.material).toBe('Linen');
    }
  });

  it('filters by brand and by stock', async () => {
    const items = await allPages({ brand: ['Serendib', 'Nuwara'], limit: 100 });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.brand === 'Serendib' || i.brand === 'Nuwara')).toBe(true);
    const inStock = await allPages({ inStock: 'true', limit: 100 });
    const outOfStock = await allPages({ inStock: 'false', limit: 100 });
    expect(inStock.every((i) => i.inStock)).toBe(true);
    expect(outOfStock.every((i) => !i.inStock)).toBe(true);
    expect(inStock.filter(demo).length + outOfStock.filter(demo).length).toBe(DEMO_PRODUCTS);
  });

  it('sorts by price both ways, newest and rating, consistently across pages', async () => {
    const asc = await allPages({ currency: 'LKR', sort: 'price_asc', limit: 37 });
    const ascAmounts = asc.map((i) => i.price!.amount);
    expect(ascAmounts).toEqual([...ascAmounts].sort((a, b) => a - b));
    const desc = await allPages({ currency: 'LKR', sort: 'price_desc', limit: 37 });
    const descAmounts = desc.map((i) => i.price!.amount);
    expect(descAmounts).toEqual([...descAmounts].sort((a, b) => b - a));
    const amounts = asc.filter(demo).map((i) => i.price!.amount);
    expect(desc.filter(demo).map((i) => i.price!.amount)).toEqual([...amounts].reverse());
    const rating = await allPages({ sort: 'rating', limit: 37 });
    const ratings = rating.map((i) => i.rating.average);
    expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
    expect(rating.filter(demo)).toHaveLength(DEMO_PRODUCTS);
  });

  it('rejects a cursor from another sort order or a forged one with a clear 400', async () => {
    const first = await api.listProducts({ query: { sort: 'price_asc', limit: 2 } });
    const wrongSort = await apiError(() => api.listProducts({ query: { sort: 'newest', cursor: first.nextCursor! } }));
    expect(wrongSort.status).toBe(400);
    expect(wrongSort.fields[0]?.field).toBe('query.cursor');
    const forged = await apiError(() => api.listProducts({ query: { cursor: 'not-a-cursor"\'\\' } }));
    expect(forged.code).toBe('validation_failed');
  });

  it('names every invalid parameter', async () => {
    const res = await raw('/v1/products?limit=500&currency=XYZ&minPrice=-3&sort=cheapest');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await res.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['query.currency', 'query.limit', 'query.minPrice', 'query.sort'].sort(),
    );
  });

  it('answers 404 for an unknown category', async () => {
    const err = await apiError(() => api.listProducts({ query: { category: 'no-such-category' } }));
    expect(err.status).toBe(404);
    expect(err.fields[0]?.field).toBe('query.category');
  });
});

describe('product page', () => {
  it('returns variants with prices in the currency and live availability', async () => {
    const [summary] = (await api.listProducts({ query: { category: 'women', limit: 1, inStock: 'true', currency: 'USD' } })).items;
    const usd = await api.getProduct({ params: { slug: summary!.slug }, query: { currency: 'USD' } });
    const lkr = await api.getProduct({ params: { slug: summary!.slug }, query: { currency: 'LKR' } });
    expect(usd.id).toBe(summary!.id);
    expect(usd.variants.length).toBeGreaterThan(0);
    expect(usd.variants.every((v) => v.price?.currency === 'USD' && v.sku.startsWith('TK-'))).toBe(true);
    expect(lkr.variants.every((v) => v.price?.currency === 'LKR')).toBe(true);
    expect(usd.price!.amount).toBe(Math.min(...usd.variants.map((v) => v.price!.amount)));
    expect(usd.inStock).toBe(usd.variants.some((v) => v.available > 0));
    expect(usd.categoryPath.length).toBeGreaterThanOrEqual(2);
    expect(usd.categoryPath.at(-1)).toEqual(usd.category);
    expect(usd.images.length).toBeGreaterThan(0);
    const image = await raw(usd.images[0]!.url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toContain('image/svg+xml');
  });

  it('answers 404 problem+json for an unknown slug and 400 for a malformed one', async () => {
    const missing = await apiError(() => api.getProduct({ params: { slug: 'does-not-exist' } }));
    expect(missing.status).toBe(404);
    expect(missing.code).toBe('not_found');
    const bad = await raw('/v1/products/%22%3B%20DROP%20TABLE%20products');
    expect(bad.status).toBe(400);
  });
});

describe('search', () => {
  it('finds products by words in the title, ranked, with facet counts', async () => {
    const res = await api.searchProducts({ query: { q: 'linen shirt', limit: 10 } });
    expect(res.total).toBeGreaterThan(0);
    expect(res.items.every((i) => /linen/i.test(i.title) && /shirt/i.test(i.title))).toBe(true);
    expect(res.correctedQuery).toBeNull();
    const categoryTotal = res.facets.categories.reduce((s, c) => s + c.count, 0);
    expect(categoryTotal).toBe(res.total);
    expect(res.facets.brands.reduce((s, b) => s + b.count, 0)).toBe(res.total);
    expect(res.facets.attributes.find((a) => a.name === 'size')?.values.length).toBeGreaterThan(0);
    expect(res.facets.price!.min.amount).toBeLessThanOrEqual(res.facets.price!.max.amount);
  });

  it('tolerates typos and says what it searched for', async () => {
    const exact = await api.searchProducts({ query: { q: 'linen shirt', limit: 100 } });
    const typo = await api.searchProducts({ query: { q: 'lnen shrit', limit: 100 } });
    expect(typo.correctedQuery).toBe('linen shirt');
    expect(typo.total).toBe(exact.total);
  });

  it('matches the start of a word while typing', async () => {
    const res = await api.searchProducts({ query: { q: 'sarong' } });
    const partial = await api.searchProducts({ query: { q: 'saro' } });
    expect(res.total).toBeGreaterThan(0);
    expect(partial.total).toBe(res.total);
  });

  it('combines search with filters, and facet counts follow the filters', async () => {
    const all = await api.searchProducts({ query: { q: 'shirt', currency: 'USD' } });
    // The rarest size: a filter that must leave fewer products than the search alone.
    const sizes = all.facets.attributes.find((a) => a.name === 'size')!.values;
    const size = [...sizes].sort((a, b) => a.count - b.count)[0]!;
    expect(size.count).toBeLessThan(all.total);
    const filtered = await api.searchProducts({ query: { q: 'shirt', attr: [`size:${size.value}`], currency: 'USD', limit: 100 } });
    // The facet promised how many products the filter would leave.
    expect(filtered.total).toBe(size.count);
    for (const item of filtered.items.slice(0, 5)) {
      const detail = await api.getProduct({ params: { slug: item.slug } });
      expect(detail.variants.some((v) => v.options.size === size.value)).toBe(true);
    }
    expect(filtered.facets.attributes.find((a) => a.name === 'size')!.values.find((v) => v.value === size.value)!.count).toBe(filtered.total);
    const cheap = await api.searchProducts({ query: { q: 'shirt', attr: [`size:${size.value}`], currency: 'USD', maxPrice: 6000 } });
    expect(cheap.total).toBeLessThanOrEqual(filtered.total);
    expect(cheap.items.every((i) => i.price!.amount <= 6000)).toBe(true);
  });

  it('paginates search results', async () => {
    const first = await api.searchProducts({ query: { q: 'tea', limit: 3 } });
    expect(first.total).toBeGreaterThan(3);
    const second = await api.searchProducts({ query: { q: 'tea', limit: 3, cursor: first.nextCursor! } });
    const ids = [...first.items, ...second.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(6);
  });

  it.each([
    ['quotes', `"'"''"`],
    ['backslashes', '\\\\\\ \\x00 \\'],
    ['tsquery syntax', 'shirt & | ! (:* <-> dress'],
    ['SQL', "'; DROP TABLE products; --"],
    ['emoji and odd Unicode', '👗🇱🇰 ශ්‍රී ලංකා \u200d\u202e テスト'],
    ['LIKE wildcards', '%_%_'],
  ])('answers %s with results or nothing, never an error', async (_name, q) => {
    const res = await raw(`/v1/search?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Array.isArray(body.items)).toBe(true);
  });

  it('answers 10 kB of text with a clear 400 naming the field', async () => {
    const res = await raw(`/v1/search?q=${'a'.repeat(10_000)}`);
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.errors[0].field).toBe('query.q');
  });

  it('requires a query', async () => {
    const res = await raw('/v1/search');
    expect(res.status).toBe(400);
  });
});

describe('catalogue administration', () => {
  it('lets staff create a product that shoppers see once it is published', async () => {
    const admin = await adminApi();
    const category = await admin.createCategory({ body: { name: `Test Gifts ${Date.now()}` } });
    const sku = `TEST-${Date.now()}`;
    const created = await admin.createProduct({
      query: { currency: 'USD' },
      body: {
        title: 'Zyxwv Test Lantern',
        description: 'A brass lantern.',
        brand: 'Test Brand',
        categoryId: category.id,
        attributes: { material: 'Brass' },
        variants: [
          { sku, title: 'Small', options: { size: 'S' }, prices: [{ currency: 'USD', amount: 1999 }, { currency: 'LKR', amount: 600000 }], initialStock: 3 },
          { sku: `${sku}-L`, title: 'Large', options: { size: 'L' }, prices: [{ currency: 'USD', amount: 2999, compareAtAmount: 3499 }] },
        ],
      },
    });
    expect(created.status).toBe('draft');
    expect(created.slug).toBe('zyxwv-test-lantern');
    expect(created.variants.map((v) => v.available)).toEqual([3, 0]);
    expect(created.variants[1]!.compareAtPrice).toEqual({ amount: 3499, currency: 'USD' });

    // Drafts are invisible to shoppers.
    expect((await apiError(() => api.getProduct({ params: { slug: created.slug } }))).status).toBe(404);
    expect((await api.searchProducts({ query: { q: 'zyxwv' } })).total).toBe(0);

    await admin.updateProduct({ params: { id: created.id }, body: { status: 'published' } });
    const live = await api.getProduct({ params: { slug: created.slug }, query: { currency: 'USD' } });
    expect(live.price).toEqual({ amount: 1999, currency: 'USD' });
    expect((await api.searchProducts({ query: { q: 'zyxwv lantern' } })).items[0]?.id).toBe(created.id);
    const inCategory = await api.listProducts({ query: { category: category.slug } });
    expect(inCategory.items.map((i) => i.id)).toEqual([created.id]);
    // Not priced in EUR: not offered in EUR listings.
    expect((await api.listProducts({ query: { category: category.slug, currency: 'EUR' } })).items).toEqual([]);

    // A price change shows at once, cache or not.
    await admin.setVariantPrices({ params: { id: created.variants[0]!.id }, body: { prices: [{ currency: 'USD', amount: 1499 }] } });
    const repriced = await api.getProduct({ params: { slug: created.slug }, query: { currency: 'USD' } });
    expect(repriced.price).toEqual({ amount: 1499, currency: 'USD' });
    const listed = await api.listProducts({ query: { category: category.slug, currency: 'USD' } });
    expect(listed.items[0]!.price).toEqual({ amount: 1499, currency: 'USD' });
  });

  it('rejects duplicate SKUs and slugs with precise conflicts, writing nothing', async () => {
    const admin = await adminApi();
    const sku = `DUP-${Date.now()}`;
    const body = { title: `Dup ${sku}`, slug: `dup-${sku.toLowerCase()}`, variants: [{ sku, title: 'One' }] };
    await admin.createProduct({ body });
    const again = await apiError(() => admin.createProduct({ body: { ...body, slug: `${body.slug}-2` } }));
    expect(again.status).toBe(409);
    expect(again.code).toBe('sku_taken');
    // The field names the variant that clashes, so a form can mark that row.
    const second = await apiError(() => admin.createProduct({ body: { ...body, slug: `${body.slug}-3`, variants: [{ sku: `${sku}-new`, title: 'A' }, { sku, title: 'B' }] } }));
    expect(second.fields.map((f) => f.field)).toEqual(['body.variants.1.sku']);
    // The failed create left nothing behind: its slug is still free.
    const retry = await admin.createProduct({ body: { ...body, slug: `${body.slug}-2`, variants: [{ sku: `${sku}-retry`, title: 'One' }] } });
    expect(retry.slug).toBe(`${body.slug}-2`);
    const slugClash = await apiError(() => admin.createProduct({ body: { ...body, variants: [{ sku: `${sku}-x`, title: 'x' }] } }));
    expect(slugClash.code).toBe('slug_taken');
    const invalid = await apiError(() => admin.createProduct({ body: { title: '', variants: [] } as never }));
    expect(invalid.fields.map((f) => f.field).sort()).toEqual(['body.title', 'body.variants']);
  });

  it('keeps catalogue writes for staff', async () => {
    const body = { title: 'x', variants: [{ sku: 'x', title: 'x' }] };
    const anonymous = await apiError(() => api.createProduct({ body }));
    expect(anonymous.status).toBe(401);
    const customer = await signUp();
    const forbidden = await apiError(() => customer.api.createProduct({ body }));
    expect([forbidden.status, forbidden.code]).toEqual([403, 'forbidden']);
  });

  it('rejects a compare-at price that is not above the price, naming the field', async () => {
    const admin = await adminApi();
    const err = await apiError(() =>
      admin.createProduct({ body: { title: 'Bad sale', variants: [{ sku: `BAD-${Date.now()}`, title: 'x', prices: [{ currency: 'USD', amount: 1000, compareAtAmount: 900 }] }] } }),
    );
    expect(err.status).toBe(400);
    expect(err.fields[0]?.field).toBe('body.variants.0.prices.0.compareAtAmount');
  });
});
