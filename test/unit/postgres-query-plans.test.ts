import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { PostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { STORED_STATES_SQL } from '../../src/storage/postgres/records-table.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { createDatabase } from '../helpers/postgres-cluster.js';

const postgresUrl = inject('postgresUrl');
const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://example.test/items', unique_key: 'id' }));

/** Stores `count` records for the sync straight into the table, as many pages of a job would. */
async function fillRecords(client: pg.Client, syncId: number, count: number): Promise<void> {
  await client.query(
    `INSERT INTO records (sync_id, record_key, data, content_hash, seen_job_id, job_change, created_at, updated_at, modified_at)
     SELECT $1, n::text, '{}', 'hash', 1, 'created', now(), now(), now() FROM generate_series(1, $2) AS n`,
    [syncId, count],
  );
}

describe.skipIf(postgresUrl === undefined)('PostgreSQL query plans', () => {
  let client: pg.Client;
  let storage: PostgresStorage;
  let analyzedSync: number;
  let newSync: number;

  beforeAll(async () => {
    const database = await createDatabase(postgresUrl ?? '');
    storage = await PostgresStorage.open({ connectionString: database, poolSize: 1, secretBox: new SecretBox(randomBytes(32)) });
    client = new pg.Client({ connectionString: database });
    await client.connect();
    analyzedSync = (await storage.createSync(definition, 'active', null)).sync_id;
    newSync = (await storage.createSync(definition, 'active', null)).sync_id;
    // The statistics know only the first sync: the second, filled after ANALYZE, is a sync whose
    // first job runs before autovacuum analyzes the table again (after 10% of it changed).
    await fillRecords(client, analyzedSync, 20_000);
    await client.query('ANALYZE records');
    await fillRecords(client, newSync, 5_000);
  });

  afterAll(async () => {
    await client?.end();
    await storage?.close();
  });

  async function probePlan(syncId: number): Promise<string> {
    const keys = JSON.stringify(Array.from({ length: 1000 }, (_, index) => String(index + 1)));
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${STORED_STATES_SQL}`, [syncId, keys]);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  }

  for (const which of ['analyzedSync', 'newSync'] as const) {
    it(`a page's stored states are probed key by key on the unique index (${which === 'newSync' ? 'a sync the statistics do not know' : 'a sync the statistics know'})`, async () => {
      const plan = await probePlan(which === 'newSync' ? newSync : analyzedSync);
      expect(plan).toMatch(/Nested Loop/);
      expect(plan).toMatch(/Index Scan using records_sync_id_record_key_key on records/);
      expect(plan).not.toMatch(/records_by_modified|records_by_job|Seq Scan on records|Hash Join/);
    });
  }
});
