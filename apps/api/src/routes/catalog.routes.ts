import { Router } from 'express';
import { routes } from '@tk/contract';
import type { Platform } from '@tk/core';
import { recordActivity } from '../http/activity.js';
import { bindRoute } from '../http/bind-route.js';

/** Public catalogue reads and the staff-only catalogue writes. */
export function catalogRoutes(platform: Platform): Router {
  const router = Router();
  const { catalog } = platform;

  bindRoute(router, platform, routes.listCategories, async () => ({ categories: await catalog.categoryTree() }));
  bindRoute(router, platform, routes.listProducts, ({ query }) => catalog.listProducts(query));
  bindRoute(router, platform, routes.searchProducts, async ({ query, req, res }) => {
    recordActivity(platform, req, res, { kind: 'search', query: query.q });
    return catalog.search(query);
  });
  bindRoute(router, platform, routes.getProduct, async ({ params, query, req, res }) => {
    const product = await catalog.getPublishedProduct(params.slug, query.currency);
    recordActivity(platform, req, res, { kind: 'view', productId: product.id });
    return product;
  });
  bindRoute(router, platform, routes.productRecommendations, ({ params, query }) =>
    platform.recommendations.forProduct(params.id, query.currency, query.limit),
  );
  bindRoute(router, platform, routes.trendingProducts, ({ query }) => platform.recommendations.trending(query.currency, query.limit));
  // The image arrives as the raw body (see app.ts): its bytes decide what it is, not its headers.
  bindRoute(router, platform, routes.uploadProductImage, ({ params, query, req }) =>
    platform.media.upload(params.id, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), query.alt),
  );
  bindRoute(router, platform, routes.reorderProductImages, ({ params, body }) => platform.media.reorder(params.id, body.imageIds));
  bindRoute(router, platform, routes.deleteProductImage, ({ params }) => platform.media.remove(params.id, params.imageId));
  bindRoute(router, platform, routes.rebuildRecommendations, async () => {
    let activityFlushed = 0;
    for (let n = -1; n !== 0; activityFlushed += n) n = await platform.activity.flush();
    return { activityFlushed, ...(await platform.recommendations.rebuild()) };
  });
  bindRoute(router, platform, routes.myRecommendations, ({ query, user }) => platform.recommendations.forCustomer(user!.userId, query.currency, query.limit));

  bindRoute(router, platform, routes.createCategory, ({ body }) => catalog.createCategory(body));
  bindRoute(router, platform, routes.listProductVariants, ({ params }) => catalog.adminVariants(params.id));
  bindRoute(router, platform, routes.addVariant, ({ params, body }) => catalog.addVariant(params.id, body));
  bindRoute(router, platform, routes.updateVariant, ({ params, body }) => catalog.updateVariant(params.id, body));
  bindRoute(router, platform, routes.exportCatalogCsv, () => platform.catalogCsv.export());
  bindRoute(router, platform, routes.checkCatalogCsv, ({ body }) => platform.catalogCsv.check(body.csv));
  bindRoute(router, platform, routes.importCatalogCsv, ({ body }) => platform.catalogCsv.import(body.csv, body.part));
  bindRoute(router, platform, routes.listAdminProducts, ({ query }) => catalog.listForAdmin(query));
  bindRoute(router, platform, routes.createProduct, ({ body, query }) => catalog.createProduct(body, query.currency));
  bindRoute(router, platform, routes.getProductById, ({ params, query }) => catalog.getProductById(params.id, query.currency));
  bindRoute(router, platform, routes.updateProduct, ({ params, query, body }) =>
    catalog.updateProduct(params.id, body, query.currency),
  );
  bindRoute(router, platform, routes.setVariantPrices, ({ params, body }) => catalog.setVariantPrices(params.id, body.prices));
  return router;
}
