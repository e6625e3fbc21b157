import { describe, expect, it } from 'vitest';
import { splitStatements } from './migrate.js';

describe('splitStatements', () => {
  it('splits on semicolons at line ends and keeps dollar-quoted bodies whole', () => {
    const sql = `-- a comment
CREATE TABLE a (id int);
CREATE FUNCTION f() RETURNS trigger AS $$
BEGIN
  NEW.x := 1;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
INSERT INTO a VALUES (1)`;
    const parts = splitStatements(sql);
    expect(parts).toHaveLength(3);
    expect(parts[1]).toContain('RETURN NEW;');
    expect(parts[1]).toMatch(/LANGUAGE plpgsql;$/);
    expect(parts[2]).toBe('INSERT INTO a VALUES (1)');
  });
});

import { createPostgresDatabase } from './database.js';
import { createScratchDatabase } from './test-database.js';
import { migrate } from './migrate.js';

const serverUrl = process.env.DATABASE_URL;

describe('migrate on PostgreSQL', () => {
  it.skipIf(!serverUrl)('lets two API copies start at once: one migrates, the other waits and finds it done (needs DATABASE_URL)', async () => {
    const scratch = await createScratchDatabase(serverUrl!);
    const a = createPostgresDatabase(scratch.url, 2);
    const b = createPostgresDatabase(scratch.url, 2);
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      const applied = [ra.applied, rb.applied].sort((x, y) => y.length - x.length);
      expect(applied[0]!.length).toBeGreaterThan(0);
      expect(applied[1]).toEqual([]);
      const { rows } = await a.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      expect(rows[0]!.n).toBe(applied[0]!.length);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await scratch.drop();
    }
  });
});

describe('Database.rowCount', () => {
  it('counts selected rows and written rows alike on PGlite, as pg does', async () => {
    const { createPgliteDatabase } = await import('./database.js');
    const db = await createPgliteDatabase('memory');
    await db.query('CREATE TABLE t (n int)');
    expect((await db.query('INSERT INTO t VALUES (1), (2)')).rowCount).toBe(2);
    expect((await db.query('SELECT * FROM t')).rowCount).toBe(2);
    expect((await db.query('UPDATE t SET n = 3 WHERE n = 9')).rowCount).toBe(0);
    expect((await db.query('DELETE FROM t')).rowCount).toBe(2);
    await db.close();
  });
});
