import type { RecordQuery } from './storage.js';

/**
 * The listing queries, apart so a test can check their plans: each walks an index in its ORDER BY
 * order (records_live/records_deleted, jobs_by_sync, the syncs' primary key), never a temp sort.
 */
export const SYNC_LISTING_SQL = `SELECT * FROM syncs WHERE (@status IS NULL OR status = @status) AND sync_id > @after ORDER BY sync_id LIMIT @limit`;

export const JOB_LISTING_SQL = `SELECT * FROM jobs WHERE sync_id = ? AND job_id < ? ORDER BY job_id DESC LIMIT ?`;

/** The newest job of each sync in a JSON array of ids: one index seek per sync. */
export const LATEST_JOBS_SQL = `SELECT jobs.* FROM json_each(?) AS wanted
  JOIN jobs ON jobs.job_id = (SELECT newest.job_id FROM jobs AS newest WHERE newest.sync_id = wanted.value ORDER BY newest.job_id DESC LIMIT 1)`;

export interface RecordListing {
  sql: string;
  params: { sync_id: number; after: number; limit: number; modified_after: string | null };
}

export function recordListing(syncId: number, query: RecordQuery): RecordListing {
  const where = ['sync_id = @sync_id', 'id > @after'];
  // Matches the partial index records_live or records_deleted exactly, so the index is used.
  where.push(query.filter === 'deleted' ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL');
  if (query.filter === 'updated') where.push('updated_at > created_at');
  if (query.modifiedAfter !== undefined) {
    const column = query.filter === 'added' ? 'created_at' : query.filter === 'deleted' ? 'deleted_at' : query.filter === 'updated' ? 'updated_at' : 'modified_at';
    // Unary + keeps the planner off records_by_modified, whose range scan would need a sort by id.
    where.push(`+${column} > @modified_after`);
  }
  return {
    sql: `SELECT id, record_key, data, created_at, updated_at, deleted_at FROM records WHERE ${where.join(' AND ')} ORDER BY id LIMIT @limit`,
    params: {
      sync_id: syncId,
      after: query.after ?? 0,
      limit: query.limit,
      modified_after: query.modifiedAfter === undefined ? null : new Date(query.modifiedAfter).toISOString(),
    },
  };
}
