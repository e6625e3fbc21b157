export { loadConfig, loadConfigOrExit, ConfigError, type Config } from './platform/config.js';
export { openDatabase, type Database, type Queryable } from './platform/database.js';
export { migrate } from './platform/migrate.js';
export { openKeyValueStore, type KeyValueStore } from './platform/kv.js';
export { createLogger, type Logger } from './platform/logger.js';
export { AppError, notFound, invalidField, unavailableService } from './platform/errors.js';
export { createPlatform, type Platform } from './platform/container.js';
export { clientKey, RateLimiter } from './platform/rate-limit.js';
export type { AccessClaims } from './modules/customers/index.js';
export { seedDemoData, type SeedOptions } from './seed/demo-data.js';
export { demoImageSvg } from './seed/demo-image.js';
export { expireReservations } from './workflows/expire-reservations.workflow.js';
export {
  PaymentsService,
  SandboxGateway,
  StripeGateway,
  PayHereGateway,
  GatewayRefusal,
  checkoutHash,
  notifySignature,
  formatAmount,
  parseAmount,
  type PaymentGateway,
  type PaymentEvent,
  type WebhookRequest,
  type GatewayName,
} from './modules/payments/index.js';
export { EventBus, RealtimeDispatcher, type Audience } from './modules/realtime/index.js';
export { ActivityLog, RecommendationsService, type ActivityKind } from './modules/recommendations/index.js';
