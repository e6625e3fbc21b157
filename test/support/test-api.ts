import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { createApp } from '../../apps/api/src/app.js';
import { createPlatform, loadConfig, seedDemoData } from '@tk/core';
import { createScratchDatabase } from '../../packages/core/src/platform/test-database.js';
import { startFakePayHere } from './fake-payhere.js';
import { startFakeStripe } from './fake-stripe.js';

export const TEST_ADMIN = { email: 'admin@test.tk', password: 'test-admin-password' };
export const DEMO_PRODUCTS = 240;

export interface TestApi {
  url: string;
  /** Everything a second API process needs to join this run (empty values in embedded mode). */
  env: Record<string, string>;
  mailDir: string;
  database: 'postgres' | 'pglite';
  cache: 'redis' | 'memory';
  /** The local gateway fakes the API talks to, and the secrets tests sign webhooks with. */
  gateways: GatewayFakes;
  stop(): Promise<void>;
}

export interface GatewayFakes {
  stripeUrl: string;
  stripeWebhookSecret: string;
  payhereUrl: string;
  payhereMerchantId: string;
  payhereMerchantSecret: string;
}

/**
 * Starts one API for a whole test run, on its own database and key prefix: a fresh PostgreSQL
 * database on DATABASE_URL's server and a Redis prefix when those are set (as CI sets them),
 * in-memory PGlite and the in-process store otherwise. Demo data is loaded once.
 */
export async function startTestApi(opts: { embedded: boolean }): Promise<TestApi> {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const serverUrl = opts.embedded ? undefined : process.env.DATABASE_URL;
  const redisUrl = opts.embedded ? undefined : process.env.REDIS_URL;
  const scratch = serverUrl ? await createScratchDatabase(serverUrl) : undefined;
  const databaseUrl = scratch?.url;
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'tk-test-'));
  // Shared with any second API process a test starts, so both accept the same tokens.
  const jwtSecret = randomBytes(32).toString('hex');
  const mailDir = path.join(tmp, 'mail');
  const mediaDir = path.join(tmp, 'media');
  const [stripe, payhere] = await Promise.all([startFakeStripe(), startFakePayHere()]);
  const stripeWebhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  // The API's address is needed in its own configuration (PayHere's notify URL): listen first.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const gatewayEnv = {
    STRIPE_SECRET_KEY: 'sk_test_fake',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_fake',
    STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
    STRIPE_API_URL: stripe.url,
    STRIPE_MAX_NETWORK_RETRIES: '2',
    PAYHERE_MERCHANT_ID: payhere.merchantId,
    PAYHERE_MERCHANT_SECRET: payhere.merchantSecret,
    PAYHERE_APP_ID: payhere.appId,
    PAYHERE_APP_SECRET: payhere.appSecret,
    PAYHERE_BASE_URL: payhere.url,
    API_PUBLIC_URL: `http://127.0.0.1:${port}`,
    // Tests reconcile on demand, without waiting for a payment to age.
    PAYMENT_RECONCILE_AFTER_MINUTES: '0',
    SANDBOX_WEBHOOK_DELAY_MS: '300',
  };
  const config = loadConfig({
    ...gatewayEnv,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: `test:${runId}:`,
    JWT_SECRET: jwtSecret,
    PGLITE_DATA_DIR: 'memory',
    MAIL_OUTBOX_DIR: mailDir,
    MEDIA_DIR: mediaDir,
    // Tests pose as different clients through X-Forwarded-For, as they would behind a load balancer.
    TRUST_PROXY_HOPS: '1',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_LOGIN_PER_IP: '8',
    RATE_LIMIT_LOGIN_PER_ACCOUNT: '4',
    RATE_LIMIT_RESET_PER_IP: '6',
    RATE_LIMIT_RESET_PER_ACCOUNT: '3',
    RATE_LIMIT_CHECKOUT_PER_IP: '1000',
    CORS_ORIGINS: 'http://localhost:3000,http://shop.test',
  });
  const platform = await createPlatform(config);
  await seedDemoData(platform.db, { products: DEMO_PRODUCTS, mediaDir });
  server.on('request', createApp(platform));
  return {
    url: `http://127.0.0.1:${port}`,
    env: databaseUrl
      ? { ...gatewayEnv, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl ?? '', REDIS_KEY_PREFIX: `test:${runId}:`, JWT_SECRET: jwtSecret, MEDIA_DIR: mediaDir }
      : {},
    gateways: { stripeUrl: stripe.url, stripeWebhookSecret, payhereUrl: payhere.url, payhereMerchantId: payhere.merchantId, payhereMerchantSecret: payhere.merchantSecret },
    mailDir,
    database: platform.db.kind,
    cache: platform.kv.kind,
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await platform.close();
      await Promise.all([stripe.stop(), payhere.stop()]);
      await scratch?.drop();
      if (redisUrl) await deleteKeys(redisUrl, `test:${runId}:*`);
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

async function deleteKeys(url: string, pattern: string) {
  const redis = new Redis(url);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}

/** Global setup body: starts the API and hands its address to the test files through `inject`. */
export async function provideTestApi(project: TestProject, opts: { embedded: boolean }) {
  const api = await startTestApi(opts);
  project.provide('apiUrl', api.url);
  project.provide('mailDir', api.mailDir);
  project.provide('database', api.database);
  project.provide('cache', api.cache);
  project.provide('apiEnv', api.env);
  project.provide('gateways', api.gateways);
  console.log(`[tests${opts.embedded ? ':embedded' : ''}] API on ${api.url}: database ${api.database}, cache ${api.cache}`);
  return () => api.stop();
}
