import { createRequire } from 'node:module';
import path from 'node:path';
import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { buildOpenApiDocument } from '@tk/contract/openapi';
import type { Platform } from '@tk/core';
import { notFoundHandler } from './http/not-found.js';
import { createMetrics } from './http/observability.js';
import { errorHandler, requestId, sendProblem } from './http/problem.js';
import { analyticsRoutes } from './routes/analytics.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { cartRoutes } from './routes/cart.routes.js';
import { catalogRoutes } from './routes/catalog.routes.js';
import { inventoryRoutes } from './routes/inventory.routes.js';
import { orderRoutes } from './routes/order.routes.js';
import { paymentRoutes } from './routes/payment.routes.js';
import { promotionRoutes } from './routes/promotion.routes.js';
import { eventRoutes } from './routes/events.routes.js';
import { operationsRoutes } from './routes/operations.routes.js';
import { reviewRoutes } from './routes/review.routes.js';
import { shippingRoutes } from './routes/shipping.routes.js';

/** Builds the HTTP application over a platform; no listening, so tests and main share it. */
export function createApp(platform: Platform): express.Express {
  const { config } = platform;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  // Strict JSON etags would be computed on every response; the caching layer (issue 7) owns them.
  app.set('etag', false);
  app.set('query parser', 'simple');

  const metrics = createMetrics();
  app.use((req, res, next) => {
    res.setHeader('X-Request-Id', requestId(req.get('x-request-id')));
    next();
  });
  app.use(
    pinoHttp({
      logger: platform.log,
      genReqId: (_req, res) => String(res.getHeader('X-Request-Id')),
      // Health probes and metrics scrapes would drown the log.
      autoLogging: { ignore: (req) => /^\/(healthz|readyz|metrics)$/.test(req.url ?? '') },
      serializers: {
        // No query strings (event tickets, search words) and no device tokens in the logs.
        req: (req) => ({ id: req.id, method: req.method, url: (req.url ?? '').split('?')[0]!.replace(/(\/v1\/me\/devices\/)[^/]+/, '$1…') }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(metrics.middleware);
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null } },
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );
  app.use(cors({ origin: config.CORS_ORIGINS, credentials: true, exposedHeaders: ['X-Request-Id', 'Retry-After'] }));
  // Gateway webhooks are verified over their exact bytes, whatever their content type (PayHere posts a form).
  app.use('/v1/webhooks', express.raw({ limit: '1mb', type: () => true }));
  // Image uploads are the file itself; the media service checks what it really is.
  app.use(/^\/v1\/admin\/products\/[^/]+\/images$/, express.raw({ limit: config.MEDIA_MAX_BYTES, type: () => true }));
  app.use(express.json({ limit: config.MAX_BODY_BYTES, type: ['application/json', 'application/*+json'] }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.locals.draining = false;
  // While the process drains (SIGTERM), keep-alive clients are told to reconnect elsewhere.
  app.use((_req, res, next) => {
    if (app.locals.draining) res.setHeader('Connection', 'close');
    next();
  });
  app.get('/readyz', async (req, res) => {
    if (app.locals.draining) {
      sendProblem(req, res, 'service_unavailable', 'Draining: this copy is shutting down');
      return;
    }
    const [db, kv] = await Promise.all([
      platform.db.query('SELECT 1').then(() => true, () => false),
      platform.kv.ping().catch(() => false),
    ]);
    if (db && kv) res.json({ status: 'ready', database: platform.db.kind, cache: platform.kv.kind });
    else sendProblem(req, res, 'service_unavailable', `Not ready: database ${db ? 'up' : 'down'}, cache ${kv ? 'up' : 'down'}`);
  });
  if (config.EXPOSE_METRICS) {
    app.get('/metrics', async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }

  const openapi = buildOpenApiDocument();
  app.get('/v1/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  mountDocs(app);
  // Media file names carry a hash of their content: they never change, so they are cached for a year.
  app.use('/media', express.static(path.resolve(config.MEDIA_DIR), { maxAge: '365d', immutable: true, fallthrough: true, index: false }));

  app.use(catalogRoutes(platform));
  app.use(cartRoutes(platform));
  app.use(orderRoutes(platform));
  app.use(paymentRoutes(platform));
  app.use(promotionRoutes(platform));
  app.use(eventRoutes(platform));
  app.use(operationsRoutes(platform));
  app.use(reviewRoutes(platform));
  app.use(shippingRoutes(platform));
  app.use(inventoryRoutes(platform));
  app.use(analyticsRoutes(platform));
  app.use(authRoutes(platform));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

/** Swagger UI from the npm package's own files, pointed at our document by a same-origin script. */
function mountDocs(app: express.Express) {
  const require = createRequire(import.meta.url);
  const uiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  // Relative asset URLs in Swagger UI's page need the trailing slash.
  app.get('/docs', (req, res, next) => {
    if (req.path.endsWith('/')) next();
    else res.redirect(301, '/docs/');
  });
  app.get('/docs/swagger-initializer.js', (_req, res) => {
    res.type('application/javascript').send(
      `window.onload = () => { window.ui = SwaggerUIBundle({ url: '/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true }); };`,
    );
  });
  app.use('/docs', express.static(uiDir, { index: 'index.html' }));
}
