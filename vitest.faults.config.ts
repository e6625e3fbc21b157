import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: processes killed, PostgreSQL and Redis cut off and restored, against the
 * real servers (DATABASE_URL / REDIS_URL), one file at a time. Slow by nature; kept out of `npm test`
 * and run by .ci/run after it.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
