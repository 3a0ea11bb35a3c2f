// The ingest bench's baseline: the same records inserted straight into the same SQLite file.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type { FakeRecord } from '../test/helpers/fake-api.js';

const RAW_BATCH = 1000;

/** The same records, straight into the same table: one prepared INSERT, 1,000 rows a transaction. */
export function rawInsert(dbFile: string, syncId: number, records: readonly FakeRecord[]): { seconds: number; rate: number } {
  const db = new Database(dbFile);
  try {
    // The settings SqliteStorage uses (WAL is a property of the file; the rest are per connection).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    const insert = db.prepare(
      `INSERT INTO records (sync_id, record_key, data, content_hash, seen_job_id, job_change, created_at, updated_at, modified_at)
       VALUES (?, ?, ?, ?, 0, 'created', ?, ?, ?)`,
    );
    const insertBatch = db.transaction((batch: readonly FakeRecord[]) => {
      const at = new Date().toISOString();
      for (const record of batch) {
        const data = JSON.stringify(record);
        insert.run(syncId, String(record.id), data, createHash('sha256').update(data).digest('base64url'), at, at, at);
      }
    });
    const started = performance.now();
    for (let offset = 0; offset < records.length; offset += RAW_BATCH) insertBatch(records.slice(offset, offset + RAW_BATCH));
    const seconds = (performance.now() - started) / 1000;
    const { n } = db.prepare(`SELECT count(*) AS n FROM records WHERE sync_id = ?`).get(syncId) as { n: number };
    if (n !== records.length) throw new Error(`raw insert stored ${n} rows, expected ${records.length}`);
    return { seconds, rate: records.length / seconds };
  } finally {
    db.close();
  }
}
