import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * Rows read straight from a harness's database, beneath the API, whichever engine it runs on
 * (DATABASE_URL in its environment, else the SQLite file). `sql` numbers its parameters `$1, $2...`
 * in order and must be valid in both dialects.
 */
export async function rawRows(env: Record<string, string>, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  if (env.DATABASE_URL !== undefined) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  }
  const db = new Database(env.SYNCD_DB_PATH!, { readonly: true });
  try {
    return db.prepare(sql.replace(/\$\d+/g, '?')).all(...params) as Record<string, unknown>[];
  } finally {
    db.close();
  }
}
