/**
 * `npm run bench:recs`: the recommendation batch job on 10,000 products and 1,000,000 activity
 * events (generated in PostgreSQL with planted structure: shoppers browse inside one "cluster"
 * of products), then GET /v1/products/{id}/recommendations under autocannon (50 connections,
 * 20 s) on one API process with real Redis, spread over 2,000 products.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { migrate, openDatabase, seedDemoData } from '@tk/core';
import { machineDescription, percentile, writeResults } from './lib.js';

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
const ADMIN = { email: 'bench-admin@tk.example', password: 'bench-admin-password' };

async function prepareDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  const u = new URL(SERVER_URL);
  u.pathname = `/${DB_NAME}`;
  const url = u.toString();
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

async function startApi(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: url,
      REDIS_URL,
      REDIS_KEY_PREFIX: `bench-recs:${Date.now()}:`,
      API_PORT: String(PORT),
      API_HOST: '127.0.0.1',
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      SEED_DEMO_DATA: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 120; i++) {
    if (await fetch(`${BASE}/readyz`).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill();
  throw new Error('the API did not become ready');
}

async function main() {
  const url = await prepareDatabase();
  const api = await startApi(url);
  try {
    const login = (await (await fetch(`${BASE}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json()) as {
      tokens: { accessToken: string };
    };
    const started = performance.now();
    const rebuild = await fetch(`${BASE}/v1/admin/recommendations/rebuild`, { method: 'POST', headers: { authorization: `Bearer ${login.tokens.accessToken}` } });
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
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
