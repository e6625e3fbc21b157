import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/** Nearest-rank percentile of an ascending array, in the samples' unit, rounded to 0.1. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank]! * 10) / 10;
}

export function machineDescription(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}`;
}

/** Prints the figures and writes them as one flat JSON object to bench/results/<name>.json. */
export function writeResults(name: string, results: Record<string, string | number>) {
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${name}.json`, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${name}:`, results, `\nwritten to bench/results/${name}.json`);
}

export const BENCH_ADMIN = { email: 'bench-admin@tk.example', password: 'bench-admin-password' };

/** A fresh, migrated database `name` on the benchmark's PostgreSQL server; returns its URL. */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * One API process in production mode on `port`, with the benchmark admin account, its own Redis
 * key prefix and no demo data; resolves once /readyz answers.
 */
export async function startApiProcess(opts: { port: number; databaseUrl: string; redisUrl: string; prefix: string; env?: Record<string, string> }) {
  const { spawn } = await import('node:child_process');
  const { randomBytes } = await import('node:crypto');
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: opts.databaseUrl,
      REDIS_URL: opts.redisUrl,
      REDIS_KEY_PREFIX: `${opts.prefix}:${Date.now()}:`,
      API_PORT: String(opts.port),
      API_HOST: '127.0.0.1',
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      LOG_LEVEL: 'warn',
      SEED_DEMO_DATA: 'false',
      ...opts.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${opts.port}`;
  for (let i = 0; i < 120; i++) {
    if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill();
  throw new Error(`the API on ${opts.port} did not become ready`);
}

/** The benchmark admin's access token. */
export async function adminToken(base: string): Promise<string> {
  const res = await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_ADMIN) });
  return ((await res.json()) as { tokens: { accessToken: string } }).tokens.accessToken;
}

/** Removes a benchmark's keys from Redis (every run of that benchmark uses the pattern's prefix). */
export async function cleanupRedis(redisUrl: string, pattern: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
