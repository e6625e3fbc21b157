/**
 * `npm run bench:sse`: 1,000 concurrent Server-Sent Events subscribers on one API process (real
 * PostgreSQL and Redis). Twenty stock changes are made through the admin API, one every half
 * second; for each, the time from the change request to its `inventory.updated` event reaching
 * every subscriber is recorded. Also the API's resident memory with all subscribers connected.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrate, openDatabase, seedDemoData } from '@tk/core';
import { cleanupRedis, adminToken, freshDatabase, machineDescription, percentile, startApiProcess, writeResults } from './lib.js';

const { values: args } = parseArgs({ options: { subscribers: { type: 'string', default: '1000' }, events: { type: 'string', default: '20' } } });
const SUBSCRIBERS = Number(args.subscribers);
const EVENTS = Number(args.events);
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DB_NAME = 'tk_bench_sse';
const PORT = 4980;
const BASE = `http://127.0.0.1:${PORT}`;

async function prepareDatabase(): Promise<string> {
  const url = await freshDatabase(SERVER_URL, DB_NAME);
  const db = await openDatabase({ url, pgliteDir: 'unused' });
  await migrate(db);
  await seedDemoData(db, { products: 240, mediaDir: 'var/bench-media' });
  await db.close();
  return url;
}


const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** One subscriber: a raw streaming GET; calls back with each inventory event's available count. */
function subscribe(agent: http.Agent, onEvent: (available: number, at: number) => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${BASE}/v1/events`, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const m = /event: inventory\.updated\ndata: .*"available":(\d+)/.exec(block);
          if (m) onEvent(Number(m[1]), performance.now());
        }
      });
      resolve(req);
    });
    req.on('error', reject);
  });
}

async function main() {
  const url = await prepareDatabase();
  const api = await startApiProcess({ port: PORT, databaseUrl: url, redisUrl: REDIS_URL, prefix: 'bench-sse' });
  const agent = new http.Agent({ keepAlive: true, maxSockets: SUBSCRIBERS + 10 });
  try {
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const variantId = (await db.query<{ variant_id: string }>('SELECT variant_id FROM inventory_levels ORDER BY variant_id LIMIT 1')).rows[0]!.variant_id;
    await db.end();
    const token = await adminToken(BASE);

    // available value → arrival times at subscribers
    const arrivals = new Map<number, number[]>();
    const requests: http.ClientRequest[] = [];
    for (let n = 0; n < SUBSCRIBERS; n += 100) {
      requests.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(100, SUBSCRIBERS - n) }, () =>
            subscribe(agent, (available, at) => arrivals.set(available, [...(arrivals.get(available) ?? []), at])),
          ),
        )),
      );
    }
    console.log(`${requests.length} subscribers connected`);
    await new Promise((r) => setTimeout(r, 1000));
    const rss = rssMb(api.pid!);

    const fanout: number[] = [];
    let missing = 0;
    for (let e = 0; e < EVENTS; e++) {
      const sent = performance.now();
      const res = await fetch(`${BASE}/v1/admin/inventory/adjustments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ variantId, quantity: 1, reason: 'receive' }),
      });
      // One stock location: the level's availability is the variant's.
      const { available } = (await res.json()) as { available: number };
      await new Promise((r) => setTimeout(r, 500));
      const times = arrivals.get(available) ?? [];
      missing += SUBSCRIBERS - times.length;
      for (const t of times) fanout.push(t - sent);
    }
    await new Promise((r) => setTimeout(r, 1500));
    fanout.sort((a, b) => a - b);
    writeResults('sse', {
      subscribers: requests.length,
      fanout_p99_ms: percentile(fanout, 99),
      rss_mb: Math.round(rss),
      fanout_p50_ms: percentile(fanout, 50),
      events: EVENTS,
      deliveries: fanout.length,
      late_or_missing_at_500ms: missing,
      date: new Date().toISOString(),
      machine: machineDescription(),
    });
    for (const r of requests) r.destroy();
  } finally {
    agent.destroy();
    api.kill('SIGTERM');
  }
}

main().then(
  async () => {
    await cleanupRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'bench-sse:*');
    process.exit(0);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
