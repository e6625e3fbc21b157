import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createPgliteDatabase, createPostgresDatabase, type Database } from './database.js';
import { migrate } from './migrate.js';

/**
 * For tests beside the code: a migrated database of their own. A fresh database on DATABASE_URL's
 * server when it is set (real concurrency), in-memory PGlite otherwise.
 */
export async function openTestDatabase(poolSize = 20): Promise<{ db: Database; drop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const db = await createPgliteDatabase('memory');
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const name = `tk_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = createPostgresDatabase(url.toString(), poolSize);
  await migrate(db);
  return {
    db,
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
