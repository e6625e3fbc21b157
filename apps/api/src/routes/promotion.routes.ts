import { Router } from 'express';
import { routes } from '@tk/contract';
import type { Platform } from '@tk/core';
import { bindRoute } from '../http/bind-route.js';

/** Discount codes on carts, flash sales, and the staff side of promotions, collections and bulk prices. */
export function promotionRoutes(platform: Platform): Router {
  const router = Router();
  const { carts, promotions, flashSales, collections, priceRuns } = platform;

  bindRoute(router, platform, routes.applyPromotionCode, ({ params, body, user }) => carts.applyCode(params.id, user, body.code));
  bindRoute(router, platform, routes.removePromotionCode, ({ params, user }) => carts.removeCode(params.id, user, params.code));
  bindRoute(router, platform, routes.currentFlashSales, () => flashSales.list(true));

  bindRoute(router, platform, routes.listPromotions, async () => ({ items: await promotions.list() }));
  bindRoute(router, platform, routes.createPromotion, ({ body }) => promotions.create(body));
  bindRoute(router, platform, routes.getPromotion, ({ params }) => promotions.get(params.id));
  bindRoute(router, platform, routes.updatePromotion, ({ params, body }) => promotions.update(params.id, body));

  bindRoute(router, platform, routes.listFlashSales, () => flashSales.list());
  bindRoute(router, platform, routes.createFlashSale, ({ body }) => flashSales.create(body));
  bindRoute(router, platform, routes.cancelFlashSale, ({ params }) => flashSales.cancel(params.id));

  bindRoute(router, platform, routes.listCollections, () => collections.list());
  bindRoute(router, platform, routes.createCollection, ({ body }) => collections.create(body));
  bindRoute(router, platform, routes.setCollectionProducts, ({ params, body }) => collections.setProducts(params.id, body.productIds));

  bindRoute(router, platform, routes.previewPriceRun, ({ body }) => priceRuns.preview(body));
  bindRoute(router, platform, routes.applyPriceRun, ({ body, user }) => priceRuns.apply(body, user!));
  bindRoute(router, platform, routes.previewPriceCsv, ({ body }) => priceRuns.previewCsv(body.csv));
  bindRoute(router, platform, routes.applyPriceCsv, ({ body, user }) => priceRuns.applyCsv(body, user!));
  bindRoute(router, platform, routes.listPriceRuns, () => priceRuns.list());
  bindRoute(router, platform, routes.getPriceRun, ({ params }) => priceRuns.get(params.id));
  bindRoute(router, platform, routes.revertPriceRun, ({ params, user }) => priceRuns.revert(params.id, user!));
  return router;
}
