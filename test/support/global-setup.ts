import type { TestProject } from 'vitest/node';
import { provideTestApi } from './test-api.js';

/** One API for the run, on the real servers when DATABASE_URL / REDIS_URL are set. */
export default (project: TestProject) => provideTestApi(project, { embedded: false });

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    mailDir: string;
    database: 'postgres' | 'pglite';
    cache: 'redis' | 'memory';
    apiEnv: Record<string, string>;
    gateways: import('./test-api.js').GatewayFakes;
  }
}
