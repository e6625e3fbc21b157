import { createPlatform, loadConfigOrExit, seedDemoData } from '@tk/core';
import { createApp } from './app.js';
import { endEventStreams } from './routes/events.routes.js';

/**
 * Starts the API: validated configuration, migrations, first-run demo data on the embedded
 * database, then HTTP. SIGTERM/SIGINT drain open requests before closing connections.
 */
async function main() {
  const config = loadConfigOrExit();
  const platform = await createPlatform(config);
  const seed = config.SEED_DEMO_DATA ?? !config.DATABASE_URL;
  if (seed) {
    // Only a truly empty catalogue gets demo data; anything an operator created is left alone.
    const { rows } = await platform.db.query<{ empty: boolean }>(
      'SELECT NOT EXISTS (SELECT 1 FROM products) AND NOT EXISTS (SELECT 1 FROM categories) AS empty',
    );
    if (rows[0]!.empty) {
      platform.log.info('empty catalogue: loading demo data');
      const result = await seedDemoData(platform.db, { products: 240, mediaDir: config.MEDIA_DIR });
      platform.log.info(result, 'demo data loaded');
    }
  }
  // Embedded PGlite belongs to this one process, so no worker can share it: the background jobs
  // (stock sweeper, reconciliation, flash sales, activity, recommendations, notifications) run here.
  if (!config.DATABASE_URL) {
    await platform.jobs.start();
    // Recommendation lists live in memory here: build the first ones now rather than tonight.
    if (!(await platform.kv.get('recs:trending'))) await platform.jobs.enqueue('recommendations.rebuild');
  }
  const app = createApp(platform);
  const server = app.listen(config.API_PORT, config.API_HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.API_PORT;
    platform.log.info(
      { database: platform.db.kind, cache: platform.kv.kind },
      `API listening on http://localhost:${port} (docs at http://localhost:${port}/docs)`,
    );
  });
  server.keepAliveTimeout = 65_000;
  let stopping = false;
  /**
   * Graceful shutdown: readiness fails first (load balancers stop sending new requests) while the
   * copy keeps serving for SHUTDOWN_DRAIN_SECONDS; then it stops accepting connections, ends event
   * streams (their clients reconnect to another copy), lets in-flight requests finish, drains its
   * jobs and closes its connections. Nothing is kept in process memory that another copy needs.
   */
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    platform.log.info({ signal }, 'draining');
    app.locals.draining = true;
    setTimeout(() => process.exit(1), (config.SHUTDOWN_DRAIN_SECONDS + config.SHUTDOWN_TIMEOUT_SECONDS) * 1000).unref();
    setTimeout(() => {
      endEventStreams();
      server.close(async () => {
        await platform.close();
        platform.log.info('stopped');
        process.exit(0);
      });
      server.closeIdleConnections();
    }, config.SHUTDOWN_DRAIN_SECONDS * 1000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
