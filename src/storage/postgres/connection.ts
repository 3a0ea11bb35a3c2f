import pg from 'pg';

/** A pool or one client of it: what a table's queries run on, inside a transaction or not. */
export type Queryable = Pick<pg.PoolClient, 'query'>;

const INT8_OID = 20;
const TIMESTAMPTZ_OID = 1184;
const parseTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID) as (text: string) => Date;

/**
 * Ids and counts are bigint columns, answered as numbers (ids stay far below 2^53); times are
 * answered as the ISO text the SQLite engine stores, so the API shows the same format.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID) return Number;
    if (oid === TIMESTAMPTZ_OID) return (text: string) => parseTimestamptz(text).toISOString();
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PoolOptions {
  connectionString: string;
  /** Most connections open at once. */
  size: number;
  /** How long a query waits for a connection before it fails (a database that went away answers fast, not never). */
  connectTimeoutMs: number;
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.size,
    connectionTimeoutMillis: options.connectTimeoutMs,
    // So a connection to a server that vanished without closing it is noticed rather than waited on.
    keepAlive: true,
    types,
  });
  // An idle connection the server closed is dropped by the pool; unhandled, the event would end the process.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Runs `work` in one READ COMMITTED transaction on one connection. What SQLite got from its single
 * writer, these transactions get from row locks taken first (the sync's row, see syncs-table.ts).
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    // A connection that could not roll back is destroyed rather than handed to the next caller.
    client.release(broken);
  }
}
