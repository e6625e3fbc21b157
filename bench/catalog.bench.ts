/**
 * `npm run bench:catalog`: catalogue throughput and latency at 50,000 products on real PostgreSQL
 * and Redis, one API process, autocannon with 50 connections for 20 s per scenario.
 *
 * Requests are spread over many products, categories, sorts and search words so the figures
 * include cache misses, not one hot key. The catalogue lives in its own database (tk_bench_catalog)
 * and is reused between runs when it already holds the expected catalogue (--reseed rebuilds it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { migrate, openDatabase, seedDemoData } from '@tk/core';
import { cleanupRedis, machineDescription, percentile, writeResults } from './lib.js';

const { values: args } = parseArgs({
  options: {
    products: { type: 'string', default: '50000' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    reseed: { type: 'boolean', default: false },
  },
});
const PRODUCTS = Number(args.products);
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DB_NAME = 'tk_bench_catalog';
const PORT = 4950;
const BASE = `http://127.0.0.1:${PORT}`;

function databaseUrl(name: string) {
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function prepareDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME])).rowCount === 1;
  const url = databaseUrl(DB_NAME);
  let reuse = false;
  if (exists && !args.reseed) {
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    const n = await probe
      .query<{ n: number }>(`SELECT count(*)::int AS n FROM products WHERE status = 'published'`)
      .then((r) => Number(r.rows[0]!.n), () => -1);
    await probe.end();
    reuse = n === PRODUCTS;
  }
  if (!reuse) {
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB_NAME}`);
  }
  await admin.end();
  const db = await openDatabase({ url, pgliteDir: 'unused' });
  await migrate(db);
  if (!reuse) {
    const started = Date.now();
    await seedDemoData(db, {
      products: PRODUCTS,
      mediaDir: 'var/bench-media',
      onProgress: (done, total) => done % 10_000 === 0 && console.log(`seeded ${done}/${total}`),
    });
    console.log(`\nseeded ${PRODUCTS} products in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } else {
    console.log(`reusing ${DB_NAME} with ${PRODUCTS} products`);
  }
  await db.close();
  return url;
}

async function startApi(url: string): Promise<ChildProcess> {
  // BENCH_NODE_ARGS adds flags to the API process, e.g. "--cpu-prof --cpu-prof-dir=var/prof" to profile it.
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', 'apps/api/src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: url,
      REDIS_URL,
      REDIS_KEY_PREFIX: `bench:${Date.now()}:`,
      API_PORT: String(PORT),
      API_HOST: '127.0.0.1',
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'info',
      MEDIA_DIR: 'var/bench-media',
      SEED_DEMO_DATA: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/readyz`)).ok) return child;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill();
  throw new Error('the API did not become ready');
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

interface Scenario {
  name: string;
  paths: string[];
}

interface ScenarioResult {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  requests: number;
}

async function run(s: Scenario, pid: number, peak: { rss: number }, duration = DURATION): Promise<ScenarioResult> {
  const latencies: number[] = [];
  let errors = 0;
  let i = 0;
  const sampler = setInterval(() => {
    peak.rss = Math.max(peak.rss, rssMb(pid));
  }, 250);
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: BASE,
        connections: CONNECTIONS,
        duration,
        requests: [
          {
            setupRequest: (req) => {
              req.path = s.paths[i++ % s.paths.length]!;
              return req;
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    latencies.push(ms);
    if (status >= 400) errors++;
  });
  const result = await done;
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  return {
    rps: Math.round(result.requests.total / duration),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: errors + result.errors + result.timeouts,
    requests: result.requests.total,
  };
}

async function main() {
  const url = await prepareDatabase();
  // Request mixes drawn from the catalogue itself.
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const slugs = (await db.query<{ slug: string }>(`SELECT slug FROM products ORDER BY random() LIMIT 5000`)).rows.map((r) => r.slug);
  const categories = (await db.query<{ slug: string }>('SELECT slug FROM categories')).rows.map((r) => r.slug);
  const words = (await db.query<{ word: string }>(`SELECT word FROM search_words WHERE length(word) >= 4`)).rows.map((r) => r.word);
  await db.end();

  const sorts = ['newest', 'price_asc', 'price_desc', 'rating'];
  const currencies = ['LKR', 'USD'];
  const categoryPaths: string[] = [];
  for (const c of categories) {
    for (const sort of sorts) {
      for (const currency of currencies) {
        categoryPaths.push(`/v1/products?category=${c}&sort=${sort}&currency=${currency}&limit=24&inStock=true`);
      }
    }
  }
  const searchPaths: string[] = [];
  for (let n = 0; n < 2000; n++) {
    const a = words[(n * 7919) % words.length]!;
    const b = words[(n * 104_729) % words.length]!;
    // Every fourth query has a typo (two letters swapped) to exercise the spelling correction.
    const typo = n % 4 === 0 && a.length > 4 ? `${a.slice(0, 1)}${a[2]}${a[1]}${a.slice(3)}` : a;
    searchPaths.push(n % 2 ? `/v1/search?q=${encodeURIComponent(typo)}&limit=24` : `/v1/search?q=${encodeURIComponent(`${typo} ${b}`)}&limit=24`);
  }
  const productPaths = slugs.map((s, n) => `/v1/products/${s}?currency=${currencies[n % 2]}`);

  const api = await startApi(url);
  const peak = { rss: rssMb(api.pid!) };
  try {
    // Warm-up: JIT, connection pools, PostgreSQL buffers (not the response cache: paths differ).
    await run({ name: 'warmup', paths: [...productPaths.slice(0, 200), ...categoryPaths.slice(0, 20), ...searchPaths.slice(0, 50)] }, api.pid!, { rss: 0 }, 5).catch(() => undefined);
    const product = await run({ name: 'product', paths: productPaths }, api.pid!, peak);
    console.log('product by slug', product);
    const category = await run({ name: 'category', paths: categoryPaths }, api.pid!, peak);
    console.log('category page', category);
    const search = await run({ name: 'search', paths: searchPaths }, api.pid!, peak);
    console.log('search', search);
    const results = {
      product_rps: product.rps,
      product_p99_ms: product.p99,
      category_rps: category.rps,
      category_p99_ms: category.p99,
      search_p95_ms: search.p95,
      rss_mb: Math.round(peak.rss),
      product_p50_ms: product.p50,
      category_p50_ms: category.p50,
      search_rps: search.rps,
      search_p99_ms: search.p99,
      errors: product.errors + category.errors + search.errors,
      products: PRODUCTS,
      connections: CONNECTIONS,
      duration_s: DURATION,
      date: new Date().toISOString(),
      machine: machineDescription(),
    };
    writeResults('catalog', results);
  } finally {
    api.kill('SIGTERM');
  }
}

main()
  // The API processes' keys (carts, caches, sessions) go with the run.
  .then(() => cleanupRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'bench:*'))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
