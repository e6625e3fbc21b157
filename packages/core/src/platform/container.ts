import { AnalyticsService } from '../modules/analytics/index.js';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CartService, CartStore } from '../modules/cart/index.js';
import { CatalogCsvService, CatalogService } from '../modules/catalog/index.js';
import { AuthService, ProfileService } from '../modules/customers/index.js';
import { InventoryService } from '../modules/inventory/index.js';
import { OrdersService } from '../modules/orders/index.js';
import { ReviewsService } from '../modules/reviews/index.js';
import { ShippingService } from '../modules/shipping/index.js';
import { WishlistService } from '../modules/wishlists/index.js';
import { CheckoutWorkflow } from '../workflows/checkout.workflow.js';
import {
  ExpoPushSender,
  FcmPushSender,
  NotificationDispatcher,
  NotificationsService,
  type Notifier,
  OfflineMailbox,
  PushRouter,
  type PushSender,
  SendGridNotifier,
  SmtpNotifier,
} from '../modules/notifications/index.js';
import { EventBus, RealtimeDispatcher } from '../modules/realtime/index.js';
import { LocalDiskStorage, MediaService, type MediaStorage, S3Storage } from '../modules/media/index.js';
import { ActivityLog, RecommendationsService } from '../modules/recommendations/index.js';
import { CollectionsService, FlashSaleService, PriceRunsService, PromotionsService } from '../modules/promotions/index.js';
import { type GatewayName, PayHereGateway, type PaymentGateway, PaymentsService, SandboxGateway, StripeGateway } from '../modules/payments/index.js';
import { TaggedCache } from './cache.js';
import type { Config } from './config.js';
import { type Database, openDatabase } from './database.js';
import { type KeyValueStore, openKeyValueStore } from './kv.js';
import { createLogger, type Logger } from './logger.js';
import { migrate } from './migrate.js';
import { RateLimiter } from './rate-limit.js';
import { StorefrontRevalidator } from './storefront-revalidator.js';
import { BullJobRunner, InProcessJobRunner, type JobRunner } from './jobs.js';
import { jobDefinitions } from '../workflows/scheduled-jobs.js';

/** Everything the API and the worker share: adapters chosen by configuration and the services. */
export interface Platform {
  config: Config;
  log: Logger;
  db: Database;
  kv: KeyValueStore;
  rateLimiter: RateLimiter;
  mailbox: OfflineMailbox;
  catalog: CatalogService;
  inventory: InventoryService;
  carts: CartService;
  orders: OrdersService;
  wishlists: WishlistService;
  reviews: ReviewsService;
  shipping: ShippingService;
  checkout: CheckoutWorkflow;
  payments: PaymentsService;
  /** The sandbox gateway's pretend payment page (undefined when the sandbox is switched off). */
  sandboxGateway: SandboxGateway | undefined;
  notifications: NotificationDispatcher;
  /** Preferences, devices, the sent-message log and campaigns. */
  messaging: NotificationsService;
  promotions: PromotionsService;
  flashSales: FlashSaleService;
  collections: CollectionsService;
  priceRuns: PriceRunsService;
  /** Real-time events to connected clients, across API copies. */
  events: EventBus;
  realtime: RealtimeDispatcher;
  activity: ActivityLog;
  recommendations: RecommendationsService;
  media: MediaService;
  /** Background jobs: started by the worker (BullMQ) or by the embedded API (in-process). */
  jobs: JobRunner;
  auth: AuthService;
  analytics: AnalyticsService;
  /** The catalogue as CSV: export, check, import in parts. */
  catalogCsv: CatalogCsvService;
  profiles: ProfileService;
  close(): Promise<void>;
}

export async function createPlatform(config: Config, opts: { log?: Logger; migrate?: boolean; realtime?: boolean } = {}): Promise<Platform> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const db = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DATA_DIR, poolSize: config.DATABASE_POOL_SIZE, connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS });
  const kv = openKeyValueStore({ url: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX });
  try {
    if (opts.migrate !== false) {
      const { applied } = await migrate(db);
      if (applied.length) log.info({ applied }, 'database migrated');
    }
    const mailbox = new OfflineMailbox(config.MAIL_OUTBOX_DIR);
    const email = emailSender(config, mailbox);
    const rateLimiter = new RateLimiter(kv);
    const jwtSecret = config.JWT_SECRET ?? localSecret(config);
    const auth = new AuthService({
      db,
      kv,
      rateLimiter,
      notifier: email,
      settings: {
        jwtSecret,
        accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
        refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
        passwordResetTtlMinutes: config.PASSWORD_RESET_TTL_MINUTES,
        appBaseUrl: config.APP_BASE_URL,
        rateLimitWindowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
        loginPerIp: config.RATE_LIMIT_LOGIN_PER_IP,
        loginPerAccount: config.RATE_LIMIT_LOGIN_PER_ACCOUNT,
        resetPerIp: config.RATE_LIMIT_RESET_PER_IP,
        resetPerAccount: config.RATE_LIMIT_RESET_PER_ACCOUNT,
        registerPerIp: config.RATE_LIMIT_REGISTER_PER_IP,
      },
    });
    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      const outcome = await auth.ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
      if (outcome === 'refused') {
        log.warn('ADMIN_EMAIL belongs to an account whose password is not ADMIN_PASSWORD; it was not made an admin');
      }
    }
    if (config.NODE_ENV === 'production' && config.MAIL_PROVIDER === 'offline') {
      log.warn('email goes to the offline mailbox (MAIL_OUTBOX_DIR); set MAIL_PROVIDER before taking customers');
    }
    const revalidator = new StorefrontRevalidator({ url: config.STOREFRONT_REVALIDATE_URL, secret: config.REVALIDATE_SECRET, delayMs: 1_000, log });
    // Every catalogue change (products, prices, stock, sales) also tells the storefront, debounced.
    const catalogCache = new TaggedCache(kv, 'catalog', {
      ttlSeconds: config.CATALOG_CACHE_TTL_SECONDS,
      onInvalidate: (tags) => revalidator.request(['catalog', ...tags.filter((t) => t.startsWith('product:'))]),
    });
    await catalogCache.start();
    const inventory = new InventoryService({ db, kv, reservationTtlMinutes: config.RESERVATION_TTL_MINUTES });
    const shipping = new ShippingService({ db });
    // Flash-sale prices are applied to cached catalogue pages on the way out; a sale's start, end
    // or cancellation and every price run refresh the pages of the products concerned.
    const events = new EventBus({ kv, log });
    await events.start();
    const activity = new ActivityLog({ db, kv, log });
    const realtime = new RealtimeDispatcher({ db, bus: events, log, activity });
    if (opts.realtime !== false) realtime.start(config.REALTIME_DISPATCH_INTERVAL_MS);
    let catalog: CatalogService | undefined;
    const refreshProducts = async (productIds: string[]) => {
      if (!productIds.length) return;
      await catalog!.invalidateProducts(productIds);
      await events.publish('price.updated', { productIds }, ['all']);
    };
    const promotions = new PromotionsService({ db });
    const flashSales = new FlashSaleService({ db, onPricesChanged: refreshProducts });
    const collections = new CollectionsService({ db, onProductsChanged: refreshProducts });
    const priceRuns = new PriceRunsService({
      db,
      onPricesChanged: async (productIds) => {
        flashSales.forget();
        await refreshProducts(productIds);
      },
    });
    catalog = new CatalogService({ db, cache: catalogCache, livePrices: flashSales });
    const cartStore = new CartStore(kv, config.CART_TTL_DAYS * 86_400, (cart) =>
      events.publish(
        'cart.updated',
        { cartId: cart.id, itemCount: cart.lines.reduce((s, l) => s + l.quantity, 0), updatedAt: cart.updatedAt },
        cart.customerId ? [`cart:${cart.id}`, `user:${cart.customerId}`] : [`cart:${cart.id}`],
      ),
    );
    const carts = new CartService({ db, store: cartStore, shipping, promotions, flashSales });
    const orders = new OrdersService({
      db,
      inventory,
      abandonAfterMinutes: config.RESERVATION_TTL_MINUTES,
      appBaseUrl: config.APP_BASE_URL,
      afterCommit: () => notifications.dispatchSoon(),
      hooks: {
        onPaid: (tx, orderId) => promotions.onOrderPaid(tx, orderId),
        onCancelled: async (tx, orderId) => {
          await promotions.onOrderCancelled(tx, orderId);
          await flashSales.onOrderCancelled(tx, orderId);
        },
      },
    });
    const profiles = new ProfileService({ db });
    const notifications = new NotificationDispatcher({ db, notifier: email, push: pushSender(config), log });
    const sandboxEnabled = config.SANDBOX_PAYMENTS ?? config.NODE_ENV !== 'production';
    // The sandbox delivers its webhooks to the payments service, which is built just below.
    let payments: PaymentsService | undefined;
    const sandboxGateway = sandboxEnabled
      ? new SandboxGateway({
          kv,
          // Shared by every API copy (they share JWT_SECRET), never equal to it.
          secret: createHmac('sha256', jwtSecret).update('sandbox-webhooks').digest('hex'),
          webhookDelayMs: config.SANDBOX_WEBHOOK_DELAY_MS,
          deliver: (request) => payments!.handleWebhook('sandbox', request),
          log,
        })
      : undefined;
    payments = new PaymentsService({
      db,
      inventory,
      orders,
      gateways: paymentGateways(config, sandboxGateway),
      routes: config.PAYMENT_GATEWAY_ROUTES,
      sandboxEnabled,
      dispatcher: notifications,
      log,
      appBaseUrl: config.APP_BASE_URL,
      onStockChanged: (variantIds) => catalog.invalidateVariants(variantIds),
      reconcileAfterMinutes: config.PAYMENT_RECONCILE_AFTER_MINUTES,
    });
    const platform: Omit<Platform, 'jobs'> = {
      config,
      log,
      db,
      kv,
      rateLimiter,
      mailbox,
      auth,
      catalog,
      wishlists: new WishlistService({ db, catalog }),
      shipping,
      reviews: new ReviewsService({ db, onRatingChanged: (productId) => catalog.invalidateProducts([productId]) }),
      inventory,
      carts,
      orders,
      checkout: new CheckoutWorkflow({ db, carts, inventory, orders, profiles, promotions, flashSales }),
      promotions,
      flashSales,
      collections,
      priceRuns,
      events,
      realtime,
      activity,
      media: new MediaService({ db, storage: mediaStorage(config), maxBytes: config.MEDIA_MAX_BYTES, onProductChanged: (id) => refreshProducts([id]) }),
      recommendations: new RecommendationsService({
        db,
        kv,
        catalog,
        log,
        settings: { k: config.RECS_NEIGHBOURS, halfLifeDays: config.RECS_HALF_LIFE_DAYS, windowDays: config.RECS_WINDOW_DAYS },
      }),
      payments,
      sandboxGateway,
      notifications,
      messaging: new NotificationsService({ db, dispatcher: notifications, appBaseUrl: config.APP_BASE_URL }),
      profiles,
      analytics: new AnalyticsService({ db }),
      catalogCsv: new CatalogCsvService({ db, catalog, inventory, onProductsChanged: refreshProducts }),
      async close() {
        realtime.stop();
        await events.stop();
        await catalogCache.stop();
        await Promise.allSettled([kv.close(), db.close()]);
      },
    };
    const definitions = jobDefinitions(platform, config);
    const jobs: JobRunner =
      config.REDIS_URL && config.DATABASE_URL
        ? new BullJobRunner({ redisUrl: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX, kv, log, concurrency: config.JOB_CONCURRENCY, backoffMs: config.JOB_BACKOFF_MS }, definitions)
        : new InProcessJobRunner({ kv, log, backoffMs: config.JOB_BACKOFF_MS }, definitions);
    return {
      ...platform,
      jobs,
      async close() {
        await jobs.drain();
        await platform.close();
      },
    };
  } catch (err) {
    await Promise.allSettled([kv.close(), db.close()]);
    throw err;
  }
}

function mediaStorage(config: Config): MediaStorage {
  if (config.MEDIA_STORAGE === 's3') {
    return new S3Storage({
      bucket: config.S3_BUCKET!,
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      credentials: config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY } : undefined,
      cdnBaseUrl: config.MEDIA_CDN_BASE_URL,
    });
  }
  return new LocalDiskStorage({ dir: config.MEDIA_DIR, baseUrl: config.MEDIA_BASE_URL });
}

function emailSender(config: Config, mailbox: OfflineMailbox): Notifier {
  if (config.MAIL_PROVIDER === 'sendgrid') return new SendGridNotifier({ apiKey: config.SENDGRID_API_KEY!, from: config.MAIL_FROM, apiUrl: config.SENDGRID_API_URL });
  if (config.MAIL_PROVIDER === 'smtp') return new SmtpNotifier({ url: config.SMTP_URL!, from: config.MAIL_FROM });
  return mailbox;
}

/** Push goes through every configured provider; with none, pushes are only logged. */
function pushSender(config: Config): PushSender {
  const senders: PushSender[] = [];
  if (config.FCM_SERVICE_ACCOUNT_JSON) senders.push(new FcmPushSender({ account: JSON.parse(config.FCM_SERVICE_ACCOUNT_JSON), apiUrl: config.FCM_API_URL }));
  if (config.EXPO_PUSH_ENABLED) senders.push(new ExpoPushSender({ accessToken: config.EXPO_ACCESS_TOKEN, apiUrl: config.EXPO_PUSH_URL }));
  return new PushRouter(senders);
}

/** The gateways whose keys are configured; routing picks among them per currency. */
function paymentGateways(config: Config, sandbox: SandboxGateway | undefined): Partial<Record<GatewayName, PaymentGateway>> {
  const gateways: Partial<Record<GatewayName, PaymentGateway>> = {};
  if (sandbox) gateways.sandbox = sandbox;
  if (config.STRIPE_SECRET_KEY) {
    gateways.stripe = new StripeGateway({
      secretKey: config.STRIPE_SECRET_KEY,
      publishableKey: config.STRIPE_PUBLISHABLE_KEY!,
      webhookSecret: config.STRIPE_WEBHOOK_SECRET!,
      apiUrl: config.STRIPE_API_URL,
      maxNetworkRetries: config.STRIPE_MAX_NETWORK_RETRIES,
      timeoutMs: config.STRIPE_TIMEOUT_MS,
    });
  }
  if (config.PAYHERE_MERCHANT_ID && config.PAYHERE_MERCHANT_SECRET) {
    gateways.payhere = new PayHereGateway({
      merchantId: config.PAYHERE_MERCHANT_ID,
      merchantSecret: config.PAYHERE_MERCHANT_SECRET,
      appId: config.PAYHERE_APP_ID,
      appSecret: config.PAYHERE_APP_SECRET,
      baseUrl: config.PAYHERE_BASE_URL.replace(/\/$/, ''),
      notifyUrl: `${config.API_PUBLIC_URL.replace(/\/$/, '')}/v1/webhooks/payhere`,
      returnUrl: (orderId) => `${config.APP_BASE_URL}/checkout/return?order=${orderId}`,
      cancelUrl: (orderId) => `${config.APP_BASE_URL}/checkout?order=${orderId}&cancelled=1`,
    });
  }
  return gateways;
}

/**
 * Outside production a missing JWT_SECRET is generated once and kept under var/, so sessions
 * survive restarts of a local copy without anyone committing a secret.
 */
function localSecret(config: Config): string {
  const file = path.resolve('var', 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  if (config.NODE_ENV === 'test') return secret;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
