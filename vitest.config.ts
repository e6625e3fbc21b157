import { defineConfig } from 'vitest/config';

/**
 * `npm test` runs everything against one API started by the global setup: on the real
 * PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set (CI), embedded otherwise. With real servers
 * the catalogue tests run a second time on embedded PGlite, so both data paths stay proven.
 */
const realServers = Boolean(process.env.DATABASE_URL);

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/web/lib/**/*.test.ts', 'deploy/**/*.test.ts'],
          // Each file boots its own PGlite or database, which takes seconds on two busy cores.
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: realServers ? 'api-postgres' : 'api-embedded',
          // Admin component tests render in jsdom (a comment at the top of each file) against this same API.
          include: ['test/**/*.test.ts', 'apps/admin/test/**/*.test.tsx'],
          // Faults (killed processes, outages) run on their own: npm run test:faults.
          exclude: ['test/faults/**'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      ...(realServers
        ? [
            {
              test: {
                name: 'embedded',
                include: ['test/catalog*.test.ts'],
                testTimeout: 30_000,
                hookTimeout: 120_000,
                globalSetup: ['test/support/global-setup-embedded.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
