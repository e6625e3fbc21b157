import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZListProductsQuery } from '@tk/contract';
import { TaggedCache } from '../../platform/cache.js';
import { createPgliteDatabase, type Database } from '../../platform/database.js';
import { createMemoryStore } from '../../platform/kv.js';
import { migrate } from '../../platform/migrate.js';
import { CatalogService } from './catalog.service.js';

let db: Database;
let catalog: CatalogService;
const kv = createMemoryStore();

beforeAll(async () => {
  db = await createPgliteDatabase('memory');
  await migrate(db);
  catalog = new CatalogService({ db, cache: new TaggedCache(kv, 'c', { ttlSeconds: 0 }) });
  for (let i = 0; i < 30; i++) {
    await catalog.createProduct(
      {
        title: `Tied ${i}`,
        status: 'published',
        variants: [{ sku: `TIE-${i}`, title: 'One', prices: [{ currency: 'USD', amount: 1000 }] }],
      },
      'USD',
    );
  }
  // Every sort key equal, as for rows inserted by one transaction: only the id breaks ties.
  await db.query(`UPDATE products SET created_at = '2026-01-01 10:00:00.123456+00', rating_avg = 4.5, rating_count = 7`);
});
afterAll(async () => {
  await db.close();
  await kv.close();
});

describe('keyset pagination with tied sort keys', () => {
  it.each(['newest', 'price_asc', 'price_desc', 'rating'] as const)('returns every product exactly once sorted by %s', async (sort) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await catalog.listProducts(ZListProductsQuery.parse({ sort, currency: 'USD', limit: 7, cursor }));
      seen.push(...res.items.map((i) => i.id));
      if (!res.nextCursor) break;
      cursor = res.nextCursor;
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });

  it('rejects forged cursor values before they reach SQL', async () => {
    const forge = (c: object) => Buffer.from(JSON.stringify(c)).toString('base64url');
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [sort, cursor] of [
      ['price_asc', { s: 'price_asc', v: 1.5, id }],
      ['price_asc', { s: 'price_asc', v: 1e21, id }],
      ['rating', { s: 'rating', a: 1e39, c: 1, id }],
      ['rating', { s: 'rating', a: 4, c: 3e9, id }],
      ['newest', { s: 'newest', t: '1', id }],
      ['newest', { s: 'newest', t: '2026-01-01T10:00:00.123456Z', id: '------------------------------------' }],
      ['relevance', { s: 'relevance', o: -1 }],
    ] as const) {
      await expect(
        catalog.listProducts(ZListProductsQuery.parse({ sort, currency: 'USD', cursor: forge(cursor) })),
      ).rejects.toMatchObject({ code: 'validation_failed' });
    }
  });
});
