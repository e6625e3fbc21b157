import type { TestProject } from 'vitest/node';
import { provideTestApi } from './test-api.js';

/** The same API on embedded PGlite and the in-process store, whatever the environment says. */
export default (project: TestProject) => provideTestApi(project, { embedded: true });
