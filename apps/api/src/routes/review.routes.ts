import { Router } from 'express';
import { routes } from '@tk/contract';
import type { Platform } from '@tk/core';
import { bindRoute } from '../http/bind-route.js';

/** Reviews: public reading, customer writing, staff moderation. */
export function reviewRoutes(platform: Platform): Router {
  const router = Router();
  const { reviews, catalog } = platform;

  bindRoute(router, platform, routes.listProductReviews, async ({ params }) => {
    const product = await catalog.getPublishedProduct(params.slug, 'LKR');
    return reviews.forProduct(product.id);
  });
  bindRoute(router, platform, routes.createReview, ({ user, body }) => reviews.create(user!.userId, body));
  bindRoute(router, platform, routes.listMyReviews, ({ user }) => reviews.mine(user!.userId));
  bindRoute(router, platform, routes.listReviewsForModeration, ({ query }) => reviews.byStatus(query.status, query.limit, query.offset));
  bindRoute(router, platform, routes.moderateReview, ({ params, body }) => reviews.moderate(params.id, body.status));
  return router;
}
