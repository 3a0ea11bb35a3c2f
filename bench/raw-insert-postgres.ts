// The PostgreSQL raw writer: one multi-row INSERT a batch, its columns passed as JSON arrays the
// way syncd's own upsert passes a page (texts-param.ts says why: faster than pg's text[] escaping),
// each batch its own transaction, on one connection of `pg`.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { textsParam } from '../src/storage/postgres/texts-param.js';
import type { FakeRecord } from '../test/helpers/fake-api.js';
import type { RawWriter } from './raw-insert.js';

export async function postgresRawWriter(url: string): Promise<RawWriter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    method: 'one INSERT … SELECT FROM json_array_elements_text(columns as JSON arrays) a batch of 1,000 rows, each its own transaction',
    async writeBatch(syncId, batch: readonly FakeRecord[]) {
      const at = new Date().toISOString();
      const keys: string[] = [];
      const data: string[] = [];
      const hashes: string[] = [];
      for (const record of batch) {
        const json = JSON.stringify(record);
        keys.push(String(record.id));
        data.push(json);
        hashes.push(createHash('sha256').update(json).digest('base64url'));
      }
      await client.query(
        `INSERT INTO records (sync_id, record_key, data, content_hash, seen_job_id, job_change, created_at, updated_at, modified_at)
         SELECT $1, u.key, u.data, u.hash, 0, 'created', $2, $2, $2
         FROM ROWS FROM (json_array_elements_text($3::json), json_array_elements_text($4::json), json_array_elements_text($5::json))
           AS u (key, data, hash)`,
        [syncId, at, textsParam(keys), textsParam(data), textsParam(hashes)],
      );
    },
    async countRows(syncId) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM records WHERE sync_id = $1`, [syncId]);
      return Number(rows[0]!.n);
    },
    async close() {
      await client.end();
    },
  };
}
