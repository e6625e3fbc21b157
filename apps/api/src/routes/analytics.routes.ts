import { Router } from 'express';
import { routes } from '@tk/contract';
import type { Platform } from '@tk/core';
import { bindRoute } from '../http/bind-route.js';

/** The dashboard's sales figures (staff). */
export function analyticsRoutes(platform: Platform): Router {
  const router = Router();
  bindRoute(router, platform, routes.salesReport, ({ query }) => platform.analytics.sales(query));
  return router;
}
