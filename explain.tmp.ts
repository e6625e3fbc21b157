import pg from 'pg';
import { migrate, openDatabase } from '@tk/core';
import { buildPageQuery, buildFacetQuery } from '/work/main/packages/core/src/modules/catalog/catalog.listing.js';
const url = 'postgres://postgres@127.0.0.1:5432/tk_bench_catalog';
const d = await openDatabase({ url, pgliteDir: 'x' }); console.log(await migrate(d)); await d.close();
const c = new pg.Client({ connectionString: url });
await c.connect();
await c.query('ANALYZE');
const cat = (await c.query("select path from categories where slug='women'")).rows[0].path;
for (const [f, s] of [[{ currency: 'LKR', categoryPath: cat, inStock: true }, 'price_asc'], [{ currency: 'USD', categoryPath: cat, inStock: true }, 'rating'], [{ currency: 'LKR', tsQuery: 'linen:* & shirt:*' }, 'relevance']] as const) {
  const q = buildPageQuery(f as any, s as any, 24);
  const t = Date.now();
  const r = await c.query('EXPLAIN ANALYZE ' + q.sql, q.params);
  console.log(s, Date.now() - t, r.rows.map((x:any)=>x["QUERY PLAN"]).join("\n"));
}
const f = buildFacetQuery({ currency: 'LKR', tsQuery: 'linen:* & shirt:*' });
const t = Date.now();
const r2 = await c.query('EXPLAIN ANALYZE ' + f.sql, f.params);
console.log('facets', Date.now() - t, r2.rows.at(-1)['QUERY PLAN']);
await c.end();
