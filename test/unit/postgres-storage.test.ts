import { describe, inject } from 'vitest';
import { PostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import type { StorageOptions } from '../../src/storage/storage.js';
import { createDatabase } from '../helpers/postgres-cluster.js';
import { describeStorageBehaviour } from './storage-behaviour.js';

const postgresUrl = inject('postgresUrl');

describe.skipIf(postgresUrl === undefined)('on PostgreSQL', () => {
  const url = postgresUrl ?? '';
  describeStorageBehaviour('PostgresStorage', async (options: StorageOptions) =>
    PostgresStorage.open({ connectionString: await createDatabase(url), poolSize: 4, ...options }),
  );
});
