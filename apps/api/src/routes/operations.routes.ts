import { Router } from 'express';
import { routes } from '@tk/contract';
import type { Platform } from '@tk/core';
import { bindRoute } from '../http/bind-route.js';

/** Notification preferences and devices (customers); the message log, campaigns and background jobs (staff). */
export function operationsRoutes(platform: Platform): Router {
  const router = Router();
  bindRoute(router, platform, routes.getNotificationPreferences, ({ user }) => platform.messaging.preferences(user!.userId));
  bindRoute(router, platform, routes.updateNotificationPreferences, ({ user, body }) => platform.messaging.setPreferences(user!.userId, body));
  bindRoute(router, platform, routes.registerDevice, ({ user, body }) => platform.messaging.registerDevice(user!.userId, body));
  bindRoute(router, platform, routes.removeDevice, ({ user, params }) => platform.messaging.removeDevice(user!.userId, params.token));
  bindRoute(router, platform, routes.notificationLog, ({ query }) => platform.messaging.log(query.limit));
  bindRoute(router, platform, routes.sendCampaign, ({ body }) => platform.messaging.sendCampaign(body));
  bindRoute(router, platform, routes.listDeadLetters, async () => ({ items: await platform.jobs.deadLetters() }));
  bindRoute(router, platform, routes.runJob, async ({ params }) => {
    await platform.jobs.enqueue(params.name);
    return { name: params.name, runner: platform.jobs.kind };
  });
  return router;
}
