import { createPlatform, loadConfigOrExit } from '@tk/core';

/**
 * The worker: the same modules as the API, no HTTP. It runs every background job (see
 * packages/core/src/workflows/scheduled-jobs.ts) on BullMQ: the reservation sweeper, payment
 * reconciliation, flash-sale starts and ends, the activity log, recommendation rebuilds,
 * notification sends and session purges, each with retries and a dead-letter list. Any number of
 * workers can run; each firing of a schedule runs once. SIGTERM lets running jobs finish.
 */
async function main() {
  const config = loadConfigOrExit();
  const platform = await createPlatform(config);
  await platform.jobs.start();
  const stop = async (signal: string) => {
    platform.log.info({ signal }, 'worker draining');
    const hard = setTimeout(() => process.exit(1), 30_000);
    hard.unref();
    await platform.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  platform.log.info({ runner: platform.jobs.kind }, 'worker running');
  // A fresh installation gets its first recommendation lists now rather than tomorrow night.
  if (!(await platform.kv.get('recs:trending'))) await platform.jobs.enqueue('recommendations.rebuild');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
