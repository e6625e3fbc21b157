import pg from 'pg';
import { mkdirSync } from 'node:fs';

/** What a repository needs: parameterised SQL in, rows out. Both a pool and a transaction are Queryable. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export interface QueryResult<R> {
  rows: R[];
  /** Rows inserted, updated or deleted; optimistic locking depends on this being exact. */
  rowCount: number;
}

/** The one data-layer port: PostgreSQL through `pg`, or embedded PGlite with the same SQL. */
export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn inside BEGIN/COMMIT; any throw rolls the whole thing back. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// int8 (counts, money totals) as JS numbers: every amount we store fits in 2^53.
const INT8_OID = 20;
const NUMERIC_OID = 1700;
pg.types.setTypeParser(INT8_OID, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(NUMERIC_OID, (v) => Number.parseFloat(v));

/** Errors from PostgreSQL are marked as the database's, so the API can tell an outage from other failures. */
function markDatabaseError(err: unknown): never {
  if (err && typeof err === 'object') (err as { service?: string }).service ??= 'database';
  throw err;
}

export function createPostgresDatabase(url: string, poolSize = 10, connectTimeoutMs = 5_000): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // With the database down or restarting, a request fails after this instead of waiting forever.
    connectionTimeoutMillis: connectTimeoutMs,
    // The planner's default assumes spinning disks; with the catalogue in memory or on SSD, index
    // lookups are cheap, and at 50k products this halves search latency (docs/benchmarks.md).
    options: '-c random_page_cost=1.1',
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const run = async <R>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) => {
    const res = await client.query(sql, params as unknown[] | undefined).catch(markDatabaseError);
    return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
  };
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect().catch(markDatabaseError);
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export async function createPgliteDatabase(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const inMemory = dataDir === 'memory';
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(inMemory ? undefined : dataDir, {
    extensions: { pg_trgm },
    parsers: { [INT8_OID]: (v: string) => Number.parseInt(v, 10), [NUMERIC_OID]: (v: string) => Number.parseFloat(v) },
  });
  type PgliteLike = Pick<typeof db, 'query'>;
  const run = async <R>(target: PgliteLike, sql: string, params?: readonly unknown[]) => {
    const res = await target.query<R>(sql, params as unknown[] | undefined);
    // PGlite reports affected rows for writes only; a SELECT's count is its rows, as with pg.
    return { rows: res.rows, rowCount: res.affectedRows || res.rows.length };
  };
  return {
    kind: 'pglite',
    query: (sql, params) => run(db, sql, params),
    transaction: (fn) => db.transaction((tx) => fn({ query: (sql, params) => run(tx, sql, params) })),
    close: () => db.close(),
  };
}

export async function openDatabase(opts: { url?: string; pgliteDir: string; poolSize?: number; connectTimeoutMs?: number }): Promise<Database> {
  return opts.url ? createPostgresDatabase(opts.url, opts.poolSize, opts.connectTimeoutMs) : createPgliteDatabase(opts.pgliteDir);
}
