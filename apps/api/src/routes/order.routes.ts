import { Router } from 'express';
import { routes } from '@tk/contract';
import { AppError, clientKey, type Platform } from '@tk/core';
import { bindRoute } from '../http/bind-route.js';

const IDEMPOTENCY_KEY = /^[\w.:-]{8,200}$/;

/** Checkout, order views and staff order operations. */
export function orderRoutes(platform: Platform): Router {
  const router = Router();
  const { orders } = platform;

  bindRoute(router, platform, routes.checkout, async ({ body, user, req }) => {
    const key = req.get('idempotency-key');
    if (!key || !IDEMPOTENCY_KEY.test(key)) {
      throw new AppError('validation_failed', 'Send an Idempotency-Key header (8–200 letters, digits, _ . : -) so a retry cannot order twice', {
        fields: [{ field: 'header.idempotency-key', message: key ? 'malformed' : 'required', code: key ? 'invalid' : 'required' }],
      });
    }
    // Guests are limited per client so nobody can hold the shelves empty with unpaid orders.
    if (!user) {
      await platform.rateLimiter.hit(`checkout:ip:${clientKey(req.ip ?? 'unknown')}`, platform.config.RATE_LIMIT_CHECKOUT_PER_IP, platform.config.RATE_LIMIT_WINDOW_SECONDS);
    }
    const order = await platform.checkout.run(body, user, key);
    // Stock just got held: availability on product pages changes.
    await platform.catalog.invalidateVariants(order.lines.map((l) => l.variantId));
    return order;
  });
  bindRoute(router, platform, routes.getOrder, ({ params, user }) => orders.get(params.id, user));
  bindRoute(router, platform, routes.lookupOrder, async ({ body, ip }) => {
    // Order numbers are sequential: without a limit, an email would be enough to walk them.
    await platform.rateLimiter.hit(`lookup:ip:${clientKey(ip)}`, platform.config.RATE_LIMIT_RESET_PER_IP, platform.config.RATE_LIMIT_WINDOW_SECONDS);
    await platform.rateLimiter.hit(`lookup:email:${body.email.toLowerCase()}`, platform.config.RATE_LIMIT_RESET_PER_IP, platform.config.RATE_LIMIT_WINDOW_SECONDS);
    return orders.lookup(body.number, body.email);
  });
  bindRoute(router, platform, routes.listMyOrders, async ({ user }) => ({ items: await orders.listMine(user!) }));

  // Staff operations; stock changes show on every channel at once.
  const refreshStock = (order: { lines: { variantId: string }[] }) => platform.catalog.invalidateVariants(order.lines.map((l) => l.variantId));
  bindRoute(router, platform, routes.listOrders, ({ query: { limit, offset, ...filter } }) => orders.list(filter, limit, offset));
  bindRoute(router, platform, routes.fulfilOrder, ({ params }) => orders.fulfil(params.id));
  bindRoute(router, platform, routes.shipOrder, ({ params, body }) => orders.ship(params.id, body));
  bindRoute(router, platform, routes.deliverOrder, ({ params }) => orders.markDelivered(params.id));
  bindRoute(router, platform, routes.cancelOrder, async ({ params, body }) => {
    const order = await platform.payments.cancelOrder(params.id, body.reason);
    await refreshStock(order);
    return order;
  });
  return router;
}
