/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to embedded PGlite without it. */
import { loadDotEnv } from './load-env.js';
import { loadConfig, migrate, openDatabase } from '@tk/core';

loadDotEnv();

const config = loadConfig();
const db = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DATA_DIR });
try {
  const { applied } = await migrate(db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await db.close();
}
