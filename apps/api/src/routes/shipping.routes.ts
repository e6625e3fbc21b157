import { Router } from 'express';
import { routes } from '@tk/contract';
import type { Platform } from '@tk/core';
import { bindRoute } from '../http/bind-route.js';

/** Staff management of shipping zones, methods, rates and tax. */
export function shippingRoutes(platform: Platform): Router {
  const router = Router();
  const { shipping } = platform;
  bindRoute(router, platform, routes.listShippingZones, async () => ({ items: await shipping.zones() }));
  bindRoute(router, platform, routes.createShippingZone, ({ body }) => shipping.createZone(body));
  bindRoute(router, platform, routes.updateShippingZone, ({ params, body }) => shipping.updateZone(params.id, body));
  bindRoute(router, platform, routes.retireShippingMethod, ({ params }) => shipping.retireMethod(params.id, params.methodId));
  bindRoute(router, platform, routes.createShippingMethod, ({ params, body }) => shipping.addMethod(params.id, body));
  return router;
}
