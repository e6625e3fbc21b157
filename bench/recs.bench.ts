/**
 * `npm run bench:recs`: the recommendation batch job on 10,000 products and 1,000,000 activity
 * events (generated in PostgreSQL with planted structure: shoppers browse inside one "cluster"
 * of products), then GET /v1/products/{id}/recommendations under autocannon (50 connections,
 * 20 s) on one API process with real Redis, spread over 2,000 products.
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { migrate, openDatabase, seedDemoData } from '@tk/core';
import { cleanupRedis, adminToken, freshDatabase, machineDescription, percentile, startApiProcess, writeResults } from './lib.js';

const { values: args } = parseArgs({
  options: {
    products: { type: 'string', default: '10000' },
    events: { type: 'string', default: '1000000' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
  },
});
const PRODUCTS = Number(args.products);
const EVENTS = Number(args.events);
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DB_NAME = 'tk_bench_recs';
const PORT = 4970;
const BASE = `http://127.0.0.1:${PORT}`;

async function prepareDatabase(): Promise<string> {
  const url = await freshDatabase(SERVER_URL, DB_NAME);
  const db = await openDatabase({ url, pgliteDir: 'unused' });
  await migrate(db);
  let started = Date.now();
  await seedDemoData(db, { products: PRODUCTS, mediaDir: 'var/bench-media' });
  console.log(`seeded ${PRODUCTS} products in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  started = Date.now();
  // 50,000 shoppers in 500 clusters of 20 products; 80 % views, 15 % cart adds, 5 % purchases over 60 days.
  await db.query(`
    CREATE TEMP TABLE numbered AS SELECT id, (row_number() OVER (ORDER BY id)) - 1 AS n FROM products;
    CREATE UNIQUE INDEX ON numbered (n);
    INSERT INTO activity_events (kind, shopper, product_id, occurred_at)
    SELECT CASE WHEN x.r < 0.80 THEN 'view' WHEN x.r < 0.95 THEN 'cart' ELSE 'purchase' END,
           'visitor:' || x.s, numbered.id, now() - random() * interval '60 days'
      FROM (SELECT g % 50000 AS s, random() AS r, ((g % 50000) % 500 * 20 + floor(random() * 20)::int) % ${PRODUCTS} AS idx
              FROM generate_series(1, ${EVENTS}) g) x
      JOIN numbered ON numbered.n = x.idx;
  `);
  console.log(`generated ${EVENTS} activity events in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  await db.close();
  return url;
}


async function main() {
  const url = await prepareDatabase();
  const api = await startApiProcess({ port: PORT, databaseUrl: url, redisUrl: REDIS_URL, prefix: 'bench-recs' });
  try {
    const token = await adminToken(BASE);
    const started = performance.now();
    const rebuild = await fetch(`${BASE}/v1/admin/recommendations/rebuild`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    if (!rebuild.ok) throw new Error(`rebuild failed: ${rebuild.status} ${await rebuild.text()}`);
    const batchSeconds = (performance.now() - started) / 1000;
    const result = (await rebuild.json()) as { products: number; shoppers: number };
    console.log(`batch job: ${batchSeconds.toFixed(1)} s for ${result.products} products with neighbours, ${result.shoppers} shoppers`);

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const ids = (await db.query<{ id: string }>('SELECT id FROM products ORDER BY random() LIMIT 2000')).rows.map((r) => r.id);
    await db.end();
    const paths = ids.map((id) => `/v1/products/${id}/recommendations?currency=LKR`);
    const latencies: number[] = [];
    let errors = 0;
    let i = 0;
    let instance!: autocannon.Instance;
    const done = new Promise<autocannon.Result>((resolve, reject) => {
      instance = autocannon(
        {
          url: BASE,
          connections: Number(args.connections),
          duration: Number(args.duration),
          requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
        },
        (err, r) => (err ? reject(err) : resolve(r)),
      );
    });
    instance.on('response', (_c, status, _b, ms) => {
      latencies.push(ms);
      if (status >= 400) errors++;
    });
    const r = await done;
    latencies.sort((a, b) => a - b);
    const figures = {
      recs_p99_ms: percentile(latencies, 99),
      recs_rps: Math.round(r.requests.average),
      recs_batch_s: Math.round(batchSeconds * 10) / 10,
      recs_p50_ms: percentile(latencies, 50),
      errors,
      products: PRODUCTS,
      events: EVENTS,
      connections: Number(args.connections),
      duration_s: Number(args.duration),
      date: new Date().toISOString(),
      machine: machineDescription(),
    };
    writeResults('recs', figures);
  } finally {
    api.kill('SIGTERM');
  }
}

main().then(
  async () => {
    await cleanupRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'bench-recs:*');
    process.exit(0);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
