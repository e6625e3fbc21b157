import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createPgliteDatabase, createPostgresDatabase, type Database } from './database.js';
import { migrate } from './migrate.js';

/**
 * A fresh, empty database on a PostgreSQL server, for one test run: its URL and a function that
 * drops it (forcing out any connection still open).
 */
export async function createScratchDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tk_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const onServer = async (sql: string) => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

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
  const scratch = await createScratchDatabase(serverUrl);
  const db = createPostgresDatabase(scratch.url, poolSize);
  await migrate(db);
  return {
    db,
    async drop() {
      await db.close();
      await scratch.drop();
    },
  };
}
