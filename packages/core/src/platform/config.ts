import { z } from 'zod';

/**
 * Every setting the platform reads, validated once at start-up.
 * `.env.example` at the repository root documents each one; keep them in step.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(0).max(65535);

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  API_HOST: z.string().min(1).default('0.0.0.0'),
  API_PORT: port.default(4000),
  WEB_PORT: port.default(3000),
  ADMIN_PORT: port.default(3001),
  /** Where the storefront lives; links in emails point here. */
  APP_BASE_URL: z.url().default('http://localhost:3000'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** A request waiting for a database connection gives up (503) after this, rather than hanging while the database is down. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** Folder for embedded PGlite when DATABASE_URL is unset; "memory" keeps it in memory. */
  PGLITE_DATA_DIR: z.string().min(1).default('var/pglite'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_KEY_PREFIX: z.string().default('tk:'),
  /** HMAC key for access tokens. Required in production; generated and kept under var/ otherwise. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(900).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(30),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  CORS_ORIGINS: z
    .string()
    .default('http://localhost:3000,http://localhost:3001')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /** Number of proxy hops to trust for X-Forwarded-For (0 = none). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** On SIGTERM: how long /readyz fails while requests are still served, so load balancers move away first. */
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(120).default(5),
  /** On SIGTERM: the longest the process waits for in-flight requests and jobs before it exits anyway. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(30),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(100_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  RATE_LIMIT_LOGIN_PER_IP: z.coerce.number().int().min(1).default(50),
  RATE_LIMIT_LOGIN_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_RESET_PER_IP: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_RESET_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  RATE_LIMIT_REGISTER_PER_IP: z.coerce.number().int().min(1).default(20),
  /** Guest checkouts per client per window: unpaid orders hold stock. */
  RATE_LIMIT_CHECKOUT_PER_IP: z.coerce.number().int().min(1).default(30),
  /** How long checkout holds stock for an unpaid order before the sweeper returns it. */
  RESERVATION_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Days a cart lives after its last use (each read or change restarts the clock). */
  CART_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  CATALOG_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /** Which email adapter sends: the offline mailbox (files), SendGrid, or an SMTP server. */
  MAIL_PROVIDER: z.enum(['offline', 'sendgrid', 'smtp']).default('offline'),
  MAIL_FROM: z.string().min(3).default('T & K <orders@tk.lk>'),
  SENDGRID_API_KEY: z.string().min(10).optional(),
  /** Only to point the SendGrid client at a local server (tests). */
  SENDGRID_API_URL: z.url().optional(),
  /** e.g. smtps://user:pass@smtp.example.com:465 */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL').optional(),
  /** Firebase service account JSON (the whole document), for FCM HTTP v1 pushes. */
  FCM_SERVICE_ACCOUNT_JSON: z.string().min(10).optional(),
  FCM_API_URL: z.url().optional(),
  /** Expo push: on when the app uses Expo tokens; the access token is optional (enhanced security). */
  EXPO_PUSH_ENABLED: bool.default(false),
  EXPO_ACCESS_TOKEN: z.string().min(10).optional(),
  EXPO_PUSH_URL: z.url().optional(),
  /** Offline mail adapter: every message is written here as a JSON file. */
  MAIL_OUTBOX_DIR: z.string().min(1).default('var/mail'),
  MEDIA_DIR: z.string().min(1).default('var/media'),
  /** local: files in MEDIA_DIR served at /media; s3: an S3 or S3-compatible bucket. */
  MEDIA_STORAGE: z.enum(['local', 's3']).default('local'),
  /** Public URL prefix of locally stored media (default: the API's own /media). */
  MEDIA_BASE_URL: z.string().min(1).default('/media'),
  MEDIA_MAX_BYTES: z.coerce.number().int().min(10_000).max(50_000_000).default(10_000_000),
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().min(2).default('us-east-1'),
  /** For S3-compatible stores (R2, MinIO) and tests; unset means AWS. */
  S3_ENDPOINT: z.url().optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** Unset: the SDK's default chain (instance role, environment, profile). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** The CDN in front of the bucket (CloudFront or any), for image URLs. */
  MEDIA_CDN_BASE_URL: z.url().optional(),
  /** Load the demo catalogue when the database has no products (defaults to on for embedded PGlite). */
  SEED_DEMO_DATA: bool.optional(),
  EXPOSE_METRICS: bool.default(true),
  /** Allow the sandbox payment gateway (default: everywhere but production; benchmarks turn it on there). */
  SANDBOX_PAYMENTS: bool.optional(),
  // ----- background jobs (run by the worker on BullMQ; in-process in embedded mode) -----
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  FLASH_SALE_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  NOTIFICATION_DISPATCH_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  SESSION_PURGE_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** First retry delay of a failed job; each further retry doubles it. */
  JOB_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  /** How often the recommendation lists are rebuilt (default nightly). */
  RECS_REBUILD_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(1440),
  RECS_NEIGHBOURS: z.coerce.number().int().min(1).max(200).default(20),
  RECS_HALF_LIFE_DAYS: z.coerce.number().min(1).max(365).default(30),
  RECS_WINDOW_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** How often the activity queue is moved into PostgreSQL. */
  ACTIVITY_FLUSH_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
  /** The storefront's revalidation route (e.g. http://web:3000/api/revalidate); unset: pages just expire. */
  STOREFRONT_REVALIDATE_URL: z.url().optional(),
  /** Shared with the storefront: signs revalidation requests. */
  REVALIDATE_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  /** How often each process publishes the outbox's change events to real-time clients. */
  REALTIME_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(20).max(60_000).default(200),
  /** Comment lines sent on idle event streams so proxies keep them open. */
  SSE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
  /** How long the sandbox gateway waits before a "delayed" webhook. */
  SANDBOX_WEBHOOK_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  /** Where gateways reach this API (PayHere's notify_url is built from it). */
  API_PUBLIC_URL: z.url().default('http://localhost:4000'),
  /**
   * Which gateway takes which currency, first match wins: "LKR:payhere,*:stripe". A gateway
   * without its keys is skipped; the sandbox is offered besides whenever it is allowed.
   */
  PAYMENT_GATEWAY_ROUTES: z
    .string()
    .default('LKR:payhere,*:stripe')
    .transform((s, ctx) => {
      const routes: { currency: string; gateway: 'stripe' | 'payhere' | 'sandbox' }[] = [];
      for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
        const m = part.match(/^([A-Z]{3}|\*):(stripe|payhere|sandbox)$/);
        if (!m) {
          ctx.addIssue({ code: 'custom', message: `"${part}" is not CURRENCY:gateway (gateways: stripe, payhere, sandbox)` });
          return z.NEVER;
        }
        routes.push({ currency: m[1]!, gateway: m[2] as 'stripe' | 'payhere' | 'sandbox' });
      }
      return routes;
    }),
  /** A payment still unsettled this long after it started is asked about at its gateway. */
  PAYMENT_RECONCILE_AFTER_MINUTES: z.coerce.number().int().min(0).max(10_080).default(10),
  PAYMENT_RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, 'a Stripe secret or restricted key (sk_test_…)').optional(),
  STRIPE_PUBLISHABLE_KEY: z.string().regex(/^pk_(test|live)_\w+$/, 'a Stripe publishable key (pk_test_…)').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, 'the endpoint signing secret (whsec_…)').optional(),
  /** Only to point the SDK at a local Stripe-compatible server (tests); unset means api.stripe.com. */
  STRIPE_API_URL: z.url().optional(),
  STRIPE_MAX_NETWORK_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  STRIPE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
  PAYHERE_MERCHANT_ID: z.string().regex(/^\d+$/, 'the numeric merchant id').optional(),
  PAYHERE_MERCHANT_SECRET: z.string().min(8).optional(),
  /** Merchant API (retrieval, refunds, charging saved cards): the app's id and secret. */
  PAYHERE_APP_ID: z.string().min(1).optional(),
  PAYHERE_APP_SECRET: z.string().min(1).optional(),
  /** https://sandbox.payhere.lk while testing, https://www.payhere.lk when live. */
  PAYHERE_BASE_URL: z.url().default('https://sandbox.payhere.lk'),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws ConfigError whose message is one line naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset": .env files often carry `KEY=`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
    throw new ConfigError('Invalid configuration: JWT_SECRET: required when NODE_ENV=production');
  }
  if (config.STRIPE_SECRET_KEY && !(config.STRIPE_WEBHOOK_SECRET && config.STRIPE_PUBLISHABLE_KEY)) {
    throw new ConfigError('Invalid configuration: STRIPE_SECRET_KEY needs STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET');
  }
  if ((config.PAYHERE_MERCHANT_ID === undefined) !== (config.PAYHERE_MERCHANT_SECRET === undefined)) {
    throw new ConfigError('Invalid configuration: PAYHERE_MERCHANT_ID and PAYHERE_MERCHANT_SECRET must be set together');
  }
  if (config.MEDIA_STORAGE === 's3' && !config.S3_BUCKET) {
    throw new ConfigError('Invalid configuration: S3_BUCKET: required when MEDIA_STORAGE=s3');
  }
  if (config.MAIL_PROVIDER === 'sendgrid' && !config.SENDGRID_API_KEY) {
    throw new ConfigError('Invalid configuration: SENDGRID_API_KEY: required when MAIL_PROVIDER=sendgrid');
  }
  if (config.MAIL_PROVIDER === 'smtp' && !config.SMTP_URL) {
    throw new ConfigError('Invalid configuration: SMTP_URL: required when MAIL_PROVIDER=smtp');
  }
  if ((config.ADMIN_EMAIL === undefined) !== (config.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration: ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  return config;
}

/** For process entry points: the configuration, or one line on stderr naming what is wrong and exit 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
