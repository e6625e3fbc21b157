import type { TestProject } from 'vitest/node';
import { startTestApi } from './test-api.js';

/** The same API on embedded PGlite and the in-process store, whatever the environment says. */
export default async function setup(project: TestProject) {
  const api = await startTestApi({ embedded: true });
  project.provide('apiUrl', api.url);
  project.provide('mailDir', api.mailDir);
  project.provide('database', api.database);
  project.provide('cache', api.cache);
  console.log(`[tests:embedded] API on ${api.url}: database ${api.database}, cache ${api.cache}`);
  return () => api.stop();
}
