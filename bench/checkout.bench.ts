/**
 * `npm run bench:checkout`: the full purchase through the public API, two API processes on real
 * PostgreSQL and Redis. Each simulated shopper loops: create a cart, add two lines, check out
 * (timed), pay through the sandbox gateway. Then a last-units race: 400 buyers for 20 units,
 * checked out all at once over both processes; any order beyond the stock counts as oversold.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createClient, type ApiClient } from '@tk/sdk';
import { migrate, openDatabase, seedDemoData } from '@tk/core';
import { cleanupRedis, machineDescription, percentile, writeResults } from './lib.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    shoppers: { type: 'string', default: '32' },
  },
});
const DURATION_S = Number(args.duration);
const SHOPPERS = Number(args.shoppers);
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DB_NAME = 'tk_bench_checkout';
const PORTS = [4960, 4961];
const address = { fullName: 'Bench Buyer', line1: '1 Temple Road', city: 'Kandy', country: 'LK' };

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
  await seedDemoData(db, { products: 240, mediaDir: 'var/bench-media' });
  // Plenty of stock for the throughput phase, so every checkout there can succeed.
  await db.query('UPDATE inventory_levels SET on_hand = 1000000, reserved = 0');
  await db.close();
  return url;
}

async function startApis(url: string): Promise<ChildProcess[]> {
  const secret = randomBytes(32).toString('hex');
  const prefix = `bench-checkout:${Date.now()}:`;
  const children = PORTS.map((port) =>
    spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        SANDBOX_PAYMENTS: 'true',
        DATABASE_URL: url,
        REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        API_PORT: String(port),
        API_HOST: '127.0.0.1',
        JWT_SECRET: secret,
        LOG_LEVEL: 'warn',
        SEED_DEMO_DATA: 'false',
        DATABASE_POOL_SIZE: '10',
        // One load driver stands in for thousands of shoppers.
        RATE_LIMIT_CHECKOUT_PER_IP: '1000000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  for (const port of PORTS) {
    let ready = false;
    for (let i = 0; i < 120 && !ready; i++) {
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (!ready) await new Promise((r) => setTimeout(r, 500));
    }
    if (!ready) throw new Error(`API on ${port} did not start`);
  }
  return children;
}

async function main() {
  const url = await prepareDatabase();
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const variants = (await db.query<{ id: string }>(
    `SELECT v.id FROM variants v JOIN variant_prices p ON p.variant_id = v.id AND p.currency = 'LKR' ORDER BY v.sku LIMIT 200`,
  )).rows.map((r) => r.id);
  const children = await startApis(url);
  const apis: ApiClient[] = PORTS.map((port) => createClient({ baseUrl: `http://127.0.0.1:${port}` }));
  try {
    // ---- throughput: full purchases for DURATION_S seconds ----
    const checkoutMs: number[] = [];
    let orders = 0;
    let failures = 0;
    const until = Date.now() + DURATION_S * 1000;
    const shopper = async (n: number) => {
      const api = apis[n % apis.length]!;
      let i = n;
      while (Date.now() < until) {
        try {
          const cart = await api.createCart({ body: { currency: 'LKR' } });
          await api.addCartLine({ params: { id: cart.id }, body: { variantId: variants[i % variants.length]!, quantity: 1 } });
          await api.addCartLine({ params: { id: cart.id }, body: { variantId: variants[(i * 7 + 3) % variants.length]!, quantity: 2 } });
          const started = performance.now();
          const order = await api.checkout({ body: { cartId: cart.id, email: `b${n}@example.com`, shippingAddress: address } }, { idempotencyKey: randomUUID() });
          checkoutMs.push(performance.now() - started);
          await paySandbox(api, order.id);
          orders++;
        } catch {
          failures++;
        }
        i += SHOPPERS;
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: SHOPPERS }, (_, n) => shopper(n)));
    const elapsed = (Date.now() - started) / 1000;
    checkoutMs.sort((a, b) => a - b);
    console.log(`throughput: ${orders} paid orders in ${elapsed.toFixed(1)} s, ${failures} failures`);

    // ---- last-units race: 400 buyers, 20 units, both processes at once ----
    const raceVariant = variants[0]!;
    await db.query('UPDATE inventory_levels SET on_hand = reserved + 20 WHERE variant_id = $1', [raceVariant]);
    const before = (await db.query<{ on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM inventory_levels WHERE variant_id = $1', [raceVariant])).rows[0]!;
    const carts: string[] = [];
    for (let n = 0; n < 400; n++) {
      const api = apis[n % 2]!;
      const cart = await api.createCart({ body: { currency: 'LKR' } });
      await api.addCartLine({ params: { id: cart.id }, body: { variantId: raceVariant, quantity: 1 } });
      carts.push(cart.id);
    }
    const results = await Promise.allSettled(
      carts.map((cartId, n) =>
        apis[n % 2]!.checkout({ body: { cartId, email: `race${n}@example.com`, shippingAddress: address } }, { idempotencyKey: randomUUID() }),
      ),
    );
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    await Promise.all(won.map((o, n) => paySandbox(apis[n % 2]!, o.id)));
    const after = (await db.query<{ on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM inventory_levels WHERE variant_id = $1', [raceVariant])).rows[0]!;
    const available = before.on_hand - before.reserved;
    const oversold = Math.max(0, won.length - available) + (after.on_hand < 0 ? -after.on_hand : 0);
    console.log(`race: ${won.length} of 400 buyers got one of ${available} units; stock after: ${JSON.stringify(after)}`);

    writeResults('checkout', {
      orders_per_s: Math.round((orders / elapsed) * 10) / 10,
      checkout_p99_ms: percentile(checkoutMs, 99),
      oversold,
      checkout_p50_ms: percentile(checkoutMs, 50),
      checkout_p95_ms: percentile(checkoutMs, 95),
      orders,
      failures,
      race_buyers: 400,
      race_units: available,
      race_orders: won.length,
      shoppers: SHOPPERS,
      api_processes: PORTS.length,
      duration_s: DURATION_S,
      date: new Date().toISOString(),
      machine: machineDescription(),
    });
  } finally {
    await db.end();
    for (const c of children) c.kill('SIGTERM');
  }
}

main()
  // The API processes' keys (carts, caches, sessions) go with the run.
  .then(() => cleanupRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'bench-checkout:*'))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });

/** The shopper's payment: start it at the sandbox gateway, then answer its payment page. */
async function paySandbox(api: ApiClient, orderId: string) {
  const payment = await api.startPayment({ params: { id: orderId }, body: { gateway: 'sandbox' } });
  if (payment.nextAction.type !== 'sandbox') throw new Error('expected the sandbox payment page');
  await api.sandboxConfirm({ params: { reference: payment.nextAction.reference }, body: { outcome: 'success' } });
}
