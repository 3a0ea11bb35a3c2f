import { textHash } from '../canonical-json.js';
import type { JobCounts } from '../job-row.js';
import type { JobChange, StoredRecordState } from '../record-changes.js';
import { takeRecordPage } from '../record-page.js';
import type { IncomingRecord, RecordPage, RecordQuery, StoredRecord } from '../storage.js';
import type { Queryable } from './connection.js';
import { keysToCompare, planPageWrites } from './page-writes.js';
import { fromStoredKey, toStoredKey } from './record-key.js';
import { type ListedRecordRow, recordListing } from './record-listing.js';
import { textsParam } from './texts-param.js';

const toRecord = (row: ListedRecordRow): StoredRecord => {
  if (row.data === null) throw new Error(`record ${row.id} was listed without its data`);
  return {
    id: row.id,
    key: fromStoredKey(row.record_key),
    data: JSON.parse(row.data) as unknown,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: row.deleted_at,
  };
};

/**
 * One probe of the unique (sync_id, record_key) index per key of a page. The sync id comes in as a
 * column of the keys' rows behind OFFSET 0, so the planner cannot read the sync's own row count from
 * its statistics: a sync created since the last ANALYZE counts as empty there, and the planner then
 * walked another (sync_id, …) index and filtered the whole sync for each key (a 74,000-record sync
 * took 577 ms a page instead of 3), and without LATERAL … LIMIT 1 it hash-joined the whole sync.
 */
export const STORED_STATES_SQL = `SELECT wanted.key AS record_key, r.id, r.content_hash, r.seen_job_id, r.job_change, r.deleted_at IS NOT NULL AS deleted
  FROM (SELECT $1::bigint AS sync_id, key FROM json_array_elements_text($2::json) AS keys (key) OFFSET 0) AS wanted
  CROSS JOIN LATERAL (SELECT * FROM records WHERE sync_id = wanted.sync_id AND record_key = wanted.key LIMIT 1) AS r`;

/**
 * The records table: each synced record by (sync, key), with the content hash change detection
 * compares and the last job that saw it with how that job counts it (seen_job_id, job_change).
 * Every statement takes a whole page as arrays (JSON arrays or unnest), so a page costs a few round trips however
 * many records it holds, and no statement nears PostgreSQL's 65,535 parameters. Keys are stored
 * escaped (record-key.ts).
 */
export function recordsTable(db: Queryable) {
  /** The stored state and id of each of these keys that exists (STORED_STATES_SQL says how). */
  async function storedStates(
    syncId: number,
    keys: string[],
  ): Promise<{ states: Map<string, StoredRecordState>; ids: Map<string, number> }> {
    const { rows } = await db.query<{
      record_key: string;
      id: number;
      content_hash: string;
      seen_job_id: number;
      job_change: JobChange;
      deleted: boolean;
    }>(STORED_STATES_SQL, [syncId, textsParam(keys)]);
    const states = new Map<string, StoredRecordState>();
    const ids = new Map<string, number>();
    for (const row of rows) {
      states.set(row.record_key, {
        contentHash: row.content_hash,
        seenJobId: row.seen_job_id,
        jobChange: row.job_change,
        deleted: row.deleted,
      });
      ids.set(row.record_key, row.id);
    }
    return { states, ids };
  }

  /** The stored text of the records with these ids, by key. */
  async function storedTexts(ids: number[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const { rows } = await db.query<{ record_key: string; data: string }>(
      `SELECT record_key, data FROM records WHERE id = ANY($1::bigint[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.record_key, row.data]));
  }

  return {
    /**
     * Stores a page of records for a job (record-changes.ts decides each write, page-writes.ts
     * batches them); answers how many became live. Call holding the sync's lock, so no other
     * transaction writes the sync's records between the read and the writes.
     */
    async upsert(syncId: number, jobId: number, records: IncomingRecord[], at: string): Promise<number> {
      const hashed = records.map((record) => ({ key: toStoredKey(record.key), json: record.json, hash: textHash(record.json) }));
      const { states, ids } = await storedStates(syncId, [...new Set(hashed.map((record) => record.key))]);
      const idOf = (key: string): number => {
        const id = ids.get(key);
        if (id === undefined) throw new Error(`record ${key} was planned as stored but has no id`);
        return id;
      };
      const texts = await storedTexts(keysToCompare(hashed, states).map(idOf));
      const { inserts, updates, touches, added } = planPageWrites(hashed, states, texts, jobId);
      if (inserts.length > 0) {
        await db.query(
          `INSERT INTO records (sync_id, record_key, data, content_hash, seen_job_id, job_change, created_at, updated_at, modified_at)
           SELECT $1, u.key, u.data, u.hash, $2, u.job_change, $3, $3, $3
           FROM ROWS FROM (json_array_elements_text($4::json), json_array_elements_text($5::json), json_array_elements_text($6::json),
               json_array_elements_text($7::json))
             WITH ORDINALITY AS u (key, data, hash, job_change, n)
           ORDER BY u.n`,
          [
            syncId,
            jobId,
            at,
            textsParam(inserts.map((row) => row.key)),
            textsParam(inserts.map((row) => row.data)),
            textsParam(inserts.map((row) => row.hash)),
            textsParam(inserts.map((row) => row.jobChange)),
          ],
        );
      }
      if (updates.length > 0) {
        // The id = ANY(…) beside the join lets the planner fetch the rows by primary key rather than scan the sync.
        await db.query(
          `UPDATE records AS r SET data = u.data, content_hash = u.hash, seen_job_id = $1, job_change = u.job_change,
             updated_at = CASE WHEN u.bump THEN $2::timestamptz ELSE r.updated_at END,
             modified_at = CASE WHEN u.bump THEN $2::timestamptz ELSE r.modified_at END,
             deleted_at = CASE WHEN u.bump THEN NULL ELSE r.deleted_at END
           FROM ROWS FROM (unnest($3::bigint[]), json_array_elements_text($4::json), json_array_elements_text($5::json),
               json_array_elements_text($6::json), unnest($7::boolean[]))
             AS u (id, data, hash, job_change, bump)
           WHERE r.id = u.id AND r.id = ANY($3::bigint[])`,
          [
            jobId,
            at,
            updates.map((row) => idOf(row.key)),
            textsParam(updates.map((row) => row.data)),
            textsParam(updates.map((row) => row.hash)),
            textsParam(updates.map((row) => row.jobChange)),
            updates.map((row) => row.bump),
          ],
        );
      }
      if (touches.length > 0) {
        await db.query(`UPDATE records SET seen_job_id = $1, job_change = 'unchanged' WHERE id = ANY($2::bigint[])`, [
          jobId,
          touches.map(idOf),
        ]);
      }
      return added;
    },

    /** How the job counts the records it saw; deletes are counted apart. */
    async jobCounts(syncId: number, jobId: number): Promise<JobCounts> {
      const { rows } = await db.query<{ job_change: JobChange; n: number }>(
        `SELECT job_change, count(*) AS n FROM records WHERE sync_id = $1 AND seen_job_id = $2 GROUP BY job_change`,
        [syncId, jobId],
      );
      const counts: JobCounts = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
      for (const row of rows) counts[row.job_change] = row.n;
      return counts;
    },

    /**
     * Deletes the sync's records the job did not see (job-end.ts decides when): soft delete stamps
     * them, hard delete removes them along with records soft-deleted earlier while soft_delete was
     * on. Answers how many records the job deleted and by how many the live records fell.
     */
    async deleteUnseen(syncId: number, jobId: number, soft: boolean, at: string): Promise<{ deleted: number; live: number }> {
      if (soft) {
        const { rowCount } = await db.query(
          `UPDATE records SET deleted_at = $3, modified_at = $3 WHERE sync_id = $1 AND seen_job_id != $2 AND deleted_at IS NULL`,
          [syncId, jobId, at],
        );
        return { deleted: rowCount ?? 0, live: rowCount ?? 0 };
      }
      const { rows } = await db.query<{ deleted: number; live: number }>(
        `WITH gone AS (DELETE FROM records WHERE sync_id = $1 AND seen_job_id != $2 RETURNING deleted_at)
         SELECT count(*) AS deleted, count(*) FILTER (WHERE deleted_at IS NULL) AS live FROM gone`,
        [syncId, jobId],
      );
      return rows[0] ?? { deleted: 0, live: 0 };
    },

    async removeAll(syncId: number): Promise<void> {
      await db.query(`DELETE FROM records WHERE sync_id = $1`, [syncId]);
    },

    /** A page of records (record-page.ts); the server sums the bytes, so no record past the page's end is sent. */
    async list(syncId: number, query: RecordQuery): Promise<RecordPage> {
      const { sql, values } = recordListing(syncId, query);
      const { rows } = await db.query<ListedRecordRow>(sql, values);
      return takeRecordPage(
        rows.map((row) => ({ row, size: row.size })),
        query.limit,
        query.maxBytes,
        toRecord,
      );
    },
  };
}

export type RecordsTable = ReturnType<typeof recordsTable>;
