import type { Config } from '../platform/config.js';
import type { JobDefinition } from '../platform/jobs.js';
import type { Platform } from '../platform/container.js';
import { expireReservations } from './expire-reservations.workflow.js';

/**
 * Every background job, with its schedule from configuration. The worker runs them on BullMQ;
 * the embedded API runs the same list in-process. Jobs are idempotent: a retry or a second worker
 * picking up the same firing does no harm.
 */
export function jobDefinitions(platform: Omit<Platform, 'jobs'>, config: Config): JobDefinition[] {
  const { log } = platform;
  return [
    {
      name: 'reservations.sweep',
      everyMs: config.SWEEP_INTERVAL_SECONDS * 1000,
      run: async () => {
        const { references, variantIds, abandoned } = await expireReservations(platform);
        if (variantIds.length) await platform.catalog.invalidateVariants(variantIds);
        if (references.length || abandoned.length) log.info({ expired: references.length, abandoned: abandoned.length }, 'returned expired stock holds');
      },
    },
    { name: 'payments.reconcile', everyMs: config.PAYMENT_RECONCILE_INTERVAL_SECONDS * 1000, run: () => platform.payments.reconcile() },
    { name: 'flash-sales.fire', everyMs: config.FLASH_SALE_CHECK_SECONDS * 1000, run: () => platform.flashSales.fireDue() },
    {
      name: 'activity.flush',
      everyMs: config.ACTIVITY_FLUSH_INTERVAL_MS,
      run: async () => {
        let moved = 0;
        for (let n = -1; n !== 0; moved += n) n = await platform.activity.flush();
        return moved;
      },
    },
    {
      name: 'recommendations.rebuild',
      everyMs: config.RECS_REBUILD_INTERVAL_MINUTES * 60_000,
      attempts: 3,
      run: async () => {
        while ((await platform.activity.flush()) > 0);
        return platform.recommendations.rebuild();
      },
    },
    { name: 'notifications.dispatch', everyMs: config.NOTIFICATION_DISPATCH_SECONDS * 1000, run: () => platform.notifications.dispatchAll() },
    {
      name: 'sessions.purge',
      everyMs: config.SESSION_PURGE_INTERVAL_MINUTES * 60_000,
      run: async () => {
        const purged = await platform.auth.purgeExpired();
        // Dispatched outbox rows are history after a week (the notification log keeps what was sent).
        const { rowCount } = await platform.db.query(`DELETE FROM outbox_events WHERE dispatched_at < now() - interval '7 days'`);
        return { ...purged, outboxRows: rowCount };
      },
    },
  ];
}
