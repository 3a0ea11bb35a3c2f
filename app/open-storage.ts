import type { Config } from '../src/config/config.js';
import { maskPassword, withSslMode } from '../src/storage/postgres/database-url.js';
import { PostgresStorage } from '../src/storage/postgres/postgres-storage.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import type { Storage, StorageOptions } from '../src/storage/storage.js';

/**
 * The storage engine the configuration names: PostgreSQL when DATABASE_URL is set, else the SQLite
 * file at SYNCD_DB_PATH. A PostgreSQL database that cannot be reached or migrated fails the start
 * with one message naming DATABASE_URL (its password masked), the driver's error as its cause.
 */
export async function openStorage(config: Config, options: Pick<StorageOptions, 'secretBox' | 'clock'>): Promise<Storage> {
  const { path, firstSyncId, postgres } = config.database;
  const engineOptions = { ...options, firstSyncId, jobRetention: config.jobRetention };
  if (postgres === undefined) return new SqliteStorage({ file: path, ...engineOptions });
  try {
    return await PostgresStorage.open({
      connectionString: withSslMode(postgres.url, postgres.sslMode),
      poolSize: postgres.poolSize,
      ...engineOptions,
    });
  } catch (error) {
    throw new Error(`could not open the PostgreSQL database at DATABASE_URL=${maskPassword(postgres.url)}`, { cause: error });
  }
}
