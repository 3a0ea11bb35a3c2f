import { LATEST_DELIVERY_COLUMNS, LATEST_DELIVERY_JOIN } from '../latest-delivery.js';
import type { JobQuery } from '../storage.js';

// The jobs listing, newest first, of one sync (walking jobs_by_sync) or of all syncs: one SQL
// text per set of given filters, so each is prepared once. Across syncs, a start-time range walks
// jobs_by_status_started or jobs_by_started and sorts only the jobs in range (query-plan test).

export type JobListingParams = Record<string, string | number>;

export interface JobListing {
  sql: string;
  params: JobListingParams;
}

/** A query of every shape (which filters are given), to prepare each listing's SQL when the database opens. */
export const JOB_LISTING_SHAPES: readonly JobQuery[] = Array.from({ length: 32 }, (_, bits) => ({
  limit: 1,
  ...(bits & 1 ? { syncId: 1 } : {}),
  ...(bits & 2 ? { status: 'failed' as const } : {}),
  ...(bits & 4 ? { trigger: 'manual' as const } : {}),
  ...(bits & 8 ? { startedAfter: '2026-01-01T00:00:00Z' } : {}),
  ...(bits & 16 ? { startedBefore: '2026-01-02T00:00:00Z' } : {}),
}));

export function jobListing(query: JobQuery): JobListing {
  const params: JobListingParams = { after: query.after ?? Number.MAX_SAFE_INTEGER, limit: query.limit };
  const where = ['jobs.job_id < @after'];
  if (query.syncId !== undefined) {
    where.push('jobs.sync_id = @sync_id');
    params.sync_id = query.syncId;
  }
  if (query.status !== undefined) {
    where.push('jobs.status = @status');
    params.status = query.status;
  }
  if (query.trigger !== undefined) {
    where.push('jobs.trigger = @trigger');
    params.trigger = query.trigger;
  }
  // Stored times are toISOString() text, so the bounds are too and compare as text.
  if (query.startedAfter !== undefined) {
    where.push('jobs.started_at > @started_after');
    params.started_after = new Date(query.startedAfter).toISOString();
  }
  if (query.startedBefore !== undefined) {
    where.push('jobs.started_at < @started_before');
    params.started_before = new Date(query.startedBefore).toISOString();
  }
  // Across syncs with a start bound and no status, the planner would rather walk every job by id
  // than sort the range; the status one it picks by itself.
  const byRange = query.syncId === undefined && query.status === undefined && query.startedAfter !== undefined;
  const sql = `SELECT jobs.*, ${LATEST_DELIVERY_COLUMNS} FROM jobs ${byRange ? 'INDEXED BY jobs_by_started ' : ''}${LATEST_DELIVERY_JOIN}
    WHERE ${where.join(' AND ')} ORDER BY jobs.job_id DESC LIMIT @limit`;
  return { sql, params };
}
