import { createPlatform, loadConfigOrExit } from '@tk/core';

/**
 * The worker: the same modules as the API, no HTTP. Today it runs housekeeping on a timer; the
 * outbox dispatcher, emails, push and recommendations join it as BullMQ jobs (issue 6).
 */
const HOUR = 3_600_000;

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
  await purge();
  const timer = setInterval(purge, HOUR);
  const stop = async () => {
    clearInterval(timer);
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
