import type Database from 'better-sqlite3';
import { sameContent, textHash } from '../canonical-json.js';
import type { JobCounts } from '../job-row.js';
import { type JobChange, recordChange, type StoredRecordState } from '../record-changes.js';
import { takeRecordPage } from '../record-page.js';
import type { IncomingRecord, RecordPage, RecordQuery, StoredRecord } from '../storage.js';
import { RECORD_LISTING_SHAPES, type RecordListingParams, recordListing, recordListingKey, recordListingSql } from './record-listing.js';

interface RecordRow {
  id: number;
  record_key: string;
  data: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

const toRecord = (row: RecordRow): StoredRecord => ({
  id: row.id,
  key: row.record_key,
  data: JSON.parse(row.data) as unknown,
  created_at: row.created_at,
  updated_at: row.updated_at,
  deleted_at: row.deleted_at,
});

/** What change detection reads of a stored record. */
interface ChangeColumns {
  content_hash: string;
  seen_job_id: number;
  job_change: JobChange;
  deleted_at: string | null;
}

const toChangeState = (row: ChangeColumns): StoredRecordState => ({
  contentHash: row.content_hash,
  seenJobId: row.seen_job_id,
  jobChange: row.job_change,
  deleted: row.deleted_at !== null,
});

interface RecordWrite {
  sync_id: number;
  key: string;
  data: string;
  hash: string;
  job_id: number;
  job_change: JobChange;
  at: string;
}

/**
 * The records table: each synced record by (sync, key), with the content hash change detection
 * compares and the last job that saw it with how that job counts it (seen_job_id, job_change).
 */
export function recordsTable(db: Database.Database) {
  const find = db.prepare<[number, string], ChangeColumns>(
    `SELECT content_hash, seen_job_id, job_change, deleted_at FROM records WHERE sync_id = ? AND record_key = ?`,
  );
  const storedData = db.prepare<[number, string], string>(`SELECT data FROM records WHERE sync_id = ? AND record_key = ?`).pluck();
  const insert = db.prepare<RecordWrite>(
    `INSERT INTO records (sync_id, record_key, data, content_hash, seen_job_id, job_change, created_at, updated_at, modified_at)
     VALUES (@sync_id, @key, @data, @hash, @job_id, @job_change, @at, @at, @at)`,
  );
  const touch = db.prepare<Pick<RecordWrite, 'sync_id' | 'key' | 'job_id'>>(
    `UPDATE records SET seen_job_id = @job_id, job_change = 'unchanged' WHERE sync_id = @sync_id AND record_key = @key`,
  );
  const reorder = db.prepare<Omit<RecordWrite, 'at'>>(
    `UPDATE records SET data = @data, content_hash = @hash, job_change = @job_change, seen_job_id = @job_id
     WHERE sync_id = @sync_id AND record_key = @key`,
  );
  const update = db.prepare<RecordWrite>(
    `UPDATE records SET data = @data, content_hash = @hash, updated_at = @at, modified_at = @at, deleted_at = NULL,
       job_change = @job_change, seen_job_id = @job_id
     WHERE sync_id = @sync_id AND record_key = @key`,
  );
  const jobChanges = db.prepare<[number, number], { job_change: JobChange; n: number }>(
    `SELECT job_change, count(*) AS n FROM records WHERE sync_id = ? AND seen_job_id = ? GROUP BY job_change`,
  );
  const softDeleteUnseen = db.prepare<[string, string, number, number]>(
    `UPDATE records SET deleted_at = ?, modified_at = ? WHERE sync_id = ? AND seen_job_id != ? AND deleted_at IS NULL`,
  );
  const deleteUnseenLive = db.prepare<[number, number]>(
    `DELETE FROM records WHERE sync_id = ? AND seen_job_id != ? AND deleted_at IS NULL`,
  );
  const deleteUnseen = db.prepare<[number, number]>(`DELETE FROM records WHERE sync_id = ? AND seen_job_id != ?`);
  const removeAll = db.prepare<[number]>(`DELETE FROM records WHERE sync_id = ?`);
  const listings = new Map(
    RECORD_LISTING_SHAPES.map(({ filter, modifiedAfter }) => [
      recordListingKey(filter, modifiedAfter),
      db.prepare<RecordListingParams, RecordRow>(recordListingSql(filter, modifiedAfter)),
    ]),
  );

  return {
    /** Stores a page of records for a job (record-changes.ts decides each write); answers how many became live. */
    upsert(syncId: number, jobId: number, records: IncomingRecord[], at: string): number {
      let added = 0;
      for (const record of records) {
        const data = record.json;
        const hash = textHash(data);
        const found = find.get(syncId, record.key);
        const sameContentAsStored = () => sameContent(JSON.parse(storedData.get(syncId, record.key) ?? 'null'), JSON.parse(data));
        const change = recordChange(found && toChangeState(found), hash, jobId, sameContentAsStored);
        // One object literal per statement: on Node 20, `{ ...row, job_change }` here had every copy
        // survive into V8's old generation, which grew the worker by tens of MB per 200,000 records.
        const row = (jobChange: JobChange): RecordWrite => ({
          sync_id: syncId,
          key: record.key,
          data,
          hash,
          job_id: jobId,
          job_change: jobChange,
          at,
        });
        switch (change.kind) {
          case 'insert':
            insert.run(row('created'));
            added += 1;
            break;
          case 'revive':
            update.run(row(change.jobChange));
            added += 1;
            break;
          case 'update':
            update.run(row(change.jobChange));
            break;
          case 'reorder':
            reorder.run({ sync_id: syncId, key: record.key, data, hash, job_id: jobId, job_change: change.jobChange });
            break;
          case 'touch':
            touch.run({ sync_id: syncId, key: record.key, job_id: jobId });
            break;
          case 'none':
            break;
        }
      }
      return added;
    },

    /** How the job counts the records it saw; deletes are counted apart. */
    jobCounts(syncId: number, jobId: number): JobCounts {
      const counts: JobCounts = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
      for (const row of jobChanges.all(syncId, jobId)) counts[row.job_change] = row.n;
      return counts;
    },

    /**
     * Deletes the sync's records the job did not see (job-end.ts decides when): soft delete stamps
     * them, hard delete removes them along with records soft-deleted earlier while soft_delete was
     * on. Answers how many records the job deleted and by how many the live records fell.
     */
    deleteUnseen(syncId: number, jobId: number, soft: boolean, at: string): { deleted: number; live: number } {
      if (soft) {
        const live = softDeleteUnseen.run(at, at, syncId, jobId).changes;
        return { deleted: live, live };
      }
      const live = deleteUnseenLive.run(syncId, jobId).changes;
      return { deleted: live + deleteUnseen.run(syncId, jobId).changes, live };
    },

    removeAll(syncId: number): void {
      removeAll.run(syncId);
    },

    /** A page of records, read row by row so a page of huge records never loads more than one record past `maxBytes`. */
    list(syncId: number, query: RecordQuery): RecordPage {
      const { params } = recordListing(syncId, { ...query, limit: query.limit + 1 });
      const statement = listings.get(recordListingKey(query.filter, query.modifiedAfter !== undefined));
      if (!statement) throw new Error(`no record listing for filter ${query.filter}`);
      const sized = function* () {
        for (const row of statement.iterate(params)) yield { row, size: Buffer.byteLength(row.data) + Buffer.byteLength(row.record_key) };
      };
      return takeRecordPage(sized(), query.limit, query.maxBytes, toRecord);
    },
  };
}

export type RecordsTable = ReturnType<typeof recordsTable>;
