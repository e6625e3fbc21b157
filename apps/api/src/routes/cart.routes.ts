import { Router } from 'express';
import { routes } from '@tk/contract';
import type { Platform } from '@tk/core';
import { recordActivity } from '../http/activity.js';
import { bindRoute } from '../http/bind-route.js';

/** Guest and customer carts. */
export function cartRoutes(platform: Platform): Router {
  const router = Router();
  const { carts } = platform;

  bindRoute(router, platform, routes.createCart, ({ body, user }) => carts.create(body.currency, user));
  bindRoute(router, platform, routes.getCart, ({ params, user }) => carts.get(params.id, user));
  bindRoute(router, platform, routes.addCartLine, async ({ params, body, user, req, res }) => {
    const cart = await carts.addLine(params.id, user, body.variantId, body.quantity);
    recordActivity(platform, req, res, { kind: 'cart', productId: cart.lines.find((l) => l.variantId === body.variantId)?.productId ?? null });
    return cart;
  });
  bindRoute(router, platform, routes.setCartLine, ({ params, body, user }) =>
    carts.setLine(params.id, user, params.variantId, body.quantity),
  );
  bindRoute(router, platform, routes.removeCartLine, ({ params, user }) => carts.removeLine(params.id, user, params.variantId));
  bindRoute(router, platform, routes.clearCart, ({ params, user }) => carts.clear(params.id, user));
  bindRoute(router, platform, routes.setCartDestination, ({ params, body, user }) => carts.setDestination(params.id, user, body));
  bindRoute(router, platform, routes.chooseShippingMethod, ({ params, body, user }) =>
    carts.chooseShippingMethod(params.id, user, body.methodId),
  );
  bindRoute(router, platform, routes.getMyCart, ({ query, user }) => carts.myCart(user!, query.currency));
  bindRoute(router, platform, routes.mergeCart, ({ body, user }) => carts.merge(user!, body.cartId));
  return router;
}
