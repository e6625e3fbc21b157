import type { TestProject } from 'vitest/node';
import { startTestApi } from './test-api.js';

/** One API for the run, on the real servers when DATABASE_URL / REDIS_URL are set. */
export default async function setup(project: TestProject) {
  const api = await startTestApi({ embedded: false });
  project.provide('apiUrl', api.url);
  project.provide('mailDir', api.mailDir);
  project.provide('database', api.database);
  project.provide('cache', api.cache);
  console.log(`[tests] API on ${api.url}: database ${api.database}, cache ${api.cache}`);
  return () => api.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    mailDir: string;
    database: 'postgres' | 'pglite';
    cache: 'redis' | 'memory';
  }
}
