import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { migrations } from '../../src/storage/postgres/migrations.js';
import { PostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import type { StorageOptions } from '../../src/storage/storage.js';
import { freePort } from '../helpers/free-port.js';
import { createDatabase } from '../helpers/postgres-cluster.js';
import { describeStorageBehaviour } from './storage-behaviour.js';

const postgresUrl = inject('postgresUrl');
const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://example.test/items', unique_key: 'id' }));
const secretBox = new SecretBox(randomBytes(32));

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(postgresUrl === undefined)('on PostgreSQL', () => {
  const url = postgresUrl ?? '';
  describeStorageBehaviour('PostgresStorage', async (options: StorageOptions) =>
    PostgresStorage.open({ connectionString: await createDatabase(url), poolSize: 4, ...options }),
  );

  describe('PostgresStorage migrations', () => {
    it('storages opened together on a fresh database all open, and each migration runs once', async () => {
      const database = await createDatabase(url);
      const storages = await Promise.all(
        Array.from({ length: 5 }, () => PostgresStorage.open({ connectionString: database, poolSize: 2, secretBox, firstSyncId: 700 })),
      );
      try {
        const applied = await query<{ version: number }>(database, 'SELECT version FROM schema_migrations ORDER BY version');
        expect(applied.map((row) => row.version)).toEqual(migrations.map((_, index) => index + 1));
        // The sequence was set once, by the process that migrated: the ids go on from 700 in any process.
        expect((await storages[3]!.createSync(definition, 'active', null)).sync_id).toBe(700);
        expect((await storages[1]!.createSync(definition, 'active', null)).sync_id).toBe(701);
      } finally {
        await Promise.all(storages.map((storage) => storage.close()));
      }
      const reopened = await PostgresStorage.open({ connectionString: database, poolSize: 1, secretBox, firstSyncId: 5 });
      expect((await reopened.createSync(definition, 'active', null)).sync_id).toBe(702);
      await reopened.close();
    });
  });

  describe('PostgresStorage connections', () => {
    it('opening a database nothing listens for rejects at once with the driver error', async () => {
      const nowhere = `postgres://syncd:secret@127.0.0.1:${await freePort()}/syncd`;
      await expect(PostgresStorage.open({ connectionString: nowhere, poolSize: 1, secretBox })).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
    });
  });
});
