import { createPlatform, expireReservations, loadConfigOrExit } from '@tk/core';

/**
 * The worker: the same modules as the API, no HTTP. It returns expired stock holds every minute,
 * reconciles unsettled payments and pending refunds with their gateways, sends notifications left
 * in the outbox, and purges dead sessions hourly. Push and recommendations join it as BullMQ jobs
 * (issue 6).
 */
const HOUR = 3_600_000;
const MINUTE = 60_000;

async function main() {
  const config = loadConfigOrExit();
  const platform = await createPlatform(config);
  const purge = async () => {
    try {
      const purged = await platform.auth.purgeExpired();
      platform.log.info(purged, 'purged expired sessions and reset tokens');
    } catch (err) {
      platform.log.error({ err }, 'purge failed; will retry next hour');
    }
  };
  const sweep = async () => {
    try {
      const { references, variantIds } = await expireReservations(platform);
      if (references.length) {
        await platform.catalog.invalidateVariants(variantIds);
        platform.log.info({ expired: references.length }, 'returned the stock of expired reservations');
      }
    } catch (err) {
      platform.log.error({ err }, 'reservation sweep failed; will retry next minute');
    }
  };
  const reconcile = async () => {
    try {
      const result = await platform.payments.reconcile();
      if (result.checked || result.refundsRetried) platform.log.info(result, 'reconciled payments with their gateways');
    } catch (err) {
      platform.log.error({ err }, 'payment reconciliation failed; will retry');
    }
  };
  // Flash sales price themselves at request time; this only refreshes pages at each start and end.
  const flashSales = async () => {
    try {
      const fired = await platform.flashSales.fireDue();
      if (fired.started || fired.ended) platform.log.info(fired, 'flash sales started or ended: product pages refreshed');
    } catch (err) {
      platform.log.error({ err }, 'flash-sale refresh failed; will retry');
    }
  };
  const flushActivity = async () => {
    try {
      while ((await platform.activity.flush()) > 0);
    } catch (err) {
      platform.log.error({ err }, 'activity flush failed; it stays queued');
    }
  };
  const rebuildRecommendations = async () => {
    try {
      await flushActivity();
      await platform.recommendations.rebuild();
    } catch (err) {
      platform.log.error({ err }, 'recommendation rebuild failed; the lists from the last run stay');
    }
  };
  // Messages whose sending failed right after their commit are retried here.
  const dispatch = () => platform.notifications.dispatchSoon();
  await purge();
  await sweep();
  await reconcile();
  const timers = [
    setInterval(purge, HOUR),
    setInterval(sweep, MINUTE),
    setInterval(reconcile, config.PAYMENT_RECONCILE_INTERVAL_SECONDS * 1000),
    setInterval(dispatch, 30_000),
    setInterval(flashSales, 5_000),
    setInterval(flushActivity, config.ACTIVITY_FLUSH_INTERVAL_MS),
    setInterval(rebuildRecommendations, config.RECS_REBUILD_INTERVAL_MINUTES * 60_000),
  ];
  // A fresh installation gets its first lists now rather than tomorrow night.
  if (!(await platform.kv.get('recs:trending'))) void rebuildRecommendations();
  const stop = async () => {
    for (const t of timers) clearInterval(t);
    await platform.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  platform.log.info('worker running');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
