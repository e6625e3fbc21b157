import { Router } from 'express';
import { routes } from '@tk/contract';
import { invalidField, notFound, type Platform } from '@tk/core';
import { bindRoute } from '../http/bind-route.js';

/** Staff stock views and adjustments. */
export function inventoryRoutes(platform: Platform): Router {
  const router = Router();
  const { catalog, inventory } = platform;

  bindRoute(router, platform, routes.getVariantStock, async ({ params }) => {
    if (!(await catalog.variantExists(params.id))) throw notFound('Variant');
    const { levels, movements } = await inventory.levels(params.id);
    return {
      variantId: params.id,
      levels: levels.map((l) => ({
        locationId: l.location_id,
        locationCode: l.location_code,
        onHand: l.on_hand,
        reserved: l.reserved,
        available: l.on_hand - l.reserved,
        lowStockThreshold: l.low_stock_threshold,
      })),
      movements: movements.map((m) => ({
        locationId: m.location_id,
        onHandDelta: m.on_hand_delta,
        reservedDelta: m.reserved_delta,
        reason: m.reason,
        reference: m.reference,
        createdAt: m.created_at.toISOString(),
      })),
    };
  });

  bindRoute(router, platform, routes.adjustStock, async ({ body }) => {
    if (!(await catalog.variantExists(body.variantId))) {
      throw invalidField('body.variantId', 'no variant has this id', 'not_found');
    }
    const level = await inventory.adjust(body);
    // Shoppers see the new stock at once, on every channel; a low-stock alert goes out now.
    await catalog.invalidateVariants([body.variantId]);
    await platform.notifications.dispatchSoon();
    return level;
  });
  bindRoute(router, platform, routes.listInventory, ({ query: { limit, offset, ...filter } }) => inventory.list(filter, limit, offset));
  bindRoute(router, platform, routes.setLowStockThreshold, async ({ body }) => {
    const level = await inventory.setThreshold(body);
    await platform.notifications.dispatchSoon(); // the alert, if the new level makes it low
    return level;
  });
  return router;
}
