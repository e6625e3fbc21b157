import { Router } from 'express';
import { routes } from '@tk/contract';
import { AppError, type Platform } from '@tk/core';
import { bindRoute } from '../http/bind-route.js';

const IDEMPOTENCY_KEY = /^[\w.:-]{8,200}$/;

/** Checkout, order views and the sandbox payment. */
export function orderRoutes(platform: Platform): Router {
  const router = Router();
  const { orders } = platform;

  bindRoute(router, platform, routes.checkout, ({ body, user, req }) => {
    const key = req.get('idempotency-key');
    if (!key || !IDEMPOTENCY_KEY.test(key)) {
      throw new AppError('validation_failed', 'Send an Idempotency-Key header (8–200 letters, digits, _ . : -) so a retry cannot order twice', {
        fields: [{ field: 'header.idempotency-key', message: key ? 'malformed' : 'required', code: key ? 'invalid' : 'required' }],
      });
    }
    return platform.checkout.run(body, user, key);
  });
  bindRoute(router, platform, routes.getOrder, ({ params, user }) => orders.get(params.id, user));
  bindRoute(router, platform, routes.lookupOrder, ({ body }) => orders.lookup(body.number, body.email));
  bindRoute(router, platform, routes.listMyOrders, async ({ user }) => ({ items: await orders.listMine(user!) }));
  bindRoute(router, platform, routes.paySandbox, async ({ params, body, user }) => {
    if (!(platform.config.SANDBOX_PAYMENTS ?? platform.config.NODE_ENV !== 'production')) {
      throw new AppError('forbidden', 'The sandbox gateway is switched off (SANDBOX_PAYMENTS)');
    }
    await orders.get(params.id, user); // the same visibility rules as reading the order
    const order = await orders.applyPayment(params.id, body.outcome, `sandbox payment ${body.outcome === 'success' ? 'succeeded' : 'failed'}`);
    await platform.catalog.invalidateVariants(order.lines.map((l) => l.variantId));
    return order;
  });

  // Staff operations; stock changes show on every channel at once.
  const refreshStock = (order: { lines: { variantId: string }[] }) => platform.catalog.invalidateVariants(order.lines.map((l) => l.variantId));
  bindRoute(router, platform, routes.listOrders, async ({ query }) => ({ items: await orders.list(query) }));
  bindRoute(router, platform, routes.fulfilOrder, ({ params }) => orders.fulfil(params.id));
  bindRoute(router, platform, routes.shipOrder, ({ params, body }) => orders.ship(params.id, body));
  bindRoute(router, platform, routes.deliverOrder, ({ params }) => orders.markDelivered(params.id));
  bindRoute(router, platform, routes.cancelOrder, async ({ params, body }) => {
    const order = await orders.cancel(params.id, body.reason);
    await refreshStock(order);
    return order;
  });
  return router;
}
