// The SQLite raw writer: one prepared INSERT into the records table, a transaction a batch.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type { FakeRecord } from '../test/helpers/fake-api.js';
import type { RawWriter } from './raw-insert.js';

export function sqliteRawWriter(file: string): RawWriter {
  const db = new Database(file);
  // The settings SqliteStorage uses (WAL is a property of the file; the rest are per connection).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const insert = db.prepare(
    `INSERT INTO records (sync_id, record_key, data, content_hash, seen_job_id, job_change, created_at, updated_at, modified_at)
     VALUES (?, ?, ?, ?, 0, 'created', ?, ?, ?)`,
  );
  const count = db.prepare<[number], number>(`SELECT count(*) FROM records WHERE sync_id = ?`).pluck();
  const insertBatch = db.transaction((syncId: number, batch: readonly FakeRecord[]) => {
    const at = new Date().toISOString();
    for (const record of batch) {
      const data = JSON.stringify(record);
      insert.run(syncId, String(record.id), data, createHash('sha256').update(data).digest('base64url'), at, at, at);
    }
  });
  return {
    method: 'one prepared INSERT, 1,000 rows a transaction',
    async writeBatch(syncId, batch) {
      insertBatch(syncId, batch);
    },
    async countRows(syncId) {
      return count.get(syncId)!;
    },
    async close() {
      db.close();
    },
  };
}
