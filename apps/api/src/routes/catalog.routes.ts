import { Router } from 'express';
import { routes } from '@tk/contract';
import type { Platform } from '@tk/core';
import { bindRoute } from '../http/bind-route.js';

/** Public catalogue reads and the staff-only catalogue writes. */
export function catalogRoutes(platform: Platform): Router {
  const router = Router();
  const { catalog } = platform;

  bindRoute(router, platform, routes.listCategories, async () => ({ categories: await catalog.categoryTree() }));
  bindRoute(router, platform, routes.listProducts, ({ query }) => catalog.listProducts(query));
  bindRoute(router, platform, routes.searchProducts, ({ query }) => catalog.search(query));
  bindRoute(router, platform, routes.getProduct, ({ params, query }) => catalog.getPublishedProduct(params.slug, query.currency));

  bindRoute(router, platform, routes.createCategory, ({ body }) => catalog.createCategory(body));
  bindRoute(router, platform, routes.createProduct, ({ body, query }) => catalog.createProduct(body, query.currency));
  bindRoute(router, platform, routes.getProductById, ({ params, query }) => catalog.getProductById(params.id, query.currency));
  bindRoute(router, platform, routes.updateProduct, ({ params, query, body }) =>
    catalog.updateProduct(params.id, body, query.currency),
  );
  bindRoute(router, platform, routes.setVariantPrices, ({ params, body }) => catalog.setVariantPrices(params.id, body.prices));
  return router;
}
